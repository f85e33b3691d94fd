"""Lexical helpers for the generated fast binders and writers (generated/fast/).

The generated code calls these for what is the same in every class: reading a simple value
from its XML text, writing one back, escaping. Each mirrors what xsdata does for the same
type, exactly; where a value is anything but the plain canonical case the helper raises
:class:`Fallback` and the caller takes xsdata's generic path, which stays the reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from xsdata.exceptions import ConverterError
from xsdata.formats.converter import converter
from xsdata.models.datatype import TimeInterval, XmlDateTime, XmlDuration, xml_duration_re
from xsdata.utils.dates import monthlen

BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
XML_WHITESPACE = " \t\r\n"  # what XML calls white space (str.strip() takes more)


class Fallback(Exception):
    """The fast path cannot give exactly what the generic path gives: take the generic one."""


def boolean(text: str | None) -> bool:
    """xs:boolean in its four canonical spellings (anything else: the generic path)."""
    if text is None:
        raise Fallback
    return BOOLEANS[text]


_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.([0-9]{1,9}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_from_iso = datetime.fromisoformat
_tuple = tuple.__new__
_new = object.__new__


def date_time(text: str | None) -> XmlDateTime:
    """xs:dateTime the way xsdata reads it: the common shape (four-digit year, no surrounding
    space) by one regular expression and the standard library's ISO reader, which refuses
    the same out-of-range fields xsdata does; anything else by xsdata itself."""
    if text is None:
        raise Fallback
    match = _DATE_TIME.fullmatch(text)
    value = None if match is None else _matched(text, match)
    if value is not None:
        return value
    try:
        return XmlDateTime.from_string(text)
    except ValueError:
        raise Fallback from None


def _matched(text: str, match: re.Match[str]) -> XmlDateTime | None:
    """The value of a text _DATE_TIME matched; None where the ISO reader refuses a field (hour
    24, a leap second, 30 February: xsdata says what it makes of them)."""
    try:
        day = _from_iso(text[:19])
    except ValueError:
        return None
    fraction, zone = match.groups()
    if zone is None:
        offset = None
    elif zone == "Z":
        offset = 0
    else:
        offset = (int(zone[1:3]) * 60 + int(zone[4:6])) * (-1 if zone[0] == "-" else 1)
    # XmlDateTime is a NamedTuple: its __new__ is exactly this tuple construction.
    return _tuple(
        XmlDateTime,
        (
            day.year,
            day.month,
            day.day,
            day.hour,
            day.minute,
            day.second,
            int(fraction.ljust(9, "0")) if fraction else 0,
            offset,
        ),
    )


def duration(text: str) -> XmlDuration:
    """xs:duration as ``XmlDuration(text)`` builds it, the same attributes by xsdata's own
    pattern, without the UserString constructor and the keyword NamedTuple call; ValueError
    where xsdata raises it."""
    if len(text) < 3 or text.endswith("T"):
        raise ValueError(text)
    match = xml_duration_re.match(text)
    if match is None:
        raise ValueError(text)
    sign, years, months, days, hours, minutes, seconds, _ = match.groups()
    value = _new(XmlDuration)
    value.data = text
    value._interval = _tuple(
        TimeInterval,
        (
            sign == "-",
            int(years) if years else None,
            int(months) if months else None,
            int(days) if days else None,
            int(hours) if hours else None,
            int(minutes) if minutes else None,
            float(seconds) if seconds else None,
        ),
    )
    return value


def date_time_or_duration(text: str | None) -> XmlDateTime | XmlDuration:
    """The union of xs:dateTime and xs:duration (ExpiryDate, EarliestDeliveryTime): xsdata
    tries dateTime first, and no text is both, so the first letter decides."""
    if text is not None and text[:1] == "P":
        try:
            return duration(text)
        except ValueError:
            pass
    elif text is not None and (match := _DATE_TIME.fullmatch(text)) is not None:
        return _matched(text, match) or date_time(text)
    return value_of(text, (XmlDateTime, XmlDuration))  # type: ignore[no-any-return]


# -- what the schema would say about what a binder reads ---------------------------------------
# A generated binder proves the payload valid as it reads it, or notes in ``u`` the node it
# cannot prove (the caller then gives the payload the schema pass). The helpers below read a
# value exactly as the plain readers above do, noting the node unless the text is in the
# conservative subsets further down (what every XSD 1.0 validator accepts).


def _zone_ok(zone: str | None) -> bool:
    """A time zone _DATE_TIME matched that is within 14 hours, its minutes below 60."""
    return zone is None or zone == "Z" or (zone[1:3] < "14" and zone[4] < "6")


def date_time_in(text: str | None, u: list[Any], node: Any) -> XmlDateTime:
    """date_time(text), noting ``node`` unless the text is an xs:dateTime every validator
    takes (four-digit year from 1, real calendar fields, no hour 24 or leap second)."""
    if text is not None and (match := _DATE_TIME.fullmatch(text)) is not None:
        value = _matched(text, match)
        if value is not None and _zone_ok(match.group(2)):
            return value
    u.append(node)
    return date_time(text)


def date_time_or_duration_in(
    text: str | None, u: list[Any], node: Any
) -> XmlDateTime | XmlDuration:
    """date_time_or_duration(text), noting ``node`` unless the text is an xs:dateTime or an
    xs:duration every validator takes."""
    if text is not None:
        if text[:1] == "P":
            if text[-1] not in "PT" and _DURATION.fullmatch(text) is not None:
                return date_time_or_duration(text)
        elif (match := _DATE_TIME.fullmatch(text)) is not None:
            value = _matched(text, match)
            if value is not None and _zone_ok(match.group(2)):
                return value
    u.append(node)
    return date_time_or_duration(text)


def integer_in(text: str | None, low: int, high: int, u: list[Any], node: Any) -> int:
    """int(text) as the binder reads it, noting ``node`` unless the text is ASCII digits of a
    value from ``low`` to ``high``."""
    value = int(text)  # type: ignore[arg-type]  # None raises TypeError: the generic path
    if not (text.isascii() and text.isdigit() and low <= value <= high):  # type: ignore[union-attr]
        u.append(node)
    return value


def nmtoken_in(text: str, u: list[Any], node: Any) -> str:
    if not nmtoken(text):
        u.append(node)
    return text


def any_uri_in(text: str, u: list[Any], node: Any) -> str:
    if not any_uri(text):
        u.append(node)
    return text


def unproved(value: Any, u: list[Any], node: Any) -> Any:
    """A value whose text no check here decides (an xs:ID, which must also be unique)."""
    u.append(node)
    return value


def value_of(text: str | None, types: Sequence[type[Any]]) -> Any:
    """Any other simple type (a union of dateTime and duration, say): xsdata's converter."""
    if text is None:
        raise Fallback
    try:
        return converter.deserialize(text, types)
    except ConverterError:
        raise Fallback from None


