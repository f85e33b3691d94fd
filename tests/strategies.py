"""Hypothesis strategies for MM7 messages, derived from the bindings and the release schemas.

Nothing here names a message, a field or a release. :func:`instances` builds any generated
class from two sources read side by side:

* the xsdata metadata of the class (fields, their Python types, lists, choices, attributes);
* the release schema (``release.schema_document`` and the schemas it imports), which says what
  the metadata forgets: the XSD type under each element and attribute (``xs:NMTOKEN`` for the
  identifiers of REL-5-MM7-1-0/1-1, ``xs:ID``, ``xs:anyURI``, ``xs:positiveInteger``, unions of
  ``xs:dateTime`` and ``xs:duration``), facets and enumerations, minOccurs/maxOccurs through
  nested sequences, choices and groups (a choice needs at least one member even where the
  bindings made its field optional), attribute use and defaults.

Every value is in the lexical space the schema allows and is XML-legal text: no control
characters but TAB and LF, no surrogates, no U+FFFE/U+FFFF, no CR (XML parsers normalise it
to LF). Strings keep leading, trailing and inner whitespace where the type preserves it
(``xs:string``). ``xs:ID`` values are unique NCNames within one instance. Wildcards (``Details``,
``anyDataType``) stay empty; ``xs:anyAttribute namespace="##other"`` gets a few attributes in
a namespace of our own.
"""

from __future__ import annotations

import calendar
import enum
import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.models.elements import XmlVar
from xsdata.models.datatype import XmlDate, XmlDateTime, XmlDuration

from mm7codec.mime import Part, make_part
from mm7codec.releases import Release
from tools.xsdmodel import (
    ComplexSpec,
    SimpleSpec,
    complex_spec,
    release_of_class,
    schema_model,
)

CONTEXT = XmlContext()
OTHER_NAMESPACE = "urn:mm7codec:test:other"
MAX_REPEAT = 3  # upper bound drawn for an unbounded list (the lower bound is the schema's)
MAX_TEXT = 24


# -- simple values ----------------------------------------------------------------------------


@functools.cache
def _counts(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


_FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A)) + "\ufffe\uffff"
_XML_CHAR = st.characters(codec="utf-8", exclude_characters=_FORBIDDEN)
_XML_CHAR_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def xml_text(min_size: int = 0, max_size: int = MAX_TEXT) -> st.SearchStrategy[str]:
    """XML-legal text, whitespace and all (no CR, no control characters but TAB and LF)."""
    return st.text(_XML_CHAR | _XML_CHAR_ASCII, min_size=min_size, max_size=max_size)


# Name characters valid in both XML 1.0 4th and 5th editions (XSD 1.0 validators differ on
# the rest): ASCII, Latin-1 letters, Greek capitals, some CJK ideographs, Arabic-Indic digits.
_NAME_START = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
    + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7))
    + "".join(chr(c) for c in range(0x391, 0x3A2))
    + "".join(chr(c) for c in range(0x4E00, 0x4E10))
)
_NAME_CHAR = _NAME_START + "0123456789.-\u00b7" + "".join(chr(c) for c in range(0x660, 0x66A))


def ncnames() -> st.SearchStrategy[str]:
    """NCNames (xs:NCName, xs:ID)."""
    return st.builds(str.__add__, st.sampled_from(_NAME_START), st.text(_NAME_CHAR, max_size=12))


def nmtokens(min_size: int = 1, max_size: int = MAX_TEXT) -> st.SearchStrategy[str]:
    """xs:NMTOKEN values: name characters (and ':'), no whitespace."""
    return st.text(_NAME_CHAR + ":", min_size=max(min_size, 1), max_size=max(max_size, 1))


_ATEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~"


def content_ids() -> st.SearchStrategy[str]:
    """RFC 2392 / RFC 5322 msg-id bodies (dot-atom@dot-atom), as a Content-ID carries them."""
    atom = st.text(_ATEXT, min_size=1, max_size=8)
    dot_atom = st.lists(atom, min_size=1, max_size=3).map(".".join)
    return st.builds(lambda local, domain: f"{local}@{domain}", dot_atom, dot_atom) | dot_atom


