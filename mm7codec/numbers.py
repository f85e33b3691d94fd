"""MSISDN normalisation: international format, digits only, no ``+`` and no ``00``.

The seed service (like Sinch's MM7) wants recipient and sender numbers as ``447700900123``.
Real traffic carries ``+44 7700 900123``, ``0044...``, ``tel:+44...`` and MM1-style
``+447700900123/TYPE=PLMN``; this module turns those into the wanted form, or says why not.
"""

from __future__ import annotations

import dataclasses
import re

from mm7codec.errors import Mm7Error
from mm7codec.findings import Finding, finding

E164_MAX_DIGITS = 15
"""ITU-T E.164: an international number has at most 15 digits, country code included."""

_SEPARATORS = frozenset(" \t-.()\u00a0")
_TEL_PREFIX = "tel:"
_TYPE_PLMN_SUFFIX = "/type=plmn"
# "+44 (0)7700 ...": a trunk 0 in parentheses right after a 1-3 digit country code.
_TRUNK_MARKER = re.compile(r"^(\s*(?:\+|00)[ \t.\-]*(?:[0-9][ \t.\-]*){1,3})\(0\)")


class NumberFormatError(Mm7Error, ValueError):
    """A text cannot be made into an international MSISDN (MM7 status 2002, Address Error)."""

    status_code = 2002


def _digits_only(text: str) -> bool:
    """True when ``text`` is non-empty and only ASCII digits (``str.isdigit`` takes more)."""
    return text.isascii() and text.isdigit()


def _country_code(value: str) -> str:
    """Check a default country code (1-3 digits, not starting with 0; a ``+`` is allowed)."""
    code = value.strip().removeprefix("+")
    if not _digits_only(code) or not 1 <= len(code) <= 3 or code.startswith("0"):
        raise NumberFormatError(
            f"default country code {value!r} is not 1 to 3 digits without a leading 0"
        )
    return code


def _undecorate(text: str) -> tuple[str, list[str]]:
    """Remove what only decorates a number; return the rest and what was removed."""
    value = text.strip()
    removed: list[str] = []
    if value != text:
        removed.append("surrounding whitespace")
    if value[: len(_TEL_PREFIX)].lower() == _TEL_PREFIX:
        removed.append("a tel: prefix")
        value = value[len(_TEL_PREFIX) :]
    if value[-len(_TYPE_PLMN_SUFFIX) :].lower() == _TYPE_PLMN_SUFFIX:
        removed.append("a /TYPE=PLMN suffix")
        value = value[: -len(_TYPE_PLMN_SUFFIX)]
    if _TRUNK_MARKER.match(value):
        removed.append("a (0) trunk marker")
        value = _TRUNK_MARKER.sub(r"\1", value, count=1)
    if any(ch in _SEPARATORS for ch in value):
        removed.append("separators (spaces, dashes, dots or parentheses)")
        value = "".join(ch for ch in value if ch not in _SEPARATORS)
    return value, removed


def normalize_msisdn(text: str, *, default_country_code: str | None = None) -> str:
    """Return ``text`` as an international MSISDN: digits only, no ``+``, no ``00``.

    Drops a ``tel:`` prefix, a ``/TYPE=PLMN`` suffix, the ``(0)`` of ``+44 (0)7700 ...``,
    spaces, dashes, dots and parentheses, then a leading ``+`` or ``00``. A national number
    (one leading ``0``) becomes international only with ``default_country_code``: its trunk
    ``0`` is replaced by the country code. Raises :class:`NumberFormatError` (a ValueError)
    saying what is wrong.
    """
    value, _ = _undecorate(text)
    if not value:
        raise NumberFormatError(f"{text!r} holds no number")
    if value.startswith("+"):
        value = value[1:]
        international = True
    elif value.startswith("00"):
        value = value[2:]
        international = True
    else:
        international = False
    if not _digits_only(value):
        bad = sorted({ch for ch in value if not ("0" <= ch <= "9")})
        shown = "".join(bad) or "nothing"
        raise NumberFormatError(
            f"{text!r} is not a phone number: after removing separators it holds {shown!r},"
            " not only digits"
        )
    if value.startswith("0"):
        if international:
            raise NumberFormatError(f"{text!r}: a country code cannot start with 0")
        if default_country_code is None:
            raise NumberFormatError(
                f"{text!r} is a national number (leading 0) and no default country code"
                " was given to make it international"
            )
        value = _country_code(default_country_code) + value[1:]
    if len(value) > E164_MAX_DIGITS:
        raise NumberFormatError(
            f"{text!r} has {len(value)} digits; E.164 allows at most {E164_MAX_DIGITS}"
        )
    return value


def check_msisdn(
    text: str, where: str, *, default_country_code: str | None = None
) -> Finding | None:
    """An MM7_NUMBER_FORMAT finding when ``text`` is not already a normalised MSISDN.

    The message says what is wrong and gives the normalised form, or why there is none.
    Returns None for a number already in the wanted form.
    """
    try:
        normal = normalize_msisdn(text, default_country_code=default_country_code)
    except NumberFormatError as exc:
        return finding("MM7_NUMBER_FORMAT", where, f"{exc}; it has no normalised form")
    if normal == text:
        return None
    value, wrong = _undecorate(text)
    if value.startswith("+"):
        wrong.append("a leading +")
    elif value.startswith("00"):
        wrong.append("a leading 00")
    elif value.startswith("0"):
        wrong.append("a national number with a trunk 0")
    return finding(
        "MM7_NUMBER_FORMAT",
        where,
        f"{text!r} is not international format without + or 00 ({', '.join(wrong)});"
        f" normalised: {normal}",
    )


def msisdn_to_send(
    text: str, where: str, *, default_country_code: str | None = None
) -> tuple[str, Finding | None]:
    """The number to put on the wire for a peer that wants international digits only.

    Stricter than :func:`normalize_msisdn`, because a guess here routes a message to the
    wrong country: a number written with a ``+`` or ``00`` is international; one of bare
    digits is taken as already international; a national number (trunk ``0``) needs
    ``default_country_code``; a number with separators but no ``+`` or ``00``
    (``(774) 319-9144``) may be national without a trunk prefix (as in North America) and is
    refused. Returns the number and a repaired MM7_NUMBER_FORMAT finding when it was changed;
    raises :class:`NumberFormatError` carrying the finding when it is refused.
    """
    value, _ = _undecorate(text)
    separated = any(ch in _SEPARATORS for ch in text.strip())
    if separated and not value.startswith(("+", "00")) and not value.startswith("0"):
        message = (
            f"{text!r} is written with separators but without + or 00, so it may be a"
            " national number without a trunk prefix; write it as +<country code><number>"
            " or as international digits only"
        )
        raise NumberFormatError(message, findings=[finding("MM7_NUMBER_FORMAT", where, message)])
    try:
        normal = normalize_msisdn(text, default_country_code=default_country_code)
    except NumberFormatError as error:
        error.findings = (finding("MM7_NUMBER_FORMAT", where, f"{error}; refused"),)
        raise
    issue = check_msisdn(text, where, default_country_code=default_country_code)
    if issue is None:
        return normal, None
    return normal, dataclasses.replace(issue, repaired=True)
