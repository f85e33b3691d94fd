"""Recovery from generated deviations: every release x message type, stacks of 1 to 4.

From a conformant message drawn by ``strategies``, ``deviations`` builds the wire some real
peer sends. The property: strict decoding refuses exactly when a deviation raises an error and
names every deviation's codes; lenient decoding returns the original message (after the
catalogue's stated normalisation), names every code, is ``ok`` exactly when all of them are
repairable, and keeps every value it was sent (invariant b).
"""

from __future__ import annotations

from typing import Any

import pytest
from deviations import CATALOGUE, Deviant, Deviation, applicable, deviants, deviate, sample
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import property_settings
from mm7codec.codec import DecodedMessage, decode, payload_element
from mm7codec.errors import DecodeError
from mm7codec.invariants import conservation
from mm7codec.releases import default_registry
from strategies import messages, transaction_ids

REGISTRY = default_registry()
CASES = [(release.name, message) for release in REGISTRY for message in release.messages]
SETTINGS = property_settings()


def _expected(deviant: Deviant) -> Any:
    return decode(*deviant.expected).message


def _named(decoded_codes: set[str], deviant: Deviant) -> None:
    for name, codes in deviant.applied:
        assert codes <= decoded_codes, f"{name}: {sorted(codes - decoded_codes)} not named"


def check(deviant: Deviant) -> DecodedMessage:
    """The recovery property for one deviant wire; returns the lenient result."""
    expected = _expected(deviant)
    if deviant.refused:
        with pytest.raises(DecodeError) as refused:
            decode(deviant.body, deviant.content_type)
        _named({f.code for f in refused.value.findings}, deviant)
    else:
        strict = decode(deviant.body, deviant.content_type)
        _named({f.code for f in strict.findings}, deviant)
        assert strict.message == expected
    lenient = decode(deviant.body, deviant.content_type, mode="lenient")
    _named({f.code for f in lenient.findings}, deviant)
    assert lenient.message == expected, [f.message for f in lenient.findings]
    unrepaired = [f for f in lenient.findings if f.severity.value == "error" and not f.repaired]
    assert lenient.ok == deviant.repairable, unrepaired
    payload = payload_element(deviant.body, deviant.content_type)
    assert payload is not None
    assert conservation(lenient, payload) == []
    return lenient


@st.composite
def _stacks(draw: st.DrawFn, release_name: str, message_type: str) -> Deviant:
    release = REGISTRY.by_name(release_name)
    start = sample(
        release,
        draw(messages(release, message_type)),
        draw(transaction_ids(release)),
    )
    return draw(deviants(start))


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
@SETTINGS
@given(data=st.data())
def test_stacked_deviations_are_named_strictly_and_recovered_leniently(
    release_name: str, message_type: str, data: st.DataObject
) -> None:
    deviant = data.draw(_stacks(release_name, message_type))
    check(deviant)


@st.composite
def _alone(draw: st.DrawFn, item: Deviation) -> Deviant:
    for _ in range(8):  # a few messages: most classes need an element of some kind
        release_name, message_type = draw(st.sampled_from(CASES))
        release = REGISTRY.by_name(release_name)
        message = draw(messages(release, message_type))
        start = sample(release, message, draw(transaction_ids(release)))
        if item.applies(start):
            return deviate(start, [item], draw)
    assume(False)
    raise AssertionError("unreachable")


@pytest.mark.parametrize("item", CATALOGUE, ids=[d.name for d in CATALOGUE])
@settings(
    SETTINGS,
    suppress_health_check=[*SETTINGS.suppress_health_check, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_each_deviation_alone(item: Deviation, data: st.DataObject) -> None:
    """Every class of the catalogue on its own, over all releases and message types."""
    check(data.draw(_alone(item)))


def test_catalogue_holds_every_class_the_issue_lists() -> None:
    names = {d.name for d in CATALOGUE}
    assert len(names) == len(CATALOGUE)
    assert {
        "pretty_printed", "other_prefixes", "xsi_types", "encoding_style_on_payload",
        "actor_on_transaction_id", "payload_unqualified", "children_in_another_release",
        "transaction_id_in_another_release", "bare_body", "mime_bare_lf",
        "mime_mixed_line_endings", "mime_boundary_style", "mime_preamble_epilogue",
        "mime_root_not_first", "mime_no_start", "mime_no_type", "mime_unbracketed_start",
        "mime_content_location_root",
        "mime_unbracketed_content_ids", "mime_capitalised_parameters", "mime_folded_headers",
        "mime_encoded_soap_part", "mime_no_close_delimiter", "mime_nested_attachments",
        "charset_label", "byte_order_mark", "trailing_bytes", "boolean_spelling",
        "enumeration_case", "date_rfc822", "date_compact", "date_space_for_t",
        "surrounding_whitespace", "address_bare_text", "number_spelling",
        "space_in_empty_type", "empty_optional_element", "children_out_of_order",
        "vendor_element", "href_spelling", "repeated_element",
    } <= names  # fmt: skip
    assert applicable  # the catalogue is usable from other tests and tools
