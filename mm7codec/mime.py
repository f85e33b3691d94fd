"""MIME framing of MM7 bodies: a bare SOAP envelope, or SOAP with attachments (multipart/related).

Parsing splits boundaries on bytes (the stdlib email parser rewrites line endings and is not
binary-safe) and uses the stdlib only to read header values. The same repairs run in strict
and lenient mode; each deviation becomes a finding, marked repaired only in lenient mode.
Part bodies are never rewritten beyond undoing their Content-Transfer-Encoding.

Parsing works on offsets into the one body it is given: a nested multipart is split where it
lies, and each leaf's content is copied once, into its ``Part.body`` (bytes, so a part owns
its content and does not keep the whole body alive); quoted-printable and well-formed base64
are decoded straight from the body into it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.policy import default as _POLICY
from typing import NoReturn
from urllib.parse import quote, unquote, unquote_to_bytes

from mm7codec.errors import DecodeError, EncodeError, LimitExceeded
from mm7codec.findings import KINDS, Finding, finding
from mm7codec.limits import DEFAULT_LIMITS, Limits

XML_TYPES = frozenset({"text/xml", "application/xml"})

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_HEADER_LINE = re.compile(rb"(" + _TOKEN.encode() + rb")[ \t]*:(.*)", re.S)
_CLEAN_HEADER = re.compile(rb"(" + _TOKEN.encode() + rb")[ \t]*:([^\r\n]*)\r\n")
_CLEAN_HEADER_BLOCK = re.compile(rb"(?:" + _TOKEN.encode() + rb"[ \t]*:[^\r\n]*\r\n)*\r\n")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_MEDIA_TYPE = re.compile(rf"\s*({_TOKEN}/{_TOKEN})", re.I)
_MEDIA_TYPE_ONLY = re.compile(f"{_TOKEN}/{_TOKEN}")
_TOKEN_ONLY = re.compile(_TOKEN)
# RFC 2231 attribute-char: a token character other than * ' %
_ATTRIBUTE_CHARS = "!#$&+-.^_`|~"
_EXTENDED_NAME = re.compile(r"\*(?:[0-9]+\*?)?$")
# C0 controls but HTAB, and DEL: no header value may hold them (RFC 5322 section 2.2)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_LOOSE_PARAM = re.compile(rf'(?:^|;)\s*({_TOKEN})\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_PARAM_NAME = re.compile(r";\s*([^\s=;]+)\s*=")
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
_DASH_LINE = re.compile(rb"--([^\r\n]+)")
_LATER_DASH_LINE = re.compile(rb"\n--([^\r\n]+)")
_BASE64_PADDING = re.compile(rb"=[ \t\r\n]*(=[ \t\r\n]*)?")
_NON_SPACE = re.compile(rb"\S")
_XML_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<")
_GENERATED = frozenset(
    {"content-type", "content-id", "content-location", "content-transfer-encoding"}
)


@dataclass(slots=True)
class Part:
    """One MIME entity: headers as written, parsed type, and its transfer-decoded body.

    ``where`` names the part for people: "body" for a single-part message, "part 2" for the
    second top-level part, "part 2.1" for the first part nested in it. A multipart whose
    parts were found holds them in ``parts`` and an empty ``body``.
    """

    content_type: str = "text/plain"
    params: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_id: str | None = None
    content_location: str | None = None
    transfer_encoding: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    where: str = "body"

    @property
    def charset(self) -> str | None:
        return self.params.get("charset")

    @property
    def is_multipart(self) -> bool:
        return self.content_type.startswith("multipart/")

    def header(self, name: str) -> str | None:
        """The first value of a header, looked up case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def walk(self) -> Iterator[Part]:
        """This part, then every nested part depth-first."""
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(slots=True)
class Framing:
    """The parts of a body: the SOAP root, the other top-level parts, and the findings."""

    root: Part
    attachments: list[Part]
    multipart: bool
    findings: list[Finding]

    def walk(self) -> Iterator[Part]:
        """The root, then every attachment and nested part depth-first."""
        yield self.root
        for part in self.attachments:
            yield from part.walk()


def resolve_reference(href: str, parts: Iterable[Part]) -> tuple[Part | None, list[str]]:
    """The part a Content href names, and what about its syntax had to be forgiven.

    A ``cid:`` URI (RFC 2392) names a Content-ID: compared as written and percent-decoded,
    after dropping spaces and angle brackets that some peers add (each a problem reported).
    Anything else names a Content-Location. None when nothing matches: never a guess.
    """
    problems: list[str] = []
    candidates = list(parts)
    if href[:4].lower() != "cid:":
        return next((p for p in candidates if p.content_location == href), None), problems
    target = href[4:]
    if target != target.strip():
        problems.append("has spaces")
        target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        problems.append("wraps the Content-ID in angle brackets")
        target = target[1:-1].strip()
    for wanted in dict.fromkeys([target, unquote(target)]):
        found = next((p for p in candidates if p.content_id == wanted), None)
        if found is not None:
            return found, problems
    return None, problems


