"""mm7codec: MM7 (3GPP TS 23.140) for Python, sans-I/O."""

from mm7codec.errors import (
    ConversionError,
    DecodeError,
    EncodeError,
    LimitExceeded,
    Mm7Error,
    TransactionMismatch,
    UnknownRelease,
)
from mm7codec.findings import Finding, Severity
from mm7codec.limits import Limits

__all__ = [
    "ConversionError",
    "DecodeError",
    "EncodeError",
    "Finding",
    "LimitExceeded",
    "Limits",
    "Mm7Error",
    "Severity",
    "TransactionMismatch",
    "UnknownRelease",
]
