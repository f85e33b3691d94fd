"""The deviation catalogue: each class of real-world MM7 deviation as a transform of the wire.

A :class:`Sample` starts as a conformant message of any release (drawn by ``strategies``) and
the envelope ``encode`` writes for it. Each :class:`Deviation` turns it into what some peer
really sends: a value spelled another way, another namespace layout, another MIME framing,
another charset label. It says which finding codes decoding must name for it and the message
lenient decoding must return: the original after the normalisation it states, kept as the
``expected`` envelope (conformant, decoded strictly). Deviations apply in layers (values, then
XML structure, then bytes, then MIME framing), so any stack of them composes.

Nothing here names a message type or a release: targets are found through the bindings'
metadata (booleans, enumerations, dates, addresses, empty types, element order).
"""

from __future__ import annotations

import base64
import enum
import functools
import quopri
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any
from urllib.parse import unquote

from hypothesis import strategies as st
from lxml import etree
from xsdata.formats.dataclass.context import XmlContext
from xsdata.models.datatype import XmlDateTime, XmlDuration

from mm7codec.codec import encode
from mm7codec.findings import KINDS, Severity
from mm7codec.releases import SOAP_ENV, Release, default_registry

CONTEXT = XmlContext()
REGISTRY = default_registry()
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VENDOR = "urn:mm7codec:test:vendor"
ROOT_ID = "soap-root@mm7codec.test"
Draw = Callable[[st.SearchStrategy[Any]], Any]

# -- what the bindings say about the elements of a payload ------------------------------------


@dataclass(frozen=True)
class Slot:
    """An element of the payload as the bindings see it: its simple types, or its class."""

    types: tuple[Any, ...]
    model: type[Any] | None
    optional: bool = False  # minOccurs 0, not repeated
    once: bool = False  # maxOccurs 1 (a choice counts as one)


@functools.cache
def _children(cls: type[Any]) -> dict[str, tuple[int, Slot]] | None:
    """Qualified child name -> (position in the content model, slot); None for a class with
    wildcards (vendor content is not ours to move)."""
    meta = CONTEXT.build(cls)
    element_vars = [var for var in meta.get_element_vars() if not var.is_text]
    if meta.any_attributes or any(var.is_wildcard for var in element_vars):
        return None
    index: dict[str, tuple[int, Slot]] = {}
    for position, var in enumerate(element_vars):
        for item in var.elements.values() if var.is_elements else (var,):
            types = tuple(item.types)
            model = types[0] if types and CONTEXT.class_type.is_model(types[0]) else None
            optional = not item.required and not item.list_element
            index[item.qname] = (position, Slot(types, model, optional, not var.list_element))
    return index


@functools.cache
def _is_empty(cls: type[Any]) -> bool:
    meta = CONTEXT.build(cls)
    return meta.text is None and not meta.get_element_vars() and not meta.any_attributes


def _slots(payload: etree._Element, cls: type[Any]) -> dict[etree._Element, Slot]:
    found = {payload: Slot((cls,), cls)}
    stack = [(payload, cls)]
    while stack:
        element, model = stack.pop()
        index = _children(model)
        if index is None:
            continue
        for child in element:
            if isinstance(child.tag, str) and child.tag in index:
                slot = index[child.tag][1]
                found[child] = slot
                if slot.model is not None:
                    stack.append((child, slot.model))
    return found


# -- the sample being deviated ----------------------------------------------------------------


@dataclass
class Mime:
    """How the SOAP-with-attachments body is framed (the defaults are conformant SwA)."""

    multipart: bool = False
    eol: str = "crlf"  # crlf, lf, mixed
    boundary: str = "mm7-b1"
    preamble: bytes = b""
    epilogue: bytes = b""
    root_last: bool = False
    start: str = "bracketed"  # bracketed, unbracketed, absent
    type_param: bool = True
    content_ids: str = "bracketed"  # bracketed, unbracketed
    root_location: bool = False  # the root named by Content-Location, not Content-ID
    param_case: bool = False
    fold: bool = False
    root_encoding: str | None = None  # quoted-printable, base64
    close: bool = True
    nest: str | None = None  # multipart/mixed, multipart/related


@dataclass
class Sample:
    """A conformant message and the wire being made from it, with the envelope that lenient
    decoding must read it as (``expected``)."""

    release: Release
    message: Any
    transaction_id: str
    tree: etree._Element
    expected: etree._Element
    slots: dict[etree._Element, Slot]
    twin: dict[etree._Element, etree._Element]
    attachments: list[tuple[str, str | None, str | None, bytes]]  # type, id, location, body
    mime: Mime = field(default_factory=Mime)
    pretty: bool = False
    prefixes: tuple[str | None, str] | None = None  # (MM7 prefix, SOAP prefix)
    xml: bytes = b""
    charset: str | None = None
    touched: set[etree._Element] = field(default_factory=set)

    @property
    def payload(self) -> etree._Element:
        return self.tree if _local(self.tree) != "Envelope" else self.tree[1][0]

    def leaves(self, test: Callable[[etree._Element, Slot], bool]) -> list[etree._Element]:
        """Untouched payload elements whose slot passes ``test`` (document order)."""
        return [
            element
            for element, slot in self.slots.items()
            if element not in self.touched and test(element, slot)
        ]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def sample(release: Release, message: Any, transaction_id: str) -> Sample:
    """The conformant starting point: the envelope encode writes, parts the href names."""
    tree = etree.fromstring(encode(message, transaction_id=transaction_id).body)
    expected = deepcopy(tree)
    payload = tree[1][0]
    content = getattr(message, "content", None)
    attachments = []
    href = str(getattr(content, "href", None) or "")
    if href[:4].lower() == "cid:":
        attachments.append(("image/gif", unquote(href[4:]), None, b"GIF89a-mm7"))
    elif href:
        attachments.append(("image/gif", None, href, b"GIF89a-mm7"))
    return Sample(
        release,
        message,
        transaction_id,
        tree,
        expected,
        _slots(payload, type(message)),
        dict(zip(tree.iter(), expected.iter(), strict=True)),
        attachments,
        Mime(multipart=bool(attachments)),
    )


