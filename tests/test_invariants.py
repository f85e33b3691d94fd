"""The decode invariants (mm7codec.invariants) on generated messages, the corpus, and the
defect classes of issue 8, each written so that the old behaviour fails it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from deviations import sample, wire
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from test_deviations import CASES
from test_lenient import NS, envelope, report

from conftest import CORPUS, property_settings
from mm7codec import fastpath
from mm7codec.codec import decode, encode, payload_element
from mm7codec.errors import DecodeError
from mm7codec.invariants import canonical, conservation, violations
from mm7codec.releases import default_registry
from strategies import messages, transaction_ids

REGISTRY = default_registry()
SETTINGS = property_settings()


@pytest.mark.parametrize(
    ("release_name", "message_type"), CASES, ids=[f"{r}:{m}" for r, m in CASES]
)
@SETTINGS
@given(data=st.data())
def test_generated_messages_keep_every_invariant(
    release_name: str, message_type: str, data: st.DataObject
) -> None:
    release = REGISTRY.by_name(release_name)
    start = sample(
        release, data.draw(messages(release, message_type)), data.draw(transaction_ids(release))
    )
    body, content_type = wire(start)
    for mode in ("strict", "lenient"):
        assert violations(body, content_type, mode=mode) == []  # type: ignore[arg-type]


CORPUS_FILES = (
    sorted(p.name for p in CORPUS.iterdir() if p.name not in ("MANIFEST.md", "SHA256SUMS"))
    if CORPUS.is_dir()
    else []
)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_corpus_keeps_every_invariant(name: str, mode: str) -> None:
    """Every file lenient decoding recovers passes conservation (b), and (a), (c), (d)."""
    assert violations((CORPUS / name).read_bytes(), mode=mode) == []  # type: ignore[arg-type]


def test_conservation_fails_when_a_value_is_lost() -> None:
    data = envelope(report())
    decoded = decode(data, "text/xml")
    payload = payload_element(data, "text/xml")
    assert payload is not None and conservation(decoded, payload) == []
    decoded.message.sender = None
    assert conservation(decoded, payload) == [
        "Number '447700900124' is neither in the message nor quoted in a finding"
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (" true ", "true"),
        ("1", "true"),
        ("+07", "7"),
        ("-00", "0"),
        ("-0\u0663", "-3"),
        ("+000" + "9" * 5000, "9" * 5000),  # past int()'s 4,300-digit limit
        ("-" + "12" * 3000, "-" + "12" * 3000),
        ("2026-11-23T10:00:00+00:00", None),
    ],
)
def test_canonical_forms(text: str, value: str | None) -> None:
    assert canonical(text) == (value or canonical("2026-11-23T10:00:00Z"))


# -- the defects of issue 8, one class each ---------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("Fri, 05 Jul 2024 01:39:08 +0900", "2024-07-05T01:39:08+09:00"),
        ("20240705013908", "2024-07-05T01:39:08"),
        ("2024-07-05 01:39:08Z", "2024-07-05T01:39:08Z"),
    ],
)
def test_dates_in_rfc822_compact_or_spaced_form_are_repaired_and_quoted(
    sent: str, read: str
) -> None:
    data = envelope(report().replace("2026-11-23T10:00:00Z", sent))
    with pytest.raises(DecodeError) as refused:
        decode(data, "text/xml")
    assert "MM7_DATE_FORMAT" in {f.code for f in refused.value.findings}
    decoded = decode(data, "text/xml", mode="lenient")
    assert type(decoded.message).__name__ == "DeliveryReportReq"  # defect 1: never a str
    assert str(decoded.message.date) == read and decoded.ok
    [repair] = [f for f in decoded.findings if f.code == "MM7_DATE_FORMAT"]
    assert repair.repaired and repr(sent) in repair.message


def test_a_date_in_no_known_form_is_kept_as_sent_not_swapped() -> None:
    data = envelope(report().replace("2026-11-23T10:00:00Z", "2024년 7월 5일 오전 1:39"))
    decoded = decode(data, "text/xml", mode="lenient")
    assert decoded.message.date == "2024년 7월 5일 오전 1:39"
    assert [(f.code, f.repaired) for f in decoded.findings] == [("MM7_DATE_FORMAT", False)]
    assert not decoded.ok


@pytest.mark.parametrize(
    ("release", "parent", "child", "text", "kind"),
    [
        ("REL-6-MM7-1-0", "Sender", "Number", "+8618612345678", "Number"),
        ("REL-6-MM7-1-4", "Sender", "Number", "vasp@example.com", "RFC2822Address"),
        ("REL-6-MM7-1-4", "Recipient", "Number", "84433", "ShortCode"),
    ],
)
def test_bare_address_on_one_line_is_read_by_syntax_and_hides_nothing(
    release: str, parent: str, child: str, text: str, kind: str
) -> None:
    # Defect 2: one line, an order repair, a bare-text address and a bad StatusText-free
    # value: every one of them is named, none hides another.
    version = REGISTRY.by_name(release).newest_version
    body = report(release=release, version=version, order=False)
    start = body.index(f"<mm7:{parent}>")
    end = body.index(f"</mm7:{parent}>")
    body = body[:start] + f"<mm7:{parent}>{text}" + body[end:]
    body = body.replace(
        "<mm7:MessageID>m1</mm7:MessageID>", '<mm7:MessageID a="x">m1</mm7:MessageID>'
    )
    data = envelope(body, release=release).replace(b"\n", b"")
    with pytest.raises(DecodeError) as refused:
        decode(data, "text/xml")
    codes = {f.code for f in refused.value.findings}
    assert {"MM7_ELEMENT_ORDER", "MM7_ADDRESS_TEXT", "MM7_VALUE_DROPPED"} <= codes
    decoded = decode(data, "text/xml", mode="lenient")
    address = getattr(decoded.message, parent.lower()).rfc2822_address_or_number_or_short_code
    assert type(address).__name__ == kind and address.value == text
    dropped = [f for f in decoded.findings if f.code == "MM7_VALUE_DROPPED"]
    assert len(dropped) == 1 and "'x'" in dropped[0].message and not decoded.ok


def test_text_after_the_payload_is_named_and_never_the_message() -> None:
    data = envelope(report() + "trailing words")
    with pytest.raises(DecodeError) as refused:
        decode(data, "text/xml")
    assert "MM7_VALUE_DROPPED" in {f.code for f in refused.value.findings}
    decoded = decode(data, "text/xml", mode="lenient")
    assert type(decoded.message).__name__ == "DeliveryReportReq"
    assert decoded.message.message_id == "m1" and not decoded.ok
    assert any("'trailing words'" in f.message for f in decoded.findings)


def test_kept_as_sent_is_not_repaired() -> None:
    # Defect 4: an MM7Version the release refuses and an unknown namespace.
    data = envelope(
        report(version="6.7.0").replace(f'xmlns:mm7="{NS}REL-6-MM7-1-4"', 'xmlns:mm7="urn:x:mm7"')
    )
    decoded = decode(data, "text/xml", mode="lenient")
    by_code = {f.code: f.repaired for f in decoded.findings}
    assert by_code["MM7_VERSION_NOT_ACCEPTED"] is False and not decoded.ok
    assert decoded.message.message_id == "m1"  # not an empty message
    assert decoded.message.sender.rfc2822_address_or_number_or_short_code.value == "447700900124"


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_bare_body_is_recovered_leniently_and_refused_strictly(mode: str) -> None:
    data = f'<?xml version="1.0"?>\n{report()}'.encode()
    if mode == "strict":
        with pytest.raises(DecodeError) as refused:
            decode(data, "text/xml")
        codes = {f.code for f in refused.value.findings}
        assert {"SOAP_ENVELOPE_MISSING", "MM7_TRANSACTION_ID_MISSING"} <= codes
        return
    decoded = decode(data, "text/xml", mode="lenient")
    assert decoded.message_type == "DeliveryReportReq" and decoded.transaction_id is None
    assert decoded.release.name == "REL-6-MM7-1-4" and decoded.message.message_id == "m1"
    assert {(f.code, f.repaired) for f in decoded.findings} == {
        ("SOAP_ENVELOPE_MISSING", True),
        ("MM7_TRANSACTION_ID_MISSING", False),
    }


def test_latin1_text_labelled_latin1_is_still_latin1() -> None:
    data = envelope(report().replace(">m1<", ">café<")).replace(
        b'encoding="UTF-8"', b'encoding="ISO-8859-1"'
    )
    data = data.decode("utf-8").encode("latin-1")
    decoded = decode(data, "text/xml")
    assert decoded.message.message_id == "café" and decoded.findings == []


def test_findings_are_the_same_for_the_same_bytes() -> None:
    data = envelope(report(order=False, status="1000"))
    first, second = (decode(data, "text/xml", mode="lenient") for _ in range(2))
    assert [dataclasses.astuple(f) for f in first.findings] == [
        dataclasses.astuple(f) for f in second.findings
    ]


_PREFIXED = (
    '<mm7:SubmitRsp xmlns:mm7="{ns}REL-6-MM7-1-4" xmlns:v="urn:vendor"><mm7:MM7Version>6.8.0'
    "</mm7:MM7Version><mm7:Status><mm7:StatusCode>1000</mm7:StatusCode><mm7:StatusText>ok"
    '</mm7:StatusText><mm7:Details><v:error code="soap:Server" v:kind="mm7:Status" plain="x"'
    ' marked="\ue000soap:Server" v:url="http://example.com/a">t</v:error></mm7:Details>'
    "</mm7:Status><mm7:MessageID>m1</mm7:MessageID></mm7:SubmitRsp>"
)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_wildcard_attribute_values_that_look_like_qnames_are_kept_as_sent(mode: str) -> None:
    """xsdata reads every wildcard attribute value "p:x" with p in scope as the QName
    {uri}x: a vendor's code="soap:Server" in Details would be bound as
    {http://schemas.xmlsoap.org/soap/envelope/}Server, and ServiceCode's own anyAttribute
    likewise. The message holds what was sent (a value that starts with the mark the parse
    uses included)."""
    body = envelope(_PREFIXED.format(ns=NS))
    decoded = decode(body, "text/xml", mode=mode)  # type: ignore[arg-type]
    (error,) = decoded.message.status.details.any_element
    assert error.attributes == {
        "code": "soap:Server",
        "{urn:vendor}kind": "mm7:Status",
        "plain": "x",
        "marked": "\ue000soap:Server",
        "{urn:vendor}url": "http://example.com/a",
    }
    assert violations(body, "text/xml", mode=mode) == []  # type: ignore[arg-type]


def _submit_req(release_name: str, other_attributes: dict[str, str], **fields: Any) -> Any:
    """A SubmitReq of the release whose ServiceCode carries foreign attributes (which send
    its payload through xsdata's generic binding)."""
    release = REGISTRY.by_name(release_name)
    b = release.bindings
    address = b.MultiAddressType.Number(value="447900000001")
    return b.SubmitReq(
        mm7_version=b.VersionType(release.newest_version),
        sender_identification=b.SenderIDType(),
        recipients=b.RecipientsType(
            to_or_cc_or_bcc=[b.RecipientsType.To(rfc2822_address_or_number_or_short_code=[address])]
        ),
        service_code=b.ServiceCodeType(value="s", other_attributes=other_attributes),
        **fields,
    )


def test_service_code_wildcard_attribute_keeps_a_prefixed_value() -> None:
    wire = encode(_submit_req("REL-5-MM7-1-1", {"{urn:o}A": "mm7:0"}), transaction_id="t-1")
    for mode in ("strict", "lenient"):
        decoded = decode(wire.body, wire.content_type, mode=mode)  # type: ignore[arg-type]
        assert decoded.message.service_code.other_attributes == {"{urn:o}A": "mm7:0"}
        assert violations(wire.body, wire.content_type, mode=mode) == []  # type: ignore[arg-type]


def test_a_declared_attribute_with_a_prefixed_value_is_kept_as_sent() -> None:
    """The parse marks every value it could read as a QName; a declared attribute of such a
    message (a Content href "mm7:0", bound by xsdata because ServiceCode carries a wildcard
    attribute) gets its value back as sent."""
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    content = release.bindings.ContentReferenceType(href="mm7:0")
    message = _submit_req(release.name, {"{urn:o}A": "x"}, content=content)
    wire = encode(message, transaction_id="t-1")
    decoded = decode(wire.body, wire.content_type, mode="lenient")
    assert decoded.message.content.href == "mm7:0"
    assert violations(wire.body, wire.content_type, mode="lenient") == []


_VALUES = {
    "ServiceCode": ("<mm7:ServiceCode>s</mm7:ServiceCode>", "svc", "-1"),
    "Number": ('<mm7:Number displayOnly="false">447900000001</mm7:Number>', "4479", "00000001"),
}


@pytest.mark.parametrize(
    "markup",
    ["{a}<b/>{b}", '{a}<v:b xmlns:v="urn:v" v:k="kept">inner</v:b>{b}', "<mm7:b/>{a}{b}"],
)
@pytest.mark.parametrize("element", sorted(_VALUES))
def test_markup_inside_a_value_is_set_aside_and_the_text_around_it_named(
    element: str, markup: str
) -> None:
    """An element inside a simple value is kept as raw XML and the text on its two sides is
    read as one value, the finding quoting both pieces. ServiceCode (simple content with a
    wildcard attribute) used to be skipped by the normaliser: its markup and the text after
    it vanished without a finding."""
    plain, before, after = _VALUES[element]
    wire = encode(_submit_req("REL-6-MM7-1-4", {}), transaction_id="t-1")
    sent = plain.replace(">s<" if element == "ServiceCode" else ">447900000001<", ">{}<")
    body = wire.body.replace(plain.encode(), sent.format(markup.format(a=before, b=after)).encode())
    assert body != wire.body
    with pytest.raises(DecodeError) as refused:
        decode(body, wire.content_type)
    assert "MM7_UNKNOWN_ELEMENT" in {f.code for f in refused.value.findings}
    decoded = decode(body, wire.content_type, mode="lenient")
    if element == "ServiceCode":
        value = decoded.message.service_code.value
    else:
        (to,) = decoded.message.recipients.to_or_cc_or_bcc
        value = to.rfc2822_address_or_number_or_short_code[0].value
    assert value == before + after
    (kept,) = decoded.extensions
    assert etree.QName(etree.fromstring(kept)).localname == "b"
    for mode in ("strict", "lenient"):
        assert violations(body, wire.content_type, mode=mode) == []  # type: ignore[arg-type]


def test_a_date_past_a_float_is_judged_not_raised() -> None:
    """xsdata compares dateTimes as a float of seconds: a year of 400 digits overflows it,
    so the determinism check (d) compares the messages as written."""
    wire = encode(_submit_req("REL-6-MM7-1-4", {}), transaction_id="t-1")
    year = "9" * 400
    stamp = f"<mm7:TimeStamp>{year}-01-01T00:00:00Z</mm7:TimeStamp>"
    body = wire.body.replace(b"</mm7:ServiceCode>", b"</mm7:ServiceCode>" + stamp.encode())
    decoded = decode(body, wire.content_type, mode="lenient")
    assert str(decoded.message.time_stamp).startswith(year)
    for mode in ("strict", "lenient"):
        assert violations(body, wire.content_type, mode=mode) == []  # type: ignore[arg-type]


def test_text_around_markup_where_the_type_has_none_is_quoted_piece_by_piece() -> None:
    """Setting the element aside joins the text on its sides, which the type cannot hold:
    the finding on the element quotes each piece as sent, the drop the joined text."""
    wire = encode(_submit_req("REL-6-MM7-1-4", {}), transaction_id="t-1")
    sent = '<mm7:SenderIdentification>left<v:x xmlns:v="urn:v"/>right</mm7:SenderIdentification>'
    body = wire.body.replace(b"<mm7:SenderIdentification/>", sent.encode())
    assert body != wire.body
    decoded = decode(body, wire.content_type, mode="lenient")
    codes = [f.code for f in decoded.findings]
    assert "MM7_UNKNOWN_ELEMENT" in codes and "MM7_VALUE_DROPPED" in codes
    assert violations(body, wire.content_type, mode="lenient") == []


@pytest.mark.parametrize("tag", ["<mm7:SubmitReq>", "<mm7:Recipients>", "<mm7:Subject>"])
@pytest.mark.parametrize("hint", ["schemaLocation", "noNamespaceSchemaLocation"])
def test_a_schema_location_hint_conforms_and_is_named(
    tag: str, hint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any element may carry xsi:schemaLocation (XML Schema's own hint, which libxml2
    accepts): strict refused it on a complex element as a dropped value and bound it on a
    leaf without a word. Both roads now accept it with a warning that quotes it."""
    wire = encode(_submit_req("REL-6-MM7-1-4", {}, subject="first"), transaction_id="t-1")
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    body = wire.body.replace(tag.encode(), f'{tag[:-1]} {xsi} xsi:{hint}="urn:x a.xsd">'.encode())
    assert body != wire.body
    for generic in (False, True):
        monkeypatch.setattr(fastpath, "GENERIC_ONLY", generic)
        decoded = decode(body, wire.content_type)
        assert [(f.code, f.severity.value) for f in decoded.findings] == [
            ("XML_SCHEMA_LOCATION", "warning")
        ]
        assert "'urn:x a.xsd'" in decoded.findings[0].message
        assert decoded.message.subject == "first"
        for mode in ("strict", "lenient"):
            assert violations(body, wire.content_type, mode=mode) == []  # type: ignore[arg-type]
