"""mm7codec: MM7 (3GPP TS 23.140) for Python, sans-I/O.

One entry point per job: :func:`decode` wire bytes into a typed message, :func:`encode` a
message into wire bytes, :func:`default_registry` to look releases up. Every error is an
:class:`Mm7Error` carrying the MM7 status code a peer should receive.
"""

from mm7codec.codec import DecodedMessage, EncodedMessage, decode, encode
from mm7codec.errors import (
    ComposeError,
    ConversionError,
    DecodeError,
    EncodeError,
    LimitExceeded,
    Mm7Error,
    PeerError,
    TransactionMismatch,
    TransportError,
    TransportTimeout,
    UnknownRelease,
)
from mm7codec.findings import KINDS, Finding, Severity
from mm7codec.limits import Limits
from mm7codec.mime import Part, make_part
from mm7codec.releases import Registry, Release, default_registry

__all__ = [
    "KINDS",
    "ComposeError",
    "ConversionError",
    "DecodeError",
    "DecodedMessage",
    "EncodeError",
    "EncodedMessage",
    "Finding",
    "LimitExceeded",
    "Limits",
    "Mm7Error",
    "Part",
    "PeerError",
    "Registry",
    "Release",
    "Severity",
    "TransactionMismatch",
    "TransportError",
    "TransportTimeout",
    "UnknownRelease",
    "decode",
    "default_registry",
    "encode",
    "make_part",
]