_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_PCHAR = _UNRESERVED + "!$&'()*+,;=:@"


def _pct(alphabet: str, min_size: int = 0) -> st.SearchStrategy[str]:
    encoded = st.integers(0, 255).map(lambda b: f"%{b:02X}")
    return st.lists(st.sampled_from(alphabet) | encoded, min_size=min_size, max_size=12).map(
        "".join
    )


def cid_path(content_id: str) -> str:
    """A Content-ID as the path of a cid: URL (RFC 2392: %-encoded where URIs need it)."""
    return quote(content_id, safe="@!$&'()*+,;=:-._~")


def _authority(userinfo: str | None, host: str, port: int | None) -> str:
    return (
        (f"{userinfo}@" if userinfo is not None else "")
        + host
        + (f":{port}" if port is not None else "")
    )


def _authorities() -> st.SearchStrategy[str]:
    """[userinfo@]host[:port]. The port has digits: RFC 3986 allows an empty one, libxml2
    refuses it (see test_properties.test_libxml2_refuses_an_empty_port)."""
    userinfo = st.none() | _pct(_UNRESERVED + "!$&'()*+,;=:")
    host = _pct(_UNRESERVED + "!$&'()*+,;=")
    port = st.none() | st.integers(0, 65535)
    return st.builds(_authority, userinfo, host, port)


def _uri(
    scheme: str, authority: str | None, path: str, query: str | None, fragment: str | None
) -> str:
    if authority is None and path.startswith("//"):
        # Without an authority a path may not start with "//" (RFC 3986 path-absolute):
        # "a://:" would read as an authority with an empty port. Found by the campaign.
        path = "/" + path.lstrip("/")
    text = f"{scheme}:" + (f"//{authority}/" if authority is not None else "") + path
    text += f"?{query}" if query is not None else ""
    return text + (f"#{fragment}" if fragment is not None else "")


def any_uris() -> st.SearchStrategy[str]:
    """RFC 3986 URI references: absolute URIs, cid: references and relative references."""
    scheme = st.from_regex(r"[a-z][a-z0-9+.\-]{0,6}", fullmatch=True)
    path = st.lists(_pct(_PCHAR), max_size=4).map("/".join)
    query = st.none() | _pct(_PCHAR + "/?")
    absolute = st.builds(
        _uri,
        scheme,
        st.none() | _authorities(),
        path,
        query,
        st.none() | _pct(_PCHAR + "/?"),
    )
    cid = st.builds(str.__add__, st.sampled_from(["cid:", "CID:"]), content_ids().map(cid_path))
    segment = _pct(_UNRESERVED + "!$&'()*+,;=@", min_size=1)  # "//" would start an authority
    relative = st.lists(segment, min_size=1, max_size=3).map("/".join)
    return st.one_of(absolute, cid, relative)


_FRACTIONS = (
    st.just(0)
    | st.integers(0, 999).map(lambda ms: ms * 1_000_000)
    | st.integers(0, 999_999).map(lambda us: us * 1_000)
    | st.integers(0, 999_999_999)
)
_OFFSETS = st.none() | st.just(0) | st.integers(-14 * 60, 14 * 60)


@st.composite
def xml_datetimes(draw: st.DrawFn) -> XmlDateTime:
    """xs:dateTime values, with or without a timezone (offsets within +-14:00)."""
    year = draw(_counts(1, 9999))
    month = draw(_counts(1, 12))
    day = draw(_counts(1, calendar.monthrange(year, month)[1]))
    hour, minute, second = (draw(_counts(0, top)) for top in (23, 59, 59))
    fraction = draw(_FRACTIONS)
    return XmlDateTime(year, month, day, hour, minute, second, fraction, draw(_OFFSETS))


@st.composite
def xml_dates(draw: st.DrawFn) -> XmlDate:
    moment = draw(xml_datetimes())
    return XmlDate(moment.year, moment.month, moment.day, moment.offset)


_AMOUNT = st.integers(0, 99) | st.integers(0, 10**6)
_COMPONENT = st.none() | _AMOUNT
_SECONDS = (
    st.none()
    | _AMOUNT.map(str)
    | st.builds("{}.{}".format, _AMOUNT, st.from_regex(r"[0-9]{1,9}", fullmatch=True))
)


