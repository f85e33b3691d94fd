"""SOAP 1.1 envelope: find Header, Body, Fault and the TransactionID, and build envelopes.

MM7 puts its TransactionID in the SOAP Header with mustUnderstand="1" and one MM7 message in
the Body; an error travels as a SOAP Fault whose detail holds RSErrorRsp or VASPErrorRsp.
Lenient reading re-homes an Envelope in a near-miss namespace and unqualifies Fault children
that peers qualify; each repair is a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from mm7codec.errors import DecodeError
from mm7codec.findings import Finding, finding
from mm7codec.releases import SOAP_ENV, soap_envelope_schema
from mm7codec.xmlparse import local_name, located, namespace_of

_FAULT_CHILDREN = ("faultcode", "faultstring", "faultactor", "detail")
_SOAP_ELEMENTS = ("Envelope", "Header", "Body", "Fault")
_SOAP_ATTRIBUTES = ("mustUnderstand", "actor", "encodingStyle")


def _q(local: str) -> str:
    return f"{{{SOAP_ENV}}}{local}"


@dataclass
class Fault:
    """A SOAP 1.1 Fault: code (namespace, local name), string, actor, detail element."""

    code: tuple[str | None, str]
    string: str
    actor: str | None = None
    detail: etree._Element | None = None

    @property
    def code_text(self) -> str:
        namespace, local = self.code
        return f"soap:{local}" if namespace == SOAP_ENV else local


@dataclass
class Envelope:
    """What the envelope stage found: the MM7 payload element and the header entry."""

    root: etree._Element
    header: etree._Element | None
    body: etree._Element
    payload: etree._Element | None
    transaction_id: etree._Element | None
    fault: Fault | None = None
    findings: list[Finding] = field(default_factory=list)


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def read_envelope(
    root: etree._Element,
    *,
    lenient: bool,
    where: str = "body",
    is_message: Callable[[etree._Element], bool] | None = None,
) -> Envelope:
    """Split a parsed SOAP part into header entry, payload and Fault, with findings.

    A root that ``is_message`` calls an MM7 message (operator documents and template
    libraries show bodies with no envelope) is wrapped in one: SOAP_ENVELOPE_MISSING, and
    MM7_TRANSACTION_ID_MISSING as there is no header to hold it.
    """
    found: list[Finding] = []
    wrapped = local_name(root) != "Envelope" and is_message is not None and is_message(root)
    if wrapped:
        found.append(
            finding(
                "SOAP_ENVELOPE_MISSING",
                located(where, root),
                f"{local_name(root)} is the document root: no SOAP Envelope, Header or "
                "TransactionID around it",
                repaired=lenient,
            )
        )
        envelope = etree.Element(_q("Envelope"))
        etree.SubElement(envelope, _q("Body")).append(root)
        root = envelope
    if local_name(root) != "Envelope":
        raise DecodeError(
            f"{where}: root element is {local_name(root)}, not a SOAP Envelope",
            findings=[
                finding("SOAP_STRUCTURE", located(where, root), f"root is {root.tag}, not Envelope")
            ],
        )
    if namespace_of(root) != SOAP_ENV:
        found.append(
            finding(
                "SOAP_ENVELOPE_NAMESPACE",
                located(where, root),
                f"Envelope namespace is {namespace_of(root)!r}, SOAP 1.1 is {SOAP_ENV!r}",
                repaired=lenient,
            )
        )
        wrong = namespace_of(root)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if namespace_of(element) == wrong and local_name(element) in _SOAP_ELEMENTS:
                element.tag = _q(local_name(element))
            for name in [n for n in element.attrib if etree.QName(n).namespace == wrong]:
                local = etree.QName(name).localname
                if local in _SOAP_ATTRIBUTES:
                    element.set(_q(local), element.attrib.pop(name))
    children = _elements(root)
    names = [child.tag for child in children]
    header = children[0] if names[:1] == [_q("Header")] else None
    rest = children[1:] if header is not None else children
    if not rest or rest[0].tag != _q("Body"):
        raise DecodeError(
            f"{where}: Envelope has no Body where SOAP 1.1 puts it",
            findings=[
                *found,
                finding("SOAP_STRUCTURE", located(where, root), f"Envelope children are {names}"),
            ],
        )
    body = rest[0]
    if header is None and not wrapped:
        found.append(
            finding("SOAP_HEADER_MISSING", located(where, root), "no SOAP Header: no TransactionID")
        )
    entries = _elements(body)
    for holder in (root, header, body):
        if holder is not None:
            _soap_text(holder, where, found)
    if len(entries) != 1:
        found.append(
            finding(
                "SOAP_BODY_CONTENT",
                located(where, body),
                f"Body holds {len(entries)} elements, MM7 needs exactly one",
            )
        )
        if not entries:
            raise DecodeError(f"{where}: empty SOAP Body", findings=found)
    payload: etree._Element | None = entries[0]
    fault = None
    if local_name(entries[0]) == "Fault":
        fault, payload = read_fault(entries[0], lenient, where, found)
    transaction_id = _transaction_id(header, where, lenient, found)
    return Envelope(root, header, body, payload, transaction_id, fault, found)


def _soap_text(element: etree._Element, where: str, found: list[Finding]) -> None:
    """Character data in the element-only content of the Envelope, Header or Body (beside
    the payload, between the header entries): no MM7 message can hold it, so it is quoted,
    dropped and never bound."""
    holders: list[tuple[etree._Element, str]] = [(element, "text")]
    holders += [(child, "tail") for child in element]
    for holder, attribute in holders:
        text = getattr(holder, attribute) or ""
        if text.strip():
            name = local_name(element)
            found.append(
                finding(
                    "MM7_VALUE_DROPPED",
                    located(where, element),
                    f"the SOAP {name} holds the text {text.strip()!r} beside its elements; dropped",
                )
            )
            setattr(holder, attribute, None)


def _transaction_id(
    header: etree._Element | None, where: str, lenient: bool, found: list[Finding]
) -> etree._Element | None:
    entries = (
        [] if header is None else [e for e in _elements(header) if local_name(e) == "TransactionID"]
    )
    if not entries:
        found.append(
            finding("MM7_TRANSACTION_ID_MISSING", where, "the SOAP Header has no TransactionID")
        )
        return None
    element = entries[0]
    if len(entries) > 1:
        others = ", ".join(repr((e.text or "").strip()) for e in entries[1:])
        found.append(
            finding(
                "MM7_TRANSACTION_ID_REPEATED",
                located(where, entries[1]),
                f"{len(entries)} TransactionIDs; the first is used, not {others}",
                repaired=lenient,
            )
        )
    text = element.text or ""
    if not text.strip():
        found.append(
            finding("MM7_TRANSACTION_ID_EMPTY", located(where, element), "TransactionID is empty")
        )
    elif text != text.strip():
        found.append(
            finding(
                "MM7_TRANSACTION_ID_SPACE",
                located(where, element),
                f"TransactionID {text!r} has surrounding whitespace",
                repaired=lenient,
            )
        )
    return element


def must_understand(element: etree._Element) -> str | None:
    return element.get(_q("mustUnderstand"))


def read_fault(
    element: etree._Element,
    lenient: bool,
    where: str,
    found: list[Finding],
    *,
    schema: bool = True,
) -> tuple[Fault, etree._Element | None]:
    """A SOAP Fault and the MM7 message in its detail (None without one), adding to
    ``found`` what deviates; qualified Fault children are renamed to the unqualified ones.
    ``schema=False`` leaves out SOAP 1.1's own pass over a Fault the checks find nothing in,
    for a caller that validates the whole envelope."""
    if namespace_of(element) != SOAP_ENV:
        found.append(
            finding(
                "SOAP_FAULT_QUALIFIED",
                located(where, element),
                f"Fault is in namespace {namespace_of(element)!r}, not SOAP 1.1",
                repaired=lenient,
            )
        )
    before = len(found)
    parts: dict[str, etree._Element] = {}
    for child in _elements(element):
        local = local_name(child)
        if namespace_of(child) is not None and local in _FAULT_CHILDREN:
            found.append(
                finding(
                    "SOAP_FAULT_QUALIFIED",
                    located(where, child),
                    f"Fault child {local} is namespace-qualified; SOAP 1.1 wants it unqualified",
                    repaired=lenient,
                )
            )
            child.tag = local
        if child.tag not in _FAULT_CHILDREN or child.tag in parts:
            kind = "a second" if child.tag in parts else "an element"
            _fault_structure(found, where, child, f"Fault holds {kind} {local}, {_xml(child)!r}")
            continue
        parts[local] = child
    if "faultcode" not in parts or "faultstring" not in parts:
        found.append(
            finding("SOAP_FAULT_STRUCTURE", located(where, element), "Fault lacks faultcode/string")
        )
    _fault_content(element, parts, where, found)
    code = _fault_code(parts.get("faultcode"), lenient, where, found)
    detail = parts.get("detail")
    payload = _detail_entry(detail)
    actor = parts.get("faultactor")
    fault = Fault(
        code=code,
        string=(parts["faultstring"].text or "").strip() if "faultstring" in parts else "",
        actor=actor.text if actor is not None else None,
        detail=detail,
    )
    if payload is None:
        # A generic fault (an application server's "Internal error"): say what it said.
        said = f"{fault.code_text or 'no faultcode'} {fault.string!r}"
        text = (detail.text or "").strip() if detail is not None else ""
        found.append(
            finding(
                "SOAP_FAULT_DETAIL",
                located(where, element),
                f"Fault {said} carries no MM7 error response"
                + (f"; its detail says {text[:200]!r}" if text else ""),
            )
        )
    if schema and len(found) == before:  # the schema may see what the checks above do not
        _fault_schema(element, where, found)
    return fault, payload


_ERROR_RESPONSES = ("RSErrorRsp", "VASPErrorRsp")


def _detail_entry(detail: etree._Element | None) -> etree._Element | None:
    """The MM7 error response among the detail's entries (SOAP stacks add their own beside
    it, Axis a stack trace and a host name, before or after), else the first entry."""
    entries = [] if detail is None else _elements(detail)
    chosen = [entry for entry in entries if local_name(entry) in _ERROR_RESPONSES] or entries
    return chosen[0] if chosen else None


def _xml(element: etree._Element) -> str:
    """An element as written, without its tail or the namespaces it does not use: how a
    part that is not read is quoted."""
    alone = deepcopy(element)
    alone.tail = None
    etree.cleanup_namespaces(alone)
    return etree.tostring(alone, encoding="unicode")


def _fault_structure(found: list[Finding], where: str, at: etree._Element, said: str) -> None:
    said = f"{said}, which SOAP 1.1 does not allow"
    found.append(finding("SOAP_FAULT_STRUCTURE", located(where, at), said))


def _fault_content(
    element: etree._Element, parts: dict[str, etree._Element], where: str, found: list[Finding]
) -> None:
    """What SOAP 1.1's Fault type forbids beside its four parts, each quoted: attributes on
    the Fault or a part (detail takes any), elements inside a part's text, text between the
    parts or beside the detail's entries, and parts out of order."""
    names = [name for name in _FAULT_CHILDREN if name in parts]
    if list(parts) != names:
        said = f"Fault parts come as {', '.join(parts)}"
        _fault_structure(found, where, element, f"{said}: SOAP 1.1 orders {', '.join(names)}")
    for holder in (element, *(parts[name] for name in names if name != "detail")):
        for name, value in holder.items():
            said = f"{local_name(holder)} carries {name!s}={str(value)!r}"
            _fault_structure(found, where, holder, said)
        if holder is not element and _elements(holder):
            said = f"{local_name(holder)} holds elements: {_xml(holder)!r}"
            _fault_structure(found, where, holder, said)
    detail = parts.get("detail")
    # A detail of text alone holds no entry: SOAP_FAULT_DETAIL quotes what it says.
    entries = detail if detail is not None and _elements(detail) else None
    for holder, text in _beside(element, entries):
        _fault_structure(found, where, holder, f"{local_name(holder)} holds the text {text!r}")


