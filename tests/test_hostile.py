"""Hostile and broken input: typed errors with status codes, never a crash or the network."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mm7codec.codec import decode
from mm7codec.errors import DecodeError, LimitExceeded, Mm7Error
from mm7codec.limits import Limits

ENV = b"http://schemas.xmlsoap.org/soap/envelope/"
GOOD = (
    b'<?xml version="1.0"?><soap:Envelope xmlns:soap="' + ENV + b'"><soap:Header>'
    b'<mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/'
    b'schema/REL-6-MM7-1-4" soap:mustUnderstand="1">t1</mm7:TransactionID></soap:Header>'
    b'<soap:Body><mm7:DeliveryReportRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/'
    b'23_series/23.140/schema/REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
    b"<mm7:Status><mm7:StatusCode>1000</mm7:StatusCode><mm7:StatusText>ok</mm7:StatusText>"
    b"</mm7:Status></mm7:DeliveryReportRsp></soap:Body></soap:Envelope>"
)


pytestmark = pytest.mark.usefixtures("no_network")


def codes(error: Mm7Error) -> set[str]:
    return {f.code for f in error.findings}


def test_good_message_decodes() -> None:
    assert decode(GOOD, "text/xml").message_type == "DeliveryReportRsp"


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_entity_expansion_refused(mode: str) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' + GOOD[21:]
    )
    with pytest.raises(DecodeError) as refused:
        decode(bomb, "text/xml", mode=mode)  # type: ignore[arg-type]
    assert codes(refused.value) == {"XML_DOCTYPE"}
    assert refused.value.status_code == 2007


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_external_entity_refused(mode: str) -> None:
    xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.invalid/x">]>' + GOOD[21:]
    with pytest.raises(DecodeError) as refused:
        decode(xxe, "text/xml", mode=mode)  # type: ignore[arg-type]
    assert "XML_DOCTYPE" in codes(refused.value)


def test_oversized_body() -> None:
    with pytest.raises(LimitExceeded) as refused:
        decode(GOOD + b" " * 2000, "text/xml", limits=Limits(max_body_bytes=1000))
    assert codes(refused.value) == {"LIMIT_BODY_SIZE"}
    assert refused.value.status_code == 2004


def test_deep_xml() -> None:
    deep = GOOD.replace(b"<mm7:StatusText>ok", b"<mm7:StatusText>" + b"<a>" * 100 + b"</a>" * 100)
    with pytest.raises(LimitExceeded) as refused:
        decode(deep, "text/xml", mode="lenient")
    assert codes(refused.value) == {"LIMIT_XML_DEPTH"}


def test_too_many_elements() -> None:
    wide = GOOD.replace(b"<mm7:StatusText>ok", b"<mm7:StatusText>" + b"<a/>" * 50)
    with pytest.raises(LimitExceeded) as refused:
        decode(wide, "text/xml", mode="lenient", limits=Limits(max_xml_elements=40))
    assert codes(refused.value) == {"LIMIT_XML_ELEMENTS"}


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        (GOOD[:-20], "XML_NOT_WELL_FORMED"),
        (GOOD.replace(b"</mm7:Status>", b"</mm7:Statu>"), "XML_NOT_WELL_FORMED"),
        (GOOD.replace(b"xmlns:soap", b"xmlns:soapx"), "XML_NOT_WELL_FORMED"),
        (b"", "XML_NOT_WELL_FORMED"),
    ],
)
def test_not_well_formed_refused_in_both_modes(broken: bytes, code: str) -> None:
    for mode in ("strict", "lenient"):
        with pytest.raises(DecodeError) as refused:
            decode(broken, "text/xml", mode=mode)  # type: ignore[arg-type]
        assert refused.value.status_code == 2007
        assert code in codes(refused.value) or refused.value.findings


def test_trailing_bytes_repaired_in_lenient_only() -> None:
    with pytest.raises(DecodeError) as refused:
        decode(GOOD + b"garbage<", "text/xml")
    assert "XML_TRAILING_DATA" in codes(refused.value)
    decoded = decode(GOOD + b"garbage<", "text/xml", mode="lenient")
    assert [f.code for f in decoded.findings] == ["XML_TRAILING_DATA"]
    assert decoded.findings[0].repaired


def test_wrong_soap_namespace() -> None:
    wrong = GOOD.replace(
        b'xmlns:soap="' + ENV + b'"', b'xmlns:soap="http://www.w3.org/2003/05/soap-envelope"'
    )
    with pytest.raises(DecodeError) as refused:
        decode(wrong, "text/xml")
    assert "SOAP_ENVELOPE_NAMESPACE" in codes(refused.value)
    assert decode(wrong, "text/xml", mode="lenient").message_type == "DeliveryReportRsp"


def test_unknown_release_read_through_nearest() -> None:
    other = GOOD.replace(b"REL-6-MM7-1-4", b"REL-5-MM7-1-5").replace(b"6.8.0", b"5.3.0")
    with pytest.raises(DecodeError) as refused:
        decode(other, "text/xml")
    assert refused.value.status_code == 4002
    decoded = decode(other, "text/xml", mode="lenient")
    assert decoded.release.name == "REL-5-MM7-1-4"
    assert decoded.namespace is not None and decoded.namespace.endswith("REL-5-MM7-1-5")


def test_charset_mismatch_repaired() -> None:
    korean = GOOD.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="euc-kr"?>')
    korean = korean.replace(b">ok<", b">" + "확인".encode() + b"<")
    with pytest.raises(DecodeError) as refused:
        decode(korean, "text/xml")
    assert "XML_CHARSET_MISMATCH" in codes(refused.value)
    decoded = decode(korean, "text/xml", mode="lenient")
    assert decoded.message.status.status_text == "확인"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutations_raise_only_typed_errors(data: st.DataObject) -> None:
    body = bytearray(GOOD)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(body) - 1))
        body[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(body)))
    mode = data.draw(st.sampled_from(["strict", "lenient"]))
    try:
        decode(bytes(body[:cut]), data.draw(st.sampled_from([None, "text/xml"])), mode=mode)
    except Mm7Error as error:
        assert error.status_code in {2004, 2007, 4002, 4003, 4004}


def test_whitespace_before_declaration_is_named_and_repaired() -> None:
    with pytest.raises(DecodeError) as refused:
        decode(b"\n" + GOOD, "text/xml")
    assert "XML_LEADING_DATA" in codes(refused.value)
    decoded = decode(b"\n" + GOOD, "text/xml", mode="lenient")
    assert [(f.code, f.repaired) for f in decoded.findings] == [("XML_LEADING_DATA", True)]


UTF16_GOOD = GOOD.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_doctype_in_a_wide_encoding_is_refused(encoding: str, mode: str) -> None:
    # The byte-level check cannot see "<!DOCTYPE" written two or four bytes a character.
    bomb = UTF16_GOOD.replace(b"?><soap:", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]><soap:', 1)
    with pytest.raises(DecodeError) as refused:
        decode(bomb.decode().encode(encoding), "text/xml", mode=mode)  # type: ignore[arg-type]
    assert codes(refused.value) == {"XML_DOCTYPE"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_mark_or_utf16_start_decides_the_encoding(encoding: str) -> None:
    # XML 1.0 appendix F and RFC 7303: the first bytes name the encoding; UTF-16BE without
    # a mark is recognised from "<?" as 00 3C 00 3F.
    document = UTF16_GOOD.replace(b"UTF-16", encoding.upper().removesuffix("-SIG").encode())
    decoded = decode(document.decode().encode(encoding), "text/xml")
    assert decoded.message_type == "DeliveryReportRsp" and decoded.findings == []


def test_charset_label_contradicting_the_byte_order_mark() -> None:
    wide = UTF16_GOOD.decode().encode("utf-16")
    with pytest.raises(DecodeError) as refused:
        decode(wide, 'text/xml; charset="utf-8"')
    assert codes(refused.value) == {"XML_CHARSET_MISMATCH"}
    decoded = decode(wide, 'text/xml; charset="utf-8"', mode="lenient")
    assert [(f.code, f.repaired) for f in decoded.findings] == [("XML_CHARSET_MISMATCH", True)]
    assert decoded.transaction_id == "t1"


def test_bytes_that_break_their_own_byte_order_mark() -> None:
    broken = codecs.BOM_UTF16_LE + "<soap:Envelope".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(DecodeError) as refused:
        decode(broken, "text/xml", mode="lenient")
    assert codes(refused.value) == {"XML_CHARSET_MISMATCH"}
    assert refused.value.status_code == 2007


def test_mime_charset_is_tried_when_the_declaration_is_wrong() -> None:
    # The XML declaration says UTF-8, the part's charset says euc-kr, the bytes are euc-kr.
    korean = GOOD.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-8"?>')
    korean = korean.replace(b">ok<", b">" + "확인".encode("euc-kr") + b"<")
    with pytest.raises(DecodeError) as refused:
        decode(korean, 'text/xml; charset="ks_c_5601-1987"')
    assert "XML_CHARSET_MISMATCH" in codes(refused.value)
    decoded = decode(korean, 'text/xml; charset="ks_c_5601-1987"', mode="lenient")
    assert decoded.message.status.status_text == "확인"
    [mismatch] = [f for f in decoded.findings if f.code == "XML_CHARSET_MISMATCH"]
    assert "euc-kr (the MIME charset" in mismatch.message and mismatch.repaired


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_bytes_in_no_declared_charset_are_refused_not_guessed(mode: str) -> None:
    latin = GOOD.replace(b">ok<", b">caf\xe9<")
    with pytest.raises(DecodeError) as refused:
        decode(latin, 'text/xml; charset="utf-8"', mode=mode)  # type: ignore[arg-type]
    assert codes(refused.value) == {"XML_CHARSET_MISMATCH"}
    assert "none of utf-8" in str(refused.value)


def test_utf16_declared_on_utf8_bytes_reads_them_as_utf8() -> None:
    # Decoding ASCII as UTF-16 "succeeds" with nonsense; without a byte order mark or a
    # UTF-16 start the label is wrong, and the bytes are read as what they are.
    mislabelled = GOOD.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(DecodeError) as refused:
        decode(mislabelled, "text/xml")
    assert codes(refused.value) == {"XML_CHARSET_MISMATCH"}
    decoded = decode(mislabelled, "text/xml", mode="lenient")
    assert decoded.message_type == "DeliveryReportRsp"
    assert "do not start as utf-16" in decoded.findings[0].message


def test_utf8_byte_order_mark_wins_over_a_latin1_label() -> None:
    # Decoding by the label would turn "é" into "Ã©" silently; the mark says UTF-8.
    labelled = GOOD.replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="ISO-8859-1"?>'
    ).replace(b">ok<", ">é<".encode())
    with pytest.raises(DecodeError) as refused:
        decode(codecs.BOM_UTF8 + labelled, "text/xml")
    assert codes(refused.value) == {"XML_CHARSET_MISMATCH"}
    decoded = decode(codecs.BOM_UTF8 + labelled, "text/xml", mode="lenient")
    assert decoded.message.status.status_text == "é"


_NOT_CHARSETS = ["base64", "zlib", "rot13", "hex", "punycode", "undefined", "x-unknown"]


@pytest.mark.parametrize(
    ("label", "where"),
    [(label, where) for label in _NOT_CHARSETS for where in ("declaration", "mime")]
    + [("a\x00b", "mime")],  # a NUL cannot be written in an XML declaration
)
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_a_label_that_is_no_charset_is_a_finding_never_a_crash(
    label: str, where: str, mode: str
) -> None:
    # Python's codec registry knows base64, zlib, rot13... as codecs, not charsets; decoding
    # by them raised LookupError or UnicodeError out of decode().
    if where == "declaration":
        data = GOOD.replace(
            b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="%s"?>' % label.encode()
        )
        content_type = "text/xml"
    else:
        data, content_type = GOOD, f'text/xml; charset="{label}"'
    try:
        decoded = decode(data, content_type, mode=mode)  # type: ignore[arg-type]
    except DecodeError as error:
        assert "XML_CHARSET_MISMATCH" in codes(error)
    else:
        assert decoded.message_type == "DeliveryReportRsp"
        assert mode == "lenient"  # strict refuses an unknown charset
