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
import warnings
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree
from xsdata.exceptions import ConverterWarning
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.models.elements import XmlMeta, XmlVar
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.parsers.handlers import LxmlEventHandler

from mm7codec.errors import DecodeError
from mm7codec.findings import Finding, finding
from mm7codec.releases import (
    MM7_NAMESPACE_PREFIX,
    SOAP_ENV,
    XS,
    Registry,
    Release,
    renamed,
)
from mm7codec.xmlparse import line_of, local_name, located, namespace_of

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
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
MAX_XSD_FINDINGS = 25


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
                f"(accepts {', '.join(release.versions)})",
                repaired=lenient,
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
    class (None for a simple value), by qualified name."""

    type_name: str
    index: dict[str, tuple[int, XmlVar, type[Any] | None]]


_LAYOUTS: dict[type[Any], _Layout | None] = {}


def _layout(cls: type[Any]) -> _Layout | None:
    """The class's layout, or None when it takes wildcards (nothing there is ours to move)."""
    if cls not in _LAYOUTS:
        _LAYOUTS[cls] = _build_layout(cls)
    return _LAYOUTS[cls]


def _build_layout(cls: type[Any]) -> _Layout | None:
    meta: XmlMeta = CONTEXT.build(cls)
    element_vars = meta.get_element_vars()
    if meta.any_attributes or any(var.is_wildcard for var in element_vars):
        return None
    index: dict[str, tuple[int, XmlVar, type[Any] | None]] = {}
    for position, var in enumerate(element_vars):
        for item in var.elements.values() if var.is_elements else (var,):
            tp = item.types[0] if item.types else None
            model = tp if tp is not None and CONTEXT.class_type.is_model(tp) else None
            index[item.qname] = (position, item, model)
    return _Layout(getattr(getattr(cls, "Meta", None), "name", cls.__name__), index)


@functools.cache
def _enum_values(tp: type[enum.Enum]) -> tuple[Any, ...]:
    return tuple(member.value for member in tp)


class _Normaliser:
    """One pass over a payload tree against the bindings' metadata."""

    def __init__(self, release: Release, lenient: bool, where: str) -> None:
        self.release = release
        self.lenient = lenient
        self.where = where
        self.findings: list[Finding] = []
        self.extensions: list[bytes] = []
        self.flagged_lines: set[int] = set()
        self._seen: set[str] = set()

    def note(self, code: str, element: etree._Element, message: str, once: str = "") -> None:
        if element.sourceline:
            self.flagged_lines.add(line_of(element))
        key = once and f"{code}:{once}"
        if key and key in self._seen:
            return
        if key:
            self._seen.add(key)
        self.findings.append(
            finding(code, located(self.where, element), message, repaired=self.lenient)
        )

    def rehome(self, payload: etree._Element) -> None:
        """Put every MM7 element of the payload in the release namespace."""
        target = self.release.namespace
        stack = [payload]
        while stack:
            element = stack.pop()
            namespace = namespace_of(element)
            if namespace != target:
                if namespace is None:
                    if element is not payload:  # choose_release reported the payload itself
                        self.note(
                            "MM7_UNQUALIFIED",
                            element,
                            f"{local_name(element)} and others are in no namespace",
                            once="children",
                        )
                elif namespace.startswith(MM7_NAMESPACE_PREFIX) or is_mm7_namespace(namespace):
                    self.note(
                        "MM7_NAMESPACE_MISMATCH",
                        element,
                        f"{local_name(element)} is in {namespace!r}, not {self.release.name}",
                        once=namespace,
                    )
                else:
                    continue  # another vocabulary entirely: judged as an unknown element
                element.tag = f"{{{target}}}{local_name(element)}"
            xsi_type = foreign_xsi_type(element, target)
            if xsi_type is not None:
                self.note(
                    "MM7_XSI_TYPE",
                    element,
                    f"{local_name(element)} and others carry xsi:type={xsi_type!r}, "
                    f"which is no type of {self.release.name}; ignored",
                    once="xsi",
                )
                del element.attrib[_XSI_TYPE]
            for name, value in list(element.attrib.items()):
                qname = etree.QName(name)
                if qname.namespace and qname.localname == "href":
                    self.note(
                        "REF_HREF_QUALIFIED", element, f"href is qualified as {qname.namespace!r}"
                    )
                    del element.attrib[name]
                    element.set("href", value)
            if local_name(element) == "Details":
                continue  # anyDataType: vendor content, any namespace, not ours to move
            stack.extend(child for child in element if isinstance(child.tag, str))

    def normalise(self, element: etree._Element, cls: type[Any]) -> None:
        """Known children in schema order, unknown ones set aside, simple values checked."""
        layout = _layout(cls)
        if layout is None:
            return
        index = layout.index
        positions = []
        for child in list(element):
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
                    f"{self.release.name}; kept as raw XML",
                )
                self.extensions.append(etree.tostring(child, encoding="utf-8"))
                element.remove(child)
                continue
            position, var, model = known
            if model is None and any(isinstance(c.tag, str) for c in child):
                self.note(
                    "MM7_UNKNOWN_ELEMENT",
                    child,
                    f"{local_name(child)} has element content where {self.release.name} expects "
                    "text; kept as raw XML",
                )
                self.extensions.append(etree.tostring(child, encoding="utf-8"))
                element.remove(child)
                continue
            positions.append(position)
            self._check_value(child, var)
            if model is not None:
                self.normalise(child, model)
        if positions != sorted(positions) and layout.type_name not in _unordered_types(
            self.release
        ):
            self.note(
                "MM7_ELEMENT_ORDER",
                element,
                f"children of {local_name(element)} are not in schema order",
            )
            children = [c for c in element if isinstance(c.tag, str)]
            children.sort(key=lambda c: index[c.tag][0])
            for child in children:
                element.append(child)

    def _check_value(self, element: etree._Element, var: XmlVar) -> None:
        if len(element) or not var.types or local_name(element) == "MM7Version":
            return  # MM7Version is judged against the release by choose_release
        tp = var.types[0]
        text = (element.text or "").strip()
        if tp is bool and text.lower() in _BOOLEANS and text not in _BOOLEANS:
            self.note("MM7_BOOLEAN", element, f"{local_name(element)} is {text!r}, not true/false")
            element.text = text.lower()
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            values = _enum_values(tp)
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
                    "kept as given",
                )


