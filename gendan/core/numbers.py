"""Document numbers gendan gives: shipments SH-00001 and payments PAY-00001, in the order
they are recorded (their row id), formatted here only."""

SHIPMENT = "SH-"
PAYMENT = "PAY-"
DIGITS = 5


def shipment_no(shipment_id: int) -> str:
    """SH-00001, SH-00002 … (more digits past 99,999)."""
    return f"{SHIPMENT}{shipment_id:0{DIGITS}d}"


def payment_no(payment_id: int) -> str:
    """PAY-00001, PAY-00002 …"""
    return f"{PAYMENT}{payment_id:0{DIGITS}d}"


def sqlite_printf(prefix: str) -> str:
    """The same format for SQLite's printf(), for queries that number rows themselves."""
    return f"{prefix}%0{DIGITS}d"
