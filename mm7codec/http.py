"""Split a raw HTTP request or response dump into start line, headers and body (no sockets).

MM7 traffic is often kept as text dumps: copied from logs or documentation, with bare LF line
ends, folded headers and a Content-Length that no longer matches. This module reads such dumps
as they are, reports what deviates as findings, and never rewrites the body.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from mm7codec.errors import DecodeError, LimitExceeded
from mm7codec.findings import KINDS, Finding, finding
from mm7codec.limits import DEFAULT_LIMITS, Limits, wire_int

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
# [0-9], not \d: on text \d also matches other scripts' digits, which int() then reads.
_REQUEST_LINE = re.compile(rf"({_TOKEN})[ \t]+(\S+)[ \t]+HTTP/([0-9]\.[0-9])[ \t]*")
_STATUS_LINE = re.compile(r"HTTP/([0-9]\.[0-9])[ \t]+([0-9]{3})(?:[ \t]+(.*?))?[ \t]*")
_HEADER_LINE = re.compile(rf"({_TOKEN})[ \t]*:[ \t]*(.*?)[ \t]*", re.S)
# An interim 1xx response (e.g. "100 Continue") interleaved in a dump: status line, headers,
# empty line.
_INTERIM = re.compile(rb"HTTP/\d\.\d[ \t]+1\d\d[^\n]*\n(?:[^\r\n][^\n]*\n)*\r?\n")
# The start of a later message in a dump: a final status line, or a request line.
_START = re.compile(
    rb"(?:HTTP/\d\.\d[ \t]+[2-9]\d\d(?:[ \t][^\r\n]*)?|"
    rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]+\S+[ \t]+HTTP/\d\.\d[ \t]*)(?=\r?\n)"
)
_NEXT_START = re.compile(rb"(?m)^" + _START.pattern)
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$")

_Add = Callable[[str, str, str], None]


@dataclass(slots=True)
class HttpMessage:
    """One HTTP request or response: start line, headers as written, body as given."""

    start_line: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes
    findings: list[Finding] = field(default_factory=list)
    method: str | None = None
    target: str | None = None
    status: int | None = None
    reason: str | None = None

    @property
    def is_request(self) -> bool:
        return self.method is not None

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    def header(self, name: str) -> str | None:
        """The first value of a header, looked up case-insensitively."""
        values = self.header_all(name)
        return values[0] if values else None

    def header_all(self, name: str) -> list[str]:
        """Every value of a header in the order written, looked up case-insensitively."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]


def is_http(data: bytes) -> bool:
    """Whether the bytes start with an HTTP request line or status line."""
    start = _skip_blank_lines(data, 0)
    eol = data.find(b"\n", start, start + 8192)
    line = data[start : eol if eol >= 0 else start + 8192].rstrip(b"\r").decode("latin-1")
    return bool(_REQUEST_LINE.fullmatch(line) or _STATUS_LINE.fullmatch(line))


def split_exchange(data: bytes) -> list[bytes]:
    """The HTTP messages of a dump that holds several, each as its own bytes.

    A captured TCP stream is exported as a request followed by its response (and a
    keep-alive connection as several such), the next start line either right where
    Content-Length ends the body or at the start of a later line. A later message starts
    with a request line or a final (not 1xx) status line followed by a header section;
    blank lines after a body that Content-Length counts exactly are the export's, not the
    body's. Returns ``[data]`` when the dump holds one message or is no HTTP at all.
    """
    if not is_http(data):
        return [data]
    pieces: list[bytes] = []
    begin = _skip_blank_lines(data, 0)
    while (cut := _next_message(data, begin)) is not None:
        pieces.append(_without_export_padding(data[begin:cut]))
        begin = cut
    pieces.append(data[begin:])
    return pieces


def _next_message(data: bytes, begin: int) -> int | None:
    """Where the message after the one starting at ``begin`` starts, if one does."""
    eol = data.find(b"\n", begin)
    if eol < 0:
        return None
    counted = _counted_end(data, begin)
    if counted is not None:
        pos = _skip_blank_lines(data, counted)
        if _START.match(data, pos) and _starts_message(data, pos):
            return pos
    for match in _NEXT_START.finditer(data, eol + 1):
        if _starts_message(data, match.start()):
            return match.start()
    return None