@st.composite
def duration_texts(draw: st.DrawFn) -> str:
    """xs:duration lexical forms: an optional sign, at least one component, T only with time."""
    years, months, days, hours, minutes = (draw(_COMPONENT) for _ in range(5))
    seconds = draw(_SECONDS)
    date = "".join(
        f"{value}{unit}"
        for value, unit in ((years, "Y"), (months, "M"), (days, "D"))
        if value is not None
    )
    time = "".join(
        f"{value}{unit}"
        for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if value is not None
    )
    if not date and not time:
        date = f"{draw(_AMOUNT)}D"
    sign = draw(st.sampled_from(["", "-"]))
    return f"{sign}P{date}{'T' + time if time else ''}"


def xml_durations() -> st.SearchStrategy[XmlDuration]:
    return duration_texts().map(XmlDuration)


def _lexical_candidates(spec: SimpleSpec) -> list[str] | None:
    if spec.builtin == "boolean":
        return ["true", "false", "1", "0"]
    return None


class _Fresh:
    """Values already used where each must be unique: the xs:IDs of one instance, the
    Content-IDs of one body. A repeat gets a number, spelled so it stays valid there."""

    def __init__(self, spell: Callable[[str, int], str], reserved: frozenset[str] = frozenset()):
        self.spell = spell
        self.used = set(reserved)

    def fresh(self, value: str) -> str:
        candidate, number = value, 1
        while candidate in self.used:
            number += 1
            candidate = self.spell(value, number)
        self.used.add(candidate)
        return candidate


def _ids() -> _Fresh:
    """xs:ID values: NCName, so the number goes behind ("id_2")."""
    return _Fresh(lambda name, number: f"{name}_{number}")


def _text_for(spec: SimpleSpec) -> st.SearchStrategy[str]:
    low = spec.min_length or 0
    high = spec.max_length if spec.max_length is not None else max(low, MAX_TEXT)
    builtin = spec.builtin
    if builtin == "string":
        return xml_text(low, high)
    if builtin == "normalizedString":
        return xml_text(low, high).map(lambda s: s.replace("\t", " ").replace("\n", " "))
    if builtin == "token":
        return (
            st.lists(st.text(_NAME_CHAR, min_size=1, max_size=6), max_size=4)
            .map(" ".join)
            .filter(lambda s: low <= len(s) <= high)
        )
    if builtin == "NMTOKEN":
        return nmtokens(low, high)
    if builtin in ("Name", "NCName", "ID", "IDREF"):
        return ncnames().filter(lambda s: low <= len(s) <= high)
    if builtin == "anyURI":
        return any_uris().filter(lambda s: low <= len(s) <= high)
    raise NotImplementedError(f"no text strategy for xs:{builtin}")


@functools.cache
def simple_values(spec: SimpleSpec, types: tuple[type[Any], ...]) -> st.SearchStrategy[Any]:
    """Values of a simple type, as the Python type the bindings give it (xs:ID values are
    made unique per instance by :func:`instances`, not here)."""
    enum_types = [tp for tp in types if isinstance(tp, type) and issubclass(tp, enum.Enum)]
    if spec.enumeration:
        if enum_types:
            members = {member.value for member in enum_types[0]}
            if members != set(spec.enumeration):
                raise AssertionError(
                    f"{enum_types[0].__name__} has {sorted(members)}, the schema enumerates "
                    f"{sorted(spec.enumeration)}"
                )
            return st.sampled_from(enum_types[0])
        return st.sampled_from(spec.enumeration)
    if spec.builtin == "union":
        options = [m for m in spec.members if _python_type(m) in types or str in types]
        if not options:
            raise NotImplementedError(f"no member of {spec} fits {types}")
        return st.one_of([simple_values(member, types) for member in options])
    if spec.builtin == "list":
        item = simple_values(spec.members[0], (str,))
        return st.lists(item, max_size=MAX_REPEAT)
    python = _python_type(spec)
    if python not in types and str in types:
        # The bindings keep it as text (e.g. a pattern-restricted boolean): draw lexical forms.
        candidates = _lexical_candidates(spec)
        if candidates is None:
            strategy: st.SearchStrategy[Any] = _text_for(spec)
        else:
            strategy = st.sampled_from(candidates)
        return strategy.filter(lambda text: _matches(spec, text))
    if python not in types:
        raise NotImplementedError(f"the bindings type {types} does not fit {spec}")
    if spec.patterns:
        raise NotImplementedError(f"patterns on typed values are not supported: {spec}")
    if python is bool:
        return st.booleans()
    if python is int:
        low = spec.lower
        high = spec.upper
        bounded = st.integers(
            low if low is not None else -(10**6), high if high is not None else 10**6
        )
        wide = st.integers(
            low if low is not None else -(10**30), high if high is not None else 10**30
        )
        return bounded | wide
    if python is XmlDateTime:
        return xml_datetimes()
    if python is XmlDuration:
        return xml_durations()
    if python is XmlDate:
        return xml_dates()
    return _text_for(spec)