# -- the catalogue ----------------------------------------------------------------------------

VALUES, STRUCTURE, NAMESPACES, PREFIXES, BYTES, MIME = range(6)


@dataclass(frozen=True)
class Deviation:
    """One class of deviation: where it applies, what it does, what it must raise."""

    name: str
    layer: int
    group: str  # at most one deviation of a group in a stack
    applies: Callable[[Sample], bool]
    apply: Callable[[Sample, Draw], frozenset[str]]  # mutates the sample, returns the codes
    normalisation: str = "none: lenient returns the original message"


CATALOGUE: list[Deviation] = []


def deviation(
    layer: int,
    group: str = "",
    normalisation: str = "",
    applies: Callable[[Sample], bool] | None = None,
) -> Callable[[Callable[[Sample, Draw], frozenset[str]]], Callable[[Sample, Draw], frozenset[str]]]:
    def register(
        function: Callable[[Sample, Draw], frozenset[str]],
    ) -> Callable[[Sample, Draw], frozenset[str]]:
        name = function.__name__
        CATALOGUE.append(
            Deviation(
                name,
                layer,
                group or name,
                applies or (lambda _: True),
                function,
                normalisation or "none: lenient returns the original message",
            )
        )
        return function

    return register


def _codes(*codes: str) -> frozenset[str]:
    return frozenset(codes)


# -- values -----------------------------------------------------------------------------------


def _is_bool(element: etree._Element, slot: Slot) -> bool:
    return slot.model is None and slot.types[:1] == (bool,) and bool(element.text)


