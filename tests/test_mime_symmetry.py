"""Decode and encode agree: what strict decoding accepts, encode writes back, and strict
decoding reads the result to an equal message with equal parts.

Part headers are written by hand here (not by mime.build), with what peers send: non-ASCII
and control characters in parameters (a Korean file name), RFC 2231 values, bare CRs, NULs,
non-ASCII or spaced Content-IDs, empty nested multiparts, a nested start naming no part, a
CR or a non-ASCII letter in a media type. Each either survives the round trip or is a
finding strict decoding refuses on.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import property_settings
from mm7codec import mime
from mm7codec.codec import decode, encode
from mm7codec.errors import Mm7Error
from mm7codec.mime import Part, build, make_part, parse

ENVELOPE = (
    b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    b'<soap:Header><mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/'
    b'23.140/schema/REL-6-MM7-1-4" soap:mustUnderstand="1">t1</mm7:TransactionID></soap:Header>'
    b'<soap:Body><mm7:DeliveryReportRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/'
    b'23_series/23.140/schema/REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
    b"<mm7:Status><mm7:StatusCode>1000</mm7:StatusCode><mm7:StatusText>ok</mm7:StatusText>"
    b"</mm7:Status></mm7:DeliveryReportRsp></soap:Body></soap:Envelope>"
)
TOP = "=_sym_top"
CTYPE = f'multipart/related; type="text/xml"; start="<root>"; boundary="{TOP}"'
ROOT = b"Content-Type: text/xml; charset=utf-8\r\nContent-ID: <root>\r\n\r\n" + ENVELOPE + b"\r\n"

# -- what a peer writes ------------------------------------------------------------------------

_TOKENS = st.sampled_from(["name", "filename", "charset", "x-param", "format", "Name"])
_VALUES = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8),
    st.sampled_from(["사진.jpg", "café", "a\rb", "a\x00b", "a\tb", "", "utf-\u0663", "\u00e9"]),
    st.text(max_size=6),
)


@st.composite
def parameters(draw: st.DrawFn) -> str:
    """One parameter as written: quoted, bare token, RFC 2231, or a broken form."""
    name, value = draw(_TOKENS), draw(_VALUES)
    form = draw(
        st.sampled_from(
            ["quoted", "quoted", "2231", "2231", "token", "2231-empty", "2231-bad", "raw"]
        )
    )
    if form == "quoted":
        return f'; {name}="' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if form == "token":
        return f"; {name}={value}"
    if form == "2231":
        encoded = "".join(f"%{b:02X}" for b in value.encode("utf-8"))
        return f"; {name}*=utf-8''{encoded}"
    if form == "2231-empty":
        return f'; {name}*=""'
    if form == "2231-bad":
        return f"; {name}*=x-bogus''%FF"
    return f"; {name}={value}\u00e9"


# Mostly what strict decoding accepts, so the round trip is exercised; the rest hostile.
_MEDIA = st.sampled_from(
    ["text/plain", "image/jpeg", "application/octet-stream"] * 3
    + ["text\r/plain", "text/p\u00e9ain"]
)
_IDS = st.sampled_from(["<{n}@x>"] * 6 + ["{n}@x", "<사진{n}@x>", "<a {n}@x>", "<a\r{n}@x>", "<>"])
_EXTRA = st.sampled_from(
    ["plain", "한국어", "  padded  ", "x" * 3] * 2 + ["a\rb", "a\x00b", "a\x7fb"]
)


@st.composite
def raw_parts(draw: st.DrawFn, depth: int = 0) -> bytes:
    """One part as bytes, headers and all (a nested multipart when drawn)."""
    lines: list[str] = []
    nested = depth < 2 and draw(st.integers(0, 4)) == 0
    if nested:
        boundary = f"=_sym_{depth}_{draw(st.integers(0, 9))}"
        kind = draw(st.sampled_from(["mixed", "related"]))
        children = draw(st.lists(raw_parts(depth + 1), max_size=2))
        start = draw(st.sampled_from(["", '; start="<nowhere>"']))
        lines.append(f'Content-Type: multipart/{kind}; boundary="{boundary}"{start}')
        body = b"".join(b"--" + boundary.encode() + b"\r\n" + c + b"\r\n" for c in children)
        body += b"--" + boundary.encode() + b"--"
    else:
        params = "".join(draw(st.lists(parameters(), max_size=2)))
        lines.append(f"Content-Type: {draw(_MEDIA)}{params}")
        body = draw(st.binary(max_size=12)).replace(b"--", b"-")
    if draw(st.booleans()):
        lines.append("Content-ID: " + draw(_IDS).format(n=draw(st.integers(0, 10**6))))
    if draw(st.booleans()):
        lines.append(f"X-Extra: {draw(_EXTRA)}")
    charset = draw(st.sampled_from(["utf-8", "latin-1"]))
    head = "".join(f"{line}\r\n" for line in lines).encode(charset, "replace")
    return head + b"\r\n" + body


def swa(parts: list[bytes]) -> bytes:
    delimiter = b"--" + TOP.encode()
    return b"".join(delimiter + b"\r\n" + p + b"\r\n" for p in [ROOT, *parts]) + delimiter + b"--"


def shape(part: Part) -> object:
    """What a round trip keeps: type, parameters (but framing's), ids, body or children."""
    params = {k: v for k, v in part.params.items() if k not in ("boundary", "type")}
    children = [shape(p) for p in part.parts]
    kept = [(n.lower(), v) for n, v in part.headers if n.lower() not in mime._GENERATED]
    return (part.content_type, params, part.content_id, part.body, kept, children)


def _symmetry_settings() -> settings:
    profile = property_settings()
    return settings(profile, max_examples=max(60, profile.max_examples))


@_symmetry_settings()
@given(st.lists(raw_parts(), min_size=1, max_size=3))
def test_what_strict_decoding_accepts_encode_writes_back(parts: list[bytes]) -> None:
    try:
        decoded = decode(swa(parts), CTYPE, mode="strict")
    except Mm7Error:
        event("strict refuses")
        return  # with findings naming why
    event("strict accepts")
    wire = encode(decoded.message, transaction_id="t1", attachments=decoded.attachments)
    assert b'*=""' not in wire.body and '*=""' not in wire.content_type
    again = decode(wire.body, wire.content_type, mode="strict")
    assert again.message == decoded.message
    assert [shape(p) for p in again.attachments] == [shape(p) for p in decoded.attachments]


@_symmetry_settings()
@given(st.lists(raw_parts(), min_size=1, max_size=3))
def test_what_lenient_decoding_calls_ok_encode_writes(parts: list[bytes]) -> None:
    try:
        decoded = decode(swa(parts), CTYPE, mode="lenient")
    except Mm7Error:
        return
    if decoded.ok:
        encode(decoded.message, transaction_id="t1", attachments=decoded.attachments)


# -- each class, by name ---------------------------------------------------------------------


def _one(part: bytes, lenient: bool = False) -> mime.Framing:
    return parse(swa([part]), CTYPE, lenient=lenient)


def _codes(framing: mime.Framing) -> list[str]:
    return [f.code for f in framing.findings]


def test_a_korean_file_name_is_written_with_rfc2231_and_read_back() -> None:
    framing = _one('Content-Type: image/jpeg; name="사진.jpg"\r\n\r\nJPEG'.encode())
    assert _codes(framing) == [] and framing.attachments[0].params == {"name": "사진.jpg"}
    body, ctype = build(b"<x/>", framing.attachments)
    assert b"name*=utf-8''%EC%82%AC%EC%A7%84.jpg" in body
    again = parse(body, ctype, lenient=False)
    assert again.findings == [] and again.attachments[0].params == {"name": "사진.jpg"}


def test_control_characters_in_a_parameter_survive_as_rfc2231() -> None:
    part = make_part("text/plain", b"x", parameters={"name": "a\rb\x01c"})
    body, ctype = build(b"<x/>", [part])
    again = parse(body, ctype, lenient=False)
    assert again.findings == [] and again.attachments[0].params == {"name": "a\rb\x01c"}


def test_an_empty_extended_parameter_is_never_written() -> None:
    framing = _one(b'Content-Type: text/plain; name*=""\r\n\r\nx', lenient=True)
    assert "MIME_BAD_CONTENT_TYPE" in _codes(framing)
    assert framing.attachments[0].params == {"name": ""}
    body, _ = build(b"<x/>", framing.attachments)
    assert b'*=""' not in body and b'name=""' in body


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (b"Content-Type: text/plain\r\nX-Note: a\rb", "MIME_HEADER_CONTROL"),
        (b"Content-Type: text/plain\r\nX-Note: a\x00b", "MIME_HEADER_CONTROL"),
        ("Content-Type: text/plain\r\nContent-ID: <사진@x>".encode(), "MIME_CONTENT_ID_UNUSABLE"),
        (b"Content-Type: text/plain\r\nContent-ID: <a b@x>", "MIME_CONTENT_ID_UNUSABLE"),
        (b"Content-Type: text\r/plain", "MIME_HEADER_CONTROL"),
        ("Content-Type: text/p\u00e9ain".encode(), "MIME_BAD_CONTENT_TYPE"),
        (b'Content-Type: multipart/mixed; boundary="n"\r\n\r\n--n--', "MIME_MULTIPART_EMPTY"),
    ],
)
def test_what_encode_cannot_write_strict_decoding_names(header: bytes, code: str) -> None:
    part = header if b"\r\n\r\n" in header else header + b"\r\n\r\nbody"
    with pytest.raises(Mm7Error) as refused:
        decode(swa([part]), CTYPE, mode="strict")
    assert code in {f.code for f in refused.value.findings}


