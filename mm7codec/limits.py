"""Resource limits for decoding untrusted input: one typed object with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass


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
