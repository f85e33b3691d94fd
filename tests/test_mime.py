"""MIME framing: every deviation the parser recovers from, limits, and build/parse round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from mm7codec import mime
from mm7codec.errors import DecodeError, EncodeError, LimitExceeded, Mm7Error
from mm7codec.findings import KINDS, Severity
from mm7codec.limits import Limits
from mm7codec.mime import Part, build, make_part, parse

ENVELOPE = b'<?xml version="1.0"?>\r\n<env:Envelope xmlns:env="urn:x"/>'
SWA = 'multipart/related; type="text/xml"; start="<soap>"; boundary="B"'


def crlf(text: str) -> bytes:
    """A MIME body written with LF in the test source, sent with CRLF line ends."""
    return text.replace("\n", "\r\n").encode()


def codes(framing: mime.Framing) -> list[str]:
    return [item.code for item in framing.findings]


GOOD = crlf(
    "--B\n"
    "Content-Type: text/xml; charset=utf-8\n"
    "Content-ID: <soap>\n"
    "\n"
    "<env/>\n"
    "--B\n"
    "Content-Type: text/plain\n"
    "Content-ID: <att>\n"
    "\n"
    "hello\n"
    "--B--\n"
)


# -- single part -------------------------------------------------------------------------------


def test_bare_xml_is_the_root() -> None:
    framing = parse(ENVELOPE, "text/xml; charset=UTF-8", lenient=False)
    assert not framing.multipart
    assert framing.root.body == ENVELOPE
    assert framing.root.content_type == "text/xml"
    assert framing.root.charset == "UTF-8"
    assert framing.root.where == "body"
    assert framing.attachments == []
    assert framing.findings == []


def test_bare_xml_with_bom_and_no_content_type() -> None:
    body = b"\xef\xbb\xbf \r\n" + ENVELOPE
    framing = parse(body, None, lenient=True)
    assert codes(framing) == ["MIME_NO_CONTENT_TYPE"]
    assert framing.root.body == body
    assert framing.root.content_type == "text/xml"


def test_utf16_xml_is_recognised() -> None:
    body = "\ufeff<env/>".encode("utf-16-le")
    assert mime.looks_like_xml(body)
    assert parse(body, None, lenient=True).root.body == body


def test_multipart_declared_on_bare_xml() -> None:
    framing = parse(ENVELOPE, 'multipart/related; type="text/xml";', lenient=True)
    assert codes(framing) == ["MIME_MULTIPART_ON_XML"]
    assert not framing.multipart
    assert framing.root.body == ENVELOPE
    assert framing.root.content_type == "text/xml"


def test_neither_xml_nor_multipart_is_refused() -> None:
    with pytest.raises(DecodeError) as caught:
        parse(b"hello world", None, lenient=True)
    assert [f.code for f in caught.value.findings] == [
        "MIME_NO_CONTENT_TYPE",
        "MIME_BOUNDARY_NOT_FOUND",
    ]
    assert caught.value.status_code == 2007


# -- a conforming multipart --------------------------------------------------------------------


def test_conforming_swa_has_no_findings() -> None:
    framing = parse(GOOD, SWA, lenient=False)
    assert framing.findings == []
    assert framing.multipart
    assert framing.root.content_id == "soap"
    assert framing.root.body == b"<env/>"
    assert framing.root.where == "part 1"
    assert framing.root.charset == "utf-8"
    assert [(p.where, p.content_id, p.body) for p in framing.attachments] == [
        ("part 2", "att", b"hello")
    ]
    assert framing.root.header("content-id") == "<soap>"
    assert [p.where for p in framing.walk()] == ["part 1", "part 2"]


@pytest.mark.parametrize("lenient", [True, False])
def test_repaired_only_when_lenient(lenient: bool) -> None:
    framing = parse(GOOD.replace(b"\r\n", b"\n"), SWA, lenient=lenient)
    assert codes(framing) == ["MIME_LINE_ENDINGS"]
    assert framing.findings[0].repaired is lenient
    assert framing.findings[0].severity is Severity.ERROR


# -- line endings ------------------------------------------------------------------------------


def test_lf_only() -> None:
    framing = parse(GOOD.replace(b"\r\n", b"\n"), SWA, lenient=True)
    assert codes(framing) == ["MIME_LINE_ENDINGS"]
    assert "bare LF" in framing.findings[0].message
    assert framing.root.body == b"<env/>"
    assert framing.attachments[0].body == b"hello"


def test_crlf_converted_twice() -> None:
    # A Windows tool that converts line ends again turns CRLF into CR CR LF.
    framing = parse(GOOD.replace(b"\r\n", b"\r\r\n"), SWA, lenient=True)
    assert codes(framing) == ["MIME_LINE_ENDINGS"]
    assert "CR CR LF" in framing.findings[0].message and "mix" not in framing.findings[0].message
    assert framing.root.body == b"<env/>\r"  # a CR before a delimiter may be content: kept
    assert framing.attachments[0].body == b"hello\r"


def test_mixed_line_endings() -> None:
    body = GOOD.replace(b"Content-ID: <att>\r\n", b"Content-ID: <att>\n")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_LINE_ENDINGS"]
    assert "mix" in framing.findings[0].message


def test_body_bytes_are_never_rewritten() -> None:
    content = b"a\nb\r\nc\rd\x00\n\n--not-the-boundary\r\n"
    body = GOOD.replace(b"hello", content)
    framing = parse(body, SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].body == content


def test_lf_body_keeps_its_crlf_content() -> None:
    body = GOOD.replace(b"\r\n", b"\n").replace(b"hello", b"x\r\ny\rz")
    framing = parse(body, SWA, lenient=True)
    assert framing.attachments[0].body == b"x\r\ny\rz"


# -- boundaries and delimiters -----------------------------------------------------------------


def test_boundary_discovered_without_content_type() -> None:
    framing = parse(GOOD, None, lenient=True)
    # No type at all: both what is missing and where the boundary came from are named.
    assert codes(framing) == ["MIME_NO_CONTENT_TYPE", "MIME_BOUNDARY_MISSING"]
    assert framing.root.content_id == "soap"
    assert len(framing.attachments) == 1


def test_boundary_missing_from_content_type() -> None:
    framing = parse(GOOD, 'multipart/related; type="text/xml"; start="<soap>"', lenient=True)
    assert codes(framing) == ["MIME_BOUNDARY_MISSING"]
    assert "B" in framing.findings[0].message
    assert framing.attachments[0].body == b"hello"


def test_boundary_never_found() -> None:
    with pytest.raises(DecodeError) as caught:
        parse(GOOD, SWA.replace('"B"', '"other"'), lenient=True)
    assert [f.code for f in caught.value.findings] == ["MIME_BOUNDARY_NOT_FOUND"]


def test_preamble_and_epilogue_are_ignored() -> None:
    body = b"This is a preamble\r\n" + GOOD + b"epilogue\r\n"
    framing = parse(body, SWA, lenient=False)
    assert framing.findings == []
    assert framing.root.body == b"<env/>"


def test_delimiter_transport_padding_is_legal() -> None:
    body = GOOD.replace(b"--B\r\n", b"--B \t \r\n").replace(b"--B--\r\n", b"--B--  \r\n")
    framing = parse(body, SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].body == b"hello"


def test_boundary_with_spaces() -> None:
    body = GOOD.replace(b"--B", b"--Story Parts 1 2")
    framing = parse(body, SWA.replace('"B"', '"Story Parts 1 2"'), lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].body == b"hello"


def test_close_delimiter_missing() -> None:
    body = GOOD.removesuffix(b"\r\n--B--\r\n")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_CLOSE_DELIMITER_MISSING"]
    assert framing.attachments[0].body == b"hello"


def test_close_delimiter_garbled() -> None:
    body = GOOD.replace(b"--B--\r\n", "--B\u2014".encode())
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_CLOSE_DELIMITER_MISSING"]
    assert framing.attachments[0].body == b"hello"
    assert len(framing.attachments) == 1


def test_only_a_close_delimiter_is_refused() -> None:
    with pytest.raises(DecodeError) as caught:
        parse(b"--B--\r\n", SWA, lenient=True)
    assert [f.code for f in caught.value.findings] == ["MIME_EMPTY_PART"]


def test_empty_part() -> None:
    body = GOOD.replace(b"--B--", b"--B\r\n\r\n--B--")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_EMPTY_PART"]
    assert framing.findings[0].where == "part 3"
    assert framing.findings[0].repaired is False
    assert framing.attachments[1].body == b""


# -- start and type parameters -----------------------------------------------------------------


def test_start_missing() -> None:
    framing = parse(GOOD, 'multipart/related; type="text/xml"; boundary=B', lenient=True)
    assert codes(framing) == ["MIME_START_MISSING"]
    assert framing.root.content_id == "soap"


def test_start_unbracketed() -> None:
    framing = parse(GOOD, SWA.replace("<soap>", "soap"), lenient=True)
    assert codes(framing) == ["MIME_START_UNBRACKETED"]
    assert framing.root.content_id == "soap"


def test_start_not_found_falls_back_to_first_xml_part() -> None:
    body = crlf(
        "--B\nContent-Type: text/plain\nContent-ID: <att>\n\nhello\n"
        "--B\nContent-Type: application/octet-stream\n\n<env/>\n--B--\n"
    )
    framing = parse(body, SWA.replace("<soap>", "<nope>"), lenient=True)
    assert codes(framing) == ["MIME_START_NOT_FOUND", "MIME_ROOT_NOT_FIRST", "MIME_TYPE_PARAM"]
    assert framing.root.where == "part 2"
    assert framing.root.body == b"<env/>"
    assert [p.content_id for p in framing.attachments] == ["att"]


def test_root_not_first() -> None:
    body = crlf(
        "--B\nContent-Type: text/plain\nContent-ID: <att>\n\nhello\n"
        "--B\nContent-Type: text/xml\nContent-ID: <soap>\n\n<env/>\n--B--\n"
    )
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_ROOT_NOT_FIRST"]
    assert framing.findings[0].severity is Severity.INFO
    assert framing.root.content_id == "soap"
    assert [p.where for p in framing.attachments] == ["part 1"]


def test_capitalised_parameter_names() -> None:
    ctype = 'multipart/related; Type="text/xml"; Start="<soap>"; Boundary="B"'
    framing = parse(GOOD, ctype, lenient=True)
    assert codes(framing) == ["MIME_PARAM_CASE"]
    assert framing.findings[0].severity is Severity.INFO
    assert "Type, Start, Boundary" in framing.findings[0].message
    assert framing.root.content_id == "soap"


def test_parameter_case_inside_quotes_is_not_a_name() -> None:
    ctype = SWA + '; x-note="a; Foo=b"'
    framing = parse(GOOD, ctype, lenient=True)
    assert framing.findings == []


def test_type_parameter_missing() -> None:
    framing = parse(GOOD, 'multipart/related; start="<soap>"; boundary=B', lenient=True)
    assert codes(framing) == ["MIME_TYPE_PARAM"]


def test_type_parameter_wrong() -> None:
    framing = parse(GOOD, SWA.replace("text/xml", "application/soap+xml"), lenient=True)
    assert codes(framing) == ["MIME_TYPE_PARAM"]
    assert "application/soap+xml" in framing.findings[0].message


def test_multipart_mixed_root_is_first_xml_part() -> None:
    framing = parse(GOOD, "multipart/mixed; boundary=B", lenient=False)
    assert framing.findings == []
    assert framing.root.content_id == "soap"


def test_unparsable_content_type_is_read_loosely() -> None:
    framing = parse(GOOD, "multipart/related boundary=B", lenient=True)
    assert codes(framing) == ["MIME_BAD_CONTENT_TYPE", "MIME_START_MISSING", "MIME_TYPE_PARAM"]
    assert framing.multipart
    assert framing.root.content_id == "soap"


def test_unquoted_special_characters_in_parameters() -> None:
    framing = parse(
        GOOD, "multipart/related; type=text/xml; start=<soap>; boundary=B", lenient=True
    )
    assert codes(framing) == ["MIME_BAD_CONTENT_TYPE"]
    assert framing.root.content_id == "soap"
    assert framing.attachments[0].body == b"hello"


# -- part headers ------------------------------------------------------------------------------


def test_content_id_unbracketed() -> None:
    framing = parse(GOOD.replace(b"<att>", b"att"), SWA, lenient=True)
    assert codes(framing) == ["MIME_CONTENT_ID_SYNTAX"]
    assert framing.findings[0].where == "part 2"
    assert framing.attachments[0].content_id == "att"


def test_content_id_invalid() -> None:
    framing = parse(GOOD.replace(b"<att>", b"<a b>"), SWA, lenient=True)
    # Not a msg-id, and with its space no id encode could write: not repairable.
    assert codes(framing) == ["MIME_CONTENT_ID_SYNTAX", "MIME_CONTENT_ID_UNUSABLE"]
    assert framing.attachments[0].content_id == "a b"


def test_content_id_duplicate() -> None:
    framing = parse(GOOD.replace(b"<att>", b"<soap>"), SWA, lenient=True)
    assert codes(framing) == ["MIME_CONTENT_ID_DUPLICATE"]
    assert framing.findings[0].repaired is False
    assert framing.root.where == "part 1"


def test_no_blank_line_after_headers() -> None:
    body = GOOD.replace(b"Content-ID: <att>\r\n\r\n", b"Content-ID: <att>\r\n")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_NO_BLANK_LINE"]
    assert framing.attachments[0].content_id == "att"
    assert framing.attachments[0].body == b"hello"


def test_no_blank_line_before_xml() -> None:
    body = GOOD.replace(b"<soap>\r\n\r\n<env/>", b"<soap>\r\n<env:Envelope xmlns:env='u'/>")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_NO_BLANK_LINE"]
    assert framing.root.body == b"<env:Envelope xmlns:env='u'/>"


def test_garbage_header_line_is_skipped() -> None:
    body = GOOD.replace(b"Content-ID: <att>", b"Content Type text/html\r\nContent-ID: <att>")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_HEADER_SYNTAX"]
    assert framing.attachments[0].content_id == "att"
    assert framing.attachments[0].content_type == "text/plain"
    assert framing.attachments[0].body == b"hello"


def test_garbage_last_header_line_before_blank_line() -> None:
    body = GOOD.replace(b"Content-ID: <att>", b"Content-ID: <att>\r\nX Junk: 1")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_HEADER_SYNTAX"]
    assert framing.attachments[0].body == b"hello"


def test_folded_part_header_is_unfolded() -> None:
    body = GOOD.replace(
        b"Content-Type: text/plain", b"Content-Type: text/plain;\r\n\tcharset=utf-8"
    )
    framing = parse(body, SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].charset == "utf-8"
    assert framing.attachments[0].header("Content-Type") == "text/plain; charset=utf-8"


def test_part_without_content_type_defaults_to_text_plain() -> None:
    body = GOOD.replace(b"Content-Type: text/plain\r\n", b"")
    framing = parse(body, SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].content_type == "text/plain"


def test_content_location() -> None:
    body = GOOD.replace(b"Content-ID: <att>", b"Content-Location:  pic.gif ")
    framing = parse(body, SWA, lenient=False)
    assert framing.attachments[0].content_location == "pic.gif"
    assert framing.attachments[0].content_id is None


# -- transfer encodings ------------------------------------------------------------------------


def with_encoding(encoding: str, content: bytes) -> bytes:
    header = f"Content-Transfer-Encoding: {encoding}\r\n".encode()
    return GOOD.replace(b"Content-ID: <att>\r\n", b"Content-ID: <att>\r\n" + header).replace(
        b"hello", content
    )


@pytest.mark.parametrize("encoding", ["7bit", "8bit", "binary", "BINARY"])
def test_identity_encodings_keep_bytes(encoding: str) -> None:
    framing = parse(with_encoding(encoding, b"\x00\xff\r\n"), SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].body == b"\x00\xff\r\n"
    assert framing.attachments[0].transfer_encoding == encoding.lower()


def test_base64_decoded() -> None:
    framing = parse(with_encoding("base64", b"aGVs\r\nbG8="), SWA, lenient=False)
    assert framing.findings == []
    assert framing.attachments[0].body == b"hello"


@pytest.mark.parametrize(
    ("content", "decoded"),
    [(b"aGVs*bG8", b"hello"), (b"QQ==Qg==", b"AB"), (b"aGVsbG8h2", b"hello!")],
)
def test_base64_errors_decode_what_they_can(content: bytes, decoded: bytes) -> None:
    strict = parse(with_encoding("base64", content), SWA, lenient=False)
    lenient = parse(with_encoding("base64", content), SWA, lenient=True)
    assert codes(strict) == codes(lenient) == ["MIME_BASE64"]
    assert strict.findings[0].repaired is False
    assert lenient.findings[0].repaired is True
    assert strict.attachments[0].body == lenient.attachments[0].body == decoded


def test_quoted_printable_decoded() -> None:
    framing = parse(
        with_encoding("quoted-printable", b"caf=C3=A9 =\r\nau lait"), SWA, lenient=False
    )
    assert framing.findings == []
    assert framing.attachments[0].body == "café au lait".encode()


def test_unknown_transfer_encoding_kept_as_is() -> None:
    framing = parse(with_encoding("x-uuencode", b"begin 644"), SWA, lenient=True)
    assert codes(framing) == ["MIME_TRANSFER_ENCODING"]
    assert framing.attachments[0].body == b"begin 644"


# -- nested multiparts -------------------------------------------------------------------------

NESTED = crlf(
    "--B\nContent-Type: text/xml\nContent-ID: <soap>\n\n<env/>\n"
    "--B\n"
    'Content-Type: multipart/mixed;\n boundary="inner one"\n'
    "Content-ID: <story>\n\n"
    "--inner one\nContent-Type: text/plain\n\nSaturn\n"
    "--inner one\nContent-Type: image/gif\nContent-ID: <pic>\n"
    "Content-Transfer-Encoding: base64\n\nR0lGOA==\n"
    "--inner one--\n"
    "--B--\n"
)


def test_nested_multipart() -> None:
    framing = parse(NESTED, SWA, lenient=False)
    assert framing.findings == []
    (story,) = framing.attachments
    assert story.is_multipart
    assert story.content_id == "story"
    assert [(p.where, p.content_type, p.body) for p in story.parts] == [
        ("part 2.1", "text/plain", b"Saturn"),
        ("part 2.2", "image/gif", b"GIF8"),
    ]
    assert [p.where for p in framing.walk()] == ["part 1", "part 2", "part 2.1", "part 2.2"]


def test_nested_related_type_mismatch() -> None:
    body = NESTED.replace(b"multipart/mixed", b'multipart/related; type="text/xml"')
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_TYPE_PARAM"]
    assert framing.findings[0].where == "part 2"


def test_nested_boundary_missing_is_discovered() -> None:
    body = NESTED.replace(b';\r\n boundary="inner one"', b"")
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_BOUNDARY_MISSING"]
    assert framing.findings[0].where == "part 2"
    assert len(framing.attachments[0].parts) == 2


def test_nested_boundary_not_found_keeps_one_part() -> None:
    body = NESTED.replace(b'boundary="inner one"', b'boundary="zzz"').replace(
        b"--inner", b"xxinner"
    )
    framing = parse(body, SWA, lenient=True)
    assert codes(framing) == ["MIME_BOUNDARY_NOT_FOUND"]
    assert framing.attachments[0].parts == []
    assert framing.attachments[0].body.startswith(b"xxinner one")


# -- limits ------------------------------------------------------------------------------------


def test_body_size_limit() -> None:
    with pytest.raises(LimitExceeded) as caught:
        parse(GOOD, SWA, lenient=True, limits=Limits(max_body_bytes=len(GOOD) - 1))
    assert [f.code for f in caught.value.findings] == ["LIMIT_BODY_SIZE"]
    assert caught.value.status_code == KINDS["LIMIT_BODY_SIZE"].status_code == 2004


def test_part_count_limit() -> None:
    body = b"".join(b"--B\r\nContent-ID: <%d>\r\n\r\nx\r\n" % i for i in range(3)) + b"--B--"
    assert len(parse(body, SWA, lenient=True, limits=Limits(max_parts=3)).attachments) == 2
    with pytest.raises(LimitExceeded) as caught:
        parse(body, SWA, lenient=True, limits=Limits(max_parts=2))
    assert [f.code for f in caught.value.findings][-1] == "LIMIT_PARTS"
    assert caught.value.status_code == 2004


def test_part_count_includes_nested_parts() -> None:
    with pytest.raises(LimitExceeded) as caught:
        parse(NESTED, SWA, lenient=True, limits=Limits(max_parts=3))
    assert caught.value.findings[-1].code == "LIMIT_PARTS"


def test_depth_limit() -> None:
    parse(NESTED, SWA, lenient=True, limits=Limits(max_mime_depth=2))
    with pytest.raises(LimitExceeded) as caught:
        parse(NESTED, SWA, lenient=True, limits=Limits(max_mime_depth=1))
    assert caught.value.findings[-1].code == "LIMIT_MIME_DEPTH"
    assert caught.value.findings[-1].where == "part 2"
    assert caught.value.status_code == KINDS["LIMIT_MIME_DEPTH"].status_code == 2007


def test_header_size_limit() -> None:
    body = GOOD.replace(b"Content-ID: <att>", b"X-Pad: " + b"p" * 100 + b"\r\nContent-ID: <att>")
    with pytest.raises(LimitExceeded) as caught:
        parse(body, SWA, lenient=True, limits=Limits(max_header_bytes=100))
    assert caught.value.findings[-1].code == "LIMIT_HEADER_SIZE"
    assert caught.value.findings[-1].where == "part 2"


def test_long_content_line_is_not_a_header() -> None:
    body = GOOD.replace(b"hello", b"z" * 500)
    framing = parse(body, SWA, lenient=False, limits=Limits(max_header_bytes=100))
    assert framing.attachments[0].body == b"z" * 500


# -- robustness --------------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from(
    [None, "", SWA, "multipart/related", "text/xml", "multipart/mixed; boundary=B", "a/b; c"]
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), CONTENT_TYPES, st.booleans())
def test_random_bytes_never_raise_a_bare_exception(
    data: bytes, ctype: str | None, lenient: bool
) -> None:
    try:
        framing = parse(data, ctype, lenient=lenient)
    except Mm7Error as exc:
        assert exc.findings, "a refusal names the finding behind it"
        return
    assert all(item.code in KINDS for item in framing.findings)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.booleans())
def test_mutated_messages_never_raise_a_bare_exception(data: st.DataObject, lenient: bool) -> None:
    body = bytearray(NESTED)
    for _ in range(data.draw(st.integers(1, 6))):
        index = data.draw(st.integers(0, len(body) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        byte = data.draw(st.sampled_from(b'\r\n-<>:; "=\x00'))
        if action == "delete":
            del body[index]
        elif action == "insert":
            body.insert(index, byte)
        else:
            body[index] = byte
    try:
        framing = parse(bytes(body), SWA, lenient=lenient)
    except Mm7Error as exc:
        assert exc.findings, "a refusal names the finding behind it"
        return
    assert all(item.code in KINDS for item in framing.findings)


# -- build -------------------------------------------------------------------------------------


def test_build_produces_a_conforming_body() -> None:
    attachment = make_part("text/plain; charset=utf-8", b"hi", content_id="att@x")
    body, ctype = build(ENVELOPE, [attachment], root_content_id="soap@x", boundary="xyz")
    assert ctype == 'multipart/related; type="text/xml"; start="<soap@x>"; boundary="xyz"'
    assert body.startswith(b'--xyz\r\nContent-Type: text/xml; charset="utf-8"\r\n')
    assert body.endswith(b"\r\n--xyz--\r\n")
    framing = parse(body, ctype, lenient=False)
    assert framing.findings == []
    assert framing.root.body == ENVELOPE
    assert framing.root.content_id == "soap@x"
    assert framing.attachments[0].body == b"hi"
    assert framing.attachments[0].charset == "utf-8"


def test_build_random_boundary_avoids_part_bytes() -> None:
    body, ctype = build(ENVELOPE, [make_part("application/octet-stream", b"--=_mm7_")])
    boundary = ctype.rsplit('boundary="', 1)[1].rstrip('"')
    assert boundary.startswith("=_mm7_")
    assert body.count(boundary.encode()) == 3


def test_build_keeps_content_location_and_extra_headers() -> None:
    part = make_part("image/gif", b"GIF8", content_location="pic.gif")
    part.headers = [("Content-Disposition", "inline"), ("Content-Transfer-Encoding", "base64")]
    framing = parse(*build(ENVELOPE, [part]), lenient=False)
    (parsed,) = framing.attachments
    assert parsed.content_location == "pic.gif"
    assert parsed.header("Content-Disposition") == "inline"
    assert parsed.transfer_encoding == "binary"
    assert parsed.body == b"GIF8"


def test_build_nested_related_sets_type_and_brackets_start() -> None:
    smil = make_part("application/smil", b"<smil/>", content_id="smil")
    text = make_part("text/plain", b"hi", content_id="txt")
    nested = make_part('multipart/related; start="smil"', parts=[text, smil], content_id="c")
    body, ctype = build(ENVELOPE, [nested])
    framing = parse(body, ctype, lenient=False)
    assert framing.findings == []
    (parsed,) = framing.attachments
    assert parsed.params["type"] == "application/smil"
    assert parsed.params["start"] == "<smil>"
    assert [p.body for p in parsed.parts] == [b"hi", b"<smil/>"]


@pytest.mark.parametrize(
    ("attachments", "boundary"),
    [
        ([make_part("text/plain", b"a--xyz")], "xyz"),
        ([], "bad boundary "),
        ([make_part("text/plain", b"", content_id="soap")], None),
        ([make_part("text/plain", b"", content_id="a b")], None),
        ([make_part("multipart/mixed")], None),
        ([make_part('multipart/related; start="<none>"', parts=[make_part("a/b")])], None),
    ],
)
def test_build_refuses(attachments: list[Part], boundary: str | None) -> None:
    with pytest.raises(EncodeError):
        build(ENVELOPE, attachments, root_content_id="soap", boundary=boundary)


def test_make_part_refuses_a_bad_content_type() -> None:
    with pytest.raises(EncodeError):
        make_part("not a type", b"")


TRICKY = st.sampled_from(
    [b"\r", b"\n", b"\r\n", b"\x00", b"--", b"--=_mm7_", b"\r\n--", b"--\r\n", b"\r\n\r\n", b"<"]
)
BODIES = st.lists(st.one_of(st.binary(max_size=40), TRICKY), max_size=8).map(b"".join)
MEDIA = st.sampled_from(["application/octet-stream", "text/plain", "image/gif", "text/xml"])


def leaves() -> st.SearchStrategy[Part]:
    return st.builds(lambda t, b: make_part(t, b), MEDIA, BODIES)


PARTS = st.recursive(
    leaves(),
    lambda children: st.builds(
        lambda subtype, kids: make_part(f"multipart/{subtype}", parts=kids),
        st.sampled_from(["mixed", "related", "alternative"]),
        st.lists(children, min_size=1, max_size=3),
    ),
    max_leaves=6,
)


def shape(part: Part) -> object:
    """What a round trip must keep: type, Content-ID, body (leaves) or children (multiparts)."""
    if part.is_multipart:
        return (part.content_type, part.content_id, [shape(p) for p in part.parts])
    return (part.content_type, part.content_id, part.body)


@settings(max_examples=200, deadline=None)
@given(BODIES, st.lists(PARTS, max_size=4))
def test_build_parse_round_trip(root_xml: bytes, attachments: list[Part]) -> None:
    for number, part in enumerate(p for a in attachments for p in a.walk()):
        part.content_id = f"id{number}@test"
    body, ctype = build(root_xml, attachments)
    framing = parse(body, ctype, lenient=False)
    assert framing.findings == []
    assert framing.root.body == root_xml
    assert [shape(p) for p in framing.attachments] == [shape(p) for p in attachments]


def test_build_joins_the_parts_own_bytes_once() -> None:
    # The pieces build joins hold each part body itself (no copy before the one join), and
    # a nested part's too; the joined body is exactly those pieces.
    leaf = make_part("image/jpeg", b"\xff\xd8" + b"x" * 1000, content_id="leaf")
    nested = make_part("multipart/mixed", parts=[make_part("text/plain", b"inner body")])
    chunks, ctype = mime.body_chunks(ENVELOPE, [leaf, nested])
    assert any(piece is leaf.body for piece in chunks)
    assert any(piece is nested.parts[0].body for piece in chunks)
    framing = parse(b"".join(chunks), ctype, lenient=False)
    assert framing.findings == [] and framing.attachments[0].body == leaf.body


@settings(max_examples=200, deadline=None)
@given(
    st.text("0123456789AZaz'()+_,-./:=? ", min_size=8, max_size=70).filter(
        lambda boundary: not boundary.endswith(" ")
    ),
    st.text(
        st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="<>"), min_size=1
    ),
)
def test_the_swa_content_type_is_written_as_render_type_writes_it(
    boundary: str, root_id: str
) -> None:
    """The body's Content-Type, its boundary written apart from the cached rest, is what
    _render_type writes for all three parameters, and reads back to them."""
    try:
        _, ctype = mime.body_chunks(b"{}", [], root_content_id=root_id, boundary=boundary)
    except EncodeError:  # it occurs in the root's header block
        reject()
    params = {"type": "text/xml", "start": f"<{root_id}>", "boundary": boundary}
    assert ctype == mime._render_type("multipart/related", params)
    assert mime._read_content_type(ctype) == ("multipart/related", tuple(params.items()), False, ())
