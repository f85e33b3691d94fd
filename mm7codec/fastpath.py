"""The short road: conformant input bound, and messages written, by generated code.

A payload the release schema accepts, with no attribute, text or child the generated binder
does not know, is bound by ``generated/fast`` (tools/fastpath.py) instead of the lenient
normaliser and xsdata's generic runtime; anything else takes the generic path, which stays
the reference: the fast path returns what it would, or nothing. The binder proves as it
reads that the schema accepts the payload, or names what it cannot prove; only then is the
payload given a schema pass. Encoding writes the envelope as text with writers that check,
as they write, what the release schema would check; only text they cannot prove valid is
parsed and given one schema pass. ``GENERIC_ONLY`` (or the
``MM7_GENERIC_ONLY`` environment variable) switches the short road off, for tests and the
benchmark.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from types import ModuleType
from typing import Any

from lxml import etree

from mm7codec.bind import XSI_HINTS, Bound, validate_transaction_id
from mm7codec.envelope import Fault, read_fault
from mm7codec.findings import Finding
from mm7codec.lexical import XML_WHITESPACE, Fallback, Written, escape_text, legal, ncname
from mm7codec.releases import SOAP_ENV, Registry, Release

GENERIC_ONLY = os.environ.get("MM7_GENERIC_ONLY", "") not in ("", "0")
# What generated code raises on input it was not written for (it runs before the schema pass).
_ERRORS = (Fallback, LookupError, ValueError, TypeError, AttributeError, ArithmeticError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_ENVELOPE, _HEADER, _BODY, _FAULT, _MUST_UNDERSTAND = (
    f"{{{SOAP_ENV}}}{name}" for name in ("Envelope", "Header", "Body", "Fault", "mustUnderstand")
)
# A generated binder: the element, and the list it appends what it cannot prove valid to.
Decoder = Callable[[etree._Element, list[etree._Element]], Any]
_MUST_UNDERSTAND_ONE = [(_MUST_UNDERSTAND, "1")]
_MUST_UNDERSTAND_ONLY = [_MUST_UNDERSTAND]
# The Fault children read_envelope takes, in SOAP 1.1's order, unqualified as SOAP wants.
_PLAIN_FAULTS = (
    ["faultcode", "faultstring", "detail"],
    ["faultcode", "faultstring", "faultactor", "detail"],
)


@functools.cache
def generated(release: Release) -> ModuleType | None:
    """The release's generated fast module, None if there is none (a release added at run
    time, say)."""
    try:
        return importlib.import_module(f"{release.bindings_package}.fast.{release.package}")
    except ImportError:
        return None


def bind(payload: etree._Element, release: Release) -> Bound | None:
    """The payload bound by generated code when the generic path would find nothing to say
    about it; None sends it down the generic path."""
    reading = None if GENERIC_ONLY else _reading(release)
    if reading is None:
        return None
    return _bind(payload, payload.tag, release, reading[0], payload)


def _bind(
    payload: etree._Element,
    tag: str,
    release: Release,
    decoders: dict[str, Decoder],
    valid: etree._Element,
) -> Bound | None:
    """The payload (whose tag is ``tag``) bound by the release's generated ``decoders`` if
    ``valid`` (the payload, or the envelope that holds it) is what the release schema
    accepts; None otherwise."""
    # Bind first: it stops at the first element or attribute it does not know, which is
    # cheaper than a schema pass that fails (libxml2 and lxml build an error log for that).
    decoder = decoders.get(tag)
    if decoder is None:
        return None
    unproven: list[etree._Element] = []
    try:
        message = decoder(payload, unproven)
    except _ERRORS:
        return None
    # The binder proves the payload valid as it reads it (order, counts, text between
    # elements, every value's lexical form), or notes what it cannot prove: only then does
    # the schema decide. An envelope (a Fault's) always takes the schema pass.
    if (unproven or valid is not payload) and not release.schema.validate(valid):
        return None
    # The schema takes a schemaLocation hint anywhere; the generic path names it.
    if unproven and any(XSI_HINTS.intersection(node.keys()) for node in unproven):
        return None
    # The binder read MM7Version only if it was exactly one of the enumerated values.
    version = getattr(message, "mm7_version", None)
    if isinstance(version, Enum):
        version = version._value_  # .value is a descriptor: several times slower
    return Bound(release, tag.rpartition("}")[2], message, version, [], [])


def _message(module: ModuleType, payload: etree._Element) -> Any:
    """The message the module's generated binder reads from the payload, None where it has
    no binder for it or was not written for what it meets."""
    decoder = module.DECODERS.get(payload.tag)
    if decoder is None:
        return None
    try:
        return decoder(payload, [])  # what it cannot prove, the normaliser's schema pass has
    except _ERRORS:
        return None


def valid_binder(release: Release) -> Callable[[etree._Element], Any] | None:
    """For bind.bind: the generated binder, for a payload the normaliser made valid. It gives
    the message xsdata would, or None where the generated code was not written for what it
    meets; no binder at all under GENERIC_ONLY or without generated code."""
    module = None if GENERIC_ONLY else generated(release)
    return None if module is None else functools.partial(_message, module)


def proven_transaction_id(element: etree._Element, release: Release) -> bool:
    """Whether the release's generated check proves that bind.validate_transaction_id would
    find nothing: no child, the mustUnderstand attribute alone (which that function sets to
    "1", or drops where the TransactionID is a bare NMTOKEN) and a text the check accepts.
    False where it proves nothing; the schema pass then decides, as it always did."""
    if GENERIC_ONLY or len(element) or element.keys() != _MUST_UNDERSTAND_ONLY:
        return False
    module = generated(release)
    return module is not None and bool(module.transaction_id_ok(element.text or ""))


@functools.cache
def _reading(
    release: Release,
) -> tuple[dict[str, Decoder], Callable[[str], bool], str | None] | None:
    """The release's generated binders by tag, its TransactionID check, and the TransactionID
    tag read_envelope takes: None where that is a bare NMTOKEN (REL-5-MM7-1-0/1-1), whose
    mustUnderstand the envelope's schema pass refuses. None without generated code."""
    module = generated(release)
    if module is None:
        return None
    tag = None
    if "must_understand" in release.transaction_id_class.__dataclass_fields__:
        tag = f"{{{release.namespace}}}TransactionID"
    return module.DECODERS, module.transaction_id_ok, tag


