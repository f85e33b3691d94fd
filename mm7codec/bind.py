"""Release choice, lenient normalisation and binding of the MM7 payload to generated classes.

The stage after the envelope: decide which release a payload is (namespace, then MM7Version),
re-home elements that are in no namespace or another release's, put children in schema order,
set vendor elements aside as raw XML, validate against the release schema, and bind with
xsdata. Every normalisation is a finding; schema errors left after them are XSD_INVALID.
What the content model is (order, known children, enumerations, booleans) comes from the
bindings' metadata, so nothing here names a message type or a release.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
import warnings
from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, cast

from lxml import etree
from xsdata.exceptions import ConverterWarning
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.models.elements import XmlMeta, XmlVar
from xsdata.formats.dataclass.models.generics import AnyElement, DerivedElement
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.parsers.handlers import LxmlEventHandler
from xsdata.formats.dataclass.parsers.utils import ParserUtils
from xsdata.models.datatype import XmlDateTime, XmlDuration

from mm7codec.errors import DecodeError
from mm7codec.findings import Finding, Severity, finding
from mm7codec.lexical import Fallback, date_time
from mm7codec.releases import (
    MM7_NAMESPACE_PREFIX,
    SOAP_ENV,
    XS,
    Registry,
    Release,
    renamed,
)
from mm7codec.xmlparse import children, local_name, located, namespace_of

CONTEXT = XmlContext()


def _tolerant_factory(cls: type[Any], params: dict[str, Any]) -> Any:
    """Build a dataclass even when a required element is missing (the verdict says so)."""
    for name, spec in cls.__dataclass_fields__.items():
        if name not in params and spec.init and spec.default is spec.default_factory:
            params[name] = None
    return cls(**params)


_PARSER = XmlParser(
    context=CONTEXT,
    config=ParserConfig(
        fail_on_unknown_properties=False,
        fail_on_converter_warnings=False,
        class_factory=_tolerant_factory,
    ),
    handler=LxmlEventHandler,
)
_BOOLEANS = {"true", "false", "1", "0"}
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_XSI_TYPE = f"{_XSI}type"
# Where a schema may be found: hints any element may carry, valid, never data (nor fetched).
XSI_HINTS = frozenset({f"{_XSI}schemaLocation", f"{_XSI}noNamespaceSchemaLocation"})
MAX_XSD_FINDINGS = 25
# Put in front of an attribute value for xsdata's parse: no namespace prefix starts with a
# private-use character, so xsdata cannot read the value as a QName.
_MARK = "\ue000"


def parse_literally(parser: XmlParser, element: etree._Element, cls: type[Any]) -> Any:
    """``parser.parse(element, cls)`` with every attribute value as the element has it.

    xsdata reads each value of a wildcard attribute (``anyAttribute``, and every attribute
    inside ``xs:any`` content such as Details) as a QName when it can: ``code="soap:Server"``
    would be bound as ``{http://schemas.xmlsoap.org/soap/envelope/}Server``, a value the peer
    never sent. So each value it could read that way is marked before the parse (which
    consumes the element) and restored in the bound message after it. xsi attributes are
    left as they are: xsi:type is the QName xsdata reads it as.
    """
    marked = _mark_attribute_values(element)
    message = parser.parse(element, cls)
    if marked:
        _restore_attribute_values(message, marked)
    return message


def _mark_attribute_values(element: etree._Element) -> dict[str, str]:
    """Mark each attribute value xsdata's parse would read as a QName, and each that starts
    with the mark already (so restoring is exact); the marked values and what they were."""
    marked: dict[str, str] = {}
    for node in element.iter(etree.Element):
        for name, value in node.items():
            text = str(value)  # lxml gives str; its stubs say bytes too
            if str(name).startswith(_XSI):
                continue
            if text.startswith(_MARK) or (
                ":" in text and ParserUtils.parse_any_attribute(text, node.nsmap) != text
            ):
                node.set(name, _MARK + text)
                marked[_MARK + text] = text
    return marked


def _restore_attribute_values(value: Any, marked: dict[str, str]) -> None:
    """Put back, in every attribute field, wildcard attribute map and wildcard element of a
    bound value, the attribute values _mark_attribute_values marked. Text is never touched."""
    if isinstance(value, list):
        for item in value:
            _restore_attribute_values(item, marked)
    elif isinstance(value, AnyElement):
        value.attributes = {name: marked.get(text, text) for name, text in value.attributes.items()}
        _restore_attribute_values(value.children, marked)
    elif isinstance(value, DerivedElement):
        _restore_attribute_values(value.value, marked)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for var in CONTEXT.build(type(value)).get_all_vars():
            held = getattr(value, var.name)
            if var.is_attribute and isinstance(held, str):
                setattr(value, var.name, marked.get(held, held))
            elif var.is_attributes and isinstance(held, dict):
                setattr(value, var.name, {k: marked.get(v, v) for k, v in held.items()})
            elif not var.is_text:
                _restore_attribute_values(held, marked)


@dataclass
class Bound:
    """A payload bound to a release: the typed message and what binding it found."""

    release: Release
    message_type: str
    message: Any
    mm7_version: str | None
    findings: list[Finding] = field(default_factory=list)
    extensions: list[bytes] = field(default_factory=list)


def foreign_xsi_type(element: etree._Element, namespace: str) -> str | None:
    """The xsi:type of an element when it names a type outside ``namespace``.

    SOAP-encoding toolkits (Axis 1 and its kin) write xsi:type="xsd:string" on every element,
    often without declaring the prefix: such a type is not the schema's, and binding it fails.
    """
    value = element.get(_XSI_TYPE)
    if value is None:
        return None
    prefix, _, local = value.strip().rpartition(":")
    resolved = element.nsmap.get(prefix or None)
    return None if resolved == namespace and local else value


def is_mm7_namespace(namespace: str | None) -> bool:
    return namespace is not None and (
        namespace.startswith(MM7_NAMESPACE_PREFIX) or "MM7" in namespace.upper()
    )


def choose_release(
    payload: etree._Element,
    header_namespace: str | None,
    registry: Registry,
    *,
    lenient: bool,
    where: str,
) -> tuple[Release, str | None, list[Finding]]:
    """The release to bind with, the MM7Version as declared, and the findings on the way."""
    found: list[Finding] = []
    namespace = namespace_of(payload)
    version_element = next((c for c in payload if _is_named(c, "MM7Version")), None)
    version = (version_element.text or "").strip() if version_element is not None else None
    known = {release.namespace for release in registry}
    if namespace in known:
        release = registry.by_namespace(namespace)
    elif namespace is None:
        found.append(
            finding(
                "MM7_UNQUALIFIED",
                located(where, payload),
                f"{local_name(payload)} is in no namespace",
                repaired=lenient,
            )
        )
        if header_namespace in known:
            release = registry.by_namespace(header_namespace)
        else:
            release = registry.nearest("", version)
    elif is_mm7_namespace(namespace) or local_name(payload) in registry.newest.messages:
        release = registry.nearest(namespace, version)
        found.append(
            finding(
                "MM7_UNKNOWN_NAMESPACE",
                located(where, payload),
                f"{namespace!r} is no known MM7 release; read as {release.name}",
                repaired=lenient,
            )
        )
    else:
        raise DecodeError(
            f"{where}: {payload.tag} is not an MM7 message",
            status_code=4003,
            findings=[finding("MM7_UNKNOWN_MESSAGE", located(where, payload), str(payload.tag))],
        )
    if (
        header_namespace
        and namespace
        and header_namespace in known
        and namespace in known
        and header_namespace != namespace
    ):
        found.append(
            finding(
                "MM7_NAMESPACE_MISMATCH",
                where,
                f"TransactionID is in {header_namespace.rsplit('/', 1)[-1]}, "
                f"the body in {namespace.rsplit('/', 1)[-1]}",
                repaired=lenient,
            )
        )
    if version is None:
        found.append(finding("MM7_VERSION_MISSING", located(where, payload), "no MM7Version"))
    elif not release.accepts(version):
        found.append(
            finding(
                "MM7_VERSION_NOT_ACCEPTED",
                located(where, version_element) if version_element is not None else where,
                f"MM7Version {version!r} is not accepted by {release.name} "
                f"(accepts {', '.join(release.versions)}); kept as sent",
            )
        )
    if local_name(payload) not in release.messages:
        raise DecodeError(
            f"{where}: {release.name} has no message {local_name(payload)}",
            status_code=4003,
            findings=[
                *found,
                finding(
                    "MM7_UNKNOWN_MESSAGE",
                    located(where, payload),
                    f"{local_name(payload)} is not a message of {release.name}",
                ),
            ],
        )
    return release, version, found


def _is_named(element: object, local: str) -> bool:
    return (
        isinstance(element, etree._Element)
        and isinstance(element.tag, str)
        and local_name(element) == local
    )


@functools.cache
def _unordered_types(release: Release) -> frozenset[str]:
    """Complex types whose content is an xs:all: any child order is valid there."""
    names = release.schema_document.xpath("//xs:complexType[xs:all]/@name", namespaces={"xs": XS})
    return frozenset(str(name) for name in names)  # type: ignore[union-attr]


@dataclass(frozen=True)
class _Layout:
    """What normalising needs of a generated class: each child's position, variable and
    class (None for a simple value), by qualified name; the positions a child may take only
    once; its attributes; whether its content holds text."""

    type_name: str
    index: dict[str, tuple[int, XmlVar, type[Any] | None]]
    once: frozenset[int]
    attributes: frozenset[str]
    text: bool
    any_attribute: bool

    @property
    def empty(self) -> bool:
        return not self.text and not self.index


_LAYOUTS: dict[type[Any], _Layout | None] = {}


def _layout(cls: type[Any]) -> _Layout | None:
    """The class's layout, or None when it takes wildcard elements (nothing there is ours to
    move). A wildcard attribute (ServiceCode's) leaves its attributes alone, not its content."""
    if cls not in _LAYOUTS:
        _LAYOUTS[cls] = _build_layout(cls)
    return _LAYOUTS[cls]


def _build_layout(cls: type[Any]) -> _Layout | None:
    meta: XmlMeta = CONTEXT.build(cls)
    element_vars = [var for var in meta.get_element_vars() if not var.is_text]
    if any(var.is_wildcard for var in element_vars):
        return None
    index: dict[str, tuple[int, XmlVar, type[Any] | None]] = {}
    for position, var in enumerate(element_vars):
        for item in var.elements.values() if var.is_elements else (var,):
            tp = item.types[0] if item.types else None
            model = tp if tp is not None and CONTEXT.class_type.is_model(tp) else None
            index[item.qname] = (position, item, model)
    return _Layout(
        getattr(getattr(cls, "Meta", None), "name", cls.__name__),
        index,
        frozenset(p for p, var in enumerate(element_vars) if not var.list_element),
        frozenset(meta.attributes),
        meta.text is not None,
        bool(meta.any_attributes),
    )


@functools.cache
def _enum_values(tp: type[enum.Enum]) -> tuple[Any, ...]:
    return tuple(member.value for member in tp)


_NAMESPACE_ATTRIBUTES = frozenset({_XSI_TYPE})
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}:?\d{2})?$")
_SPACED = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2}\S*)$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
_FIRST_STEP = re.compile(r"^/[^/\[]*(?:\[[^\]]*\])?")