def _counted_end(data: bytes, begin: int) -> int | None:
    """The end of the body Content-Length counts, for the message starting at ``begin``."""
    head_end = _HEAD_END.search(data, begin)
    if head_end is None:
        return None
    length = _CONTENT_LENGTH.search(data, begin, head_end.start())
    if length is None:
        return None
    body = head_end.end()
    while interim := _INTERIM.match(data, body):  # a 100 Continue between head and body
        body = interim.end()
    declared = wire_int(length.group(1))
    if declared is None:
        return None
    end = body + declared
    return end if end < len(data) else None


def _starts_message(data: bytes, pos: int) -> bool:
    """Whether the start line at ``pos`` is followed by a header section (or an empty one)."""
    eol = data.find(b"\n", pos)
    if eol < 0:
        return False
    nxt = data.find(b"\n", eol + 1)
    line = data[eol + 1 : nxt if nxt >= 0 else len(data)].rstrip(b"\r").decode("latin-1")
    return not line or bool(_HEADER_LINE.fullmatch(line))


def _without_export_padding(piece: bytes) -> bytes:
    """A message without trailing line ends beyond what its Content-Length counts."""
    end = _counted_end(piece, 0)
    return piece[:end] if end is not None and not piece[end:].strip(b"\r\n") else piece


