"""Benchmark decode and encode against baselines measured in the same run.

    .venv/bin/python bench/bench_codec.py [--repeat N]

Three messages: a DeliveryReportReq envelope, a SubmitReq with a 100 KB image, a 1 MB
DeliverReq with nested parts. The XML path times strict decode and encode of the envelope
alone against raw lxml parse+serialise of the same bytes and zeep parsing the same payload
with the same schema (loaded offline); the wire path times the whole SwA body, the MIME
framing alone, and peak memory of one decode (tracemalloc) as a multiple of the body size.
Ratios are against baselines measured in this run; absolute times depend on the machine.
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
    """One row: the XML path (envelope alone) and the whole wire path, with baselines."""
    wire = encode(message, transaction_id="bench-1", attachments=parts)
    xml = encode(message, transaction_id="bench-1").body
    payload = etree.fromstring(xml)[1][0]
    # lenient: the envelope alone leaves its cid: reference dangling, which strict refuses
    xml_decode = best(lambda: decode(xml, "text/xml", mode="lenient"), repeat)
    xml_encode = best(lambda: encode(message, transaction_id="bench-1"), repeat)
    lxml_time = best(lambda: etree.tostring(etree.fromstring(xml)), repeat)
    zeep_time = best(lambda: zeep_parse(payload), repeat)
    wire_decode = best(lambda: decode(wire.body, wire.content_type), repeat)
    attachments = decode(wire.body, wire.content_type).attachments
    wire_encode = best(
        lambda: encode(message, transaction_id="bench-1", attachments=attachments), repeat
    )
    mime_time = best(lambda: mime.parse(wire.body, wire.content_type, lenient=False), repeat)
    tracemalloc.start()
    decode(wire.body, wire.content_type)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ms = 1e3
    return (
        f"{name:27} {len(wire.body):>8} | {xml_decode * ms:6.3f} {xml_encode * ms:6.3f} "
        f"{lxml_time * ms:6.3f} {zeep_time * ms:6.3f} "
        f"{(xml_decode + xml_encode) / lxml_time:7.1f}x {xml_decode / zeep_time:6.2f}x | "
        f"{wire_decode * ms:6.3f} {wire_encode * ms:6.3f} {mime_time * ms:6.3f} "
        f"{peak / len(wire.body):6.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    zeep_parse = zeep_parser()
    print(f"{'':36} | XML path, ms{'':28} | wire path (SwA), ms")
    print(
        f"{'message':27} {'bytes':>8} | {'decode':>6} {'encode':>6} {'lxml':>6} {'zeep':>6} "
        f"{'dec+enc':>8} {'/zeep':>7} | {'decode':>6} {'encode':>6} {'mime':>6} {'peak':>7}"
    )
    print(f"{'':36} | {'':28}{'/lxml':>8} {'':7} | {'':20}{'/body':>7}")
    for name, message, parts in messages():
        print(measure(name, message, parts, args.repeat, zeep_parse))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
