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


def parse_shipment_no(text: str) -> int:
    """'SH-00005', 'sh-5' or '5' → 5: the row id behind a shipment number as typed."""
    import re
    from gendan.errors import UsageError
    m = re.fullmatch(rf"(?:{SHIPMENT})?0*(\d{{1,12}})", (text or "").strip(), flags=re.IGNORECASE)
    if not m or int(m.group(1)) == 0:
        raise UsageError(f"bad shipment number {text!r} (write it as 'gendan ship' lists it, e.g. SH-00005)")
    return int(m.group(1))


CREDIT_NOTE = "CN-"   # to a customer, for a complaint (store.aftersales)
DEBIT_NOTE = "DN-"    # to a supplier: a charge-back


def note_no(direction: str, note_id: int) -> str:
    """CN-00001 for a credit note to a customer (direction 'in'), DN-00002 for a debit note to a
    supplier ('out'); one sequence for both, so a number never names two notes."""
    return f"{CREDIT_NOTE if direction == 'in' else DEBIT_NOTE}{note_id:0{DIGITS}d}"