def parse(data: bytes, *, lenient: bool, limits: Limits = DEFAULT_LIMITS) -> HttpMessage:
    """Parse an HTTP dump; raise DecodeError if it is not one, LimitExceeded if too large.

    Interim 1xx responses (``100 Continue``) found before a response or before the body of a
    request that sent ``Expect: 100-continue`` are skipped. Findings are marked repaired only
    when ``lenient`` is true and their kind is repairable; the same recovery runs either way.
    """
    findings: list[Finding] = []

    def add(code: str, where: str, message: str) -> None:
        repaired = lenient and KINDS[code].repairable
        findings.append(finding(code, where, message, repaired=repaired))

    def limit(code: str, message: str) -> NoReturn:
        add(code, "HTTP head" if code == "LIMIT_HEADER_SIZE" else "body", message)
        raise LimitExceeded(message, status_code=KINDS[code].status_code, findings=findings)

    head_start = _skip_blank_lines(data, 0)
    interim = _INTERIM.match(data, head_start)
    while interim:
        head_start = _skip_blank_lines(data, interim.end())
        interim = _INTERIM.match(data, head_start)
    eol = data.find(b"\n", head_start)
    pos = len(data) if eol < 0 else eol + 1
    if pos - head_start > limits.max_header_bytes:
        limit("LIMIT_HEADER_SIZE", f"the HTTP head exceeds {limits.max_header_bytes} bytes")
    start_line = data[head_start:pos].rstrip(b"\r\n").decode("latin-1")
    request = _REQUEST_LINE.fullmatch(start_line)
    response = _STATUS_LINE.fullmatch(start_line)
    if not (request or response):
        add("HTTP_MALFORMED", "HTTP head", f"not an HTTP start line: {start_line[:60]!r}")
        raise DecodeError("the data does not start with an HTTP start line", findings=findings)

    headers: list[tuple[str, str]] = []
    while True:
        if pos >= len(data):
            add("HTTP_MALFORMED", "HTTP head", "the header section does not end in an empty line")
            break
        eol = data.find(b"\n", pos)
        end = len(data) if eol < 0 else eol + 1
        if end - head_start > limits.max_header_bytes:
            limit("LIMIT_HEADER_SIZE", f"the HTTP head exceeds {limits.max_header_bytes} bytes")
        text = data[pos:end].rstrip(b"\r\n").decode("latin-1")
        if not text:
            pos = end
            break
        match = _HEADER_LINE.fullmatch(text)
        if text[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {text.strip()}".strip())
            add("HTTP_OBS_FOLD", f"header {name}", f"header {name} is folded over lines")
        elif match:
            headers.append((match.group(1), match.group(2)))
        else:
            add("HTTP_MALFORMED", "HTTP head", f"{text[:60]!r} is not a header: body starts here")
            break
        pos = end

    # The body is sliced out of the dump once, or dechunked straight from it: never both.
    message = HttpMessage(start_line, "", headers, b"", findings)
    if request:
        message.method, message.target, message.version = request.groups()
        expect = (message.header("Expect") or "").lower()
        if expect == "100-continue" and (interim := _INTERIM.match(data, pos)):
            pos = interim.end()
    elif response:
        message.version, status, message.reason = response.groups()
        message.status = int(status)

    encoding = (message.header("Transfer-Encoding") or "").lower()
    if encoding.rsplit(",", 1)[-1].strip() == "chunked":
        decoded = _dechunk(data, pos)
        if decoded is None:
            add("HTTP_MALFORMED", "body", "the chunked body cannot be decoded: kept as given")
        message.body = data[pos:] if decoded is None else decoded
    else:
        message.body = data[pos:]
        _check_content_length(message, add)
    coding = (message.header("Content-Encoding") or "identity").strip().lower()
    if coding != "identity":
        decoded = _decompress(message.body, coding, limits.max_body_bytes)
        if decoded is None:
            add("HTTP_CONTENT_ENCODING", "body", f"cannot undo Content-Encoding {coding!r}")
            raise DecodeError(
                f"the body's Content-Encoding {coding!r} is unreadable", findings=findings
            )
        message.body = decoded
    if len(message.body) > limits.max_body_bytes:
        limit("LIMIT_BODY_SIZE", f"the body exceeds {limits.max_body_bytes} bytes")
    return message


def _skip_blank_lines(data: bytes, pos: int) -> int:
    """The offset of the first byte after any empty lines starting at ``pos``."""
    while True:
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith(b"\n", pos):
            pos += 1
        else:
            return pos


def _check_content_length(message: HttpMessage, add: _Add) -> None:
    """Report a Content-Length that is not one number or does not count the body."""
    values = [v.strip() for raw in message.header_all("Content-Length") for v in raw.split(",")]
    if not values:
        return
    where = "header Content-Length"
    declared = wire_int(values[0]) if len(set(values)) == 1 else None
    if declared is None:
        shown = ", ".join(values)
        shown = shown if len(shown) <= 60 else f"{shown[:60]}... ({len(shown)} characters)"
        add("HTTP_CONTENT_LENGTH", where, f"Content-Length {shown!r} is not one ASCII number")
        return
    actual = len(message.body)
    if declared != actual:
        body = message.body
        with_crlf = actual + body.count(b"\n") - body.count(b"\r\n")
        hint = " (it would with CRLF line ends)" if with_crlf == declared else ""
        add(
            "HTTP_CONTENT_LENGTH",
            where,
            f"Content-Length is {declared}, the body has {actual} bytes{hint}; body kept as given",
        )


def _decompress(body: bytes, coding: str, limit: int) -> bytes | None:
    """Undo gzip or deflate, reading at most ``limit`` + 1 bytes (a bomb stops there, and
    the caller's size limit refuses it); None for another coding or a corrupt stream."""
    if coding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif coding == "deflate":
        wbits = zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS  # zlib or raw
    else:
        return None
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    if len(out) <= limit and not inflater.eof:
        return None  # truncated stream
    return out


def _dechunk(body: bytes, pos: int) -> bytes | None:
    """Decode the chunked transfer coding that starts at ``body[pos]``; None when the chunk
    framing is broken. Chunks are joined from views of ``body``: one copy, into the result."""
    view = memoryview(body)
    out: list[memoryview] = []
    while True:
        eol = body.find(b"\n", pos)
        if eol < 0:
            return None
        size = wire_int(body[pos:eol].split(b";", 1)[0].strip(), base=16)
        if size is None:
            return None
        pos = eol + 1
        if size == 0:
            return b"".join(out)
        chunk = view[pos : pos + size]
        if len(chunk) < size:
            return None
        out.append(chunk)
        pos += size
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1
        else:
            return None