def _iso_zone(zone: str | None) -> str:
    if not zone or zone == "Z":
        return zone or ""
    zone = zone.replace(":", "")
    return f"{zone[:3]}:{zone[3:]}"


def repaired_datetime(text: str) -> str | None:
    """The xs:dateTime a peer meant by an RFC 822 date, a compact ``YYYYMMDDhhmmss`` or a
    date with a space for ``T``; None when the text is none of these (never a guess)."""
    candidate: str | None = None
    compact = _COMPACT.match(text)
    spaced = _SPACED.match(text)
    if compact:
        year, month, day, hour, minute, second, zone = compact.groups()
        candidate = f"{year}-{month}-{day}T{hour}:{minute}:{second}{_iso_zone(zone)}"
    elif spaced:
        candidate = f"{spaced.group(1)}T{spaced.group(2)}"
    elif _RFC822.match(text):
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        offset = when.utcoffset()
        if offset is None:
            zone = ""
        elif not offset:
            zone = "Z"
        else:
            minutes = int(offset.total_seconds()) // 60
            sign = "+" if minutes >= 0 else "-"
            zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        candidate = when.strftime("%Y-%m-%dT%H:%M:%S") + zone
    if candidate is None:
        return None
    try:
        XmlDateTime.from_string(candidate)
    except ValueError:
        return None
    return candidate


