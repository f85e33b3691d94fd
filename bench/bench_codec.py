"""Benchmark decode and encode against baselines measured in the same run.

    .venv/bin/python bench/bench_codec.py [--repeat N]

Three messages: a DeliveryReportReq envelope, a SubmitReq with a 100 KB image, a 1 MB
DeliverReq with nested parts. For each, the best of N runs of: our strict decode, our encode,
raw lxml parse+serialise of the same SOAP XML bytes, and zeep parsing the same payload with
the same schema (loaded offline). Ratios are against lxml and zeep from this run; absolute
times depend on the machine. Peak memory of one decode is measured with tracemalloc.
Never run from the test suite: timings on shared machines are noisy.
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

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from builders import minimal
from mm7codec import mime
from mm7codec.codec import decode, encode
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


def messages() -> list[tuple[str, Any, list[mime.Part]]]:
    report = minimal(RELEASE.message_class("DeliveryReportReq"))
    report.status_text = "Delivered to handset"
    submit = minimal(RELEASE.message_class("SubmitReq"))
    submit.subject = "Offer"
    submit.content = RELEASE.bindings.ContentReferenceType(href="cid:image-1")
    image = os.urandom(100 * 1024)
    deliver = minimal(RELEASE.message_class("DeliverReq"))
    deliver.content = RELEASE.bindings.ContentReferenceType(href="cid:content")
    nested = make_part(
        "multipart/related",
        content_id="content",
        parts=[
            make_part("application/smil", b"<smil/>" * 50, content_id="smil"),
            make_part("image/jpeg", os.urandom(600 * 1024), content_id="photo"),
            make_part(
                "multipart/mixed",
                parts=[
                    make_part("audio/amr", os.urandom(300 * 1024), content_id="sound"),
                    make_part("text/plain", b"caption " * 10_000, content_id="text"),
                ],
            ),
        ],
    )
    return [
        ("DeliveryReportReq envelope", report, []),
        ("SubmitReq + 100 KB image", submit, [make_part("image/gif", image, content_id="image-1")]),
        ("DeliverReq 1 MB nested", deliver, [nested]),
    ]


def zeep_parser() -> Callable[[etree._Element], Any]:
    from zeep import xsd
    from zeep.transports import Transport

    path = str(RELEASE.schema_path)
    schema = xsd.Schema(etree.parse(path).getroot(), transport=Transport(), location=path)

    def parse(payload: etree._Element) -> Any:
        return schema.get_element(payload.tag).parse(payload, schema)

    return parse


def measure(
    name: str, message: Any, parts: list[mime.Part], repeat: int, zeep_parse: Callable[..., Any]
) -> str:
    """One row of the table."""
    wire = encode(message, transaction_id="bench-1", attachments=parts)
    framing = mime.parse(wire.body, wire.content_type, lenient=False)
    xml = framing.root.body
    payload = etree.fromstring(xml)[1][0]

    decode_time = best(lambda: decode(wire.body, wire.content_type), repeat)
    decoded = decode(wire.body, wire.content_type)
    attachments = decoded.attachments
    encode_time = best(
        lambda: encode(decoded.message, transaction_id="bench-1", attachments=attachments),
        repeat,
    )
    lxml_time = best(lambda: etree.tostring(etree.fromstring(xml)), repeat)
    zeep_time = best(lambda: zeep_parse(payload), repeat)
    mime_time = best(lambda: mime.parse(wire.body, wire.content_type, lenient=False), repeat)
    tracemalloc.start()
    decode(wire.body, wire.content_type)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (
        f"{name:28} {len(wire.body):>9} {decode_time * 1e3:>7.3f}ms {encode_time * 1e3:>7.3f}ms "
        f"{lxml_time * 1e3:>7.3f}ms {zeep_time * 1e3:>7.3f}ms "
        f"{(decode_time + encode_time) / lxml_time:>14.1f}x {decode_time / zeep_time:>8.2f}x "
        f"{mime_time * 1e3:>7.3f}ms {peak / len(wire.body):>9.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    zeep_parse = zeep_parser()
    header = (
        f"{'message':28} {'body':>9} {'decode':>9} {'encode':>9} {'lxml':>9} {'zeep':>9} "
        f"{'(dec+enc)/lxml':>15} {'dec/zeep':>9} {'mime':>9} {'peak/body':>10}"
    )
    print(header)
    for name, message, parts in messages():
        print(measure(name, message, parts, args.repeat, zeep_parse))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