@dataclass(slots=True)
class _Context:
    """State shared while parsing one body: mode, limits, findings and message-wide facts."""

    lenient: bool
    limits: Limits
    findings: list[Finding] = field(default_factory=list)
    parts: int = 0
    endings: set[bytes] = field(default_factory=set)
    content_ids: set[str] = field(default_factory=set)

    def add(self, code: str, where: str, message: str) -> None:
        repaired = self.lenient and KINDS[code].repairable
        self.findings.append(finding(code, where, message, repaired=repaired))

    def fail(self, code: str, where: str, message: str) -> NoReturn:
        self.add(code, where, message)
        raise DecodeError(message, status_code=KINDS[code].status_code, findings=self.findings)

    def limit(self, code: str, where: str, message: str) -> NoReturn:
        self.add(code, where, message)
        raise LimitExceeded(message, status_code=KINDS[code].status_code, findings=self.findings)


def looks_like_xml(data: bytes) -> bool:
    """Whether the bytes start, after an optional BOM and whitespace, with ``<``."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:256].decode(codec, "ignore").lstrip(" \t\r\n").startswith("<")
    return _XML_START.match(data) is not None


def parse(
    body: bytes, content_type: str | None, *, lenient: bool, limits: Limits = DEFAULT_LIMITS
) -> Framing:
    """Split a body into its SOAP root part and attachments, recovering what can be recovered.

    Raises DecodeError when no part can be found at all, LimitExceeded when the body breaks a
    limit; any other deviation is a finding in the result.
    """
    if content_type and (single := single_part(body, content_type, limits)) is not None:
        kind, params = single
        part = Part(kind, params, body, headers=[("Content-Type", content_type)])
        return Framing(part, [], False, [])
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
    parts = _split(body, 0, len(body), boundary, "body", 1, ctx) if boundary else None
    if parts is None and looks_like_xml(body):
        if declared:
            ctx.add("MIME_MULTIPART_ON_XML", "body", f"declared {ctype}, but the body is bare XML")
        root_type = params.get("type", "").lower()
        root = Part(root_type if root_type in XML_TYPES else "text/xml", body=body)
        return Framing(root, [], False, ctx.findings)
    if parts is None:
        if boundary:
            ctx.fail("MIME_BOUNDARY_NOT_FOUND", "body", f"boundary {boundary!r} never occurs")
        found = _first_dash_line(body, 0, len(body))
        if found is None:
            ctx.fail("MIME_BOUNDARY_NOT_FOUND", "body", "the body is neither XML nor multipart")
        boundary = found.rstrip(b" \t")
        ctx.add("MIME_BOUNDARY_MISSING", "body", f"no boundary given: using {boundary!r}")
        parts = _split(body, 0, len(body), boundary, "body", 1, ctx) or []
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


def single_part(
    body: bytes, content_type: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, dict[str, str]] | None:
    """The media type and parameters (a dict of its own) of a body framed as one part of a
    type read cleanly, within the limits: ``parse`` frames it as it is, with nothing to
    find. None where it must look closer (a multipart, a type read loosely, a limit
    broken)."""
    if content_type.strip() and len(content_type) <= 1024 and len(body) <= limits.max_body_bytes:
        kind, pairs, loose, upper = _read_content_type(content_type)
        if not (loose or upper or kind.startswith("multipart/")):
            return kind, dict(pairs)
    return None


_ENDING_NAMES = {b"\n": "bare LF", b"\r\r\n": "CR CR LF (CRLF converted twice)"}


def _split(
    body: bytes, lo: int, hi: int, boundary: bytes, where: str, depth: int, ctx: _Context
) -> list[Part] | None:
    """The parts between the boundary delimiters in ``body[lo:hi]``; None when no delimiter
    occurs. Nothing is sliced: parts are read by their offsets in ``body``.

    A delimiter is a line that starts with ``--boundary`` (RFC 2046 compares only that prefix,
    so transport padding and junk after it are ignored); the line end before it belongs to it.
    """
    if depth > ctx.limits.max_mime_depth:
        ctx.limit(
            "LIMIT_MIME_DEPTH", where, f"multipart nested deeper than {ctx.limits.max_mime_depth}"
        )
    marker = b"--" + boundary
    spans: list[tuple[int, int]] = []
    found = closed = False
    for start in _line_starts(body, lo, hi, marker):
        found, marker_end = True, start + len(marker)
        eol = body.find(b"\n", marker_end, hi)
        line_end = hi if eol < 0 else eol + 1
        # Before a delimiter, CR CR LF may be content ending in CR: only CRLF or LF is read.
        before = b"\r\n" if body.endswith(b"\r\n", lo, start) else b"\n"
        if start > lo and not body.endswith(b"\r\r\n", lo, start):
            ctx.endings.add(before)
        if eol >= 0:
            ctx.endings.add(_ending(body, line_end))
        if spans:
            content_start = spans[-1][0]
            content_end = start - len(before)
            spans[-1] = (content_start, max(content_start, content_end))
        if body.startswith(b"--", marker_end, hi):
            closed = True
            break
        spans.append((line_end, hi))
        if ctx.parts + len(spans) > ctx.limits.max_parts:
            ctx.limit("LIMIT_PARTS", where, f"more than {ctx.limits.max_parts} MIME parts")
    if not found:
        return None
    if not closed:
        if spans and _NON_SPACE.search(body, spans[-1][0], hi) is None:
            spans.pop()
        ctx.add("MIME_CLOSE_DELIMITER_MISSING", where, "no closing delimiter: parts end at the end")
    ctx.parts += len(spans)
    prefix = "part " if where == "body" else f"{where}."
    return [
        _part(body, start, end, f"{prefix}{number}", depth, ctx)
        for number, (start, end) in enumerate(spans, 1)
    ]


def _line_starts(body: bytes, lo: int, hi: int, marker: bytes) -> Iterator[int]:
    """Offsets of every line of ``body[lo:hi]`` that starts with ``marker`` (bytes.find with
    bounds: fast on large bodies, and no slice)."""
    if body.startswith(marker, lo, hi):
        yield lo
    needle = b"\n" + marker
    position = body.find(needle, lo, hi)
    while position >= 0:
        yield position + 1
        position = body.find(needle, position + 1, hi)


def _first_dash_line(body: bytes, lo: int, hi: int) -> bytes | None:
    """What follows ``--`` on the first line of ``body[lo:hi]`` that starts with it and has
    more (the boundary a body or nested multipart that names none seems to use)."""
    found = _DASH_LINE.match(body, lo, hi) or _LATER_DASH_LINE.search(body, lo, hi)
    return None if found is None else found.group(1)


def _part(body: bytes, start: int, end: int, where: str, depth: int, ctx: _Context) -> Part:
    """Read ``body[start:end]`` as one part: headers, type, Content-ID, decoding, nested parts.

    Offsets rather than slices: a leaf's content is copied once, into its ``body``; a nested
    multipart is split in place, unless a transfer encoding had to be undone first.
    """
    if _NON_SPACE.search(body, start, end) is None:
        ctx.add("MIME_EMPTY_PART", where, "the part has neither headers nor content")
    headers, content_start = _read_headers(body, start, end, where, ctx)
    # What Part.header gives, for every name at once.
    first = {name.lower(): text for name, text in reversed(headers)}
    ctype, params = "text/plain", dict[str, str]()  # RFC 2045's default
    if (value := first.get("content-type")) is not None:
        ctype, params = _content_type(value, where, ctx)
    content_id = _content_id(first.get("content-id"), where, ctx)
    if (location := first.get("content-location")) is not None:
        location = location.strip()
    if (encoding := first.get("content-transfer-encoding")) is not None:
        encoding = encoding.strip().lower()
    part = Part(ctype, params, b"", content_id, location, encoding, headers, [], where)
    decoded = _transfer_decode(body, content_start, end, part, ctx)
    if not ctype.startswith("multipart/"):
        part.body = body[content_start:end] if decoded is None else decoded
    elif decoded is None:
        _nested(part, body, content_start, end, depth, ctx)
    else:
        _nested(part, decoded, 0, len(decoded), depth, ctx)
    return part


def _read_headers(
    raw: bytes, start: int, limit: int, where: str, ctx: _Context
) -> tuple[list[tuple[str, str]], int]:
    """Split a part into (headers, content offset): a clean block (header lines ending in
    CRLF, then an empty line, within the size limit) matched by one regular expression and
    split as text, any other by :func:`_read_header_lines`, which reads and judges it line
    by line. Controls in a value are read as spaces, each such value named in a finding."""
    block = _CLEAN_HEADER_BLOCK.match(raw, start, limit)
    if block is None or block.end() - 2 - start > ctx.limits.max_header_bytes:
        headers, end = _read_header_lines(raw, start, limit, where, ctx)
    else:
        ctx.endings.add(b"\r\n")
        end = block.end()
        try:
            lines = raw[start : end - 2].decode("utf-8").split("\r\n")[:-1]
        except UnicodeDecodeError:
            found = _CLEAN_HEADER.findall(raw, start, end - 2)
            headers = [(_text(name), _text(value).strip()) for name, value in found]
        else:
            # Valid UTF-8 as a whole, so each value is too (what _text would decode). The
            # block matched, so each line is a token, blanks, a colon and the value.
            headers = []
            for line in lines:
                name, _, value = line.partition(":")
                headers.append((name.rstrip(" \t"), value.strip()))
            if "".join(lines).isprintable():
                return headers, end  # no control in any value: nothing below to replace
    for index, (name, text) in enumerate(headers):
        if _CONTROL.search(text):
            # A bare CR or a NUL cannot be written back; each is read as a space.
            ctx.add(
                "MIME_HEADER_CONTROL",
                where,
                f"header {name} {text[:80]!r}: controls read as spaces",
            )
            headers[index] = (name, _CONTROL.sub(" ", text))
    return headers, end


def _read_header_lines(
    raw: bytes, start: int, limit: int, where: str, ctx: _Context
) -> tuple[list[tuple[str, str]], int]:
    """Split a part into (headers, content offset), unfolding folded headers.

    Without a blank line after the headers, the first line that is neither a header nor
    followed by one starts the content; a non-header line followed by a header is skipped.
    """
    headers: list[tuple[str, str]] = []
    pos, size = start, 0
    while pos < limit:
        eol = raw.find(b"\n", pos, limit)
        end = limit if eol < 0 else eol + 1
        text = raw[pos:end].rstrip(b"\r\n")
        match = _HEADER_LINE.fullmatch(text)
        if not text:
            _note_ending(raw, pos, end, ctx)
            return headers, end
        if text[:1] in (b" ", b"\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {_text(text).strip()}".strip())
        elif match:
            headers.append((_text(match.group(1)), _text(match.group(2)).strip()))
        elif _is_header_junk(raw, end, limit, text):
            ctx.add("MIME_HEADER_SYNTAX", where, f"header line {_text(text)[:60]!r} skipped")
        else:
            ctx.add("MIME_NO_BLANK_LINE", where, "no blank line after the headers")
            return headers, pos
        _note_ending(raw, pos, end, ctx)
        size += end - pos
        if size > ctx.limits.max_header_bytes:
            ctx.limit(
                "LIMIT_HEADER_SIZE", where, f"headers exceed {ctx.limits.max_header_bytes} bytes"
            )
        pos = end
    return headers, limit


def _is_header_junk(raw: bytes, end: int, limit: int, text: bytes) -> bool:
    """Whether a non-header line sits among headers (rather than starting the content)."""
    eol = raw.find(b"\n", end, limit)
    following = raw[end : limit if eol < 0 else eol].rstrip(b"\r")
    if _HEADER_LINE.fullmatch(following):
        return True
    return eol >= 0 and not following and b":" in text and not text.startswith(b"<")


def _note_ending(raw: bytes, pos: int, end: int, ctx: _Context) -> None:
    """Record how a header line ends: CRLF, bare LF, or CR CR LF."""
    if raw[end - 1 : end] == b"\n":
        ctx.endings.add(_ending(raw[pos:end], end - pos))


def _ending(data: bytes, pos: int) -> bytes:
    """The line end just before ``pos`` (which follows an LF): CRLF, bare LF, or CR CR LF,
    what CRLF becomes when a tool converts line ends twice."""
    if data.endswith(b"\r\r\n", 0, pos):
        return b"\r\r\n"
    return b"\r\n" if data.endswith(b"\r\n", 0, pos) else b"\n"


def _text(value: bytes) -> str:
    """Header bytes as text: UTF-8 when valid, else Latin-1 (which maps every byte)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _content_type(value: str, where: str, ctx: _Context) -> tuple[str, dict[str, str]]:
    """The lower-case media type and parameters (lower-case names, unquoted values)."""
    read = _read_content_type if len(value) <= 1024 else _read_content_type.__wrapped__
    ctype, params, loose, upper = read(value)
    if loose:
        ctx.add("MIME_BAD_CONTENT_TYPE", where, f"Content-Type {value[:80]!r} read loosely")
    if upper:
        ctx.add("MIME_PARAM_CASE", where, f"parameter names not lower-case: {', '.join(upper)}")
    return ctype, dict(params)


