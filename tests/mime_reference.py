"""The MIME parse as it was before it split nested multiparts in place: the reference that
tests/test_mime_offsets.py holds ``mime.parse`` to (same parts, same findings, same errors).

Each nested multipart is copied out and split on its own; every part body is sliced out of
its parent, then transfer-decoded from the slice; headers are read line by line. Only the
splitting is kept here; the line-by-line header reader, Content-Type, Content-ID and root
rules are the module's own (unchanged) helpers.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from mm7codec.limits import DEFAULT_LIMITS, Limits
from mm7codec.mime import (
    _CONTROL,
    _ENDING_NAMES,
    XML_TYPES,
    Framing,
    Part,
    _content_id,
    _content_type,
    _Context,
    _ending,
    _first_xml,
    _read_header_lines,
    _related_root,
    looks_like_xml,
)

_FIRST_DASH_LINE = re.compile(rb"(?:\A|(?<=\n))--([^\r\n]+)")
_NON_SPACE = re.compile(rb"\S")


def parse(
    body: bytes, content_type: str | None, *, lenient: bool, limits: Limits = DEFAULT_LIMITS
) -> Framing:
    ctx = _Context(lenient, limits)
    if len(body) > limits.max_body_bytes:
        ctx.limit("LIMIT_BODY_SIZE", "body", f"the body exceeds {limits.max_body_bytes} bytes")
    declared = bool(content_type and content_type.strip())
    if content_type and declared:
        ctype, params = _content_type(content_type, "body", ctx)
        headers = [("Content-Type", content_type)]
    else:
        ctx.add("MIME_NO_CONTENT_TYPE", "body", "no Content-Type: the type is read from the body")
        ctype, params, headers = "", {}, []
    if declared and not ctype.startswith("multipart/"):
        return Framing(Part(ctype, params, body, headers=headers), [], False, ctx.findings)

    boundary = params.get("boundary", "").encode("utf-8", "replace")
    parts = _split(body, boundary, "body", 1, ctx) if boundary else None
    if parts is None and looks_like_xml(body):
        if declared:
            ctx.add("MIME_MULTIPART_ON_XML", "body", f"declared {ctype}, but the body is bare XML")
        root_type = params.get("type", "").lower()
        root = Part(root_type if root_type in XML_TYPES else "text/xml", body=body)
        return Framing(root, [], False, ctx.findings)
    if parts is None:
        if boundary:
            ctx.fail("MIME_BOUNDARY_NOT_FOUND", "body", f"boundary {boundary!r} never occurs")
        found = _FIRST_DASH_LINE.search(body)
        if found is None:
            ctx.fail("MIME_BOUNDARY_NOT_FOUND", "body", "the body is neither XML nor multipart")
        boundary = found.group(1).rstrip(b" \t")
        ctx.add("MIME_BOUNDARY_MISSING", "body", f"no boundary given: using {boundary!r}")
        parts = _split(body, boundary, "body", 1, ctx) or []
    if not parts:
        ctx.fail("MIME_EMPTY_PART", "body", "the multipart body holds no parts")

    if ctype == "multipart/related":
        index = _related_root(params, parts, "body", ctx, top=True)
    else:
        index = _first_xml(parts)
        if index:
            ctx.add("MIME_ROOT_NOT_FIRST", "body", f"the root is {parts[index].where}")
    odd = [_ENDING_NAMES[ending] for ending in (b"\n", b"\r\r\n") if ending in ctx.endings]
    if odd:
        mixed = b"\r\n" in ctx.endings
        kind = f"mix CRLF and {' and '.join(odd)}" if mixed else f"end in {' and '.join(odd)}"
        ctx.add("MIME_LINE_ENDINGS", "body", f"delimiter and header lines {kind}")
    root = parts[index]
    return Framing(root, parts[:index] + parts[index + 1 :], True, ctx.findings)


def _split(
    body: bytes, boundary: bytes, where: str, depth: int, ctx: _Context
) -> list[Part] | None:
    if depth > ctx.limits.max_mime_depth:
        ctx.limit(
            "LIMIT_MIME_DEPTH", where, f"multipart nested deeper than {ctx.limits.max_mime_depth}"
        )
    marker = b"--" + boundary
    spans: list[tuple[int, int]] = []
    found = closed = False
    for start in _line_starts(body, marker):
        found, marker_end = True, start + len(marker)
        eol = body.find(b"\n", marker_end)
        line_end = len(body) if eol < 0 else eol + 1
        before = b"\r\n" if body[start - 2 : start] == b"\r\n" else b"\n"
        if start > 0 and body[start - 3 : start] != b"\r\r\n":
            ctx.endings.add(before)
        if eol >= 0:
            ctx.endings.add(_ending(body, line_end))
        if spans:
            content_start = spans[-1][0]
            content_end = start - len(before)
            spans[-1] = (content_start, max(content_start, content_end))
        if body.startswith(b"--", marker_end):
            closed = True
            break
        spans.append((line_end, len(body)))
        if ctx.parts + len(spans) > ctx.limits.max_parts:
            ctx.limit("LIMIT_PARTS", where, f"more than {ctx.limits.max_parts} MIME parts")
    if not found:
        return None
    if not closed:
        if spans and not body[spans[-1][0] :].strip():
            spans.pop()
        ctx.add("MIME_CLOSE_DELIMITER_MISSING", where, "no closing delimiter: parts end at the end")
    ctx.parts += len(spans)
    prefix = "part " if where == "body" else f"{where}."
    return [
        _part(body, start, end, f"{prefix}{number}", depth, ctx)
        for number, (start, end) in enumerate(spans, 1)
    ]


def _line_starts(body: bytes, marker: bytes) -> Iterator[int]:
    if body.startswith(marker):
        yield 0
    needle = b"\n" + marker
    position = body.find(needle)
    while position >= 0:
        yield position + 1
        position = body.find(needle, position + 1)


def _part(body: bytes, start: int, end: int, where: str, depth: int, ctx: _Context) -> Part:
    if _NON_SPACE.search(body, start, end) is None:
        ctx.add("MIME_EMPTY_PART", where, "the part has neither headers nor content")
    headers, content_start = read_headers(body, start, end, where, ctx)
    content = body[content_start:end]
    part = Part(headers=headers, where=where)
    if (value := part.header("Content-Type")) is not None:
        part.content_type, part.params = _content_type(value, where, ctx)
    part.content_id = _content_id(part.header("Content-ID"), where, ctx)
    if (location := part.header("Content-Location")) is not None:
        part.content_location = location.strip()
    if (encoding := part.header("Content-Transfer-Encoding")) is not None:
        part.transfer_encoding = encoding.strip().lower()
    part.body = _transfer_decode(content, part, ctx)
    if part.is_multipart:
        _nested(part, depth, ctx)
    return part


def read_headers(
    body: bytes, start: int, end: int, where: str, ctx: _Context
) -> tuple[list[tuple[str, str]], int]:
    """Headers read line by line, each control in a value read as a space (and named)."""
    headers, content_start = _read_header_lines(body, start, end, where, ctx)
    for index, (name, text) in enumerate(headers):
        if _CONTROL.search(text):
            ctx.add(
                "MIME_HEADER_CONTROL",
                where,
                f"header {name} {text[:80]!r}: controls read as spaces",
            )
            headers[index] = (name, _CONTROL.sub(" ", text))
    return headers, content_start


def _transfer_decode(content: bytes, part: Part, ctx: _Context) -> bytes:
    encoding = part.transfer_encoding
    if encoding in (None, "7bit", "8bit", "binary"):
        return content
    if part.is_multipart:
        ctx.add("MIME_TRANSFER_ENCODING", part.where, f"a multipart must not be {encoding}")
    if encoding == "base64":
        return _base64(content, part.where, ctx)
    if encoding == "quoted-printable":
        return binascii.a2b_qp(content)
    ctx.add("MIME_TRANSFER_ENCODING", part.where, f"unknown encoding {encoding!r}: kept as is")
    return content


def _base64(content: bytes, where: str, ctx: _Context) -> bytes:
    compact = content.translate(None, b" \t\r\n")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as exc:
        ctx.add("MIME_BASE64", where, f"invalid base64 ({exc}): decoded what could be read")
    decoded: list[bytes] = []
    for run in re.split(rb"=+", re.sub(rb"[^A-Za-z0-9+/=]", b"", compact)):
        usable = run[: len(run) - 1] if len(run) % 4 == 1 else run
        decoded.append(base64.b64decode(usable + b"=" * (-len(usable) % 4)))
    return b"".join(decoded)


def _nested(part: Part, depth: int, ctx: _Context) -> None:
    boundary = part.params.get("boundary", "").encode("utf-8", "replace")
    if not boundary and (found := _FIRST_DASH_LINE.search(part.body)):
        boundary = found.group(1).rstrip(b" \t")
        ctx.add("MIME_BOUNDARY_MISSING", part.where, f"no boundary: using {boundary!r}")
    children = _split(part.body, boundary, part.where, depth + 1, ctx) if boundary else None
    if children is None:
        ctx.add("MIME_BOUNDARY_NOT_FOUND", part.where, "no boundary delimiter: kept as one part")
    elif not children:
        ctx.add("MIME_MULTIPART_EMPTY", part.where, "the multipart holds no parts")
    else:
        part.parts = children
        part.body = b""
        if part.content_type == "multipart/related":
            _related_root(part.params, children, part.where, ctx, top=False)