def _is_enum(element: etree._Element, slot: Slot) -> bool:
    if slot.model is not None or not slot.types or _local(element) == "MM7Version":
        return False
    tp = slot.types[0]
    if not (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return False
    text = element.text or ""
    values = [str(member.value) for member in tp]
    return (
        text.lower() != text.upper() and sum(value.lower() == text.lower() for value in values) == 1
    )


def _datetime(element: etree._Element, slot: Slot) -> XmlDateTime | None:
    if slot.model is not None or XmlDateTime not in slot.types or not element.text:
        return None
    try:
        value = XmlDateTime.from_string(element.text)
    except ValueError:
        return None
    return value if 1000 <= value.year <= 9999 else None


def _pick(sample: Sample, draw: Draw, candidates: list[etree._Element]) -> etree._Element:
    element: etree._Element = draw(st.sampled_from(candidates))
    sample.touched.add(element)
    return element


@deviation(VALUES, "case", applies=lambda s: bool(s.leaves(_is_bool)))
def boolean_spelling(sample: Sample, draw: Draw) -> frozenset[str]:
    """A boolean as True/FALSE (MM7_BOOLEAN) or 1/0 (valid)."""
    element = _pick(sample, draw, sample.leaves(_is_bool))
    value = element.text == "true"
    spelling = draw(st.sampled_from(["True", "TRUE", "1"] if value else ["False", "FALSE", "0"]))
    element.text = spelling
    return _codes() if spelling in ("1", "0") else _codes("MM7_BOOLEAN")


@deviation(VALUES, "case", applies=lambda s: bool(s.leaves(_is_enum)))
def enumeration_case(sample: Sample, draw: Draw) -> frozenset[str]:
    element = _pick(sample, draw, sample.leaves(_is_enum))
    text = element.text or ""
    element.text = draw(
        st.sampled_from([text.upper(), text.lower(), text.swapcase()]).filter(lambda t: t != text)
    )
    return _codes("MM7_ENUM_VALUE")


_SECONDS = st.builds(
    XmlDateTime,
    st.integers(1000, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.just(0),
    st.none() | st.integers(-14 * 60, 14 * 60),
)


def _dated(element: etree._Element, slot: Slot) -> bool:
    return _datetime(element, slot) is not None


def _redate(sample: Sample, draw: Draw, zoned: bool) -> tuple[etree._Element, XmlDateTime]:
    """A dateTime element set, in both envelopes, to a value in whole seconds."""
    element = _pick(sample, draw, sample.leaves(_dated))
    value: XmlDateTime = draw(_SECONDS.filter(lambda v: v.offset is not None or not zoned))
    element.text = sample.twin[element].text = str(value)
    return element, value


@deviation(
    VALUES,
    normalisation="RFC 822 read as the same xs:dateTime",
    applies=lambda s: bool(s.leaves(_dated)),
)
def date_rfc822(sample: Sample, draw: Draw) -> frozenset[str]:
    """``Fri, 05 Jul 2024 01:39:08 +0900`` (Java and e-mail stacks)."""
    element, value = _redate(sample, draw, zoned=True)
    element.text = format_datetime(value.to_datetime())
    return _codes("MM7_DATE_FORMAT")


@deviation(
    VALUES,
    normalisation="compact date read as the same xs:dateTime",
    applies=lambda s: bool(s.leaves(_dated)),
)
def date_compact(sample: Sample, draw: Draw) -> frozenset[str]:
    """``20240705013908`` (Korean operator traffic), with the zone if it had one."""
    element, value = _redate(sample, draw, zoned=False)
    zone = str(value)[19:].replace(":", "")
    element.text = (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"{value.hour:02d}{value.minute:02d}{value.second:02d}{zone}"
    )
    return _codes("MM7_DATE_FORMAT")


@deviation(
    VALUES,
    normalisation="space read as T",
    applies=lambda s: bool(s.leaves(lambda e, t: _datetime(e, t) is not None)),
)
def date_space_for_t(sample: Sample, draw: Draw) -> frozenset[str]:
    element = _pick(sample, draw, sample.leaves(lambda e, t: _datetime(e, t) is not None))
    element.text = (element.text or "").replace("T", " ", 1)
    return _codes("MM7_DATE_FORMAT")


def _collapses(element: etree._Element, slot: Slot) -> bool:
    """Values whose type collapses whitespace (booleans, numbers, dates, durations)."""
    if slot.model is not None or not slot.types or not element.text:
        return False
    return all(tp in (bool, int, XmlDateTime, XmlDuration) for tp in slot.types)


@deviation(VALUES, "space", applies=lambda s: bool(s.leaves(_collapses) or s.leaves(_is_enum)))
def surrounding_whitespace(sample: Sample, draw: Draw) -> frozenset[str]:
    """Space and line breaks around a value: valid where the type collapses it, an
    MM7_ENUM_VALUE (read as the value) around an enumeration of xs:string."""
    candidates = sample.leaves(_collapses) + sample.leaves(_is_enum)
    element = _pick(sample, draw, candidates)
    element.text = f"\n   {element.text}  \t"
    return _codes() if _collapses(element, sample.slots[element]) else _codes("MM7_ENUM_VALUE")


_ADDRESS_KINDS = ("Number", "RFC2822Address", "ShortCode")
_ADDRESS_VALUES = {
    "Number": st.from_regex(r"\A(\+|00)?[1-9][0-9]{7,13}\Z"),
    "RFC2822Address": st.from_regex(r"\A[a-z][a-z0-9.]{0,8}@[a-z]{1,8}\.example\Z"),
    "ShortCode": st.from_regex(r"\A[1-9][0-9]{2,4}\Z"),
}


def _address(element: etree._Element, slot: Slot) -> bool:
    children = [c for c in element if isinstance(c.tag, str)]
    return (
        slot.model is not None
        and len(children) == 1
        and _local(children[0]) in _ADDRESS_KINDS
        and dict(children[0].attrib) in ({}, {"displayOnly": "false"})
        and not element.attrib
    )


@deviation(
    VALUES,
    normalisation="bare text read as Number, RFC2822Address or ShortCode by syntax",
    applies=lambda s: bool(s.leaves(_address)),
)
def address_bare_text(sample: Sample, draw: Draw) -> frozenset[str]:
    """``<Sender>+8618...</Sender>``: the address with no Number/RFC2822Address/ShortCode."""
    element = _pick(sample, draw, sample.leaves(_address))
    child = element[0]
    sample.touched.add(child)  # it leaves the tree: no later deviation may change it
    kind = _local(child)
    if kind == "Number" and _nmtoken_numbers(sample.release):
        value = draw(st.from_regex(r"\A(00)?[1-9][0-9]{7,13}\Z"))  # "+" is no NMTOKEN
    else:
        value = draw(_ADDRESS_VALUES[kind])
    sample.twin[child].text = value
    element.remove(child)
    element.text = value
    return _codes("MM7_ADDRESS_TEXT")


@functools.cache
def _nmtoken_numbers(release: Release) -> bool:
    bases = release.schema_document.xpath(
        "//xs:element[@name='Number']//xs:extension/@base",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    return any(str(base).endswith("NMTOKEN") for base in bases)  # type: ignore[union-attr]


def _number(element: etree._Element, slot: Slot) -> bool:
    return _local(element) == "Number" and slot.model is not None


@deviation(
    VALUES,
    applies=lambda s: bool(s.leaves(_number)),
    normalisation="none: valid, kept as sent (both + / 00 and the MM1 /TYPE=PLMN suffix)",
)
def number_spelling(sample: Sample, draw: Draw) -> frozenset[str]:
    """``+44...``, ``0044...``, ``+44.../TYPE=PLMN``: schema-valid, so kept as sent."""
    element = _pick(sample, draw, sample.leaves(_number))
    digits = draw(st.from_regex(r"\A[1-9][0-9]{7,12}\Z"))
    if _nmtoken_numbers(sample.release):  # REL-5-MM7-1-0/1-1: "+" and "/" are no NMTOKEN
        value = "00" + digits
    else:
        value = draw(st.sampled_from(["+", "00"])) + digits
        value += draw(st.sampled_from(["", "/TYPE=PLMN"]))
    element.text = sample.twin[element].text = value
    return _codes()


def _empty_typed(element: etree._Element, slot: Slot) -> bool:
    return (
        slot.model is not None and _is_empty(slot.model) and not element.text and not len(element)
    )


@deviation(
    VALUES, normalisation="the whitespace dropped", applies=lambda s: bool(s.leaves(_empty_typed))
)
def space_in_empty_type(sample: Sample, draw: Draw) -> frozenset[str]:
    """``<Content href="..."> </Content>``: whitespace where the type allows no content."""
    element = _pick(sample, draw, sample.leaves(_empty_typed))
    element.text = draw(st.sampled_from([" ", "\n", "\n    ", "\t"]))
    return _codes("MM7_EMPTY_CONTENT")


def _content(sample: Sample) -> etree._Element | None:
    found = [
        element
        for element in sample.slots
        if _local(element) == "Content"
        and element not in sample.touched
        and element.get("href") is not None
    ]
    return found[0] if found else None


@deviation(
    VALUES,
    "href",
    applies=lambda s: _content(s) is not None,
    normalisation="href read as cid:<Content-ID>",
)
def href_spelling(sample: Sample, draw: Draw) -> frozenset[str]:
    """``cid: x``, ``cid:<x>``, ``x`` without cid:, ``mm7:href``."""
    element = _content(sample)
    assert element is not None
    sample.touched.add(element)
    target = draw(st.from_regex(r"\A[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?@[a-z]{1,8}\.example\Z"))
    element.set("href", f"cid:{target}")
    sample.twin[element].set("href", f"cid:{target}")
    sample.attachments = [("image/gif", target, None, b"GIF89a-mm7")]
    sample.mime.multipart = True
    style = draw(st.sampled_from(["space", "brackets", "bare", "qualified"]))
    if style == "qualified":
        del element.attrib["href"]
        element.set(f"{{{sample.release.namespace}}}href", f"cid:{target}")
        return _codes("REF_HREF_QUALIFIED")
    element.set(
        "href", {"space": f"cid: {target}", "brackets": f"cid:<{target}>", "bare": target}[style]
    )
    return _codes("REF_SYNTAX")


def _valueless_when_empty(slot: Slot) -> bool:
    """A simple type with no empty value: a date, number, boolean or enumeration."""
    return bool(slot.types) and all(
        tp in (bool, int, XmlDateTime, XmlDuration)
        or (isinstance(tp, type) and issubclass(tp, enum.Enum) and "" not in [m.value for m in tp])
        for tp in slot.types
    )


def _empty_slots(sample: Sample) -> list[tuple[etree._Element, str]]:
    found = []
    for element, slot in sample.slots.items():
        index = _children(slot.model) if slot.model is not None else None
        if not index or element in sample.touched:
            continue
        present = {c.tag for c in element if isinstance(c.tag, str)}
        found += [
            (element, qname)
            for qname, (_, child) in index.items()
            if qname not in present
            and child.model is None
            and child.optional
            and _valueless_when_empty(child)
            and not qname.endswith("}MM7Version")
        ]
    return found


@deviation(VALUES, applies=lambda s: bool(_empty_slots(s)), normalisation="read as absent")
def empty_optional_element(sample: Sample, draw: Draw) -> frozenset[str]:
    """``<ExpiryDate/>``, ``<Priority></Priority>``: an optional value sent empty."""
    parent, qname = draw(st.sampled_from(_empty_slots(sample)))
    empty = etree.SubElement(parent, qname)
    empty.text = draw(st.sampled_from([None, "", " "]))
    sample.touched.add(empty)  # read as absent: no other deviation may count on it
    return _codes("MM7_EMPTY_ELEMENT")


# -- XML structure ----------------------------------------------------------------------------


def _reorderable(sample: Sample) -> list[etree._Element]:
    found = []
    for element, slot in sample.slots.items():
        index = _children(slot.model) if slot.model is not None else None
        if index is None or _unordered(sample.release, slot.model):
            continue
        children = [
            c
            for c in element
            if isinstance(c.tag, str) and c.tag in index and c not in sample.touched
        ]
        if len(children) < 2:
            continue
        positions = [index[c.tag][0] for c in children]
        if positions[-1] != positions[0] and positions.count(positions[-1]) == 1:
            found.append(element)
    return found


@functools.cache
def _unordered_names(release: Release) -> frozenset[str]:
    names = release.schema_document.xpath(
        "//xs:complexType[xs:all]/@name", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}
    )
    return frozenset(str(name) for name in names)  # type: ignore[union-attr]


def _unordered(release: Release, cls: type[Any] | None) -> bool:
    name = getattr(getattr(cls, "Meta", None), "name", None)
    return name in _unordered_names(release)


@deviation(
    STRUCTURE,
    applies=lambda s: bool(_reorderable(s)),
    normalisation="children put back in schema order",
)
def children_out_of_order(sample: Sample, draw: Draw) -> frozenset[str]:
    element = draw(st.sampled_from(_reorderable(sample)))
    last = [c for c in element if isinstance(c.tag, str) and c not in sample.touched][-1]
    element.remove(last)
    element.insert(0, last)
    return _codes("MM7_ELEMENT_ORDER")


def _once(sample: Sample) -> list[etree._Element]:
    """Untouched payload elements their content model allows once."""
    return sample.leaves(lambda element, slot: slot.once and element is not sample.payload)


@deviation(
    STRUCTURE,
    applies=lambda s: bool(_once(s)),
    normalisation="the first read, the repeat kept as raw XML in extensions",
)
def repeated_element(sample: Sample, draw: Draw) -> frozenset[str]:
    """A template that writes an element twice (two Subjects, a second Recipients): the
    copy right after the first, its text changed or not."""
    element = _pick(sample, draw, _once(sample))
    again = deepcopy(element)
    if again.text and not len(again) and draw(st.booleans()):
        again.text += " again"
    element.addnext(again)
    sample.touched.add(again)  # nothing else moves it before the first
    return _codes("MM7_ELEMENT_REPEATED")


def _holders(sample: Sample) -> list[etree._Element]:
    """Elements of element-only types: where a vendor puts its own elements."""
    return [e for e, slot in sample.slots.items() if slot.model and _children(slot.model)]


@deviation(STRUCTURE, normalisation="vendor element kept as raw XML in extensions")
def vendor_element(sample: Sample, draw: Draw) -> frozenset[str]:
    """KT's CPID, an Ericsson extension: an element the release does not define, at any
    depth, in a vendor namespace or the MM7 one."""
    parent = draw(st.sampled_from(_holders(sample)))
    namespace = draw(st.sampled_from([VENDOR, sample.release.namespace]))
    name = draw(st.sampled_from(["CPID", "ResellerCode", "CallBack", "ServiceType", "X-Ext"]))
    vendor = etree.Element(
        f"{{{namespace}}}{name}", nsmap={"v": VENDOR} if namespace == VENDOR else None
    )
    vendor.text = draw(st.from_regex(r"\A[A-Za-z0-9]{1,12}\Z"))
    children = [c for c in parent if isinstance(c.tag, str)]
    parent.insert(draw(st.integers(0, len(children))), vendor)
    return _codes("MM7_UNKNOWN_ELEMENT")


@deviation(STRUCTURE, normalisation="foreign xsi:type ignored")
def xsi_types(sample: Sample, draw: Draw) -> frozenset[str]:
    """Axis-style ``xsi:type="xsd:string"`` on elements (the prefix often undeclared)."""
    leaves = [e for e, slot in sample.slots.items() if slot.model is None]
    chosen = (
        draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4, unique=True))
        if leaves
        else []
    )
    if not chosen:
        chosen = [sample.payload]
    for element in chosen:
        element.set(
            f"{{{XSI}}}type", draw(st.sampled_from(["xsd:string", "xs:string", "soapenc:string"]))
        )
    return _codes("MM7_XSI_TYPE")


