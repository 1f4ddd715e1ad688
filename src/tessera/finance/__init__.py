"""tessera.finance: payment messages (pacs.008, MT103), payment decisions, webhooks, customer files.

Pure core: no database or web imports here; the store and API layers build on these.
"""

from tessera.finance.customers import CustomerFile, RowProblem, generate_customers, parse_customers_csv
from tessera.finance.decision import PartyHit, PaymentDecision, decide
from tessera.finance.errors import CustomerFileError, PaymentParseError
from tessera.finance.parse import parse_payment
from tessera.finance.payments import PartyIdentifier, Payment, PaymentParty, ScreeningQuery

__all__ = [
    "CustomerFile",
    "CustomerFileError",
    "PartyHit",
    "PartyIdentifier",
    "Payment",
    "PaymentDecision",
    "PaymentParseError",
    "PaymentParty",
    "RowProblem",
    "ScreeningQuery",
    "decide",
    "generate_customers",
    "parse_customers_csv",
    "parse_payment",
]