def _parses_as(text: str, types: Iterable[Any]) -> bool:
    """Whether any of the types (xs:dateTime, xs:duration) reads the text."""
    if text.lstrip("-")[:1] == "P":  # a duration's shape: try it before a dateTime's refusal
        types = sorted(types, key=lambda tp: tp is not XmlDuration)
    for tp in types:
        try:
            if tp is XmlDateTime:
                date_time(text)  # what xsdata reads, the common shape without its parser
            else:
                XmlDuration(text)
            return True
        except (ValueError, Fallback):
            continue
    return False


def address_kind(text: str) -> str:
    """Which addressType child a bare-text address is, by its syntax: an ``@`` makes an
    RFC 2822 address, seven or more digits (after ``+``/``00`` and punctuation) a Number,
    anything else a ShortCode."""
    if "@" in text:
        return "RFC2822Address"
    digits = _PHONE_PUNCTUATION.sub("", text.split("/", 1)[0])
    if re.fullmatch(r"\+?\d{7,}", digits):
        return "Number"
    return "ShortCode"


def _joined(parent: etree._Element, child: etree._Element) -> str:
    """What a finding on ``child``, set aside, adds when the text on both its sides becomes
    one: both pieces, quoted (empty when nothing is joined). Where the type holds no text,
    _check_text then drops the joined text, quoted too."""
    previous = child.getprevious()
    before = ((parent.text if previous is None else previous.tail) or "").strip()
    after = (child.tail or "").strip()
    if not (before and after):
        return ""
    return f"; the text on either side, {before!r} and {after!r}, is read as one"