@functools.lru_cache(maxsize=256)  # values of at most 1 KiB: 256 KiB at worst
def _read_content_type(
    value: str,
) -> tuple[str, tuple[tuple[str, str], ...], bool, tuple[str, ...]]:
    """Media type, parameters, whether it had to be read loosely, upper-case parameter names.

    Pure and cached: a peer sends the same few Content-Type values over and over, and the
    email header registry is the slowest step of framing a small message.
    """
    value = re.sub(r"\r?\n[ \t]*", " ", value)
    try:
        header = _POLICY.header_factory("content-type", value)
        ctype, params = header.content_type, dict(header.params)
        loose = bool(header.defects)
    except Exception:  # the header registry has no error contract for odd input
        ctype, params, loose = "text/plain", {}, True
    # The registry lets non-ASCII through in a media type or parameter name ('text/péain'):
    # neither can be written back, so both are read loosely, as its own defects are.
    loose = loose or not _MEDIA_TYPE_ONLY.fullmatch(ctype)
    loose = loose or not all(_TOKEN_ONLY.fullmatch(name) for name in params)
    if loose:
        media = _MEDIA_TYPE.match(value)
        # No media type to read: RFC 2045 section 5.2's default, never text no one can write.
        ctype = media.group(1).lower() if media else "text/plain"
        params = {k: v for k, v in params.items() if _TOKEN_ONLY.fullmatch(k)}
        for name, raw in _LOOSE_PARAM.findall(value[media.end() if media else 0 :]):
            key, text = name.lower(), _unquote(raw.strip())
            if extended := _EXTENDED_NAME.search(key):  # name*=charset'lang'%XX (RFC 2231)
                key, text = key[: extended.start()], _rfc2231(text)
                if extended.group(0) not in ("*", "*0*", "*0"):  # a continuation
                    text = params.get(key, "") + text
            if key:
                params[key] = text
    upper = [name for name in _PARAM_NAME.findall(_QUOTED.sub('""', value)) if name != name.lower()]
    return ctype, tuple(params.items()), loose, tuple(upper)