@deviation(STRUCTURE, "encoding-style")
def encoding_style_on_envelope(sample: Sample, draw: Draw) -> frozenset[str]:
    """``soap:encodingStyle`` on the Envelope or Body, where SOAP 1.1 allows it."""
    holder = draw(st.sampled_from([sample.tree, sample.tree[1]]))
    holder.set(f"{{{SOAP_ENV}}}encodingStyle", "http://schemas.xmlsoap.org/soap/encoding/")
    return _codes()


@deviation(STRUCTURE, "encoding-style", normalisation="the SOAP attribute removed")
def encoding_style_on_payload(sample: Sample, draw: Draw) -> frozenset[str]:
    sample.payload.set(f"{{{SOAP_ENV}}}encodingStyle", "http://schemas.xmlsoap.org/soap/encoding/")
    return _codes("MM7_SOAP_ATTRIBUTE")


@deviation(STRUCTURE, "header")
def actor_on_transaction_id(sample: Sample, draw: Draw) -> frozenset[str]:
    """``soap:actor`` on the TransactionID header entry (SOAP 1.1 allows it)."""
    sample.tree[0][0].set(f"{{{SOAP_ENV}}}actor", "http://schemas.xmlsoap.org/soap/actor/next")
    return _codes()


def _mm7_elements(sample: Sample, include_payload: bool) -> list[etree._Element]:
    payload = sample.payload
    return [
        e
        for e in payload.iter()
        if isinstance(e.tag, str)
        and etree.QName(e).namespace == sample.release.namespace
        and (include_payload or e is not payload)
    ]