def _python_type(spec: SimpleSpec) -> type[Any]:
    return {
        "boolean": bool,
        "integer": int,
        "dateTime": XmlDateTime,
        "duration": XmlDuration,
        "date": XmlDate,
    }.get(spec.builtin, str)


def _matches(spec: SimpleSpec, text: str) -> bool:
    return all(re.fullmatch(pattern, text) for pattern in spec.patterns)


# -- instances ------------------------------------------------------------------------------


_BOOLEANS = st.booleans()


def _size_bounds(low: int, high: int | None) -> tuple[int, int]:
    return low, high if high is not None else max(low, MAX_REPEAT)


def _draw_value(draw: st.DrawFn, var: XmlVar, spec: ComplexSpec | SimpleSpec, ids: _Fresh) -> Any:
    tp = var.types[0]
    if CONTEXT.class_type.is_model(tp):
        if not isinstance(spec, ComplexSpec):
            raise AssertionError(f"{var.name}: a class in the bindings, simple in the schema")
        return _draw_model(draw, tp, spec, ids)
    if not isinstance(spec, SimpleSpec):
        raise AssertionError(f"{var.name}: simple in the bindings, complex in the schema")
    return _draw_simple(draw, spec, var.types, ids)


def _draw_simple(
    draw: st.DrawFn, spec: SimpleSpec, types: tuple[type[Any], ...], ids: _Fresh
) -> Any:
    value = draw(simple_values(spec, types))
    return ids.fresh(value) if spec.builtin == "ID" else value


def _draw_model(draw: st.DrawFn, cls: type[Any], spec: ComplexSpec, ids: _Fresh) -> Any:
    model = schema_model(release_of_class(cls))
    values: dict[str, Any] = {}
    for var in CONTEXT.build(cls).get_all_vars():
        if var.is_text:
            if spec.simple_content is None:
                raise AssertionError(f"{cls.__qualname__} has text the schema does not allow")
            values[var.name] = _draw_simple(draw, spec.simple_content, var.types, ids)
        elif var.is_attribute:
            use = spec.attributes[var.local_name]
            if use.required or draw(_BOOLEANS):
                values[var.name] = _draw_simple(draw, use.spec, var.types, ids)
        elif var.is_attributes:
            if spec.any_attribute == "##other" and draw(_BOOLEANS):
                names = st.lists(ncnames(), max_size=2, unique=True)
                values[var.name] = {
                    f"{{{OTHER_NAMESPACE}}}{name}": draw(xml_text()) for name in draw(names)
                }
        elif var.is_wildcard:
            continue  # anyDataType: vendor content, left empty
        elif var.is_elements:
            members = list(var.elements.values())
            uses = [spec.elements[member.local_name] for member in members]
            choice = spec.choices[uses[0].choice] if uses[0].choice is not None else None
            low, high = (choice.min_occurs, choice.max_occurs) if choice else (0, 1)
            if var.list_element:
                low, high = _size_bounds(low, high)
                count = draw(_counts(low, high))
            else:
                count = 1 if low >= 1 else draw(_counts(0, 1))
            items = []
            for _ in range(count):
                index = draw(_counts(0, len(members) - 1))
                items.append(
                    _draw_value(draw, members[index], model.element_type(uses[index].decl), ids)
                )
            if var.list_element:
                values[var.name] = items
            elif items:
                values[var.name] = items[0]
        else:
            use = spec.elements[var.local_name]
            inner = model.element_type(use.decl)
            if var.list_element:
                low, high = _size_bounds(use.min_occurs, use.max_occurs)
                count = draw(_counts(low, high))
                values[var.name] = [_draw_value(draw, var, inner, ids) for _ in range(count)]
            elif use.min_occurs >= 1 or draw(_BOOLEANS):
                values[var.name] = _draw_value(draw, var, inner, ids)
    return cls(**values)


