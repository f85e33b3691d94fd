"""Resource limits for decoding untrusted input: one typed object with safe defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds every decode stays within; exceeding one raises :class:`LimitExceeded`.

    The defaults admit any MMS a carrier accepts (they cap content at a few hundred KB to a few
    MB) while refusing bodies built to exhaust memory or time.
    """

    max_body_bytes: int = 20 * 1024 * 1024
    max_parts: int = 256
    max_mime_depth: int = 8
    max_header_bytes: int = 64 * 1024
    max_xml_depth: int = 64
    max_xml_elements: int = 10_000

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")


DEFAULT_LIMITS = Limits()


MAX_WIRE_DIGITS = 18
"""Digits a number read from the wire may have: more than any size, count, status or release
number needs, far below the 4,300 digits at which ``int()`` refuses to convert."""

_DIGITS = {10: re.compile(r"[0-9]+"), 16: re.compile(r"[0-9A-Fa-f]+")}


def wire_int(
    text: str | bytes, *, base: Literal[10, 16] = 10, max_digits: int = MAX_WIRE_DIGITS
) -> int | None:
    """The number ``text`` spells in ASCII digits (hexadecimal for ``base=16``), else None.

    ``str.isdigit()`` and ``int()`` take Unicode digits ('²', '٣') and ``int()`` raises on
    very long numbers: a peer's bytes go through this check before any conversion.
    """
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    if not 0 < len(text) <= max_digits or not _DIGITS[base].fullmatch(text):
        return None
    return int(text, base)
