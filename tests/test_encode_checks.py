"""The encoder's generated checks prove what the schema pass would say, or stay unsure.

``fastpath.envelope_bytes`` returns the generated writer's text without parsing it when the
checks generated from the release schema (tools/fastpath.py: required fields, occurrence
bounds, enumerations, facets, lexical forms, XML character legality) accept every value. The
properties here hold that to lxml: on generated messages of every release x message type,
and on mutated ones (a field removed, a value of the wrong type, out of its facet, with an
illegal character, a list emptied or repeated), "the checks accept" implies "lxml's XSD pass
accepts the written bytes" and the bytes are the generic encoder's; and encode() gives what
the generic path gives, EncodeError and its findings included.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from lxml import etree
from test_fastpath import generic_only
from xsdata.models.datatype import XmlDateTime, XmlDuration

from builders import minimal
from conftest import property_settings
from mm7codec import fastpath, lexical
from mm7codec.bind import validate_transaction_id
from mm7codec.codec import encode
from mm7codec.errors import Mm7Error
from mm7codec.releases import Release, default_registry
from strategies import instances, transaction_ids, xml_text

REGISTRY = default_registry()
CASES = [(release.name, message) for release in REGISTRY for message in release.messages]
SETTINGS = property_settings()
FAULTS = ("RSErrorRsp", "VASPErrorRsp")


def xsd_accepts(xml: bytes, release: Release, fault: bool) -> bool:
    """What the schema pass of the encoder says of the written envelope, by lxml alone: the
    whole envelope validates, or (a TransactionID without SOAP attributes in its release)
    the payload and the TransactionID each do."""
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return False
    if release.schema.validate(root):
        return True
    payload = root[1][0][2][0] if fault else root[1][0]
    return bool(release.schema.validate(payload)) and not validate_transaction_id(
        root[0][0], release, "TransactionID"
    )


def outcome(message: Any, transaction_id: str, fault: tuple[str, str] | None) -> Any:
    try:
        return ("encoded", encode(message, transaction_id=transaction_id, fault=fault).body)
    except Mm7Error as error:
        return ("error", type(error), str(error), error.status_code, error.findings)
    except Exception as error:  # a mutated value the generic serialiser cannot write
        return ("raised", type(error))


def _nodes(value: Any) -> list[Any]:
    """Every dataclass instance in a message, the message first."""
    found: list[Any] = []
    if isinstance(value, list):
        for item in value:
            found += _nodes(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found.append(value)
        for spec in dataclasses.fields(value):
            found += _nodes(getattr(value, spec.name))
    return found


def _bad_values() -> list[Any]:
    """Values no or only some fields may hold: of the wrong type, outside a facet, with a
    character XML refuses, out of range."""
    values: list[Any] = [
        None,
        "",
        " two words ",
        "x\x01y",
        "\ufffe",
        "\ud800",
        "a\x0bb",
        0,
        -1,
        10**20,
        True,
        1.5,
        b"bytes",
        "http://host:port/",
        "P",
        XmlDuration("P0D"),
        XmlDuration("P9999999999Y"),
    ]
    for fields in [
        (2021, 2, 29, 1, 0, 0, 0, 0),
        (10000, 1, 1, 0, 0, 0, 0, None),
        (2020, 1, 1, 0, 0, 0, 0, 900),
    ]:
        try:
            values.append(XmlDateTime(*fields))
        except ValueError:
            continue
    return values


BAD_VALUES = _bad_values()
# Text the writers must escape as libxml2 does (& < > in text; also " tab LF CR in an
# attribute), or may write as it is (') where their checks prove it needs nothing.
MARKUP = ["a&b", "<x/>", "x>y", 'say "hi"', "it's", "cr\rlf\n", "tab\there", "&amp;", "]]>"]


@st.composite
def mutants(draw: st.DrawFn, message: Any) -> Any:
    """The message with one field of one of its parts spoiled."""
    node = draw(st.sampled_from(_nodes(message)), label="part")
    spec = draw(st.sampled_from(dataclasses.fields(node)), label="field")
    current = getattr(node, spec.name)
    choices = list(BAD_VALUES)
    if isinstance(current, list):
        choices += [[], current * 4, [*current, None]]
    elif isinstance(current, str):
        choices += [current + "\x00", current + " ", " " + current, *MARKUP]
    elif current is not None and hasattr(current, "value"):
        choices.append(current.value)  # an enumeration's text instead of its member
    setattr(node, spec.name, draw(st.sampled_from(choices), label="value"))
    return message


def _fault(data: Any, message_type: str) -> tuple[str, str] | None:
    if message_type not in FAULTS or not data.draw(st.booleans(), label="in a fault"):
        return None
    code = data.draw(st.sampled_from(["Client", "Server", "not a name", "x:y"]), label="code")
    return code, data.draw(xml_text(min_size=1) | st.just("a\x01"), label="faultstring")


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
@SETTINGS
@given(data=st.data())
def test_checks_accept_only_what_the_schema_accepts(
    release_name: str, message_type: str, data: Any
) -> None:
    release = REGISTRY.by_name(release_name)
    message = data.draw(instances(release.message_class(message_type)), label="message")
    if data.draw(st.integers(0, 2), label="mutated unless") == 0:
        message = data.draw(mutants(message), label="mutant")
    valid = transaction_ids(release)
    transaction_id = data.draw(
        st.one_of(valid, valid, valid, xml_text(min_size=1), st.just("a\x01")),
        label="TransactionID",
    )
    fault = _fault(data, message_type)
    written = fastpath.write_envelope(message, release, transaction_id, fault)
    fast = outcome(message, transaction_id, fault)
    with generic_only():
        generic = outcome(message, transaction_id, fault)
    assert fast == generic
    if written is None:
        event("left to the generic writer")
        return
    event("unsure: parsed and validated" if written.unsure else "proved by the checks")
    if not written.unsure:
        xml = "".join(written).encode("utf-8")
        assert xsd_accepts(xml, release, fault is not None)
        assert generic == ("encoded", xml)


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
def test_checks_prove_minimal_messages_and_refuse_spoiled_ones(
    release_name: str, message_type: str
) -> None:
    """Guards the property above from passing because the checks never accept, or never
    refuse: a minimal message is proved; removing a required field, an illegal character
    in the TransactionID or a bad fault code makes the writer unsure."""
    release = REGISTRY.by_name(release_name)
    written = fastpath.write_envelope(minimal(release.message_class(message_type)), release, "t-1")
    assert written is not None and not written.unsure
    spoiled = minimal(release.message_class(message_type))
    required = [
        spec.name
        for spec in dataclasses.fields(spoiled)
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
    ]
    setattr(spoiled, required[-1], None)
    written = fastpath.write_envelope(spoiled, release, "t-1")
    assert written is not None and written.unsure
    message = minimal(release.message_class(message_type))
    written = fastpath.write_envelope(message, release, "t\x01")
    assert written is not None and written.unsure
    if message_type in FAULTS:
        written = fastpath.write_envelope(message, release, "t-1", ("Server", "busy"))
        assert written is not None and not written.unsure
        written = fastpath.write_envelope(message, release, "t-1", ("no name", "busy"))
        assert written is not None and written.unsure


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
def test_a_list_field_holding_anything_but_a_list_is_left_to_the_generic_writer(
    release_name: str, message_type: str
) -> None:
    """A string is iterable: written as an empty list it would be proved valid where the
    generic serialiser writes something else (found by the campaign)."""
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    for node in _nodes(message):
        for spec in dataclasses.fields(node):
            current = getattr(node, spec.name)
            if isinstance(current, list):
                setattr(node, spec.name, "")
                assert fastpath.write_envelope(message, release, "t-1") is None
                setattr(node, spec.name, current)
    assert fastpath.write_envelope(message, release, "t-1") is not None


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
def test_markup_in_any_text_is_escaped_as_the_generic_encoder_escapes_it(
    release_name: str, message_type: str
) -> None:
    """The writers skip escaping only where their checks prove a value needs none: every
    string of a minimal message (elements and the text of addresses written in place), set
    to each text XML escapes, encodes to the generic encoder's bytes (or the same error)."""
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    strings = [
        (node, spec.name)
        for node in _nodes(message)
        for spec in dataclasses.fields(node)
        if type(getattr(node, spec.name)) is str
    ]
    for node, name in strings:
        kept = getattr(node, name)
        for text in MARKUP:
            setattr(node, name, text)
            fast = outcome(message, "t-1", None)
            with generic_only():
                assert outcome(message, "t-1", None) == fast, (name, text)
        setattr(node, name, kept)


DURATIONS = (
    r"-?P([0-9]{1,12}Y)?([0-9]{1,12}M)?([0-9]{1,12}D)?"
    r"(T([0-9]{1,12}H)?([0-9]{1,12}M)?([0-9]{1,12}(\.[0-9]{1,3})?S)?)?"
)


@SETTINGS
@given(text=st.from_regex(DURATIONS, fullmatch=True))
def test_duration_text_is_xsdata_text_or_none(text: str) -> None:
    """The writers' duration text is exactly what xsdata writes (an exact str: it goes
    into an f-string), or None where no component is written or one has more than nine
    digits (the writer is then unsure)."""
    try:
        value = XmlDuration(text)
    except ValueError:
        return  # "P", "PT": xsdata refuses them itself
    written = lexical.duration_text(value)
    digits = max(len(n) for n in re.findall(r"[0-9]+", text))
    if digits <= 9 and not text.endswith(("P", "T")):
        assert type(written) is str and written == str(value)
    else:
        assert written is None
