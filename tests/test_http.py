"""HTTP dumps: start lines, headers, bodies, and the deviations a dump tolerates."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mm7codec import http, mime
from mm7codec.errors import DecodeError, LimitExceeded, Mm7Error
from mm7codec.findings import KINDS, Severity
from mm7codec.limits import Limits

BODY = b'<?xml version="1.0"?>\r\n<env:Envelope xmlns:env="urn:x"/>'
REQUEST = (
    b"POST /mm7/v1 HTTP/1.1\r\n"
    b"Host: mmsc.example\r\n"
    b'Content-Type: text/xml; charset="utf-8"\r\n'
    b"Content-Length: %d\r\n"
    b'SOAPAction: ""\r\n'
    b"X-Dup: one\r\n"
    b"x-dup: two\r\n"
    b"\r\n" % len(BODY)
) + BODY


def codes(message: http.HttpMessage) -> list[str]:
    return [item.code for item in message.findings]


def test_request() -> None:
    message = http.parse(REQUEST, lenient=False)
    assert message.is_request
    assert (message.method, message.target, message.version) == ("POST", "/mm7/v1", "1.1")
    assert message.status is None
    assert message.start_line == "POST /mm7/v1 HTTP/1.1"
    assert message.headers[0] == ("Host", "mmsc.example")
    assert message.header("content-type") == 'text/xml; charset="utf-8"'
    assert message.content_type == 'text/xml; charset="utf-8"'
    assert message.header("soapaction") == '""'
    assert message.header_all("X-DUP") == ["one", "two"]
    assert message.header("missing") is None
    assert message.body == BODY
    assert message.findings == []


def test_response() -> None:
    data = b"HTTP/1.0 500 Internal Server Error\r\nContent-Type: text/xml\r\n\r\n<x/>"
    message = http.parse(data, lenient=False)
    assert not message.is_request
    assert (message.version, message.status, message.reason) == (
        "1.0",
        500,
        "Internal Server Error",
    )
    assert message.body == b"<x/>"
    assert message.findings == []


def test_response_without_reason() -> None:
    message = http.parse(b"HTTP/1.1 204\r\n\r\n", lenient=False)
    assert (message.status, message.reason, message.body) == (204, None, b"")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (REQUEST, True),
        (b"\r\nHTTP/1.1 200 OK\r\n\r\n", True),
        (b"GET / HTTP/1.1", True),
        (BODY, False),
        (b"--boundary\r\nContent-Type: text/xml\r\n\r\n<x/>", False),
        (b"POST / HTTP/1\r\n", False),
        (b"", False),
        (b"\xff\xfe\x00", False),
    ],
)
def test_is_http(data: bytes, expected: bool) -> None:
    assert http.is_http(data) is expected


def test_bare_lf_dump() -> None:
    data = REQUEST.replace(b"\r\n", b"\n")
    message = http.parse(data, lenient=False)
    assert message.header("Host") == "mmsc.example"
    assert message.body == BODY.replace(b"\r\n", b"\n")
    assert codes(message) == ["HTTP_CONTENT_LENGTH"]
    assert "CRLF" in message.findings[0].message


@pytest.mark.parametrize("lenient", [True, False])
def test_obs_fold_is_unfolded(lenient: bool) -> None:
    data = REQUEST.replace(b'text/xml; charset="utf-8"', b"multipart/related;\r\n\t boundary=B")
    message = http.parse(data, lenient=lenient)
    assert message.content_type == "multipart/related; boundary=B"
    assert codes(message) == ["HTTP_OBS_FOLD"]
    assert message.findings[0].where == "header Content-Type"
    assert message.findings[0].repaired is lenient
    assert message.findings[0].severity is Severity.WARNING


def test_content_length_too_large_keeps_body() -> None:
    data = REQUEST.replace(b"Content-Length: %d" % len(BODY), b"Content-Length: 4000")
    message = http.parse(data, lenient=True)
    assert codes(message) == ["HTTP_CONTENT_LENGTH"]
    assert message.findings[0].repaired is True
    assert message.body == BODY
    assert "4000" in message.findings[0].message


def test_content_length_too_small_keeps_body() -> None:
    data = REQUEST.replace(b"Content-Length: %d" % len(BODY), b"Content-Length: 3")
    message = http.parse(data, lenient=False)
    assert codes(message) == ["HTTP_CONTENT_LENGTH"]
    assert message.findings[0].repaired is False
    assert message.body == BODY


@pytest.mark.parametrize("value", [b"abc", b"12, 13", b"-1"])
def test_content_length_not_a_number(value: bytes) -> None:
    data = REQUEST.replace(b"Content-Length: %d" % len(BODY), b"Content-Length: " + value)
    assert codes(http.parse(data, lenient=True)) == ["HTTP_CONTENT_LENGTH"]


def test_repeated_equal_content_length_is_fine() -> None:
    length = b"%d" % len(BODY)
    data = REQUEST.replace(
        b"Content-Length: " + length, b"Content-Length: %s, %s" % (length, length)
    )
    message = http.parse(data, lenient=False)
    assert message.header("Content-Length") == f"{len(BODY)}, {len(BODY)}"
    assert message.findings == []


def test_expect_continue_request() -> None:
    data = REQUEST.replace(b"Host:", b"Expect: 100-continue\r\nHost:")
    message = http.parse(data, lenient=False)
    assert message.header("Expect") == "100-continue"
    assert message.body == BODY
    assert message.findings == []


def test_interleaved_continue_is_dropped_from_the_body() -> None:
    head, body = REQUEST.split(b"\r\n\r\n", 1)
    data = head + b"\r\nExpect: 100-continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" + body
    message = http.parse(data, lenient=False)
    assert message.body == BODY
    assert message.findings == []


def test_interim_response_before_final_response() -> None:
    data = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n<x/>"
    message = http.parse(data, lenient=False)
    assert (message.status, message.body) == (200, b"<x/>")


def test_chunked_body_is_decoded() -> None:
    data = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\n<x/\r\n1;ext=1\r\n>\r\n0\r\nTrailer: t\r\n\r\n"
    )
    message = http.parse(data, lenient=False)
    assert message.body == b"<x/>"
    assert message.findings == []


def test_broken_chunked_body_is_kept() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n<x/>"
    message = http.parse(data, lenient=True)
    assert codes(message) == ["HTTP_MALFORMED"]
    assert message.body == b"zz\r\n<x/>"


def _encoded(coding: str, payload: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\n\r\n" % coding.encode() + payload


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # raw deflate, as IIS sent
    ],
)
def test_content_encoding_is_undone(coding: str, compress: Callable[[bytes], bytes]) -> None:
    message = http.parse(_encoded(coding, compress(BODY)), lenient=False)
    assert message.body == BODY and message.findings == []


@pytest.mark.parametrize(
    ("coding", "payload"),
    [("br", BODY), ("gzip", b"not gzip at all"), ("gzip", gzip.compress(BODY)[:-12])],
)
def test_unreadable_content_encoding_is_refused(coding: str, payload: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        http.parse(_encoded(coding, payload), lenient=True)
    assert [f.code for f in caught.value.findings] == ["HTTP_CONTENT_ENCODING"]
    assert caught.value.status_code == 2007


def test_compression_bomb_stops_at_the_body_limit() -> None:
    bomb = gzip.compress(b" " * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(LimitExceeded) as caught:
        http.parse(_encoded("gzip", bomb), lenient=True, limits=Limits(max_body_bytes=100_000))
    assert [f.code for f in caught.value.findings] == ["LIMIT_BODY_SIZE"]


@pytest.mark.parametrize("padding", [b"", b"\r\n", b"\n\n"])
def test_split_exchange_cuts_before_each_later_start_line(padding: bytes) -> None:
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n<x/>"
    # A 100 Continue is part of the request's exchange, not a message of its own.
    continued = REQUEST.replace(b"\r\n\r\n", b"\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n", 1)
    assert http.split_exchange(REQUEST + padding + response) == [REQUEST, response]
    assert http.split_exchange(continued + padding + response)[1] == response
    assert http.split_exchange(REQUEST) == [REQUEST]
    assert http.split_exchange(BODY + response) == [BODY + response]  # no HTTP dump


def test_split_exchange_needs_a_header_section_after_the_start_line() -> None:
    # Text in a body that merely looks like a status line does not start a message.
    body = b"see:\nHTTP/1.1 200 OK is what we answer\nthanks\n"
    data = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    assert http.split_exchange(data) == [data]


def test_not_http_is_refused() -> None:
    with pytest.raises(DecodeError) as caught:
        http.parse(BODY, lenient=True)
    assert [f.code for f in caught.value.findings] == ["HTTP_MALFORMED"]
    assert caught.value.status_code == 2007


def test_missing_empty_line_starts_the_body() -> None:
    data = b"POST / HTTP/1.1\nHost: h\n<?xml version='1.0'?><x/>\n"
    message = http.parse(data, lenient=True)
    assert codes(message) == ["HTTP_MALFORMED"]
    assert message.findings[0].repaired is False
    assert message.headers == [("Host", "h")]
    assert message.body == b"<?xml version='1.0'?><x/>\n"


def test_unterminated_head() -> None:
    message = http.parse(b"HTTP/1.1 200 OK\r\nServer: x", lenient=True)
    assert codes(message) == ["HTTP_MALFORMED"]
    assert message.headers == [("Server", "x")]
    assert message.body == b""


def test_header_size_limit() -> None:
    with pytest.raises(LimitExceeded) as caught:
        http.parse(REQUEST, lenient=True, limits=Limits(max_header_bytes=40))
    assert [f.code for f in caught.value.findings] == ["LIMIT_HEADER_SIZE"]
    assert caught.value.status_code == KINDS["LIMIT_HEADER_SIZE"].status_code


def test_body_size_limit() -> None:
    with pytest.raises(LimitExceeded) as caught:
        http.parse(REQUEST, lenient=True, limits=Limits(max_body_bytes=len(BODY) - 1))
    assert [f.code for f in caught.value.findings] == ["LIMIT_BODY_SIZE"]
    assert caught.value.status_code == 2004


def test_dump_feeds_the_mime_parser() -> None:
    body, ctype = mime.build(BODY, [mime.make_part("text/plain", b"hi", content_id="t")])
    head = f"POST / HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    message = http.parse(head.encode() + body, lenient=False)
    assert message.findings == []
    framing = mime.parse(message.body, message.content_type, lenient=False)
    assert framing.findings == []
    assert framing.root.body == BODY
    assert framing.attachments[0].body == b"hi"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.booleans())
def test_random_bytes_never_raise_a_bare_exception(tail: bytes, lenient: bool) -> None:
    for data in (tail, b"POST / HTTP/1.1\r\n" + tail, b"HTTP/1.1 200 OK\n" + tail):
        try:
            message = http.parse(data, lenient=lenient)
        except Mm7Error as exc:
            assert exc.findings
            continue
        assert all(item.code in KINDS for item in message.findings)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), max_size=12), st.booleans())
def test_chunked_bodies_decode_to_their_content(content: bytes, sizes: list[int], lf: bool) -> None:
    """Dechunking reads the chunks where they lie in the dump: every split of the content,
    with chunk extensions and CRLF or LF framing, gives back exactly the content."""
    eol = b"\n" if lf else b"\r\n"
    chunks, rest = [], content
    for size in [*sizes, len(content)]:
        if rest:
            chunks.append(b"%x;ext=1%s%s%s" % (len(rest[:size]), eol, rest[:size], eol))
            rest = rest[size:]
    head = b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
    interim = b"HTTP/1.1 100 Continue\r\n\r\n"
    message = http.parse(head + interim + b"".join(chunks) + b"0" + eol + eol, lenient=False)
    assert message.body == content
    assert message.findings == []


def test_a_chunked_dump_is_read_with_one_copy_of_its_body() -> None:
    """tracemalloc (allocations, not time): the body is joined from views of the dump, not
    sliced out of it first and then copied chunk by chunk."""
    content = bytes(range(256)) * 4096  # 1 MiB
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (8192, content[i : i + 8192]) for i in range(0, 1 << 20, 8192)
    )
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    tracemalloc.start()
    try:
        assert http.parse(data, lenient=False).body == content
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.2 * len(content)