class _Normaliser:
    """One pass over a payload tree against the bindings' metadata.

    Findings are tied to the element they are about; ``explained`` holds the elements whose
    value is kept as sent under an unrepaired finding, so the schema verdict on exactly those
    elements is not said twice. Nothing is keyed by line: one repair hides nothing else.
    """

    def __init__(self, release: Release, lenient: bool, where: str) -> None:
        self.release = release
        self.lenient = lenient
        self.where = where
        self.findings: list[Finding] = []
        self.extensions: list[bytes] = []
        self.explained: set[etree._Element] = set()
        self._seen: set[str] = set()

    def note(
        self,
        code: str,
        element: etree._Element,
        message: str,
        once: str = "",
        *,
        repaired: bool | None = None,
    ) -> None:
        """Add a finding about ``element``; ``repaired=False`` for a value kept as sent."""
        if repaired is False:
            self.explained.add(element)
        key = once and f"{code}:{once}"
        if key and key in self._seen:
            return
        if key:
            self._seen.add(key)
        self.findings.append(
            finding(
                code,
                located(self.where, element),
                message,
                repaired=self.lenient if repaired is None else repaired,
            )
        )

    def dropped(self, element: etree._Element, what: str, value: str) -> None:
        """A value the message cannot hold: quoted in its own finding, never silent."""
        self.note(
            "MM7_VALUE_DROPPED",
            element,
            f"{what} of {local_name(element)} is {value!r}, which {self.release.name} has no "
            "place for; dropped",
            repaired=False,
        )

    def rehome(self, payload: etree._Element, declared: str | None = None) -> None:
        """Put every MM7 element of the payload in the release namespace (``declared``: the
        namespace the payload was read in, MM7 even when it looks like no release's)."""
        target = self.release.namespace
        home = f"{{{target}}}"
        stack = [payload]
        while stack:
            element = stack.pop()
            tag = element.tag
            if not isinstance(tag, str):
                continue  # a comment or processing instruction: nothing to move
            if not tag.startswith(home):
                namespace = namespace_of(element)
                if namespace is None:
                    if element is not payload:  # choose_release reported the payload itself
                        self.note(
                            "MM7_UNQUALIFIED",
                            element,
                            f"{local_name(element)} and others are in no namespace",
                            once="children",
                        )
                elif namespace == declared:
                    pass  # an unknown MM7 namespace: choose_release reported it
                elif is_mm7_namespace(namespace):
                    self.note(
                        "MM7_NAMESPACE_MISMATCH",
                        element,
                        f"{local_name(element)} is in {namespace!r}, not {self.release.name}",
                        once=namespace,
                    )
                else:
                    continue  # another vocabulary entirely: judged as an unknown element
                tag = element.tag = f"{home}{local_name(element)}"
            names = element.keys()  # a list of the attribute names, none on most elements
            for name in names:
                if name[:1] == "{":  # only a qualified one (xsi:type, a qualified href) moves
                    self._rehome_attributes(element, target)
                    break
            if tag.endswith("}Details"):
                continue  # anyDataType: vendor content, any namespace, not ours to move
            if len(element):  # most elements are leaves
                stack.extend(children(element))

    def _rehome_attributes(self, element: etree._Element, target: str) -> None:
        """A foreign xsi:type dropped, a qualified href unqualified; each a finding."""
        xsi_type = foreign_xsi_type(element, target)
        if xsi_type is not None:
            self.note(
                "MM7_XSI_TYPE",
                element,
                f"{local_name(element)} and others carry xsi:type={xsi_type!r}, "
                f"which is no type of {self.release.name}; ignored",
                once=f"xsi:{xsi_type}",
            )
            del element.attrib[_XSI_TYPE]
        for name, value in element.items():  # a list: no attrib proxy, safe to delete from
            if name[:1] != "{":
                continue  # unqualified: nothing to unqualify
            qname = etree.QName(name)
            if qname.namespace and qname.localname == "href":
                self.note(
                    "REF_HREF_QUALIFIED", element, f"href is qualified as {qname.namespace!r}"
                )
                del element.attrib[name]
                element.set("href", value)

    def normalise(self, element: etree._Element, cls: type[Any]) -> None:
        """Known children in schema order, unknown ones set aside, simple values checked,
        attributes and text the class cannot hold named."""
        layout = _layout(cls)
        if layout is None:
            return
        if not layout.any_attribute:
            self._check_attributes(element, layout.attributes)
        index = layout.index
        positions = []
        top = -1  # the highest position read: only a child at or below it can repeat one
        kept = []  # the element children left after those set aside or dropped
        for child in children(element):
            if not isinstance(child.tag, str):
                continue
            known = index.get(child.tag)
            other = None if known is not None else renamed(local_name(element), local_name(child))
            if other is not None and f"{{{self.release.namespace}}}{other}" in index:
                self.note(
                    "MM7_RENAMED_ELEMENT",
                    child,
                    f"{local_name(child)} is another release's name; {self.release.name} "
                    f"calls it {other}",
                )
                child.tag = f"{{{self.release.namespace}}}{other}"
                known = index[child.tag]
            if known is None:
                self.note(
                    "MM7_UNKNOWN_ELEMENT",
                    child,
                    f"{local_name(child)} is not part of {local_name(element)} in "
                    f"{self.release.name}; kept as raw XML{_joined(element, child)}",
                )
                self._set_aside(element, child)
                continue
            position, var, model = known
            if position <= top and position in layout.once and position in positions:
                self.note(
                    "MM7_ELEMENT_REPEATED",
                    child,
                    f"{local_name(child)} comes again in {local_name(element)}, where "
                    f"{self.release.name} allows one; the first is read, this one kept as raw XML",
                )
                self._set_aside(element, child)
                continue
            if model is None and len(child) and any(isinstance(c.tag, str) for c in child):
                self.note(
                    "MM7_UNKNOWN_ELEMENT",
                    child,
                    f"{local_name(child)} has element content where {self.release.name} expects "
                    "text; kept as raw XML",
                )
                self._set_aside(element, child)
                continue
            if model is None and _empty_optional(child, var):
                self.note(
                    "MM7_EMPTY_ELEMENT",
                    child,
                    f"{local_name(child)} is empty, and an empty {local_name(child)} is no "
                    "value; read as absent",
                )
                element.remove(child)  # its tail is whitespace or _check_text's to judge
                continue
            positions.append(position)
            if position > top:
                top = position
            kept.append(child)
            if model is not None:
                self.normalise(child, model)
            else:
                if child.keys():  # a leaf's attributes are all foreign
                    self._check_attributes(child, frozenset())
                self._check_value(child, var)
        if not layout.text:  # after vendor elements are set aside, before any move
            self._check_text(element, layout, kept)
        if (
            len(positions) > 1
            and positions != sorted(positions)
            and layout.type_name not in _unordered_types(self.release)
        ):
            self.note(
                "MM7_ELEMENT_ORDER",
                element,
                f"children of {local_name(element)} are not in schema order",
            )
            for child in sorted(kept, key=lambda c: index[c.tag][0]):
                element.append(child)

    def _set_aside(self, parent: etree._Element, child: etree._Element) -> None:
        self.extensions.append(etree.tostring(child, encoding="utf-8", with_tail=False))
        if child.tail:  # lxml removes the tail with the element: keep it for _check_text
            previous = child.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + child.tail
            else:
                parent.text = (parent.text or "") + child.tail
        parent.remove(child)

    def _check_attributes(self, element: etree._Element, known: frozenset[str]) -> None:
        for name, value in element.items():  # a list: no attrib proxy, safe to delete from
            if name in known or name in _NAMESPACE_ATTRIBUTES:
                continue
            qname = etree.QName(name)
            if qname.namespace == SOAP_ENV:
                # SOAP processing instructions (Axis writes encodingStyle on every element),
                # not message content: removed, and the finding keeps what they said.
                self.note(
                    "MM7_SOAP_ATTRIBUTE",
                    element,
                    f"{local_name(element)} carries soap:{qname.localname}={str(value)!r}; "
                    "a SOAP attribute, not MM7 data: removed",
                )
            elif name in XSI_HINTS:
                self.note(
                    "XML_SCHEMA_LOCATION",
                    element,
                    f"{local_name(element)} carries xsi:{qname.localname}={str(value)!r}: a "
                    "schema location hint, valid anywhere, never fetched; ignored",
                )
            else:
                self.dropped(element, f"attribute {name!s}", str(value))
            del element.attrib[name]

    def _check_text(
        self, element: etree._Element, layout: _Layout, elements: list[etree._Element]
    ) -> None:
        """Text where the type has none (``elements``: the element's element children): whitespace
        in an empty type is dropped; a bare address is put in the child its syntax names;
        anything else is dropped, quoted."""
        text = element.text or ""
        if layout.empty and not elements and text and not text.strip():
            self.note(
                "MM7_EMPTY_CONTENT",
                element,
                f"{local_name(element)} is empty in {self.release.name} but holds {text!r}; "
                "dropped",
            )
            element.text = None
            return
        if text.strip():
            kind = address_kind(text.strip())
            qname = f"{{{self.release.namespace}}}{kind}"
            if not elements and qname in layout.index:
                self.note(
                    "MM7_ADDRESS_TEXT",
                    element,
                    f"{local_name(element)} holds the bare text {text.strip()!r}; read as its "
                    f"{kind}",
                )
                etree.SubElement(element, qname).text = text.strip()
                element.text = None
            else:
                self.dropped(element, "text", text.strip())
                element.text = None
        for child in elements:
            tail = child.tail or ""
            if tail.strip():
                self.dropped(element, f"text after {local_name(child)}", tail.strip())
                child.tail = None

    def _check_value(self, element: etree._Element, var: XmlVar) -> None:
        if not var.types or var.local_name == "MM7Version":  # the element's name: matched by it
            return  # MM7Version is judged against the release by choose_release
        tp = var.types[0]
        if tp is str and len(var.types) == 1:
            return  # any text is a string
        text = (element.text or "").strip()
        if tp is bool and text.lower() in _BOOLEANS and text not in _BOOLEANS:
            self.note("MM7_BOOLEAN", element, f"{local_name(element)} is {text!r}, not true/false")
            element.text = text.lower()
        elif XmlDateTime in var.types and text != element.text and _parses_as(text, var.types):
            # xs:dateTime collapses whitespace, but libxml2 refuses it before the value:
            # the same value, so no finding.
            element.text = text
        elif XmlDateTime in var.types and text and not _parses_as(text, var.types):
            value = repaired_datetime(text)
            if value is not None:
                self.note(
                    "MM7_DATE_FORMAT",
                    element,
                    f"{local_name(element)} {text!r} is no xs:dateTime; read as {value}",
                )
                element.text = value
            else:
                self.note(
                    "MM7_DATE_FORMAT",
                    element,
                    f"{local_name(element)} {text!r} is no xs:dateTime and no date form we "
                    "know; kept as sent",
                    repaired=False,
                )
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            values = _enum_values(tp)
            if element.text in values and text in values:
                return  # the common case, before any case-folding
            same = [v for v in values if isinstance(v, str) and v.lower() == text.lower()]
            if element.text not in values and len(same) == 1:
                self.note(
                    "MM7_ENUM_VALUE",
                    element,
                    f"{local_name(element)} {element.text!r} differs from {same[0]!r} only in "
                    "case or surrounding space; read as that",
                )
                element.text = same[0]
            elif text not in values:
                self.note(
                    "MM7_ENUM_VALUE",
                    element,
                    f"{local_name(element)} {text!r} is not one of {', '.join(map(str, values))}; "
                    "kept as sent",
                    repaired=False,
                )


