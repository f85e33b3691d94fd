"""TransactionIDs: unique across threads and processes, and valid in every MM7 release.

REL-5-MM7-1-0 and REL-5-MM7-1-1 type the TransactionID as ``xs:NMTOKEN`` (later releases
as ``xs:string``), so an ID made here uses only the ASCII name characters ``[A-Za-z0-9._:-]``
and stays within :data:`MAX_LENGTH`. An ID is ``[prefix-]token.pid.time.counter``: a random
per-process token (renewed in a forked child), the process id, the time in milliseconds and a
per-generator counter, the numbers in base 36. The token and pid separate processes (also on
other hosts), the counter separates IDs within a process, and the time keeps IDs apart across
restarts and makes them sortable by eye.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import threading
import time
import weakref

from mm7codec.errors import EncodeError
from mm7codec.lexical import XML_WHITESPACE

MAX_LENGTH = 64
"""The longest ID made here: short enough for any MMSC's logs and database columns."""

MAX_PREFIX_LENGTH = 24
"""The longest prefix accepted; the generated part takes at most 35 characters."""

_COUNTER_MODULUS = 36**8
_TOKEN_BYTES = 5
_SAFE_PREFIX = re.compile(r"[A-Za-z0-9._:-]*")

# XML 1.0 (fifth edition) NameChar, the characters of an xs:NMTOKEN.
_NAME_CHAR = re.compile(
    "[:A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]+"
)


class TransactionIdError(EncodeError, ValueError):
    """A TransactionID prefix is not safe in every MM7 release (a caller's error)."""


def is_nmtoken(s: str) -> bool:
    """True when ``s`` is an XML NMTOKEN: one or more NameChars and nothing else.

    The lexical check is strict: surrounding whitespace, which a schema validator would
    collapse away, makes this false (see :func:`normalize_transaction_id`).
    """
    return _NAME_CHAR.fullmatch(s) is not None


def normalize_transaction_id(raw: str) -> tuple[str, bool]:
    """Strip XML whitespace around a received TransactionID; say whether anything changed.

    Real MMSCs pad the ID with newlines and tabs; the pair lets a decoder repair it and
    still record an MM7_TRANSACTION_ID_SPACE finding.
    """
    value = raw.strip(XML_WHITESPACE)
    return value, value != raw


def _check_prefix(prefix: str) -> str:
    """Return ``prefix`` if it is ASCII name characters within the length limit, else raise."""
    if _SAFE_PREFIX.fullmatch(prefix) is None:
        bad = "".join(sorted({ch for ch in prefix if _SAFE_PREFIX.fullmatch(ch) is None}))
        raise TransactionIdError(
            f"TransactionID prefix {prefix!r} has {bad!r}: only A-Z, a-z, 0-9, '.', '_',"
            " ':' and '-' are NMTOKEN-safe in every MM7 release"
        )
    if len(prefix) > MAX_PREFIX_LENGTH:
        raise TransactionIdError(
            f"TransactionID prefix {prefix!r} is {len(prefix)} characters;"
            f" at most {MAX_PREFIX_LENGTH} keep the ID within {MAX_LENGTH}"
        )
    return prefix


def _base36(number: int) -> str:
    """Write a non-negative integer in lower-case base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def _new_token() -> str:
    """A fresh random token: 40 bits in 8 lower-case base-32 characters."""
    return base64.b32encode(secrets.token_bytes(_TOKEN_BYTES)).decode("ascii").lower()


class TransactionIdGenerator:
    """Makes TransactionIDs; thread-safe, and renewed in a forked child process."""

    def __init__(self, prefix: str = "") -> None:
        self._prefix = _check_prefix(prefix)
        self._lock = threading.Lock()
        self._counter = 0
        self._token = _new_token()
        self._pid = _base36(os.getpid())
        _GENERATORS.add(self)

    @property
    def prefix(self) -> str:
        """The prefix every ID from this generator starts with (may be empty)."""
        return self._prefix

    def new(self) -> str:
        """Make the next TransactionID."""
        with self._lock:
            counter = self._counter
            self._counter = (counter + 1) % _COUNTER_MODULUS
            token, pid = self._token, self._pid
        core = f"{token}.{pid}.{_base36(time.time_ns() // 1_000_000)}.{_base36(counter)}"
        return f"{self._prefix}-{core}" if self._prefix else core

    __call__ = new

    def _reseed(self) -> None:
        """In a forked child: new lock, token and pid, so no ID repeats the parent's."""
        self._lock = threading.Lock()
        self._counter = 0
        self._token = _new_token()
        self._pid = _base36(os.getpid())


_GENERATORS: weakref.WeakSet[TransactionIdGenerator] = weakref.WeakSet()


def _reseed_all() -> None:
    """Renew every live generator in a freshly forked child process."""
    for generator in list(_GENERATORS):
        generator._reseed()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reseed_all)

_DEFAULT = TransactionIdGenerator()


def new_transaction_id(prefix: str = "") -> str:
    """A new TransactionID, ``prefix-`` first when a prefix is given.

    The prefix must be ASCII name characters (``[A-Za-z0-9._:-]``), at most
    :data:`MAX_PREFIX_LENGTH` long; otherwise :class:`TransactionIdError` (a ValueError).
    """
    core = _DEFAULT.new()
    return f"{_check_prefix(prefix)}-{core}" if prefix else core
