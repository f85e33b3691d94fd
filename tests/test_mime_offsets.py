"""mime.parse splits in place and decodes from the body; it must read exactly what the
straightforward parse (tests/mime_reference.py: slice, then split the slice) reads.

Properties over generated multipart bodies (nested, odd boundaries, CRLF / LF / CR CR LF,
every transfer encoding well- and ill-formed, preamble and epilogue, missing boundaries and
close delimiters, byte damage, tight limits): equal parts, equal findings, equal errors.
On well-formed bodies the stdlib email parser is a second, independent oracle.
Then the point of it, measured with tracemalloc (allocations, not time): a nested body is
parsed with one copy of its leaves at most.

CI runs 200 derandomised examples per property (a few seconds); a campaign runs ten times
MM7_CAMPAIGN_EXAMPLES per property, randomised:

    MM7_HYPOTHESIS_PROFILE=campaign MM7_CAMPAIGN_EXAMPLES=1000 nice -n 10 \
        .venv/bin/python -m pytest tests/test_mime_offsets.py --hypothesis-show-statistics
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import os
import tracemalloc
from typing import Any

import mime_reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HYPOTHESIS_PROFILE
from mm7codec import mime
from mm7codec.errors import Mm7Error
from mm7codec.limits import DEFAULT_LIMITS, Limits
from mm7codec.mime import make_part
from strategies import attachment_bodies, attachment_lists

# Cheap examples: many of them in CI too; the campaign profile sets its own count.
CAMPAIGN = HYPOTHESIS_PROFILE == "campaign"
EXAMPLES = 10 * int(os.environ.get("MM7_CAMPAIGN_EXAMPLES", "200")) if CAMPAIGN else 200
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not CAMPAIGN,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ENDINGS = st.sampled_from([b"\r\n", b"\r\n", b"\n", b"\r\r\n"])
# Often short and shared, so nested and sibling multiparts reuse or extend each other's
# boundary: what stops the search at the end of the multipart is then put to the test.
BOUNDARIES = (
    st.sampled_from(["b", "b", "b2", "a b"])
    | st.sampled_from(
        [
            "----=_Part_0_1234567.1700000000000",  # JavaMail
            "----==_mimepart_5f1e2d3c4b5a6_7f8e",  # Ruby
            "--boundary_0_6d3b7a9c-1f2e-4d5c",  # .NET
            "MIMEBoundaryurn_uuid_0123456789ABCDEF",  # Axis
            "=_mm7_0123456789abcdef01234567",
            "b",
            "a b",
            "x'()+_,-./:=?",
        ]
    )
    | st.text(alphabet="0123456789abXY'()+_,-./:=? ", min_size=1, max_size=12)
)
LEAF_TYPES = st.sampled_from(["text/xml", "image/gif", "text/plain", "application/smil"])
MULTIPART_TYPES = st.sampled_from(["multipart/related", "multipart/mixed"])
ENCODINGS = st.sampled_from(
    [None, "binary", "7bit", "base64", "Base64", "quoted-printable", "x-uuencode"]
)
IDS = st.none() | st.sampled_from(["<a@x>", "<b@x>", "c@x", "<a@x>", "<>", "<s p@x>", "<é@x>"])
# Header lines a clean block may hold that its fast reading must read as the line reader
# does: tabs, blanks before the colon, an empty value, controls, Latin-1 (not UTF-8),
# non-ASCII UTF-8 and a no-break space (neither printable ASCII nor a control).
ODD_HEADERS = st.sampled_from(
    [
        b"X-Tab:\tvalue\twith tabs\t",
        b"X-Blank-Before-Colon \t: v",
        b"X-Empty:",
        b"X-Control: a\x01b\x7fc",
        b"X-Latin-1: caf\xe9",
        b"X-Utf-8: caf\xc3\xa9 \xe2\x80\xa8 line separator",
        b"X-No-Break: a\xc2\xa0b",
        b"Content-Location: \tsome where ",
    ]
)


@st.composite
def base64_text(draw: st.DrawFn, content: bytes, eol: bytes) -> bytes:
    """base64 as peers write it: wrapped or not, CRLF or LF, and sometimes broken."""
    wrapped = draw(st.sampled_from([0, 76, 4, 7]))
    encoded = base64.b64encode(content)
    if wrapped:
        lines = [encoded[i : i + wrapped] for i in range(0, len(encoded), wrapped)]
        encoded = eol.join(lines) + draw(st.sampled_from([eol, b""]))
    damage = draw(
        st.sampled_from(
            ["none", "none", "none", "unpadded", "extra pad", "space", "tab", "junk", "pad first"]
        )
    )
    if damage == "unpadded":
        encoded = encoded.replace(b"=", b"")
    elif damage == "extra pad":
        encoded += b"="
    elif damage == "pad first":
        encoded = b"=" + encoded
    elif damage in ("space", "tab", "junk"):
        at = draw(st.integers(0, len(encoded)))
        char = {"space": b" ", "tab": b"\t", "junk": draw(st.sampled_from([b"!", b"\x0b", b"*"]))}
        encoded = encoded[:at] + char[damage] + encoded[at:]
    return encoded


@st.composite
def entity(draw: st.DrawFn, depth: int, eol: bytes) -> tuple[list[bytes], bytes]:
    """One part: its header lines and its content, a leaf or a multipart."""
    encoding = draw(ENCODINGS)
    headers: list[bytes] = []
    if depth > 0 and draw(st.booleans()):
        ctype, content = draw(multipart(depth - 1, eol))
        if encoding not in ("base64", "Base64", "quoted-printable"):
            encoding = draw(st.sampled_from([None, None, "binary", "x-uuencode"]))
        if encoding in ("base64", "Base64"):
            content = base64.encodebytes(content)
        elif encoding == "quoted-printable":
            content = binascii.b2a_qp(content)
        headers.append(b"Content-Type: " + ctype.encode())
    else:
        content = draw(attachment_bodies(48))
        if encoding in ("base64", "Base64"):
            content = draw(base64_text(content, eol))
        elif encoding == "quoted-printable":
            content = binascii.b2a_qp(content, istext=draw(st.booleans()))
        if draw(st.integers(0, 5)):
            headers.append(b"Content-Type: " + draw(LEAF_TYPES).encode())
    if (content_id := draw(IDS)) is not None:
        headers.append(b"Content-ID: " + content_id.encode())
    if encoding is not None:
        headers.append(b"Content-Transfer-Encoding: " + encoding.encode())
    if headers and not draw(st.integers(0, 7)):
        headers.insert(draw(st.integers(0, len(headers))), draw(st.sampled_from([b"junk", b" x"])))
    if not draw(st.integers(0, 3)):
        headers.insert(draw(st.integers(0, len(headers))), draw(ODD_HEADERS))
    if not draw(st.integers(0, 5)):  # a second value, in another spelling of the name
        again = [b"content-type: text/plain", b"CONTENT-ID: <z@x>", b"Content-Location: here"]
        headers.insert(draw(st.integers(0, len(headers))), draw(st.sampled_from(again)))
    return headers, content


@st.composite
def multipart(draw: st.DrawFn, depth: int, eol: bytes) -> tuple[str, bytes]:
    """A multipart's Content-Type value and its content (preamble, parts, epilogue)."""
    boundary = draw(BOUNDARIES)
    subtype = draw(MULTIPART_TYPES)
    params = {"type": "text/xml", "start": draw(IDS) or "<a@x>"} if draw(st.booleans()) else {}
    if draw(st.integers(0, 5)):
        params["boundary"] = boundary
    ctype = "; ".join([subtype, *(f'{k}="{v}"' for k, v in params.items())])

    def line_end() -> bytes:
        return eol if draw(st.integers(0, 6)) else draw(ENDINGS)

    out = [draw(st.sampled_from([b"", b"", b"preamble" + eol, eol, b"--" + eol]))]
    for _ in range(draw(st.integers(0, 3))):
        padding = draw(st.sampled_from([b"", b"", b" \t", b"junk"]))
        headers, content = draw(entity(depth, eol))
        blank = line_end() if draw(st.integers(0, 9)) else b""
        head = b"".join(header + line_end() for header in headers)
        out += [b"--", boundary.encode(), padding, line_end(), head, blank, content, line_end()]
    if draw(st.integers(0, 5)):
        out += [b"--", boundary.encode(), b"--", draw(st.sampled_from([b"", eol, b"epilogue"]))]
    return ctype, b"".join(out)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A whole body and the Content-Type it is handed over with, sometimes damaged."""
    ctype, body = draw(multipart(draw(st.integers(0, 3)), draw(ENDINGS)))
    declared = draw(st.sampled_from(["as built", "as built", "as built", "none", "xml"]))
    content_type = {"as built": ctype, "none": None, "xml": "text/xml"}[declared]
    damaged = bytearray(body)
    for _ in range(draw(st.integers(0, 3))):
        if not damaged:
            break
        at = draw(st.integers(0, len(damaged) - 1))
        byte = draw(st.sampled_from(b'\r\n-=:; "<\x00A'))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        if action == "delete":
            del damaged[at]
        elif action == "insert":
            damaged.insert(at, byte)
        else:
            damaged[at] = byte
    return bytes(damaged), content_type


LIMITS = st.sampled_from(
    [
        DEFAULT_LIMITS,
        DEFAULT_LIMITS,
        Limits(max_parts=3),
        Limits(max_mime_depth=1),
        Limits(max_header_bytes=40),
    ]
)


def outcome(parse: Any, body: bytes, content_type: str | None, **kwargs: Any) -> Any:
    """The framing, or what was raised: error type, text, status code and findings."""
    try:
        return parse(body, content_type, **kwargs)
    except Mm7Error as exc:
        return type(exc), str(exc), exc.status_code, exc.findings


@SETTINGS
@given(bodies(), LIMITS, st.booleans())
def test_parse_reads_what_the_reference_reads(
    case: tuple[bytes, str | None], limits: Limits, lenient: bool
) -> None:
    body, content_type = case
    got = outcome(mime.parse, body, content_type, lenient=lenient, limits=limits)
    want = outcome(mime_reference.parse, body, content_type, lenient=lenient, limits=limits)
    assert got == want


HEADER_NAMES = st.text(alphabet="!#$%&'*+.^_`|~09AZaz-", min_size=1, max_size=6) | st.sampled_from(
    ["Content-Type", "content-id", "Content-Location", "Content-Transfer-Encoding"]
)
HEADER_VALUES = ODD_HEADERS.map(lambda line: line.partition(b":")[2]) | st.binary(max_size=12).map(
    lambda value: value.replace(b"\r", b"").replace(b"\n", b"")
)


@SETTINGS
@given(
    st.lists(
        st.tuples(HEADER_NAMES, st.sampled_from([b"", b"", b" ", b"\t "]), HEADER_VALUES),
        max_size=4,
    ),
    st.binary(max_size=4),
    st.booleans(),
)
def test_a_clean_header_block_reads_as_the_line_reader_reads(
    lines: list[tuple[str, bytes, bytes]], before: bytes, lenient: bool
) -> None:
    """The one-pass reading of a clean block (CRLF lines, then a blank line) gives what the
    line-by-line reader gives: names, values, controls read as spaces, findings, offset.
    Values hold any byte but CR and LF: Latin-1, UTF-8, controls, tabs, no-break spaces."""
    block = b"".join(name.encode() + blank + b":" + value + b"\r\n" for name, blank, value in lines)
    raw = before + block + b"\r\nbody"
    mine = mime._Context(lenient, DEFAULT_LIMITS)
    theirs = mime._Context(lenient, DEFAULT_LIMITS)
    got = mime._read_headers(raw, len(before), len(raw), "part 2", mine)
    want = mime_reference.read_headers(raw, len(before), len(raw), "part 2", theirs)
    assert got == want
    assert (mine.findings, mine.endings) == (theirs.findings, theirs.endings)


@SETTINGS
@given(
    attachment_bodies(200),
    ENDINGS,
    st.data(),
    st.binary(max_size=8),
    st.binary(max_size=8),
    st.booleans(),
)
def test_base64_from_the_body_decodes_as_the_reference(
    content: bytes, eol: bytes, data: st.DataObject, before: bytes, after: bytes, lenient: bool
) -> None:
    """Decoding in place (within a larger buffer: offsets matter) equals decoding a slice,
    down to the finding and its message when the base64 is broken."""
    encoded = data.draw(base64_text(content, eol))
    buffer = before + encoded + after
    mine = mime._Context(lenient, DEFAULT_LIMITS)
    theirs = mime._Context(lenient, DEFAULT_LIMITS)
    decoded = mime._base64(buffer, len(before), len(before) + len(encoded), "part 2", mine)
    assert decoded == mime_reference._base64(encoded, "part 2", theirs)
    assert mine.findings == theirs.findings


def test_well_formed_base64_takes_the_copy_free_road() -> None:
    """The fast check accepts what peers send (wrapped at 76, CRLF or LF), and refuses what
    strict decoding would refuse, so the slow road still names it."""
    data = os.urandom(3000)
    for eol in (b"\r\n", b"\n"):
        wrapped = base64.encodebytes(data).replace(b"\n", eol)
        assert mime._clean_base64(b"xx" + wrapped + b"yy", 2, 2 + len(wrapped)) == data
    for broken in (b"QQ=", b"QUJD=", b"Q Q==", b"QQ==\r\nQQ==", b"=QQ==", b"QQ\x0b=="):
        assert mime._clean_base64(broken, 0, len(broken)) is None


@SETTINGS
@given(attachment_lists(max_parts=3, depth=3))
def test_well_formed_bodies_read_as_the_email_package_reads_them(
    attachments: list[mime.Part],
) -> None:
    """An independent oracle where it is one: on what mime.build writes (CRLF, binary
    parts full of line ends and dashes), the stdlib email parser finds the same leaves,
    types, Content-IDs and bytes."""
    body, content_type = mime.build(b"<x/>", attachments)
    message = email.message_from_bytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body,
        policy=email.policy.compat32,
    )
    theirs = [
        (part.get_content_type(), part.get("Content-ID"), part.get_payload(decode=True))
        for part in message.walk()
        if not part.is_multipart()
    ]
    framing = mime.parse(body, content_type, lenient=False)
    ours = [
        (part.content_type, part.content_id and f"<{part.content_id}>", part.body)
        for part in framing.walk()
        if not part.parts
    ]
    assert framing.findings == []
    assert ours == theirs


def test_clean_crlf_headers_count_among_the_line_ends() -> None:
    """Headers read in one pass still say how their lines end: CRLF header blocks between
    bare-LF delimiters are a mix, as the line-by-line reader reports it."""
    body = b"--b\nContent-Type: text/xml\r\n\r\n<x/>\n--b\n\r\nhi\n--b--\n"
    framing = mime.parse(body, "multipart/mixed; boundary=b", lenient=False)
    assert [f.message for f in framing.findings] == [
        "delimiter and header lines mix CRLF and bare LF"
    ]
    assert framing == mime_reference.parse(body, "multipart/mixed; boundary=b", lenient=False)


def test_a_nested_multipart_ends_where_its_part_ends() -> None:
    """An unclosed nested multipart whose boundary occurs again in a later part: the later
    delimiter is not the nested multipart's (its search stops at the end of its part)."""
    nested = b"Content-Type: multipart/mixed; boundary=in\r\n\r\n"
    nested += b"--in\r\n\r\nA\r\n--in\r\n\r\nC\r\n"
    later = b"Content-Type: text/plain\r\n\r\nx\r\n--in\r\n\r\nB\r\n"
    body = b"--out\r\n\r\n<x/>\r\n--out\r\n" + nested + b"--out\r\n" + later + b"--out--\r\n"
    framing = mime.parse(body, "multipart/mixed; boundary=out", lenient=False)
    inner, after = framing.attachments
    assert [p.body for p in inner.parts] == [b"A", b"C"]
    assert after.body == b"x\r\n--in\r\n\r\nB"
    assert [f.code for f in framing.findings] == ["MIME_CLOSE_DELIMITER_MISSING"]
    assert framing == mime_reference.parse(body, "multipart/mixed; boundary=out", lenient=False)


