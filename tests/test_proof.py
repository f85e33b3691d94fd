"""A payload the generated binder proves valid is one the release schema accepts.

The binders in generated/fast prove the payload valid as they read it (the order and counts
of children, the text between them, each value's lexical form) and note what they cannot
prove; only then does fastpath give the payload a schema pass. A proof the schema would not
sign is a message that skips its findings, so these tests hold the proof to libxml2 itself:
on every release x message type, valid messages, messages with a field spoiled, and
mutations of their trees (text, tails, attributes, children duplicated, dropped, swapped or
nested, values from the edges of each lexical space), and each lexical helper on texts drawn
around its subset.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from test_encode_checks import mutants

from builders import minimal
from conftest import property_settings
from mm7codec import fastpath, lexical
from mm7codec.codec import encode
from mm7codec.releases import SOAP_ENV, default_registry
from strategies import instances, xml_text

REGISTRY = default_registry()
CASES = [(release.name, message) for release in REGISTRY for message in release.messages]
SETTINGS = property_settings()
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Texts at the edges of the lexical spaces MM7 uses: booleans, integers, dateTime, duration,
# anyURI, NMTOKEN, enumerations, white space that XML counts and that it does not.
EDGES = [
    *("", " ", "\t", "\n ", "\xa0", "\u2028", "x", " x ", "a b"),
    *("true", "false", "1", "0", " true", "TRUE", "yes"),
    *("2", "-1", "+5", "05", "\u0663", "\xb2", "1_000", "9" * 20, "0" * 3 + "7"),
    *("P", "PT", "P1D", "-P1D", "P1DT", "PT1H", "P1Y2M3DT4H5M6.7S", "P\u0663D", "P1.5D"),
    *("PT1.S", "P1234567890D", "p1d", "P1M1Y"),
    "2026-12-03T09:30:00Z",
    "2026-12-03T09:30:00",
    "2026-12-03T24:00:00Z",
    "2026-02-30T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-12-03T09:30:00+14:00",
    "2026-12-03T09:30:00+13:59",
    "2026-12-03T09:30:00-14:01",
    "2026-12-03T09:30:00+05:99",
    "2026-12-03T09:30:00.123456789Z",
    "2026-12-03T09:30:00.1234567891Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2026-12-03T09:30:60Z",
    "2026-12-03 09:30:00",
    "2026-12-03T09:30:00z",
    *("cid:part1", "cid:a b", "cid:", "http://example.com/x", "%zz", "cid:%4", "a:b", "1:x"),
    *("cid:a%20b", "urn:x#y#z", "mailto:a@b"),
    *("Normal", "High", "Informational", "Personal", "Sender", "image-basic", "6.8.0"),
    *("5.3.0", "6.8.0 ", "MM7", "a:b:c", ".x", "-"),
]
ATTRIBUTES = [
    *("displayOnly", "addressCoding", "id", "href", "allowAdaptations", "sequence"),
    *("replyChargingSize", "replyDeadline", "foo", f"{{{XSI}}}type", f"{{{XSI}}}nil"),
    *(
        f"{{{SOAP_ENV}}}mustUnderstand",
        "{urn:vendor}x",
        "{http://www.w3.org/XML/1998/namespace}lang",
    ),
]
_values = st.one_of(st.sampled_from(EDGES), xml_text(max_size=8))


def proven(payload: etree._Element, release: Any) -> bool | None:
    """Whether the release's generated binder proves the payload valid; None where it
    declines the payload altogether (the generic path's)."""
    module = fastpath.generated(release)
    assert module is not None
    unproven: list[Any] = []
    try:
        module.DECODERS[payload.tag](payload, unproven)
    except fastpath._ERRORS:
        return None
    return not unproven


def _mutate(draw: Any, payload: etree._Element, names: list[str]) -> str:
    """One change to the payload, described."""
    elements = list(payload.iter())
    node = draw(st.sampled_from(elements), label="node")
    kind = draw(
        st.sampled_from(
            ["text", "tail", "attribute", "duplicate", "drop", "swap", "nest", "rename", "child"]
        ),
        label="kind",
    )
    value = draw(_values, label="value")
    parent = node.getparent()
    if kind == "text":
        node.text = value or None
    elif kind == "tail" and parent is not None:
        node.tail = value or None
    elif kind == "attribute":
        existing = list(node.keys())
        name = draw(st.sampled_from(existing + ATTRIBUTES), label="attribute")
        node.set(name, value)
    elif kind == "duplicate" and parent is not None:
        node.addnext(copy.deepcopy(node))
    elif kind == "drop" and parent is not None:
        parent.remove(node)
    elif kind == "swap" and parent is not None and node.getnext() is not None:
        node.addprevious(node.getnext())
    elif kind == "nest" and node is not payload and len(elements) > 1:
        node.append(copy.deepcopy(draw(st.sampled_from(elements[1:]), label="nested")))
    elif kind == "rename" and node is not payload:
        node.tag = draw(st.sampled_from(names), label="name")
    elif kind == "child":
        etree.SubElement(node, draw(st.sampled_from(names), label="child")).text = value
    return f"{kind} {etree.QName(node).localname}: {value!r}"


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
@SETTINGS
@given(data=st.data())
def test_a_proven_payload_is_one_the_schema_accepts(
    release_name: str, message_type: str, data: Any
) -> None:
    release = REGISTRY.by_name(release_name)
    message = data.draw(instances(release.message_class(message_type)), label="message")
    if data.draw(st.integers(0, 2), label="values spoiled unless") == 0:
        # A field given a value no valid message holds (test_encode_checks), written as the
        # generated writer writes it, unchecked.
        message = data.draw(mutants(message), label="spoiled")
    written = fastpath.write_envelope(message, release, "t-1")
    try:
        payload = etree.fromstring("".join(written or ()).encode("utf-8"))[1][0]
    except (etree.XMLSyntaxError, UnicodeError, IndexError):
        return  # nothing written, or text no parser reads (a NUL)
    names = sorted({etree.QName(e).localname for e in payload.iter()} | {"Number", "Status"})
    names = [f"{{{release.namespace}}}{name}" for name in names]
    done = [
        _mutate(data.draw, payload, names)
        for _ in range(data.draw(st.integers(0, 3), label="changes"))
    ]
    if proven(payload, release):
        assert release.schema.validate(payload), (done, etree.tostring(payload))


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
def test_the_smallest_valid_messages_are_proven(release_name: str, message_type: str) -> None:
    """The proof is not vacuous: a plain valid message needs no schema pass (else the short
    road would validate every message, and the property above would test nothing)."""
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    payload = etree.fromstring(encode(message, transaction_id="t-1").body)[1][0]
    assert release.schema.validate(payload)
    pretty = etree.fromstring(etree.tostring(payload, pretty_print=True))
    assert proven(payload, release) is True
    assert proven(pretty, release) is True  # white space between elements is proven too


_LEXICAL = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="dateTime" type="xs:dateTime"/>
  <xs:element name="union"><xs:simpleType>
    <xs:union memberTypes="xs:dateTime xs:duration"/></xs:simpleType></xs:element>
  <xs:element name="positiveInteger" type="xs:positiveInteger"/>
  <xs:element name="anyURI" type="xs:anyURI"/>
  <xs:element name="NMTOKEN" type="xs:NMTOKEN"/>
</xs:schema>"""
_SCHEMA = etree.XMLSchema(etree.fromstring(_LEXICAL))
_READERS = {
    "dateTime": lambda text, u: lexical.date_time_in(text, u, None),
    "union": lambda text, u: lexical.date_time_or_duration_in(text, u, None),
    "positiveInteger": lambda text, u: lexical.integer_in(text, 1, 10**18, u, None),
    "anyURI": lambda text, u: lexical.any_uri_in(text, u, None),
    "NMTOKEN": lambda text, u: lexical.nmtoken_in(text, u, None),
}
_PLAIN = {
    "dateTime": lexical.date_time,
    "union": lexical.date_time_or_duration,
    "positiveInteger": int,
    "anyURI": str,
    "NMTOKEN": str,
}
_lexical_texts = st.one_of(
    st.sampled_from(EDGES),
    st.text("0123456789-:TZ+.PYMDHS ", max_size=30),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from([e for e in EDGES if e[:1].isdigit() or e[:1] == "P"]),
        st.text("0123456789-:.+Z", max_size=4),
    ),
    xml_text(max_size=12),
)


@pytest.mark.parametrize("kind", sorted(_READERS))
@SETTINGS
@given(text=_lexical_texts)
def test_a_proven_lexical_form_is_one_libxml2_accepts(kind: str, text: str) -> None:
    """Each proving reader returns what the plain reader returns, and notes the node unless
    libxml2 takes the text for the type."""
    unproven: list[Any] = []
    try:
        expected = _PLAIN[kind](text)
    except (lexical.Fallback, ValueError, TypeError):
        with pytest.raises((lexical.Fallback, ValueError, TypeError)):
            _READERS[kind](text, unproven)
        return
    assert _READERS[kind](text, unproven) == expected
    element = etree.Element(kind)
    element.text = text
    if not unproven:
        assert _SCHEMA.validate(element), (kind, text)
