"""Robustness: mutated real and generated messages raise only typed errors, offline, bounded.

Mutations: truncation at every class of offset (inside a delimiter, a header, a tag, a
multi-byte character), byte flips, boundary and header games, DOCTYPE and entity injection,
deep nesting, huge declared sizes. Whatever the input, decode either returns or raises an
Mm7Error with findings and a status code; it never opens a socket and its memory stays
bounded by the input. (No timing assertions: these machines are noisy; limits are checked
by the typed LimitExceeded they raise.)
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import minimal
from conftest import CORPUS
from mm7codec import Limits, Mm7Error, decode, encode, make_part
from mm7codec.releases import default_registry

RELEASE = default_registry().newest
STATUSES = {2002, 2004, 2007, 4002, 4003, 4004}


def _generated() -> list[tuple[bytes, str | None]]:
    submit = minimal(RELEASE.message_class("SubmitReq"))
    submit.content = RELEASE.bindings.ContentReferenceType(href="cid:c1")
    swa = encode(
        submit,
        transaction_id="t1",
        attachments=[
            make_part(
                "multipart/mixed",
                content_id="c1",
                parts=[
                    make_part("text/plain", "héllo".encode()),
                    make_part("image/gif", b"GIF89a\x00\r\n"),
                ],
            )
        ],
    )
    report = encode(minimal(RELEASE.message_class("DeliveryReportReq")), transaction_id="t2")
    http = (
        b"POST /mm7 HTTP/1.1\r\nHost: mmsc\r\nContent-Type: "
        + swa.content_type.encode()
        + b"\r\nContent-Length: "
        + str(len(swa.body)).encode()
        + b"\r\n\r\n"
        + swa.body
    )
    return [(swa.body, swa.content_type), (report.body, report.content_type), (http, None)]


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return [p for p in sorted(CORPUS.iterdir()) if p.name not in {"MANIFEST.md", "SHA256SUMS"}]


def _corpus() -> list[tuple[bytes, str | None]]:
    return [(path.read_bytes(), None) for path in _corpus_files()]


SEEDS = _generated() + _corpus()


pytestmark = pytest.mark.usefixtures("no_network")


def _decode_safely(body: bytes, content_type: str | None, mode: str) -> None:
    tracemalloc.start()
    try:
        decode(body, content_type, mode=mode)  # type: ignore[arg-type]
    except Mm7Error as error:
        assert error.findings, f"{type(error).__name__} without findings: {error}"
        assert error.status_code in STATUSES, error.status_code
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 40 * len(body) + 8_000_000, f"peak {peak} bytes for a {len(body)}-byte body"


def test_seeds_cover_generated_and_corpus() -> None:
    assert len(SEEDS) >= 3
    if CORPUS.is_dir():
        assert len(SEEDS) == 3 + 36  # the corpus holds 36 messages


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(["strict", "lenient"]))
def test_truncation_and_flips(data: st.DataObject, mode: str) -> None:
    body, content_type = data.draw(st.sampled_from(SEEDS))
    mutated = bytearray(body)
    for _ in range(data.draw(st.integers(0, 6))):
        if not mutated:
            break
        at = data.draw(st.integers(0, len(mutated) - 1))
        mutated[at] = data.draw(st.sampled_from([0, 0x0A, 0x0D, ord("<"), ord("-"), 0xFF, 0xC3]))
    cut = data.draw(st.integers(0, len(mutated)))
    _decode_safely(bytes(mutated[:cut]), content_type, mode)


INJECTIONS = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x SYSTEM "http://example.invalid/evil.dtd">',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b"<?xml-stylesheet href='http://example.invalid/x.xsl'?>",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(["strict", "lenient"]))
def test_injection_and_header_games(data: st.DataObject, mode: str) -> None:
    body, content_type = data.draw(st.sampled_from(SEEDS))
    game = data.draw(st.sampled_from(["inject", "boundary", "content-type", "length", "nest"]))
    if game == "inject":
        at = body.find(b"<soap") if b"<soap" in body else body.find(b"<")
        body = body[: max(at, 0)] + data.draw(st.sampled_from(INJECTIONS)) + body[max(at, 0) :]
    elif game == "boundary":
        content_type = data.draw(
            st.sampled_from(
                [
                    'multipart/related; boundary=""',
                    "multipart/related; boundary=" + "x" * 200,
                    "multipart/related; boundary=--",
                    "multipart/related; type=text/xml; start=<nope>; boundary=zz",
                ]
            )
        )
    elif game == "content-type":
        content_type = data.draw(st.sampled_from(["", ";;;", "text/xml; charset=utf-77", "a/b/c"]))
    elif game == "length":
        body = body.replace(b"Content-Length: ", b"Content-Length: 99999999999", 1)
    else:
        depth = data.draw(st.integers(10, 400))
        body = body.replace(b"</soap:Body>", b"<a>" * depth + b"</a>" * depth + b"</soap:Body>", 1)
    _decode_safely(body, content_type, mode)


def test_nested_multipart_bomb_is_limited() -> None:
    inner = b"<x/>"
    content_type = "text/xml"
    for level in range(20):
        boundary = f"b{level}".encode()
        inner = (
            b"--" + boundary + b"\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + inner
        )
        inner += b"\r\n--" + boundary + b"--\r\n"
        content_type = f"multipart/mixed; boundary=b{level}"
    with pytest.raises(Mm7Error) as refused:
        decode(inner, content_type, mode="lenient", limits=Limits(max_mime_depth=8))
    assert refused.value.status_code in STATUSES


def test_many_parts_are_limited() -> None:
    parts = b"".join(b"--z\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(600))
    with pytest.raises(Mm7Error) as refused:
        decode(parts + b"--z--\r\n", "multipart/related; boundary=z", mode="lenient")
    assert {f.code for f in refused.value.findings} & {"LIMIT_PARTS"}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set MM7_SHARED)")
@pytest.mark.parametrize("path", _corpus_files() or [CORPUS], ids=lambda p: p.name)
def test_corpus_decodes_or_refuses_with_typed_error(path: Path) -> None:
    for mode in ("strict", "lenient"):
        _decode_safely(path.read_bytes(), None, mode)