def _retag(elements: list[etree._Element], namespace: str | None) -> None:
    for element in elements:
        element.tag = etree.QName(namespace, _local(element)).text if namespace else _local(element)


# The header's namespace names the release of an unqualified payload: one group with the
# header deviations, so a stack never leaves the release to the MM7Version alone.
@deviation(NAMESPACES, "header", normalisation="re-homed into the header's release")
def payload_unqualified(sample: Sample, draw: Draw) -> frozenset[str]:
    """The payload and its children in no namespace (or only the children)."""
    _retag(_mm7_elements(sample, include_payload=draw(st.booleans())), None)
    return _codes("MM7_UNQUALIFIED")


def _other_release(sample: Sample, draw: Draw) -> Release:
    others = [r for r in REGISTRY if r.name != sample.release.name]
    release: Release = draw(st.sampled_from(others))
    return release


@deviation(
    NAMESPACES,
    "payload-namespace",
    normalisation="re-homed into the payload's release",
    applies=lambda s: len(_mm7_elements(s, include_payload=False)) > 0,
)
def children_in_another_release(sample: Sample, draw: Draw) -> frozenset[str]:
    elements = _mm7_elements(sample, include_payload=False)
    chosen = draw(st.lists(st.sampled_from(elements), min_size=1, max_size=3, unique=True))
    _retag(chosen, _other_release(sample, draw).namespace)
    return _codes("MM7_NAMESPACE_MISMATCH")