def _empty_optional(element: etree._Element, var: XmlVar) -> bool:
    """An optional element with no text, children or attributes whose type has no empty
    value (a date, number, boolean or enumeration): ``<ExpiryDate/>`` meaning none."""
    if (element.text and element.text.strip()) or len(element) or element.keys():
        return False
    if var.required or var.list_element or not var.types:
        return False
    return all(
        tp not in (str, object)
        and not (isinstance(tp, type) and issubclass(tp, enum.Enum) and "" in _enum_values(tp))
        for tp in var.types
    )


def _error_element(document: etree._Element, path: str | None) -> etree._Element | None:
    """The element a schema error is about, found by the error's XPath (None if it cannot
    be resolved: then the error is kept)."""
    if not path:
        return None
    prefixes: dict[str, str] = {}
    for element in document.iter():
        for prefix, uri in element.nsmap.items():
            if prefix:
                prefixes.setdefault(prefix, uri)
    # The path starts at the validated element (libxml2 writes it as a document root).
    first = _FIRST_STEP.match(path)
    if first is None:
        return None
    rest = path[first.end() :].lstrip("/")
    if not rest:
        return document
    try:
        found = document.xpath(rest, namespaces=prefixes)
    except etree.XPathError:
        return None
    if isinstance(found, list) and len(found) == 1 and isinstance(found[0], etree._Element):
        return found[0]
    return None