@dataclass
class Plain:
    """What read_envelope found in a plain envelope: the message bound by generated code
    (None: the generated code declined the payload, so the generic path need not try it
    again), the TransactionID, the payload element, and the SOAP Fault the message travels
    in, if it does."""

    bound: Bound | None
    transaction_id: str
    payload: etree._Element
    fault: Fault | None = None


def read_envelope(root: etree._Element, registry: Registry) -> Plain | None:
    """The message of a plain, valid envelope; None sends the envelope down the generic path
    (envelope.read_envelope, release choice, TransactionID checks, then the payload's own
    short road or the normaliser).

    Plain means what the generic path reads without a finding, checked cheaply: an Envelope
    of exactly a Header and a Body, none with attributes; a Header of exactly one
    TransactionID with mustUnderstand="1" and nothing else, its text neither empty nor
    padded; a Body of exactly one message, or of a SOAP Fault of unqualified faultcode,
    faultstring, faultactor and detail whose detail holds exactly one message (an error
    response); both in the namespace of one known release.

    Then what the schema would say. For an envelope without a Fault: no text but XML white
    space between its elements (SOAP's element-only content), the TransactionID's text by
    the release's generated check (where it cannot prove the text valid, the generic path
    decides), and the binder's proof of the message (its MM7Version held to the release's
    own enumeration), with a schema pass over it for what the proof cannot decide. A
    Fault's envelope is given one schema pass whole: SOAP's Header, Body and detail validate
    their entries laxly, that is against the release's global elements, and it checks the
    Fault's own parts too. REL-5-MM7-1-0/1-1 type
    TransactionID without SOAP attributes, so their envelopes would fail that pass: they go
    the generic way.
    """
    # keys() lists attributes without building lxml's attribute proxy; a slice builds the
    # children's proxies in one call (xmlparse.children, inline: its call measured here).
    if GENERIC_ONLY or root.tag != _ENVELOPE or root.keys():
        return None
    children = root[:]  # type: ignore[index]  # lxml-stubs type int indexes only
    if len(children) != 2:
        return None
    header, body = children
    if header.tag != _HEADER or body.tag != _BODY or header.keys() or body.keys():
        return None
    entries, payloads = header[:], body[:]  # type: ignore[index]
    if len(entries) != 1 or len(payloads) != 1:
        return None
    (entry,), (payload,) = entries, payloads
    fault = None
    tag = payload.tag
    if tag == _FAULT:
        read = _plain_fault(payload)
        if read is None:
            return None
        fault, payload = read
        tag = payload.tag
    if not isinstance(tag, str) or tag[:1] != "{":
        return None
    release = registry.in_namespace(tag[1 : tag.find("}")])
    if release is None or (reading := _reading(release)) is None:
        return None
    decoders, transaction_id_ok, transaction_id_tag = reading
    if entry.tag != transaction_id_tag or len(entry) or entry.items() != _MUST_UNDERSTAND_ONE:
        return None
    text = entry.text
    if not text or text.strip() != text:
        return None
    if fault is not None:
        return Plain(_bind(payload, tag, release, decoders, root), text, payload, fault)
    between = (root.text, header.text, header.tail, entry.tail, body.text, body.tail, payload.tail)
    if "".join(filter(None, between)).strip(XML_WHITESPACE):
        return None
    # What proven_transaction_id checks: no child and mustUnderstand alone are checked above.
    if not transaction_id_ok(text):
        return None
    return Plain(_bind(payload, tag, release, decoders, payload), text, payload, fault)