@deviation(NAMESPACES, "header", normalisation="the body's release wins")
def transaction_id_in_another_release(sample: Sample, draw: Draw) -> frozenset[str]:
    _retag([sample.tree[0][0]], _other_release(sample, draw).namespace)
    return _codes("MM7_NAMESPACE_MISMATCH")


@deviation(NAMESPACES, "header", normalisation="read as the body's release")
def transaction_id_unqualified(sample: Sample, draw: Draw) -> frozenset[str]:
    _retag([sample.tree[0][0]], None)
    return _codes("MM7_UNQUALIFIED")


@deviation(NAMESPACES, "header", normalisation="wrapped in an envelope; no TransactionID")
def bare_body(sample: Sample, draw: Draw) -> frozenset[str]:
    """The MM7 element alone, as operator interface documents and template libraries show."""
    payload = sample.payload
    sample.tree = deepcopy(payload)
    return _codes("SOAP_ENVELOPE_MISSING", "MM7_TRANSACTION_ID_MISSING")


@deviation(PREFIXES, "layout")
def pretty_printed(sample: Sample, draw: Draw) -> frozenset[str]:
    sample.pretty = True
    return _codes()


@deviation(PREFIXES)
def other_prefixes(sample: Sample, draw: Draw) -> frozenset[str]:
    """Default namespace, ``ns1:``, ``mm7:``; SOAP-ENV, soap-env, env, S; redundant
    declarations on inner elements."""
    unqualified = any(
        isinstance(e.tag, str) and etree.QName(e).namespace is None for e in sample.tree.iter()
    )
    mm7 = draw(st.sampled_from(["ns1", "mm7", "m", *([] if unqualified else [None])]))
    soap = draw(st.sampled_from(["SOAP-ENV", "soap-env", "env", "S", "soapenv"]))
    redundant = draw(st.booleans())
    sample.tree = _reprefixed(
        sample.tree, {sample.release.namespace: mm7, SOAP_ENV: soap}, redundant
    )
    return _codes()


def _reprefixed(
    root: etree._Element, prefixes: dict[str, str | None], redundant: bool
) -> etree._Element:
    nsmap: dict[str | None, str] = {prefix: uri for uri, prefix in prefixes.items()}
    for element in root.iter():
        for prefix, uri in element.nsmap.items():
            if uri not in prefixes and prefix not in nsmap:
                nsmap[prefix] = uri

    def copy(element: etree._Element, parent: etree._Element | None, depth: int) -> etree._Element:
        if parent is None:
            made = etree.Element(element.tag, nsmap=nsmap)
        else:
            extra = {**nsmap, "unused": f"{VENDOR}:unused"} if redundant and depth == 2 else None
            made = etree.SubElement(parent, element.tag, nsmap=extra)
        for name, value in element.attrib.items():
            made.set(name, value)
        made.text, made.tail = element.text, element.tail
        for child in element:
            if isinstance(child.tag, str):
                copy(child, made, depth + 1)
        return made

    return copy(root, None, 0)


# -- bytes ------------------------------------------------------------------------------------


_LABELS = ["euc-kr", "ISO-8859-1", "GBK", "ks_c_5601-1987", "ksc5601"]


@deviation(BYTES, "charset", normalisation="read as the UTF-8 the bytes are")
def charset_label(sample: Sample, draw: Draw) -> frozenset[str]:
    """UTF-8 bytes labelled euc-kr, ISO-8859-1, GBK or ksc5601 (declaration and MIME)."""
    label = draw(st.sampled_from(_LABELS))
    sample.xml = sample.xml.replace(b"encoding='UTF-8'", f"encoding='{label}'".encode(), 1)
    sample.charset = label
    codes = set()
    if label.startswith("ks"):
        codes.add("XML_CHARSET_ALIAS")
    if not sample.xml.isascii():
        codes.add("XML_CHARSET_MISMATCH")
    return frozenset(codes)


@deviation(BYTES, "charset")
def byte_order_mark(sample: Sample, draw: Draw) -> frozenset[str]:
    sample.xml = b"\xef\xbb\xbf" + sample.xml
    return _codes()


@deviation(BYTES, normalisation="the bytes after the root element dropped")
def trailing_bytes(sample: Sample, draw: Draw) -> frozenset[str]:
    junk = draw(st.sampled_from([b"\r\n0\r\n\r\n", b"--MIMEBoundary--", b"HTTP/1.1 200 OK", b"x"]))
    sample.xml = sample.xml + draw(st.sampled_from([b"", b"\n", b"\r\n"])) + junk
    return _codes("XML_TRAILING_DATA")


# -- MIME framing -----------------------------------------------------------------------------


def _mime(
    function: Callable[[Mime, Draw], frozenset[str]],
) -> Callable[[Sample, Draw], frozenset[str]]:
    def apply(sample: Sample, draw: Draw) -> frozenset[str]:
        sample.mime.multipart = True
        return function(sample.mime, draw)

    apply.__name__ = function.__name__
    apply.__doc__ = function.__doc__
    return apply