def schema_findings(
    release: Release,
    document: etree._Element,
    where: str,
    explained: set[etree._Element] | frozenset[etree._Element] = frozenset(),
) -> list[Finding]:
    """XSD_INVALID findings for what the release schema refuses (at most MAX_XSD_FINDINGS),
    leaving out errors about an element an unrepaired finding already names."""
    schema = release.schema
    if schema.validate(document):
        return []
    found = []
    for error in cast(Iterable[Any], schema.error_log):
        if explained and _error_element(document, error.path) in explained:
            continue
        found.append(
            finding(
                "XSD_INVALID",
                f"{where} line {error.line} column {error.column}",
                error.message,
            )
        )
        if len(found) >= MAX_XSD_FINDINGS:
            break
    return found


def _lone_copy(element: etree._Element) -> etree._Element:
    """A copy of an element as the root of a tree of its own (a fresh element when it has no
    children: several times cheaper than deepcopy)."""
    if len(element):
        return deepcopy(element)
    copy = etree.Element(element.tag, nsmap=cast(Any, element.nsmap))
    for name, value in element.attrib.items():
        copy.set(name, value)
    copy.text = element.text
    return copy


def validate_transaction_id(element: etree._Element, release: Release, where: str) -> list[Finding]:
    """Validate the header entry against the release (SOAP attributes are SOAP's business
    in REL-5-MM7-1-0/1-1, whose TransactionID is a bare NMTOKEN)."""
    copy = _lone_copy(element)  # a tree of its own, so the schema sees a lone root
    copy.tag = f"{{{release.namespace}}}TransactionID"
    if foreign_xsi_type(copy, release.namespace) is not None:
        del copy.attrib[_XSI_TYPE]  # reported as MM7_XSI_TYPE by the caller
    if "must_understand" not in {f for f in release.transaction_id_class.__dataclass_fields__}:
        for name in list(copy.attrib):
            if etree.QName(name).namespace:
                del copy.attrib[name]
    elif copy.get(_MUST_UNDERSTAND) is not None:
        # A wrong value ("true") is MM7_MUST_UNDERSTAND's to report, not the schema pattern's.
        copy.set(_MUST_UNDERSTAND, "1")
    return [
        dataclasses.replace(item, where=located(where, element))
        for item in schema_findings(release, copy, where)
    ]