def test_a_cr_in_the_top_level_media_type_is_named() -> None:
    with pytest.raises(Mm7Error) as refused:
        decode(swa([b"Content-Type: text/plain\r\n\r\nx"]), CTYPE.replace("/", "\r/", 1))
    assert "MIME_BAD_CONTENT_TYPE" in {f.code for f in refused.value.findings}


def test_a_nested_start_naming_no_part_is_read_as_its_first_part() -> None:
    nested = (
        b'Content-Type: multipart/related; boundary="n"; start="<nowhere>"\r\n\r\n'
        b"--n\r\nContent-Type: text/plain\r\nContent-ID: <first@x>\r\n\r\none\r\n"
        b"--n\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--n--"
    )
    framing = _one(nested, lenient=True)
    assert "MIME_START_NOT_FOUND" in _codes(framing)
    assert framing.attachments[0].params["start"] == "<first@x>"
    body, ctype = build(b"<x/>", framing.attachments)
    assert parse(body, ctype, lenient=False).findings == []


def test_the_root_content_id_steps_aside_for_an_attachment_using_it() -> None:
    taken = make_part("text/plain", b"x", content_id="mm7-soap-envelope")
    body, ctype = build(b"<x/>", [taken])
    framing = parse(body, ctype, lenient=False)
    assert framing.findings == [] and framing.root.body == b"<x/>"
    assert framing.attachments[0].content_id == "mm7-soap-envelope"


def test_an_unreadable_media_type_is_read_as_the_rfc2045_default() -> None:
    framing = _one(b"Content-Type: m\x97ltipart/mixed; x=1\r\n\r\nbody", lenient=True)
    assert _codes(framing) == ["MIME_BAD_CONTENT_TYPE"]
    assert repr("m\x97ltipart")[1:-1] in framing.findings[0].message  # named, escaped
    assert framing.attachments[0].content_type == "text/plain"
    body, ctype = build(b"<x/>", framing.attachments)
    assert parse(body, ctype, lenient=False).attachments[0].body == b"body"