def mime_deviation(group: str = "", normalisation: str = "") -> Callable[..., Any]:
    def register(function: Callable[[Mime, Draw], frozenset[str]]) -> Any:
        return deviation(MIME, group, normalisation)(_mime(function))

    return register


@mime_deviation("eol")
def mime_bare_lf(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.eol = "lf"
    return _codes("MIME_LINE_ENDINGS")


@mime_deviation("eol")
def mime_mixed_line_endings(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.eol = "mixed"
    return _codes("MIME_LINE_ENDINGS")


_BOUNDARIES = [
    "----=_Part_0_1234567.1720140000000",  # JavaMail
    "--==_mimepart_668a1b2c3d4e5_7f8a",  # Ruby mail
    "--boundary_0_6f7e8d9c-1a2b-4c3d-9e8f-0a1b2c3d4e5f",  # .NET
    "MIMEBoundaryurn_uuid_0A1B2C3D4E5F60718293",  # Axis
]


@mime_deviation()
def mime_boundary_style(mime: Mime, draw: Draw) -> frozenset[str]:
    """JavaMail, Ruby mail, .NET and Axis boundaries (leading dashes, ``=``, ``.``)."""
    mime.boundary = draw(st.sampled_from(_BOUNDARIES))
    return _codes()


@mime_deviation()
def mime_preamble_epilogue(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.preamble = b"This is a multi-part message in MIME format."
    mime.epilogue = draw(st.sampled_from([b"", b"end of message", b"\r\n\r\n"]))
    return _codes()


@mime_deviation("start")
def mime_root_not_first(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.root_last = True
    return _codes("MIME_ROOT_NOT_FIRST")


@mime_deviation("start", "the first XML part is the root")
def mime_no_start(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.start = "absent"
    return _codes("MIME_START_MISSING")


@mime_deviation("start")
def mime_unbracketed_start(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.start = "unbracketed"
    return _codes("MIME_START_UNBRACKETED")


@mime_deviation("start", "the first XML part is the root")
def mime_content_location_root(mime: Mime, draw: Draw) -> frozenset[str]:
    """The SOAP part named by Content-Location, so ``start`` names no part."""
    mime.root_location = True
    return _codes("MIME_START_NOT_FOUND")


@mime_deviation()
def mime_no_type(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.type_param = False
    return _codes("MIME_TYPE_PARAM")


@deviation(MIME)
def mime_unbracketed_content_ids(sample: Sample, draw: Draw) -> frozenset[str]:
    """Content-IDs without angle brackets (named wherever a part has one)."""
    mime = sample.mime
    mime.multipart = True
    mime.content_ids = "unbracketed"
    ids = (
        not mime.root_location
        or not sample.attachments
        or any(content_id for _, content_id, _, _ in sample.attachments)
    )
    return _codes("MIME_CONTENT_ID_SYNTAX") if ids else _codes()


@mime_deviation("param_case")
def mime_capitalised_parameters(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.param_case = True
    return _codes("MIME_PARAM_CASE")


@deviation(MIME, "param_case")
def capitalised_charset(sample: Sample, draw: Draw) -> frozenset[str]:
    """``text/xml; Charset="utf-8"`` on a bare envelope (on SwA, the body's parameters)."""
    sample.mime.param_case = True
    return _codes("MIME_PARAM_CASE")


@mime_deviation()
def mime_folded_headers(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.fold = True
    return _codes()


@mime_deviation()
def mime_encoded_soap_part(mime: Mime, draw: Draw) -> frozenset[str]:
    """The SOAP part in quoted-printable or base64."""
    mime.root_encoding = draw(st.sampled_from(["quoted-printable", "base64"]))
    return _codes()


@mime_deviation()
def mime_no_close_delimiter(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.close = False
    return _codes("MIME_CLOSE_DELIMITER_MISSING")


@mime_deviation()
def mime_nested_attachments(mime: Mime, draw: Draw) -> frozenset[str]:
    mime.nest = draw(st.sampled_from(["multipart/mixed", "multipart/related"]))
    return _codes()  # valid SwA: the href is resolved through the nesting


def _params(params: list[tuple[str, str]], capitalise: bool) -> str:
    return "".join(
        f"; {name.capitalize() if capitalise else name}={value}" for name, value in params
    )


def _lines_joined(chunks: list[bytes], eol: str) -> bytes:
    out = b""
    for number, chunk in enumerate(chunks):
        end = {"crlf": b"\r\n", "lf": b"\n"}.get(eol) or (b"\n" if number % 2 else b"\r\n")
        out += chunk + (end if number < len(chunks) - 1 else b"")
    return out


def _multipart(
    parts: list[tuple[list[str], bytes]], boundary: str, mime: Mime, close: bool
) -> list[bytes]:
    chunks: list[bytes] = []
    for headers, body in parts:
        chunks.append(f"--{boundary}".encode())
        chunks.extend(h.encode() for h in headers)
        chunks.append(b"")
        chunks.append(body)
    if close:
        chunks.append(f"--{boundary}--".encode())
    return chunks


def frame(sample: Sample) -> tuple[bytes, str]:
    """The wire body and its Content-Type, as the sample's MIME options say."""
    charset = sample.charset or "utf-8"
    if not sample.mime.multipart:
        name = "Charset" if sample.mime.param_case else "charset"
        return sample.xml, f'text/xml; {name}="{charset}"'
    mime = sample.mime
    content_type = f'text/xml; charset="{charset}"'
    if mime.fold:
        content_type = f'text/xml;\r\n\tcharset="{charset}"'

    def cid(value: str) -> str:
        return value if mime.content_ids == "unbracketed" else f"<{value}>"

    root_headers = [
        f"Content-Type: {content_type}",
        "Content-Location: soap-root.xml" if mime.root_location else f"Content-ID: {cid(ROOT_ID)}",
    ]
    root_body = sample.xml
    if mime.root_encoding == "quoted-printable":
        root_body = quopri.encodestring(root_body).replace(
            b"\n", b"\r\n" if mime.eol == "crlf" else b"\n"
        )
        root_headers.append("Content-Transfer-Encoding: quoted-printable")
    elif mime.root_encoding == "base64":
        root_body = base64.encodebytes(root_body).rstrip(b"\n")
        root_headers.append("Content-Transfer-Encoding: base64")
    attachments: list[tuple[list[str], bytes]] = []
    for media_type, content_id, location, body in sample.attachments or [
        ("text/plain", "filler@mm7codec.test", None, b"filler")
    ]:
        headers = [f"Content-Type: {media_type}"]
        if content_id is not None:
            headers.append(f"Content-ID: {cid(content_id)}")
        if location is not None:
            headers.append(f"Content-Location: {location}")
        headers.append("Content-Transfer-Encoding: binary")
        attachments.append((headers, body))
    if mime.nest:
        inner = _lines_joined(_multipart(attachments, "inner-b2", mime, True), mime.eol)
        first = attachments[0][0][0].removeprefix("Content-Type: ")
        related = f'; type="{first}"' if mime.nest == "multipart/related" else ""
        attachments = [([f'Content-Type: {mime.nest}; boundary="inner-b2"{related}'], inner)]
    parts = [(root_headers, root_body), *attachments]
    if mime.root_last:
        parts = [*attachments, (root_headers, root_body)]
    chunks = _multipart(parts, mime.boundary, mime, mime.close)
    body = _lines_joined(chunks, mime.eol)
    if mime.preamble:
        body = mime.preamble + b"\r\n" + body
    if mime.epilogue and mime.close:
        body = body + b"\r\n" + mime.epilogue
    params = [("boundary", f'"{mime.boundary}"')]
    if mime.type_param:
        params.append(("type", '"text/xml"'))
    if mime.start == "bracketed":
        params.append(("start", f'"<{ROOT_ID}>"'))
    elif mime.start == "unbracketed":
        params.append(("start", f'"{ROOT_ID}"'))
    return body, "multipart/related" + _params(params, mime.param_case)


# -- stacks -----------------------------------------------------------------------------------


@dataclass
class Deviant:
    """A deviant wire, what decoding must name, and what lenient decoding must return."""

    body: bytes
    content_type: str
    applied: list[tuple[str, frozenset[str]]]
    expected: tuple[bytes, str]  # conformant wire of the message lenient must return

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for _, codes in self.applied for code in codes)

    @property
    def refused(self) -> bool:
        """Strict decoding must refuse: some deviation raises an error-severity code."""
        return any(KINDS[code].severity is Severity.ERROR for code in self.codes)

    @property
    def repairable(self) -> bool:
        """Lenient decoding can repair every error these deviations raise."""
        return all(
            KINDS[code].severity is not Severity.ERROR or KINDS[code].repairable
            for code in self.codes
        )


def applicable(start: Sample) -> list[Deviation]:
    return [d for d in CATALOGUE if d.applies(start)]


def _serialised(start: Sample) -> None:
    if not start.xml:
        start.xml = etree.tostring(
            start.tree, xml_declaration=True, encoding="UTF-8", pretty_print=start.pretty
        )


def wire(start: Sample) -> tuple[bytes, str]:
    """The sample as wire bytes and Content-Type, as it stands."""
    _serialised(start)
    return frame(start)


def deviate(start: Sample, chosen: list[Deviation], draw: Draw) -> Deviant:
    """Apply ``chosen`` to ``start`` in layer order and frame the result."""
    applied = []
    for item in sorted(chosen, key=lambda d: (d.layer, CATALOGUE.index(d))):
        if not item.applies(start):
            continue  # an earlier deviation took the only element this one could change
        if item.layer >= BYTES:
            _serialised(start)
        applied.append((item.name, item.apply(start, draw)))
    _serialised(start)
    body, content_type = frame(start)
    conformant = Sample(
        start.release,
        start.message,
        start.transaction_id,
        start.expected,
        start.expected,
        {},
        {},
        start.attachments,
        Mime(multipart=bool(start.attachments)),
        xml=etree.tostring(start.expected, xml_declaration=True, encoding="UTF-8"),
    )
    return Deviant(body, content_type, applied, frame(conformant))


@st.composite
def deviants(draw: Draw, start: Sample, max_stack: int = 4) -> Deviant:
    """A random stack of 1 to ``max_stack`` deviations of different groups, applied in
    layer order to ``start`` (which it changes: give each draw a fresh sample)."""
    options = applicable(start)
    chosen = draw(
        st.lists(
            st.sampled_from(options),
            min_size=1,
            max_size=max_stack,
            unique_by=lambda d: d.group,
        )
    )
    return deviate(start, chosen, draw)