def bind(
    payload: etree._Element,
    release: Release,
    *,
    lenient: bool,
    where: str,
    declared: str | None = None,
    explained: set[etree._Element] | None = None,
    generated: Callable[[etree._Element], Any] | None = None,
) -> Bound:
    """Normalise, validate and bind one MM7 payload element (xsdata clears it as it reads).

    ``declared`` is the namespace the payload was read in; ``explained`` the elements an
    earlier unrepaired finding names (MM7Version a release refuses). ``generated`` binds a
    payload the normaliser made valid as xsdata would (fastpath.valid_binder: the message,
    or None where it cannot say). The result is always an instance of
    ``release.message_class(message_type)``, or DecodeError.
    """
    normaliser = _Normaliser(release, lenient, where)
    normaliser.rehome(payload, declared)
    message_type = local_name(payload)
    cls = release.message_class(message_type)
    payload.tail = None  # text after the payload is the envelope's to report, never bound
    normaliser.normalise(payload, cls)
    excused = normaliser.explained | (explained or set())
    schema = schema_findings(release, payload, where, excused)
    found = [*normaliser.findings, *schema]
    version = next((c.text for c in payload if _is_named(c, "MM7Version")), None)
    # Repaired into a valid payload (no error excused either): the generated binder reads it
    # as xsdata would, several times faster.
    message = None
    if generated is not None and not schema and (not excused or release.schema.validate(payload)):
        message = generated(payload)
    if message is None:
        message = _xsdata_bind(payload, cls, where, release, found)
    return Bound(
        release,
        message_type,
        message,
        version.strip() if version else None,
        found,
        normaliser.extensions,
    )