def _peak(parse: Any, body: bytes, content_type: str) -> int:
    """Bytes allocated at the peak of one parse (tracemalloc)."""
    tracemalloc.start()
    try:
        parse(body, content_type, lenient=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_nested_multiparts_are_split_without_copies() -> None:
    """A 1 MB body of nested multiparts (binary and base64 leaves) allocates about one copy of
    its leaves when parsed; splitting each nested multipart out first allocated two or more."""
    photo, sound = os.urandom(500_000), os.urandom(300_000)
    inner = make_part("multipart/mixed", parts=[make_part("audio/amr", sound)])
    outer = make_part(
        "multipart/related",
        parts=[make_part("image/jpeg", photo, content_id="photo"), inner],
        content_id="content",
    )
    body, content_type = mime.build(b"<x/>", [outer])
    encoded = base64.encodebytes(photo).replace(b"\n", b"\r\n")
    marker = b"Content-Transfer-Encoding: binary\r\n\r\n" + photo
    assert body.count(marker) == 1
    body64 = body.replace(marker, b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded)
    for wire in (body, body64):
        framing = mime.parse(wire, content_type, lenient=False)
        assert framing.findings == []
        assert [p.body for p in framing.walk() if not p.parts][1:] == [photo, sound]
        leaves = len(photo) + len(sound)
        assert _peak(mime.parse, wire, content_type) < 1.15 * leaves
        old = _peak(mime_reference.parse, wire, content_type)
        assert old > 1.9 * leaves  # the measure can tell: the reference copies twice
