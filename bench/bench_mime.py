"""SwA framing without copies: building and parsing a 1 MiB attachment against a plain join.

    .venv/bin/python bench/bench_mime.py [--size BYTES] [--repeat N]

Times ``mime.build`` and the whole ``encode`` of a SubmitReq carrying one attachment of
``--size`` bytes (default 1 MiB), against ``b"".join`` of the very pieces build joins,
measured in the same run (target: build within 3x of the join), and the peak memory each
allocates (tracemalloc) as a multiple of the body (target: at most 1.5x). ``mime.parse`` of
the result is shown the same way. Not run by the test suite: timings on shared machines are
noisy, and only ratios within one run mean anything.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from builders import minimal
from mm7codec import mime
from mm7codec.codec import encode
from mm7codec.mime import make_part
from mm7codec.releases import default_registry

RELEASE = default_registry().by_name("REL-6-MM7-1-4")


def best(function: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` runs (each run loops until it lasts 20 ms)."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            function()
        if time.perf_counter() - start > 0.02:
            break
        loops *= 2
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            function()
        times.append((time.perf_counter() - start) / loops)
    return min(times)


def peak(function: Callable[[], Any]) -> int:
    """Bytes allocated at the peak of one call, beyond what was allocated before it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    function()
    result = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1 << 20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    submit = minimal(RELEASE.message_class("SubmitReq"))
    submit.content = RELEASE.bindings.ContentReferenceType(href="cid:image")
    attachment = make_part("image/jpeg", os.urandom(args.size), content_id="image")
    root_xml = encode(submit, transaction_id="bench").body
    chunks, _ = mime.body_chunks(root_xml, [attachment], boundary="=_bench_boundary")
    body, ctype = mime.build(root_xml, [attachment], boundary="=_bench_boundary")
    assert body == b"".join(chunks)

    join = best(lambda: b"".join(chunks), args.repeat)
    build = best(lambda: mime.build(root_xml, [attachment]), args.repeat)
    whole = best(lambda: encode(submit, transaction_id="t", attachments=[attachment]), args.repeat)
    parse = best(lambda: mime.parse(body, ctype, lenient=False), args.repeat)

    size = len(body)
    rows = [
        ("b''.join of the same pieces", join, peak(lambda: b"".join(chunks))),
        ("mime.build", build, peak(lambda: mime.build(root_xml, [attachment]))),
        (
            "encode (XML + SwA)",
            whole,
            peak(lambda: encode(submit, transaction_id="t", attachments=[attachment])),
        ),
        ("mime.parse", parse, peak(lambda: mime.parse(body, ctype, lenient=False))),
    ]
    print(f"SwA body of {size} bytes ({args.size} byte attachment), best of {args.repeat}")
    print(f"{'operation':32} {'time':>10} {'/ join':>8} {'peak / body':>12}")
    for name, seconds, allocated in rows:
        print(f"{name:32} {seconds * 1e3:8.3f} ms {seconds / join:7.2f}x {allocated / size:11.2f}x")
    ok_time = build / join <= 3
    ok_memory = rows[1][2] / size <= 1.5
    print(f"targets: build within 3x of join: {'met' if ok_time else 'NOT met'}; ", end="")
    print(f"build peak at most 1.5x the body: {'met' if ok_memory else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