def _rfc2231(value: str) -> str:
    """An RFC 2231 extended value (``utf-8'en'%E2%82%AC``) decoded; bytes its charset
    cannot read become U+FFFD, as the header registry reads them."""
    charset, mark, rest = value.partition("'")
    _language, mark2, encoded = rest.partition("'")
    if not (mark and mark2):
        return unquote(value, errors="replace")
    raw = unquote_to_bytes(encoded)
    try:
        return raw.decode(charset or "us-ascii", "replace")
    except (LookupError, ValueError):  # no such charset, or no charset (base64, rot13)
        return raw.decode("utf-8", "replace")


def _unquote(value: str) -> str:
    """A parameter value without its quotes and quoted-pair backslashes."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _content_id(value: str | None, where: str, ctx: _Context) -> str | None:
    """The Content-ID without its angle brackets; flags bad syntax and duplicates."""
    if value is None:
        return None
    text = value.strip()
    match = _MSG_ID.fullmatch(text)
    content_id = match.group(1) if match else text.removeprefix("<").removesuffix(">").strip()
    if not match:
        ctx.add("MIME_CONTENT_ID_SYNTAX", where, f"Content-ID {text!r} is not a bracketed id")
    if not content_id:
        return None
    # A bracketed id holds no space or bracket already: only ASCII is left to prove.
    if not (content_id.isascii() if match else writable_content_id(content_id)):
        ctx.add("MIME_CONTENT_ID_UNUSABLE", where, f"Content-ID {text!r} cannot be an RFC 2392 id")
    if content_id in ctx.content_ids:
        ctx.add("MIME_CONTENT_ID_DUPLICATE", where, f"Content-ID <{content_id}> is used twice")
    ctx.content_ids.add(content_id)
    return content_id


def writable_content_id(content_id: str) -> bool:
    """Whether a Content-ID can be written as an RFC 2045 msg-id: ASCII, no space or <>."""
    return content_id.isascii() and _MSG_ID.fullmatch(f"<{content_id}>") is not None


def _transfer_decode(body: bytes, lo: int, hi: int, part: Part, ctx: _Context) -> bytes | None:
    """``body[lo:hi]`` with its Content-Transfer-Encoding undone, or None when the bytes stay
    as they are (identity and unknown encodings: the caller slices, or splits, in place)."""
    encoding = part.transfer_encoding
    if encoding in (None, "7bit", "8bit", "binary"):
        return None
    if part.is_multipart:
        ctx.add("MIME_TRANSFER_ENCODING", part.where, f"a multipart must not be {encoding}")
    if encoding == "base64":
        return _base64(body, lo, hi, part.where, ctx)
    if encoding == "quoted-printable":
        with memoryview(body) as view:
            return binascii.a2b_qp(view[lo:hi])
    ctx.add("MIME_TRANSFER_ENCODING", part.where, f"unknown encoding {encoding!r}: kept as is")
    return None


def _base64(body: bytes, lo: int, hi: int, where: str, ctx: _Context) -> bytes:
    """Decode the base64 in ``body[lo:hi]``; on errors, decode every well-formed run and
    report it. Well-formed content is decoded straight from the body, with no copy."""
    decoded = _clean_base64(body, lo, hi)
    if decoded is not None:
        return decoded
    compact = body[lo:hi].translate(None, b" \t\r\n")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as exc:
        ctx.add("MIME_BASE64", where, f"invalid base64 ({exc}): decoded what could be read")
    runs: list[bytes] = []
    for run in re.split(rb"=+", re.sub(rb"[^A-Za-z0-9+/=]", b"", compact)):
        usable = run[: len(run) - 1] if len(run) % 4 == 1 else run
        runs.append(base64.b64decode(usable + b"=" * (-len(usable) % 4)))
    return b"".join(runs)


def _clean_base64(body: bytes, lo: int, hi: int) -> bytes | None:
    """The decoded bytes when ``body[lo:hi]`` is base64 that strict decoding accepts once its
    spaces and line ends are dropped, with only CR and LF among the data; else None.

    binascii's lenient decoder reads a memoryview of the body and skips line ends; the
    checks prove nothing else was skipped: the data characters it consumed (known from the
    output's length) plus the CRs and LFs fill the span before the padding, and the padding
    is what strict decoding wants for that many characters.
    """
    pad = body.find(b"=", lo, hi)
    data_end = hi if pad < 0 else pad
    padding = None if pad < 0 else _BASE64_PADDING.fullmatch(body, pad, hi)
    if pad >= 0 and padding is None:
        return None
    try:
        with memoryview(body) as view:
            decoded = binascii.a2b_base64(view[lo:hi])
    except binascii.Error:
        return None
    tail = len(decoded) % 3  # 0, 1 or 2 bytes from a last quad of 4, 2 or 3 characters
    pads = 0 if padding is None else 1 + (padding.group(1) is not None)
    if pads != (0, 2, 1)[tail]:
        return None
    characters = len(decoded) // 3 * 4 + (0, 2, 3)[tail]
    line_ends = body.count(b"\n", lo, data_end) + body.count(b"\r", lo, data_end)
    return decoded if characters + line_ends == data_end - lo else None


def _nested(part: Part, body: bytes, lo: int, hi: int, depth: int, ctx: _Context) -> None:
    """Parse the parts of a nested multipart held in ``body[lo:hi]``; if none can be found,
    keep its content as one part."""
    boundary = part.params.get("boundary", "").encode("utf-8", "replace")
    if not boundary and (found := _first_dash_line(body, lo, hi)):
        boundary = found.rstrip(b" \t")
        ctx.add("MIME_BOUNDARY_MISSING", part.where, f"no boundary: using {boundary!r}")
    children = _split(body, lo, hi, boundary, part.where, depth + 1, ctx) if boundary else None
    if children is None:
        ctx.add("MIME_BOUNDARY_NOT_FOUND", part.where, "no boundary delimiter: kept as one part")
        part.body = body[lo:hi]
    elif not children:  # RFC 2046 wants at least one body part
        ctx.add("MIME_MULTIPART_EMPTY", part.where, "the multipart holds no parts")
        part.body = body[lo:hi]
    else:
        part.parts = children  # the children hold the content: the multipart's body stays empty
        if part.content_type == "multipart/related":
            _related_root(part.params, children, part.where, ctx, top=False)


def _related_root(
    params: dict[str, str], parts: list[Part], where: str, ctx: _Context, *, top: bool
) -> int:
    """The index of a multipart/related's root part, checking its start and type parameters.

    Without a usable start the root is the first part; if start names no part, the top level
    falls back to the first XML part. Only the top level must have a start (SOAP with
    attachments); a nested multipart/related may default to its first part.
    """
    index = 0
    start = params.get("start")
    if start is None and top:
        ctx.add("MIME_START_MISSING", where, "no start parameter: the first part is the root")
    elif start is not None:
        match = _MSG_ID.fullmatch(start.strip())
        wanted = match.group(1) if match else start.strip().removeprefix("<").removesuffix(">")
        if not match:
            ctx.add("MIME_START_UNBRACKETED", where, f"start {start!r} is not a bracketed id")
        found = next((i for i, part in enumerate(parts) if part.content_id == wanted), None)
        if found is None:
            index = _first_xml(parts) if top else 0
            message = f"no part has Content-ID <{wanted}>: the root is {parts[index].where}"
            ctx.add("MIME_START_NOT_FOUND", where, message)
            if not top:  # the part keeps the root it was read with, not a start naming nothing
                root_id = parts[index].content_id
                params.pop("start")
                if root_id is not None:
                    params["start"] = f"<{root_id}>"
        else:
            index = found
    if index and top:
        ctx.add("MIME_ROOT_NOT_FIRST", where, f"the root is {parts[index].where}")
    declared, actual = params.get("type"), parts[index].content_type
    if declared is None:
        ctx.add("MIME_TYPE_PARAM", where, f"no type parameter (the root is {actual})")
    elif declared.strip().lower() != actual:
        ctx.add("MIME_TYPE_PARAM", where, f"type {declared!r} but the root is {actual}")
    return index


def _first_xml(parts: list[Part]) -> int:
    """The index of the first part typed or looking like XML, else 0."""
    for index, part in enumerate(parts):
        if part.content_type in XML_TYPES or looks_like_xml(part.body):
            return index
    return 0


def make_part(
    content_type: str,
    body: bytes = b"",
    *,
    content_id: str | None = None,
    content_location: str | None = None,
    parts: Sequence[Part] = (),
    parameters: Mapping[str, str] | None = None,
) -> Part:
    """A part to hand to :func:`build`: a leaf, or a multipart holding ``parts``.

    ``content_type`` may carry parameters (``text/plain; charset=utf-8``), and
    ``parameters`` adds more, unquoted (:func:`build` quotes them); a multipart's boundary
    is chosen by :func:`build`.
    """
    ctx = _Context(lenient=False, limits=DEFAULT_LIMITS)
    ctype, params = _content_type(content_type, "part", ctx)
    if any(item.code == "MIME_BAD_CONTENT_TYPE" for item in ctx.findings):
        raise EncodeError(f"{content_type!r} is not a valid content type")
    params.update({name.lower(): value for name, value in (parameters or {}).items()})
    params.pop("boundary", None)
    return Part(ctype, params, body, content_id, content_location, parts=list(parts))


def build(
    root_xml: bytes,
    attachments: Sequence[Part],
    *,
    root_content_id: str | None = None,
    boundary: str | None = None,
    root_charset: str | None = "utf-8",
) -> tuple[bytes, str]:
    """A SOAP-with-attachments body and its Content-Type header value.

    Part bodies are written exactly as given (Content-Transfer-Encoding: binary), with CRLF
    delimiters and a secret random boundary (a given one is checked to occur in no part).
    The root's Content-ID is ``mm7-soap-envelope`` unless an attachment has it. The body is
    one join of header blocks, delimiters and the parts' own bytes: content is copied once,
    into the result (:func:`body_chunks` gives the pieces, for a caller that streams them).
    Raises EncodeError for a given boundary that occurs in a part, invalid or duplicate
    Content-IDs, or bad headers.
    """
    chunks, header = body_chunks(
        root_xml,
        attachments,
        root_content_id=root_content_id,
        boundary=boundary,
        root_charset=root_charset,
    )
    return b"".join(chunks), header


def body_chunks(
    root_xml: bytes,
    attachments: Sequence[Part],
    *,
    root_content_id: str | None = None,
    boundary: str | None = None,
    root_charset: str | None = "utf-8",
) -> tuple[list[bytes], str]:
    """What :func:`build` joins: the body as a list of byte strings, and its Content-Type.

    Part bodies appear in the list as the very objects given, never copied.
    """
    parts = [p for attachment in attachments for p in attachment.walk()]
    if root_content_id is None:
        taken = {p.content_id for p in parts}
        root_content_id = "mm7-soap-envelope"
        number = 1
        while root_content_id in taken:
            number += 1
            root_content_id = f"mm7-soap-envelope-{number}"
    params = {"charset": root_charset} if root_charset else {}
    root = Part("text/xml", params, root_xml, root_content_id)
    seen: set[str] = set()
    for part in [root, *parts]:
        if part.content_id is None:
            continue
        if not writable_content_id(part.content_id):
            raise EncodeError(f"Content-ID {part.content_id!r} cannot be bracketed as <id>")
        if part.content_id in seen:
            raise EncodeError(f"Content-ID {part.content_id!r} is used twice")
        seen.add(part.content_id)
    chunks, chosen = _multipart_chunks([root, *attachments], boundary)
    return chunks, _with_boundary(_related_type(f"<{root_content_id}>"), chosen)


@functools.lru_cache(maxsize=256)
def _related_type(start: str) -> str:
    """The SwA body's Content-Type but its boundary. Cached: a sender names the same root."""
    return _render_type("multipart/related", {"type": "text/xml", "start": start})


def _with_boundary(content_type: str, boundary: str) -> str:
    """A rendered Content-Type with a boundary parameter added last, as _render_type writes
    it: a boundary drawn here or checked against _BOUNDARY is printable ASCII without a quote
    or backslash, so it is quoted as it is. What is rendered without it can be cached."""
    return f'{content_type}; boundary="{boundary}"'


def _multipart_chunks(parts: Sequence[Part], boundary: str | None) -> tuple[list[bytes], str]:
    """Delimit rendered parts with a boundary that occurs in none of them.

    A boundary drawn here carries 96 secret random bits: no peer can plant it, and a part
    of n bytes holds it by chance with odds below n / 2**96, so content is not searched
    (searching a 1 MiB attachment costs more than copying it). A boundary the caller gives
    is searched for in every piece (header block, content, nested pieces): it holds no CR
    or LF and every piece next to content ends or starts with CRLF, so a boundary absent
    from every piece is absent from the joined body.
    """
    entities = [_entity_chunks(part) for part in parts]
    if boundary is None:
        boundary = "=_mm7_" + secrets.token_hex(12)
    elif not _BOUNDARY.fullmatch(boundary):
        raise EncodeError(f"boundary {boundary!r} is not a valid MIME boundary")
    elif any(boundary.encode() in piece for pieces in entities for piece in pieces):
        raise EncodeError(f"boundary {boundary!r} occurs in a part")
    delimiter = b"--" + boundary.encode()
    out: list[bytes] = []
    for pieces in entities:
        out.append(delimiter + b"\r\n")
        out += pieces
        out.append(b"\r\n")
    out.append(delimiter + b"--\r\n")
    return out, boundary


def _entity_chunks(part: Part) -> list[bytes]:
    """One part's header block and blank line, then its content (or its nested parts)."""
    params = {name.lower(): value for name, value in part.params.items()}
    params.pop("boundary", None)
    extra = tuple((n, v) for n, v in part.headers if n.lower() not in _GENERATED)
    if not part.is_multipart:
        head = _header_block(
            part.content_type, tuple(params.items()), part.content_id, part.content_location, extra
        )
        return [head, part.body]
    if not part.parts:
        raise EncodeError(f"a {part.content_type} part has no parts")
    if part.content_type == "multipart/related":
        _related_params(part, params)
    content, boundary = _multipart_chunks(part.parts, None)
    head = _header_block(
        part.content_type, tuple(params.items()), part.content_id, part.content_location, extra
    )
    # The block is cached without the fresh boundary; it ends its first line, Content-Type.
    line_end = head.index(b"\r\n")
    content_type = _with_boundary(head[:line_end].decode(), boundary)
    return [content_type.encode() + head[line_end:], *content]


@functools.lru_cache(maxsize=256)
def _header_block(
    ctype: str,
    params: tuple[tuple[str, str], ...],
    content_id: str | None,
    location: str | None,
    extra: tuple[tuple[str, str], ...],
) -> bytes:
    """A part's header block and blank line, the Content-Type first. Pure and cached: a
    sender writes the same few headers over and over (a multipart's without its boundary)."""
    fields = [("Content-Type", _render_type(ctype, dict(params)))]
    if content_id is not None:
        fields.append(("Content-ID", f"<{content_id}>"))
    if not ctype.startswith("multipart/"):
        fields.append(("Content-Transfer-Encoding", "binary"))
    if location is not None:
        fields.append(("Content-Location", location.strip()))
    lines = []
    for name, value in [*fields, *extra]:
        if "\r" in value or "\n" in value or not _TOKEN_ONLY.fullmatch(name):
            raise EncodeError(f"header {name!r}: {value!r} cannot be written")
        lines.append(f"{name}: {value}\r\n")
    lines.append("\r\n")
    return "".join(lines).encode()


def _related_params(part: Part, params: dict[str, str]) -> None:
    """Bracket a nested multipart/related's start and set its type to its root's type."""
    root = part.parts[0]
    if (start := params.get("start")) is not None:
        wanted = start.strip().removeprefix("<").removesuffix(">")
        found = [p for p in part.parts if p.content_id == wanted]
        if not found:
            raise EncodeError(f"start {start!r} names no part of the multipart/related")
        root, params["start"] = found[0], f"<{wanted}>"
    params["type"] = root.content_type


def _render_type(ctype: str, params: dict[str, str]) -> str:
    """A Content-Type value: printable ASCII parameters quoted, others RFC 2231-encoded
    (``name*=utf-8''%EC%82%AC.jpg``, as mail clients write non-ASCII file names)."""
    if not _MEDIA_TYPE_ONLY.fullmatch(ctype):
        raise EncodeError(f"{ctype!r} is not a media type")
    rendered = [ctype]
    for name, value in params.items():
        if not _TOKEN_ONLY.fullmatch(name) or "*" in name:
            raise EncodeError(f"parameter {name}={value!r} cannot be written")
        if value.isascii() and value.isprintable():  # printable ASCII: 0x20 to 0x7E
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            rendered.append(f'{name}="{quoted}"')
        elif "'" in name or "%" in name:
            raise EncodeError(f"parameter {name}={value!r} cannot be RFC 2231-encoded")
        else:
            rendered.append(f"{name}*=utf-8''{quote(value, safe=_ATTRIBUTE_CHARS)}")
    return "; ".join(rendered)