def _plain_fault(element: etree._Element) -> tuple[Fault, etree._Element] | None:
    """The Fault and its one detail element, when the generic envelope reader would read
    them without a finding (and without renaming anything on the way)."""
    children = [child.tag for child in element]
    if element.keys() or children not in _PLAIN_FAULTS:
        return None
    detail = element[len(children) - 1]
    if len(detail) != 1 or detail.keys() or (detail.text or "").strip():
        return None
    found: list[Finding] = []
    fault, payload = read_fault(element, lenient=False, where="body", found=found, schema=False)
    if found or payload is None:
        return None
    return fault, payload


def envelope_bytes(
    message: Any, release: Release, transaction_id: str, fault: tuple[str, str] | None = None
) -> bytes | None:
    """The bare envelope the generic encoder writes for this message (in a SOAP Fault with
    ``fault``), or None when only the generic encoder can say (the message does not
    validate, or holds what the generated writer leaves to it)."""
    written = write_envelope(message, release, transaction_id, fault)
    if written is None:
        return None
    try:
        xml = "".join(written).encode("utf-8")
    except UnicodeError:
        return None
    if not written.unsure:
        return xml  # the generated checks proved what the schema pass would say
    # Something the checks could not decide, or a value they refuse: parse what was written
    # and let the schema judge it.
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return None
    # One schema pass over the whole envelope checks the payload and the TransactionID too:
    # the SOAP schema's Header and Body validate their entries laxly, that is against the
    # release's global elements. Where the TransactionID is a bare NMTOKEN (REL-5-MM7-1-0/1-1)
    # the mustUnderstand attribute fails that pass, so check both parts as the generic path
    # does.
    if release.schema.validate(root):
        return xml
    if not release.schema.validate(root[1][0] if fault is None else root[1][0][2][0]):
        return None
    if validate_transaction_id(root[0][0], release, "TransactionID"):
        return None
    return xml


@functools.cache
def _writing(release: Release) -> tuple[dict[type, Any], Callable[[Any], bool], str] | None:
    """The release's generated writers, its TransactionID check and the envelope's text up
    to the TransactionID; None without generated code."""
    module = generated(release)
    if module is None:
        return None
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:mm7="{release.namespace}">'
        '<soap:Header><mm7:TransactionID soap:mustUnderstand="1">'
    )
    return module.WRITERS, module.transaction_id_ok, head


def write_envelope(
    message: Any, release: Release, transaction_id: str, fault: tuple[str, str] | None = None
) -> Written | None:
    """The envelope's text as the generated writer writes it, ``unsure`` unless the
    generated checks prove the schema accepts it; None when only the generic encoder can
    write this message."""
    writing = None if GENERIC_ONLY else _writing(release)
    if writing is None:
        return None
    writers, transaction_id_ok, head = writing
    entry = writers.get(type(message))
    if entry is None:
        return None
    writer, start, end = entry
    out = Written(
        (head + escape_text(transaction_id) + "</mm7:TransactionID></soap:Header><soap:Body>",)
    )
    if not transaction_id_ok(transaction_id):
        out.unsure = True
    if fault is not None:
        code, string = fault
        if not code or not string:
            return None  # an empty faultcode or faultstring: as the generic encoder writes it
        if not (ncname(code) and legal(string)):
            out.unsure = True
        out.append(
            f"<soap:Fault><faultcode>soap:{escape_text(code)}</faultcode>"
            f"<faultstring>{escape_text(string)}</faultstring><detail>"
        )
    try:
        writer(message, out, start, end)
    except _ERRORS:
        return None
    if fault is not None:
        out.append("</detail></soap:Fault>")
    out.append("</soap:Body></soap:Envelope>")
    return out