def _xsdata_bind(
    payload: etree._Element, cls: type[Any], where: str, release: Release, found: list[Finding]
) -> Any:
    """xsdata's generic binding of the payload, adding to ``found`` a value it kept as sent."""
    message_type = local_name(payload)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConverterWarning)
        try:
            message = parse_literally(_PARSER, payload, cls)
        except Exception as error:  # xsdata raises several types; all mean "cannot bind"
            raise DecodeError(
                f"{where}: cannot bind {message_type} to {release.name}: {error}",
                status_code=4004,
                findings=[*found, finding("XSD_INVALID", where, f"cannot bind: {error}")],
            ) from None
    if type(message) is not cls:
        raise DecodeError(
            f"{where}: {message_type} bound as {type(message).__name__}, not {cls.__name__}",
            status_code=4004,
            findings=[*found, finding("XSD_INVALID", where, f"{message_type} did not bind")],
        )
    # A value xsdata could not convert stays in the message as the text sent; an unrepaired
    # finding must say so (the normaliser's or the schema's), else this one does.
    unexplained = [w for w in caught if ".mm7_version`" not in str(w.message)]
    if unexplained and not any(
        item.severity is Severity.ERROR and not item.repaired for item in found
    ):
        # The value quoted as sent: without the mark parse_literally may have put in front.
        found.extend(
            finding(
                "XSD_INVALID",
                where,
                f"{str(warning.message).replace(_MARK, '')}; kept as sent",
            )
            for warning in unexplained
        )
    return message
