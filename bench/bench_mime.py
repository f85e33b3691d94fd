"""SwA without copies: MIME framing against the boundary search, encode against a plain join.

    .venv/bin/python bench/bench_mime.py [--size BYTES] [--repeat N]

Three SOAP-with-attachments bodies (REL-6-MM7-1-4): bench_codec's SubmitReq with a 100 KB
image and DeliverReq with 1 MB of nested multiparts (a multipart/related holding an image
and a multipart/mixed of audio and text), and a SubmitReq with one attachment of ``--size``
bytes (default 1 MiB). For each, in one run:

* MIME framing (``mime.parse``, strict) against the boundary search it cannot avoid
  (``bytes.find`` of every delimiter of every multipart, each boundary searched in the
  multipart that declares it), and the peak memory of framing and of a whole strict decode
  as multiples of the body (target: at most 1.5x);
* ``encode(message, attachments=...)`` and ``mime.build`` against ``b"".join`` of the very
  pieces build joins (target: encode within 3x of the join), and their peak memory as
  multiples of the body (target: at most 1.5x).

Times are process CPU time, the best of ``--repeat`` rounds that each time every operation
in turn (``bench_codec.best_of``), so ratios hold on a busy machine; peak memory is what
tracemalloc sees allocated beyond what was allocated before the call. Never run by the
test suite: only ratios within one run mean anything.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from typing import Any

from bench_codec import RELEASE, best_of, delimiter_search, messages, peak

from builders import minimal
from mm7codec import mime
from mm7codec.codec import decode, encode
from mm7codec.mime import make_part

TIMED = ["boundary search", "MIME framing", "decode strict", "plain join", "mime.build", "encode"]


def cases(size: int) -> list[tuple[str, Any, list[mime.Part]]]:
    """bench_codec's SwA messages, and a SubmitReq with one ``size``-byte attachment."""
    swa = [case for case in messages() if case[2]]
    submit = minimal(RELEASE.message_class("SubmitReq"))
    submit.content = RELEASE.bindings.ContentReferenceType(href="cid:image")
    attachment = make_part("image/jpeg", os.urandom(size), content_id="image")
    return [*swa, (f"SubmitReq {size} B", submit, [attachment])]


def measure(message: Any, parts: list[mime.Part], repeat: int) -> dict[str, float]:
    """Times (seconds) and peaks (multiples of the body) of one SwA message's wire path."""
    xml = encode(message, transaction_id="bench-1").body
    wire = encode(message, transaction_id="bench-1", attachments=parts)
    body, content_type = wire.body, wire.content_type
    pieces, _ = mime.body_chunks(xml, parts)
    assert decode(body, content_type).findings == []
    assert len(b"".join(pieces)) == len(body)  # the same pieces, another boundary
    operations: dict[str, Callable[[], Any]] = {
        "boundary search": delimiter_search(body, content_type),
        "MIME framing": lambda: mime.parse(body, content_type, lenient=False),
        "decode strict": lambda: decode(body, content_type),
        "plain join": lambda: b"".join(pieces),
        "mime.build": lambda: mime.build(xml, parts),
        "encode": lambda: encode(message, transaction_id="bench-1", attachments=parts),
    }
    gc.collect()
    gc.freeze()
    result = best_of(operations, repeat)
    gc.unfreeze()
    for name in ("MIME framing", "decode strict", "plain join", "mime.build", "encode"):
        result[f"{name} peak"] = peak(operations[name]) / len(body)
    result["bytes"] = len(body)
    return result


def table(results: list[tuple[str, dict[str, float]]]) -> str:
    width = 27
    lines = [f"{'':{width}}" + "".join(f"{name:>22}" for name, _ in results)]

    def row(label: str, cell: Callable[[dict[str, float]], str]) -> None:
        lines.append(f"{label:{width}}" + "".join(f"{cell(r):>22}" for _, r in results))

    row("body bytes", lambda r: f"{int(r['bytes'])}")
    lines += ["", "CPU time per call, us (best of the rounds)"]
    for name in TIMED:
        row(name, lambda r, name=name: f"{r[name] * 1e6:.1f}")
    lines += ["", "ratios"]
    row("framing / boundary search", lambda r: f"{r['MIME framing'] / r['boundary search']:.2f}x")
    row("encode / plain join", lambda r: f"{r['encode'] / r['plain join']:.2f}x")
    row("mime.build / plain join", lambda r: f"{r['mime.build'] / r['plain join']:.2f}x")
    lines += ["", "peak memory / body (tracemalloc)"]
    for name in ("MIME framing", "decode strict", "plain join", "mime.build", "encode"):
        row(name, lambda r, name=name: f"{r[f'{name} peak']:.2f}x")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=1 << 20)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    load = os.getloadavg()
    results = [(name, measure(m, parts, args.repeat)) for name, m, parts in cases(args.size)]
    print(table(results))
    largest = results[-1][1]
    decode_ok = all(r["decode strict peak"] <= 1.5 for _, r in results)
    encode_ok = all(r["encode peak"] <= 1.5 for _, r in results)
    print(
        f"\ntargets: encode of {args.size} B within 3x of a plain join:"
        f" {'met' if largest['encode'] / largest['plain join'] <= 3 else 'NOT met'};"
        f" decode peak at most 1.5x the body: {'met' if decode_ok else 'NOT met'};"
        f" encode peak at most 1.5x the body: {'met' if encode_ok else 'NOT met'}"
    )
    after = os.getloadavg()
    print(
        f"load average (1 min) {load[0]:.2f} before, {after[0]:.2f} after;"
        f" {os.cpu_count()} CPUs; repeat {args.repeat}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
