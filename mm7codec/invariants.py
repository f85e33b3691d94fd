"""The decode invariants as functions any decoder of this project can be held to.

a. the message is exactly ``release.message_class(message_type)``, never a str or None;
b. conservation: every text and attribute value of the payload the peer sent is in the typed
   message, in ``extensions``, or quoted in a finding (MM7_VALUE_DROPPED for a value dropped);
c. ``ok`` implies ``encode(message, validate=True)`` succeeds;
d. the same bytes give the same message and findings.

:func:`violations` runs all four on one input and returns what broke, as text; an empty list
is a pass. Invariant (a) is also checked inside decode itself; (b) to (d) cost a re-read, a
schema validation and a second decode, so tests and campaigns run them, not decode.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from lxml import etree
from xsdata.models.datatype import XmlDateTime, XmlDuration

from mm7codec.codec import DecodedMessage, Mode, decode, encode, message_element, payload_element
from mm7codec.errors import Mm7Error

_INTEGER = re.compile(r"^[+-]?\d+$")


def canonical(text: str) -> str:
    """One spelling per value, so a value and its schema-equal form compare equal: space
    collapsed, booleans, integers, dateTimes and durations in their canonical lexical form."""
    value = " ".join(text.split())
    lowered = value.lower()
    if lowered in ("true", "1"):
        return "true"
    if lowered in ("false", "0"):
        return "false"
    if _INTEGER.match(value):
        # What str(int(value)) prints, read digit by digit: int() refuses over 4,300 digits.
        digits = "".join(str(unicodedata.decimal(c)) for c in value.lstrip("+-")).lstrip("0")
        return f"-{digits}" if digits and value[0] == "-" else digits or "0"
    if value[:1].isdigit() and "T" in value:
        try:
            return str(XmlDateTime.from_string(value))
        except ValueError:
            return value
    if value.startswith(("P", "-P")):
        try:
            return str(XmlDuration(value))
        except ValueError:
            return value
    return value


def values_of(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(where, value) for every non-blank text and every attribute value under ``element``,
    itself included. Namespace declarations are not values; xsi:type is typing, not data,
    when it names the schema's own type (foreign ones are quoted by MM7_XSI_TYPE)."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if node.text and node.text.strip():
            yield name, node.text
        if node is not element and node.tail and node.tail.strip():
            yield f"after {name}", node.tail
        for attribute, value in node.attrib.items():
            yield f"{name}/@{etree.QName(attribute).localname}", str(value)


def conservation(decoded: DecodedMessage, payload: etree._Element) -> list[str]:
    """Invariant (b): each value of ``payload`` (as sent) that the result does not hold."""
    held = {canonical(value) for _, value in values_of(message_element(decoded.message))}
    for raw in decoded.extensions:
        held |= {canonical(value) for _, value in values_of(etree.fromstring(raw))}
    said = " ".join(f.message for f in decoded.findings)
    lost = []
    sent = list(values_of(payload))
    if payload.tail and payload.tail.strip():
        sent.append(("beside the payload", payload.tail))
    for where, value in sent:
        if canonical(value) in held or repr(value.strip()) in said or repr(value) in said:
            continue
        lost.append(f"{where} {value!r} is neither in the message nor quoted in a finding")
    return lost


def _same(first: DecodedMessage, second: DecodedMessage) -> bool:
    """Equal results, the messages compared as written: xsdata compares dateTimes by a
    float of seconds, which overflows for the 400-digit year a peer may send."""
    return (_written(first), first.findings, first.extensions, first.transaction_id) == (
        _written(second),
        second.findings,
        second.extensions,
        second.transaction_id,
    )


def _written(decoded: DecodedMessage) -> tuple[type[Any], bytes]:
    return type(decoded.message), etree.tostring(message_element(decoded.message))


def violations(body: bytes, content_type: str | None = None, *, mode: Mode) -> list[str]:
    """Every invariant that decoding ``body`` in ``mode`` breaks (empty: all hold). A typed
    refusal (Mm7Error) is a valid outcome; anything else raised is a violation."""
    outcomes: list[DecodedMessage | Mm7Error] = []
    for _ in range(2):
        try:
            outcomes.append(decode(body, content_type, mode=mode))
        except Mm7Error as error:
            outcomes.append(error)
        except Exception as error:
            return [f"decode raised {type(error).__name__}: {error}"]
    first, second = outcomes
    if isinstance(first, Mm7Error) or isinstance(second, Mm7Error):
        if not (
            isinstance(first, Mm7Error)
            and isinstance(second, Mm7Error)
            and (first.status_code, first.findings) == (second.status_code, second.findings)
        ):
            return ["d: the same bytes decoded differently twice"]
        return []
    broken = []
    expected: Any = first.release.message_class(first.message_type)
    if type(first.message) is not expected:
        broken.append(f"a: message is {type(first.message).__name__}, not {expected.__name__}")
        return broken
    if not _same(first, second):
        broken.append("d: the same bytes decoded differently twice")
    payload = payload_element(body, content_type)
    if payload is not None:
        broken.extend(f"b: {lost}" for lost in conservation(first, payload))
    if first.ok:
        try:
            encode(first.message, transaction_id=first.transaction_id or "t", validate=True)
        except Mm7Error as error:
            broken.append(f"c: ok, yet encode refuses the message: {error}")
    return broken
