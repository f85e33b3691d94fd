"""Encode then strictly decode every message type of every release."""

from __future__ import annotations

import pytest
from lxml import etree

from builders import minimal
from mm7codec.codec import decode, encode
from mm7codec.mime import make_part
from mm7codec.releases import default_registry

REGISTRY = default_registry()
CASES = [(release.name, message) for release in REGISTRY for message in release.messages]


def test_matrix_size() -> None:
    assert len(CASES) == 9 * 14 + 18


@pytest.mark.parametrize(("release_name", "message_type"), CASES)
def test_bare_envelope_round_trip(release_name: str, message_type: str) -> None:
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    wire = encode(message, transaction_id="tx-1")
    assert wire.content_type.startswith("text/xml")
    decoded = decode(wire.body, wire.content_type, mode="strict")
    assert decoded.findings == []
    assert decoded.release is release
    assert decoded.message_type == message_type
    assert decoded.transaction_id == "tx-1"
    assert decoded.message == message
    # Every field of the result in its place (the short road builds it positionally).
    assert decoded.namespace == release.namespace
    version = message.mm7_version
    assert decoded.mm7_version == getattr(version, "value", version)
    assert (decoded.attachments, decoded.extensions) == ([], [])
    assert (decoded.fault, decoded.http) == (None, None)
    envelope = etree.fromstring(wire.body)
    header_entry = envelope[0][0]
    assert header_entry.get("{http://schemas.xmlsoap.org/soap/envelope/}mustUnderstand") == "1"


@pytest.mark.parametrize("release_name", [r.name for r in REGISTRY])
def test_swa_round_trip_keeps_binary_parts(release_name: str) -> None:
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class("SubmitReq"))
    message.content = release.bindings.ContentReferenceType(href="cid:image-1")
    image = bytes(range(256)) * 4 + b"\r\n--boundary\r\n\x00\n\r"
    parts = [make_part("image/gif", image, content_id="image-1")]
    wire = encode(message, transaction_id="tx-2", attachments=parts)
    assert wire.content_type.startswith("multipart/related")
    decoded = decode(wire.body, wire.content_type, mode="strict")
    assert decoded.findings == []
    assert [p.body for p in decoded.attachments] == [image]
    assert decoded.attachments[0].content_id == "image-1"
    assert decoded.message.content.href == "cid:image-1"
    assert decoded.content_part() is decoded.attachments[0]


def test_dangling_reference_is_refused_in_strict() -> None:
    release = REGISTRY.newest
    message = minimal(release.message_class("SubmitReq"))
    message.content = release.bindings.ContentReferenceType(href="cid:nowhere")
    wire = encode(message, attachments=[make_part("text/plain", b"hi", content_id="here")])
    from mm7codec.errors import DecodeError

    with pytest.raises(DecodeError) as refused:
        decode(wire.body, wire.content_type)
    assert "REF_UNRESOLVED" in {f.code for f in refused.value.findings}
    lenient = decode(wire.body, wire.content_type, mode="lenient")
    assert not lenient.ok
    assert lenient.content_part() is None  # never re-pointed at the only attachment


def test_encode_refuses_what_the_release_schema_refuses() -> None:
    from mm7codec.errors import EncodeError

    release = REGISTRY.newest
    message = minimal(release.message_class("SubmitRsp"))
    message.status = None  # required
    with pytest.raises(EncodeError) as refused:
        encode(message, transaction_id="t-1")
    assert [f.code for f in refused.value.findings] == ["XSD_INVALID"]
    assert "Status" in refused.value.findings[0].message
    wire = encode(message, transaction_id="t-1", validate=False)  # on purpose, e.g. for tests
    assert b"<mm7:SubmitRsp>" in wire.body


def test_encode_refuses_a_transaction_id_that_is_no_nmtoken_where_one_is_required() -> None:
    from mm7codec.errors import EncodeError

    old = REGISTRY.by_name("REL-5-MM7-1-0")
    message = minimal(old.message_class("DeliveryReportRsp"))
    with pytest.raises(EncodeError) as refused:
        encode(message, transaction_id="has a space")
    assert {f.code for f in refused.value.findings} == {"XSD_INVALID"}
    assert decode(encode(message, transaction_id="no-space").body, "text/xml").findings == []
