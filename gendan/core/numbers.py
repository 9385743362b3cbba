"""Document numbers gendan gives: shipments SH-00001, payments PAY-00001 and receipts
GRN-00001, in the order they are recorded (their row id), formatted and read back here only."""
import re

SHIPMENT = "SH-"
PAYMENT = "PAY-"
RECEIPT = "GRN-"
DIGITS = 5


def shipment_no(shipment_id: int) -> str:
    """SH-00001, SH-00002 … (more digits past 99,999)."""
    return f"{SHIPMENT}{shipment_id:0{DIGITS}d}"


def payment_no(payment_id: int) -> str:
    """PAY-00001, PAY-00002 …"""
    return f"{PAYMENT}{payment_id:0{DIGITS}d}"


def receipt_no(receipt_id: int) -> str:
    """GRN-00001, GRN-00002 … (goods received notes)."""
    return f"{RECEIPT}{receipt_id:0{DIGITS}d}"


def parse(prefix: str, text: str) -> int | None:
    """The row id in `GRN-00007`, `grn-7` or `7` (a prefix typed must be `prefix`); None
    when the text is not such a number."""
    m = re.fullmatch(rf"(?:{re.escape(prefix)})?0*(\d{{1,12}})", (text or "").strip(), flags=re.IGNORECASE)
    return int(m.group(1)) if m and int(m.group(1)) else None


def sqlite_printf(prefix: str) -> str:
    """The same format for SQLite's printf(), for queries that number rows themselves."""
    return f"{prefix}%0{DIGITS}d"
