"""tessera.travel: pure core for PNR (PNRGOV) and API (PAXLST) messages.

No database, web or broker imports here: parsing, the JSON form, a synthetic traffic
generator, declarative risk rules and EU PNR directive retention.
"""

from tessera.travel.envelope import ParseOptions
from tessera.travel.errors import QuarantineError
from tessera.travel.model import (
    Booking,
    Contacts,
    Deviation,
    Document,
    ParsedMessage,
    Payment,
    Segment,
    Ticket,
    Traveller,
)
from tessera.travel.parse import parse_message

__all__ = [
    "Booking",
    "Contacts",
    "Deviation",
    "Document",
    "ParseOptions",
    "ParsedMessage",
    "Payment",
    "QuarantineError",
    "Segment",
    "Ticket",
    "Traveller",
    "parse_message",
]