def text_of(value: Any) -> str:
    """The lexical form xsdata writes for a simple value."""
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is XmlDateTime or kind is XmlDuration:
        return str(value)
    if isinstance(value, Enum):
        return text_of(value.value)
    written = converter.serialize(value)
    if not isinstance(written, str):
        raise Fallback
    return written


def escape_text(text: str) -> str:
    """Character data as libxml2 writes it (it also escapes '>' and CR)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def escape_attribute(text: str) -> str:
    """An attribute value as libxml2 writes it between double quotes."""
    return text.translate(_ATTRIBUTE_ESCAPES)


def leaf_text(tag: str, value: Any) -> str:
    """A simple-typed element: <tag>text</tag>, or <tag/> when the text is empty."""
    text = text_of(value)
    return f"<{tag}>{escape_text(text)}</{tag}>" if text else f"<{tag}/>"


def leaf(out: list[str], tag: str, value: Any) -> None:
    out.append(leaf_text(tag, value))


# -- what the schema would say about what a writer writes --------------------------------------


class Written(list[str]):
    """The pieces of XML text a generated writer appends. A writer sets ``unsure`` when it
    wrote a value its generated checks cannot prove the schema accepts (a value outside a
    facet, a missing required field, a check that cannot be decided exactly): only then
    must the text be parsed and validated. Built like a list (``Written()``,
    ``Written(pieces)``), with no __init__ of its own: one is made per encode."""

    unsure: bool = False  # class defaults: an instance sets them only when they change
    ids: set[str] | None = None

    def new_id(self, value: str) -> bool:
        """Whether ``value`` is a fresh xs:ID of this document (an NCName used once)."""
        if self.ids is None:
            self.ids = set()
        elif value in self.ids:
            return False
        self.ids.add(value)
        return ncname(value)


# Characters XML 1.0 refuses (and lone surrogates, which UTF-8 cannot carry).
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The conservative subsets below accept only what every XSD 1.0 validator accepts; anything
# else is "unsure", never "invalid".
# Name characters in both XML 1.0 4th and 5th editions (validators follow one or the other):
# ASCII, Latin-1 letters, Greek capitals, the first CJK block, Arabic-Indic digits.
_NAME_START = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0391-\u03a1\u4e00-\u9fa5"
_NAME_CHAR = _NAME_START + "0-9.\\-\u00b7\u0660-\u0669"
_NMTOKEN = re.compile(f"[{_NAME_CHAR}:]+")
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
# scheme ":" path-rootless [ "?" query ] [ "#" fragment ] (RFC 3986), e.g. cid:part-1
_URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:{_PCHAR}(?:{_PCHAR}|/)*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?"
)
_DURATION = re.compile(
    r"-?P(?=[0-9T])(?:[0-9]{1,9}Y)?(?:[0-9]{1,9}M)?(?:[0-9]{1,9}D)?"
    r"(?:T(?=[0-9])(?:[0-9]{1,9}H)?(?:[0-9]{1,9}M)?(?:[0-9]{1,9}(?:\.[0-9]{1,9})?S)?)?"
)


def legal(text: str) -> bool:
    """Every character is one XML 1.0 allows (printable ones always are)."""
    return text.isprintable() or _ILLEGAL.search(text) is None


def nmtoken(text: str) -> bool:
    return _NMTOKEN.fullmatch(text) is not None


def ncname(text: str) -> bool:
    return _NCNAME.fullmatch(text) is not None


def any_uri(text: str) -> bool:
    """The empty URI, or an absolute one without authority (cid:, mailto:, urn:)."""
    return not text or _URI.fullmatch(text) is not None


_TWO_DIGITS = [f"{n:02d}" for n in range(100)]
_ZONES: dict[int, str] = {}  # offset in minutes -> its text, filled as offsets are met


def date_time_text(value: XmlDateTime) -> str | None:
    """The text xsdata writes for an xs:dateTime every validator takes (year 1 to 9999, no
    hour 24, no leap second, an offset within 14 hours); None for any other."""
    year, month, day, hour, minute, second, fraction, offset = value  # a NamedTuple
    if not (
        1 <= year <= 9999
        and 1 <= month <= 12
        and day >= 1
        and (day <= 28 or day <= monthlen(year, month))
        and 0 <= hour < 24
        and 0 <= minute < 60
        and 0 <= second < 60
        and 0 <= fraction < 10**9
        and (offset is None or -840 < offset < 840)
    ):
        return None
    two = _TWO_DIGITS  # table lookups: several times cheaper than format specs
    text = (
        f"{two[year // 100]}{two[year % 100]}-{two[month]}-{two[day]}"
        f"T{two[hour]}:{two[minute]}:{two[second]}"
    )
    if fraction:
        if fraction % 1000:
            text += f".{fraction:09d}"
        elif fraction % 1_000_000:
            text += f".{fraction // 1000:06d}"
        else:
            text += f".{fraction // 1_000_000:03d}"
    if offset is None:
        return text
    if offset == 0:
        return text + "Z"
    if type(offset) is int and offset in _ZONES:
        return text + _ZONES[offset]
    hours, minutes = divmod(abs(offset), 60)
    zone = f"{'-' if offset < 0 else '+'}{two[hours]}:{two[minutes]}"
    if type(offset) is int:
        _ZONES[offset] = zone  # at most 1,679 offsets pass the check above
    return text + zone


def date_time_ok(value: XmlDateTime) -> bool:
    return date_time_text(value) is not None


def duration_text(value: XmlDuration) -> str | None:
    """The text xsdata writes for an xs:duration with at least one component, each of at
    most nine digits (what every validator takes); None for any other."""
    text = str(value)
    if type(text) is not str or text[-1:] in ("P", "T", "") or _DURATION.fullmatch(text) is None:
        return None
    return text


def duration_ok(value: XmlDuration) -> bool:
    return duration_text(value) is not None