def instances(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Schema-valid instances of any generated class of any release."""
    spec = complex_spec(cls)

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        return _draw_model(draw, cls, spec, _ids())

    return build()


def messages(release: Release, name: str) -> st.SearchStrategy[Any]:
    """Instances of one message (a global element) of a release."""
    return instances(release.message_class(name))


def transaction_ids(release: Release) -> st.SearchStrategy[str]:
    """TransactionID header values the release's schema accepts (the codec strips the text,
    so no leading or trailing whitespace; never empty)."""
    found = schema_model(release).element_type(
        schema_model(release).global_element("TransactionID")
    )
    spec = found.simple_content if isinstance(found, ComplexSpec) else found
    if spec is None:
        raise LookupError("TransactionID has no simple content")
    return simple_values(spec, (str,)).filter(lambda text: text == text.strip() and text != "")


# -- attachments ----------------------------------------------------------------------------

_NASTY = [b"\r", b"\n", b"\r\n", b"\x00", b"--", b"\r\n--", b"\n--", b"--\r\n", b"\r\n\r\n"]


def attachment_bodies(max_size: int = 64) -> st.SearchStrategy[bytes]:
    """Binary part bodies, rich in line ends, NULs and things that look like boundaries."""
    chunk = st.sampled_from(_NASTY) | st.binary(max_size=16) | st.just(b"--=_mm7_")
    return st.binary(max_size=max_size) | st.lists(chunk, max_size=8).map(b"".join)


_MEDIA_TYPES = ["image/gif", "image/jpeg", "text/plain", "application/octet-stream", "audio/amr"]
_MULTIPARTS = ["multipart/mixed", "multipart/related", "multipart/alternative"]


def _content_ids(reserved: frozenset[str]) -> _Fresh:
    """Content-IDs of one body (the SOAP root's among them): "2.id" keeps an addr-spec."""
    return _Fresh(lambda content_id, number: f"{number}.{content_id}", reserved)


_MAYBE_CONTENT_ID = st.none() | content_ids()


def _fresh_id(ids: _Fresh, content_id: str | None) -> str | None:
    return None if content_id is None else ids.fresh(content_id)


def _draw_part(draw: st.DrawFn, ids: _Fresh, depth: int) -> Part:
    if depth <= 0 or draw(_BOOLEANS):
        media_type = draw(st.sampled_from(_MEDIA_TYPES))
        body = draw(attachment_bodies())
        return make_part(media_type, body, content_id=_fresh_id(ids, draw(_MAYBE_CONTENT_ID)))
    media_type = draw(st.sampled_from(_MULTIPARTS))
    content_id = _fresh_id(ids, draw(_MAYBE_CONTENT_ID))
    count = draw(_counts(1, 3))
    children = [_draw_part(draw, ids, depth - 1) for _ in range(count)]
    return make_part(media_type, content_id=content_id, parts=children)


def attachment_lists(
    reserved: frozenset[str] = frozenset(), max_parts: int = 3, depth: int = 2
) -> st.SearchStrategy[list[Part]]:
    """Attachments for one body: leaves and multiparts nested up to ``depth``, with random
    bodies and Content-IDs unique across the body (none of them in ``reserved``)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Part]:
        ids = _content_ids(reserved)
        return [_draw_part(draw, ids, depth) for _ in range(draw(_counts(0, max_parts)))]

    return build()
