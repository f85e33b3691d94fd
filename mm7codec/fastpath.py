"""The short road: conformant input bound, and messages written, by generated code.

A payload the release schema accepts, with no attribute, text or child the generated binder
does not know, is bound by ``generated/fast`` (tools/fastpath.py) instead of the lenient
normaliser and xsdata's generic runtime; anything else takes the generic path, which stays
the reference: the fast path returns what it would, or nothing. Encoding writes the envelope
as text with writers that check, as they write, what the release schema would check; only
text they cannot prove valid is parsed and given one schema pass. ``GENERIC_ONLY`` (or the
``MM7_GENERIC_ONLY`` environment variable) switches the short road off, for tests and the
benchmark.
"""

from __future__ import annotations

import functools
import importlib
import os
from enum import Enum
from types import ModuleType
from typing import Any

from lxml import etree

from mm7codec.bind import Bound, validate_transaction_id
from mm7codec.lexical import Fallback, Written, escape_text, legal, ncname
from mm7codec.releases import SOAP_ENV, Release
from mm7codec.xmlparse import local_name

GENERIC_ONLY = os.environ.get("MM7_GENERIC_ONLY", "") not in ("", "0")
# What generated code raises on input it was not written for (it runs before the schema pass).
_ERRORS = (Fallback, LookupError, ValueError, TypeError, AttributeError, ArithmeticError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


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
    if GENERIC_ONLY:
        return None
    module = generated(release)
    decoder = module.DECODERS.get(payload.tag) if module is not None else None
    if decoder is None:
        return None
    # Bind first: it stops at the first element or attribute it does not know, which is
    # cheaper than a schema pass that fails (libxml2 and lxml build an error log for that).
    try:
        message = decoder(payload)
    except _ERRORS:
        return None
    if not release.schema.validate(payload):
        return None
    # The binder read MM7Version only if it was exactly one of the enumerated values.
    version = getattr(message, "mm7_version", None)
    if isinstance(version, Enum):
        version = version.value
    return Bound(release, local_name(payload), message, version, [], [])


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


def write_envelope(
    message: Any, release: Release, transaction_id: str, fault: tuple[str, str] | None = None
) -> Written | None:
    """The envelope's text as the generated writer writes it, ``unsure`` unless the
    generated checks prove the schema accepts it; None when only the generic encoder can
    write this message."""
    if GENERIC_ONLY:
        return None
    module = generated(release)
    entry = module.WRITERS.get(type(message)) if module is not None else None
    if module is None or entry is None:
        return None
    writer, tag = entry
    out = Written(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:mm7="{release.namespace}">'
        '<soap:Header><mm7:TransactionID soap:mustUnderstand="1">'
        f"{escape_text(transaction_id)}</mm7:TransactionID></soap:Header><soap:Body>"
    )
    if not module.transaction_id_ok(transaction_id):
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
        writer(message, out, tag)
    except _ERRORS:
        return None
    if fault is not None:
        out.append("</detail></soap:Fault>")
    out.append("</soap:Body></soap:Envelope>")
    return out