def _beside(
    fault: etree._Element, detail: etree._Element | None
) -> list[tuple[etree._Element, str]]:
    """Non-blank text in the Fault's or the detail's element-only content (the detail's
    stays in ``Fault.detail``; none of it is read)."""
    texts = []
    for parent in (fault, detail):
        if parent is not None:
            for text in (parent.text, *(child.tail for child in parent)):
                if text and text.strip():
                    texts.append((parent, text.strip()))
    return texts


def _fault_schema(element: etree._Element, where: str, found: list[Finding]) -> None:
    """SOAP 1.1's own verdict on the Fault (MM7 entries in its detail are validated laxly,
    that is not at all, here: the payload has its own pass), as a finding if it fails."""
    fault = deepcopy(element)
    fault.tag = _q("Fault")
    schema = soap_envelope_schema()
    if not schema.validate(fault):
        said = "; ".join(error.message for error in cast(Iterable[Any], schema.error_log))
        found.append(
            finding(
                "SOAP_FAULT_STRUCTURE",
                located(where, element),
                f"the Fault does not validate against SOAP 1.1: {said}",
            )
        )


def _fault_code(
    element: etree._Element | None, lenient: bool, where: str, found: list[Finding]
) -> tuple[str | None, str]:
    if element is None:
        return (None, "")
    text = (element.text or "").strip()
    prefix, _, local = text.rpartition(":")
    namespace = element.nsmap.get(prefix) if prefix else None
    if namespace != SOAP_ENV:
        found.append(
            finding(
                "SOAP_FAULTCODE",
                located(where, element),
                f"faultcode {text!r} is not a QName in the SOAP 1.1 namespace",
                repaired=lenient,
            )
        )
        if local in ("Client", "Server", "VersionMismatch", "MustUnderstand"):
            namespace = SOAP_ENV
    return (namespace, local)


def build_envelope(
    payload: etree._Element,
    transaction_id: str,
    transaction_namespace: str,
    *,
    must_understand_attr: bool = True,
    fault: tuple[str, str] | None = None,
) -> etree._Element:
    """An Envelope with the TransactionID header entry and the payload (or a Fault around it).

    ``fault`` is (faultcode local name, faultstring): the payload becomes the Fault detail.
    """
    nsmap = {"soap": SOAP_ENV, "mm7": transaction_namespace}
    envelope = etree.Element(_q("Envelope"), nsmap=nsmap)
    header = etree.SubElement(envelope, _q("Header"))
    entry = etree.SubElement(header, f"{{{transaction_namespace}}}TransactionID")
    if must_understand_attr:
        entry.set(_q("mustUnderstand"), "1")
    entry.text = transaction_id
    body = etree.SubElement(envelope, _q("Body"))
    if fault is None:
        body.append(payload)
        return envelope
    fault_element = etree.SubElement(body, _q("Fault"))
    etree.SubElement(fault_element, "faultcode").text = f"soap:{fault[0]}"
    etree.SubElement(fault_element, "faultstring").text = fault[1]
    etree.SubElement(fault_element, "detail").append(payload)
    return envelope