def schema_findings(
    release: Release, document: etree._Element, where: str, skip_lines: set[int]
) -> list[Finding]:
    """XSD_INVALID findings for what the release schema refuses (at most MAX_XSD_FINDINGS),
    leaving out lines an earlier finding already explains."""
    schema = release.schema
    if schema.validate(document):
        return []
    found = []
    for error in cast(Iterable[Any], schema.error_log):
        if error.line in skip_lines:
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
        dataclasses.replace(item, where=f"{where} line {line_of(element)}")
        for item in schema_findings(release, copy, where, set())
    ]


def bind(
    payload: etree._Element,
    release: Release,
    *,
    lenient: bool,
    where: str,
    skip_lines: set[int] | None = None,
) -> Bound:
    """Normalise, validate and bind one MM7 payload element (xsdata clears it as it reads)."""
    normaliser = _Normaliser(release, lenient, where)
    normaliser.rehome(payload)
    message_type = local_name(payload)
    cls = release.message_class(message_type)
    normaliser.normalise(payload, cls)
    skip = normaliser.flagged_lines | (skip_lines or set())
    found = [*normaliser.findings, *schema_findings(release, payload, where, skip)]
    version = next((c.text for c in payload if _is_named(c, "MM7Version")), None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConverterWarning)
        try:
            message = _PARSER.parse(payload, cls)
        except Exception as error:  # xsdata raises several types; all mean "cannot bind"
            raise DecodeError(
                f"{where}: cannot bind {message_type} to {release.name}: {error}",
                status_code=4004,
                findings=[*found, finding("XSD_INVALID", where, f"cannot bind: {error}")],
            ) from None
    # A value xsdata could not convert is kept as text; the normaliser has usually named it
    # already, and MM7Version is judged against the release by choose_release.
    unexplained = [w for w in caught if ".mm7_version`" not in str(w.message)]
    if unexplained and not any(item.code == "MM7_ENUM_VALUE" for item in found):
        message = str(unexplained[0].message)
        found.append(finding("MM7_ENUM_VALUE", where, message, repaired=lenient))
    return Bound(
        release,
        message_type,
        message,
        version.strip() if version else None,
        found,
        normaliser.extensions,
    )
