"""Benchmark decode and encode against baselines measured in the same run.

    .venv/bin/python bench/bench_codec.py [--repeat N] [--runs N]

Messages (REL-6-MM7-1-4): a typical SubmitReq (1.6 KB) and DeliveryReportReq (0.9 KB), a
DeliverReq with 100 recipients (bare envelopes), and two SwA bodies (SubmitReq with a 100 KB
image, DeliverReq with 1 MB of nested parts). For each, on the SOAP part: raw lxml parse,
raw lxml serialise (tostring of the parsed envelope), lxml XSD validation of the payload,
zeep parse and render of the payload, zeep from and to bytes (what a zeep user does on the
wire: requests-toolbelt's multipart decoder and encoder for SwA, down to every leaf as
mm7codec reads and writes them, lxml's parse and serialise, the envelope built with lxml;
and the read splitting the top level only, which leaves a nested multipart unread), xsdata's
generic parse and serialise of the payload; then mm7codec decode (strict; lenient on the
conformant message and on the same message with a vendor element added), and encode, each
through the short road (generated code) and the generic path (``fastpath.GENERIC_ONLY``).
Ratios: (decode strict + encode) / raw lxml parse (target 5x or less), and zeep (parse +
render) / mm7codec (decode strict + encode) (target 5x or more), and the same with zeep from
and to bytes; beside them, decode against the parse, encode against the serialise, and
(decode + encode) / (parse + serialise), the like-for-like baseline of the project's brief.
The SwA rows add the MIME framing alone against the boundary search (bytes.find of every
delimiter of every multipart), the most zeep bytes/mm7codec could be (zeep's side over that
search: requests-toolbelt makes it too), encode against a plain join of the pieces it joins,
and the peak memory of one decode and one encode (tracemalloc) as multiples of the body
(bench_mime.py prints them as a table). Times are process CPU time (so a busy machine's
other processes do not count), the best of ``--repeat`` rounds, each timing every operation
in turn; ratios are against baselines measured in this run. glibc's allocator thresholds
are pinned (``MALLOC_PINS``): left to move, they made a baseline's page faults depend on
unrelated code run earlier in the process.
Never run from the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree
from requests_toolbelt.multipart.decoder import MultipartDecoder
from requests_toolbelt.multipart.encoder import MultipartEncoder
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.serializers import XmlSerializer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from builders import minimal
from mm7codec import fastpath, mime
from mm7codec.bind import CONTEXT
from mm7codec.codec import decode, encode
from mm7codec.mime import make_part
from mm7codec.releases import SOAP_ENV, default_registry

RELEASE = default_registry().by_name("REL-6-MM7-1-4")
B = RELEASE.bindings
VENDOR = b'<v:Tracking xmlns:v="urn:example:vendor">abc</v:Tracking>'


def calibrate(function: Callable[[], Any]) -> int:
    """Loops of ``function`` that last at least 2 ms (short rounds: on a loaded machine the
    best of many short rounds is one the scheduler left alone)."""
    loops = 1
    while True:
        start = time.process_time()
        for _ in range(loops):
            function()
        if time.process_time() - start > 0.002:
            return loops
        loops *= 2


def best_of(operations: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best time per call of each operation over ``repeat`` rounds. Each round times every
    operation once, in turn, so on a shared machine each sees the same spread of load and
    the ratios between them hold even when the absolute times do not."""
    loops = {key: calibrate(run) for key, run in operations.items()}
    times: dict[str, float] = dict.fromkeys(operations, float("inf"))
    for _ in range(repeat):
        for key, run in operations.items():
            run()  # untimed: the operation before left the caches to its own data
            start = time.process_time()
            for _ in range(loops[key]):
                run()
            times[key] = min(times[key], (time.process_time() - start) / loops[key])
    return times


def peak(function: Callable[[], Any]) -> int:
    """Bytes allocated at the peak of one call, beyond what was allocated before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        function()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def delimiter_search(body: bytes, content_type: str) -> Callable[[], int]:
    """The baseline of MIME framing, for a body mime.build wrote: bytes.find of every
    delimiter line of every multipart, each boundary searched only in the bytes of the
    multipart that declares it (the least any parser scans). Returns the delimiters found."""
    declared = re.search(r'boundary="([^"]+)"', content_type)
    assert declared is not None
    spans = []
    for boundary in [declared.group(1).encode(), *re.findall(rb'boundary="([^"]+)"', body)]:
        needle = b"\n--" + boundary
        start = body.find(b"--" + boundary)
        end = body.find(needle + b"--", start) + len(needle) + 2
        spans.append((needle, start, end))

    def search() -> int:
        found = 0
        for needle, start, end in spans:
            position = body.find(needle, start, end)
            while position >= 0:
                found += 1
                position = body.find(needle, position + 1, end)
        return found

    return search


def recipients(count: int) -> Any:
    numbers = [B.MultiAddressType.Number(value=f"+4479{i:08d}") for i in range(count)]
    return B.RecipientsType(
        to_or_cc_or_bcc=[
            B.RecipientsType.To(rfc2822_address_or_number_or_short_code=[n]) for n in numbers
        ]
    )


# What VASPs and MMSCs send day to day (the sizes the issue measured: about 1.5 KB and 1 KB
# envelopes), written as the wire shows them and read once through the generic path.
TYPICAL_SUBMIT = (
    "<mm7:SubmitReq><mm7:MM7Version>6.8.0</mm7:MM7Version><mm7:SenderIdentification>"
    "<mm7:VASPID>vasp-1</mm7:VASPID><mm7:VASID>offers</mm7:VASID><mm7:SenderAddress>"
    "<mm7:ShortCode>40404</mm7:ShortCode></mm7:SenderAddress></mm7:SenderIdentification>"
    "<mm7:Recipients><mm7:To><mm7:Number>447900000001</mm7:Number>"
    "<mm7:Number>447900000002</mm7:Number><mm7:Number>447900000003</mm7:Number></mm7:To>"
    "<mm7:Cc><mm7:RFC2822Address>alice@example.com</mm7:RFC2822Address></mm7:Cc>"
    "</mm7:Recipients><mm7:ServiceCode>offer-17</mm7:ServiceCode>"
    "<mm7:LinkedID>mo-77881</mm7:LinkedID><mm7:MessageClass>Advertisement</mm7:MessageClass>"
    "<mm7:TimeStamp>2026-12-03T09:30:00Z</mm7:TimeStamp>"
    "<mm7:EarliestDeliveryTime>2026-12-03T10:00:00+01:00</mm7:EarliestDeliveryTime>"
    "<mm7:ExpiryDate>P2D</mm7:ExpiryDate><mm7:DeliveryReport>true</mm7:DeliveryReport>"
    "<mm7:ReadReply>false</mm7:ReadReply><mm7:Priority>Normal</mm7:Priority>"
    "<mm7:Subject>Weekend offer: two for one</mm7:Subject><mm7:ChargedParty>Sender"
    "</mm7:ChargedParty><mm7:DistributionIndicator>false</mm7:DistributionIndicator>"
    "<mm7:ApplicID>com.example.offers</mm7:ApplicID><mm7:ContentClass>image-basic"
    "</mm7:ContentClass></mm7:SubmitReq>"
)
TYPICAL_REPORT = (
    "<mm7:DeliveryReportReq><mm7:MM7Version>6.8.0</mm7:MM7Version>"
    "<mm7:MMSRelayServerID>mmsc.example.net</mm7:MMSRelayServerID>"
    "<mm7:MessageID>041203093000-0001-0017</mm7:MessageID><mm7:Recipient><mm7:Number>"
    "447900000001</mm7:Number></mm7:Recipient><mm7:Sender><mm7:ShortCode>40404"
    "</mm7:ShortCode></mm7:Sender><mm7:Date>2026-12-03T09:31:12Z</mm7:Date>"
    "<mm7:MMStatus>Retrieved</mm7:MMStatus><mm7:StatusText>Message retrieved by the handset"
    "</mm7:StatusText><mm7:ApplicID>com.example.offers</mm7:ApplicID></mm7:DeliveryReportReq>"
)


def typical(payload: str) -> Any:
    """The message a payload written as above holds (read by the generic path, strictly)."""
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:mm7="{RELEASE.namespace}"><soap:Header><mm7:TransactionID '
        'soap:mustUnderstand="1">typical-1</mm7:TransactionID></soap:Header>'
        f"<soap:Body>{payload}</soap:Body></soap:Envelope>"
    )
    with_generic = generic(lambda: decode(envelope.encode(), "text/xml"))
    return with_generic().message


def messages() -> list[tuple[str, Any, list[mime.Part]]]:
    submit = typical(TYPICAL_SUBMIT)
    report = typical(TYPICAL_REPORT)
    deliver = minimal(RELEASE.message_class("DeliverReq"))
    deliver.recipients = recipients(100)
    deliver.subject = "Reply"
    with_image = minimal(RELEASE.message_class("SubmitReq"))
    with_image.sender_identification = B.SenderIDType(vaspid="vasp-1", vasid="offers")
    with_image.subject = "Offer"
    with_image.content = B.ContentReferenceType(href="cid:image-1")
    nested_deliver = minimal(RELEASE.message_class("DeliverReq"))
    nested_deliver.content = B.ContentReferenceType(href="cid:content")
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
    image = make_part("image/gif", os.urandom(100 * 1024), content_id="image-1")
    return [
        ("SubmitReq", submit, []),
        ("DeliveryReportReq", report, []),
        ("DeliverReq x100", deliver, []),
        ("SwA SubmitReq", with_image, [image]),
        ("SwA DeliverReq", nested_deliver, [nested]),
    ]


def zeep_schema() -> Any:
    from zeep import xsd
    from zeep.transports import Transport

    path = str(RELEASE.schema_path)
    return xsd.Schema(etree.parse(path).getroot(), transport=Transport(), location=path)


def generic(run: Callable[[], Any]) -> Callable[[], Any]:
    def forced() -> Any:
        fastpath.GENERIC_ONLY = True
        try:
            return run()
        finally:
            fastpath.GENERIC_ONLY = False

    return forced


_NSMAP = {"soap": SOAP_ENV, "mm7": RELEASE.namespace}
_TID_TAG = f"{{{RELEASE.namespace}}}TransactionID"


def _toolbelt_leaves(body: bytes, content_type: str) -> list[bytes]:
    """The leaves of a multipart read with requests-toolbelt's decoder, each nested multipart
    decoded in turn: what a zeep user must do to reach the MMS content mm7codec returns."""
    leaves: list[bytes] = []
    for part in MultipartDecoder(body, content_type).parts:
        kind = part.headers.get(b"Content-Type", b"").decode()
        if kind.startswith("multipart/"):
            leaves += _toolbelt_leaves(part.content, kind)
        else:
            leaves.append(part.content)
    return leaves


def _toolbelt_fields(parts: list[mime.Part]) -> list[tuple[str, tuple[str, bytes, str]]]:
    """The parts as requests-toolbelt encoder fields, a nested multipart encoded in turn."""
    fields = []
    for part in parts:
        data = part.body
        if part.parts:
            data = MultipartEncoder(fields=_toolbelt_fields(part.parts)).to_string()
        fields.append((part.content_id or "part", ("", data, part.content_type)))
    return fields


def measure(
    name: str, message: Any, parts: list[mime.Part], repeat: int, zeep: Any
) -> tuple[dict[str, float], dict[str, float]]:
    """Times in seconds of every operation on one message, and the wire-path extras."""
    xml = encode(message, transaction_id="bench-1").body
    wire = encode(message, transaction_id="bench-1", attachments=parts)
    tree = etree.fromstring(xml)
    payload = tree[1][0]
    payload_bytes = etree.tostring(payload)
    cls = type(message)
    element = zeep.get_element(payload.tag)
    zeep_value = element.parse(payload, zeep)
    xsdata_parser = XmlParser(context=CONTEXT)
    xsdata_serializer = XmlSerializer(context=CONTEXT)
    body, content_type = wire.body, wire.content_type
    deviating = body.replace(b"</mm7:MM7Version>", b"</mm7:MM7Version>" + VENDOR, 1)
    # What is measured is what it claims to be: the conformant message takes the short road
    # and decodes without a finding; the deviating one is judged (MM7_UNKNOWN_ELEMENT).
    assert fastpath.bind(payload, RELEASE) is not None
    assert fastpath.envelope_bytes(message, RELEASE, "bench-1") == xml
    # Strict on the bare envelope of a message with a cid: href would refuse the dangling
    # reference; those rows are all SwA, where it resolves.
    assert decode(body, content_type).findings == []
    if parts:  # the zeep user's read reaches the very leaves mm7codec returns
        leaves = [p.body for a in decode(body, content_type).attachments for p in a.walk()]
        assert _toolbelt_leaves(body, content_type) == [xml, *filter(None, leaves)]
    found = decode(deviating, content_type, mode="lenient").findings
    assert [f.code for f in found] == ["MM7_UNKNOWN_ELEMENT"], found

    def zeep_render() -> Any:
        parent = etree.Element("root")
        element.render(parent, zeep_value)
        return parent

    def zeep_from_bytes() -> Any:
        """What a zeep user does with the wire: requests-toolbelt's multipart decoder (zeep's
        own, for multipart replies) down to every leaf, as mm7codec reads them and as
        zeep_to_bytes writes them, an lxml parse of the root part, zeep's parse of the
        payload."""
        root = _toolbelt_leaves(body, content_type)[0] if parts else xml
        return element.parse(etree.fromstring(root)[1][0], zeep)

    def zeep_from_bytes_top() -> Any:
        """The same, splitting the top level only: the nested parts stay one opaque part."""
        root = MultipartDecoder(body, content_type).parts[0].content if parts else xml
        return element.parse(etree.fromstring(root)[1][0], zeep)

    def zeep_to_bytes() -> bytes:
        """The envelope built with lxml around zeep's render of the payload, serialised, and
        for SwA the parts joined by requests-toolbelt's multipart encoder."""
        envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=_NSMAP)
        entry = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP_ENV}}}Header"), _TID_TAG)
        entry.set(f"{{{SOAP_ENV}}}mustUnderstand", "1")
        entry.text = "bench-1"
        element.render(etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body"), zeep_value)
        soap = etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")
        if not parts:
            return soap
        root = ("root", ("", soap, 'text/xml; charset="utf-8"'))
        encoder = MultipartEncoder(fields=[root, *_toolbelt_fields(parts)])
        return encoder.to_string()

    operations: dict[str, Callable[[], Any]] = {
        "lxml parse": lambda: etree.fromstring(xml),
        "lxml serialise": lambda: etree.tostring(tree),
        "XSD validate": lambda: RELEASE.schema.validate(payload),
        "zeep parse": lambda: element.parse(payload, zeep),
        "zeep render": zeep_render,
        "zeep from bytes": zeep_from_bytes,
        "zeep from bytes (top)": zeep_from_bytes_top,
        "zeep to bytes": zeep_to_bytes,
        "xsdata parse": lambda: xsdata_parser.from_bytes(payload_bytes, cls),
        "xsdata serialise": lambda: xsdata_serializer.render(message),
        "decode strict": lambda: decode(body, content_type, mode="strict"),
        "decode lenient": lambda: decode(body, content_type, mode="lenient"),
        "lenient deviating": lambda: decode(deviating, content_type, mode="lenient"),
        "encode": lambda: encode(message, transaction_id="bench-1", attachments=parts),
    }
    for key in ("decode strict", "decode lenient", "lenient deviating", "encode"):
        operations[f"{key} (generic)"] = generic(operations[key])
    if parts:
        pieces, _ = mime.body_chunks(xml, parts)
        operations["MIME framing"] = lambda: mime.parse(body, content_type, lenient=False)
        operations["boundary search"] = delimiter_search(body, content_type)
        operations["plain join"] = lambda: b"".join(pieces)
    # What setup built (zeep's schema, the messages) is frozen out of the collector's scans,
    # so no operation pays for another's garbage.
    gc.collect()
    gc.freeze()
    times = best_of(operations, repeat)
    gc.unfreeze()
    extras: dict[str, float] = {}
    if parts:
        extras["mime"] = times.pop("MIME framing")
        extras["search"] = times.pop("boundary search")
        extras["join"] = times.pop("plain join")
        extras["encode"] = times["encode"]
        extras["peak"] = peak(lambda: decode(body, content_type)) / len(body)
        encoding = peak(lambda: encode(message, transaction_id="bench-1", attachments=parts))
        extras["encode peak"] = encoding / len(body)
        extras["bytes"] = len(body)
    extras["xml bytes"] = len(xml)
    return times, extras


def _dec_enc(t: dict[str, float]) -> float:
    return t["decode strict"] + t["encode"]


def _ceiling(t: dict[str, float], x: dict[str, float]) -> float:
    """zeep bytes/mm7codec for a parser whose decode and encode cost only the boundary
    search: requests-toolbelt makes the same search, so no exact framing gets further."""
    return (t["zeep from bytes"] + t["zeep to bytes"]) / x["search"]


def _generic(t: dict[str, float]) -> float:
    return t["decode strict (generic)"] + t["encode (generic)"]


# Every ratio the benchmark prints, as (label, ratio of one message's times).
RATIOS: list[tuple[str, Callable[[dict[str, float]], float]]] = [
    ("(dec+enc)/lxml", lambda t: _dec_enc(t) / t["lxml parse"]),
    ("  generic path", lambda t: _generic(t) / t["lxml parse"]),
    ("decode/lxml parse", lambda t: t["decode strict"] / t["lxml parse"]),
    ("encode/lxml serialise", lambda t: t["encode"] / t["lxml serialise"]),
    ("(dec+enc)/(parse+ser.)", lambda t: _dec_enc(t) / (t["lxml parse"] + t["lxml serialise"])),
    ("zeep/mm7codec", lambda t: (t["zeep parse"] + t["zeep render"]) / _dec_enc(t)),
    ("  generic path", lambda t: (t["zeep parse"] + t["zeep render"]) / _generic(t)),
    ("zeep bytes/mm7codec", lambda t: (t["zeep from bytes"] + t["zeep to bytes"]) / _dec_enc(t)),
    (
        "  top level only",
        lambda t: (t["zeep from bytes (top)"] + t["zeep to bytes"]) / _dec_enc(t),
    ),
    ("short road gain", lambda t: _generic(t) / _dec_enc(t)),
]


def table(results: list[tuple[str, dict[str, float], dict[str, float]]]) -> str:
    columns = list(results[0][1])
    width = max(len(c) for c in columns) + 2
    lines = ["CPU time per call in microseconds (best of the rounds)", ""]
    lines.append(f"{'operation':{width}}" + "".join(f"{n:>18}" for n, _, _ in results))
    for column in columns:
        row = "".join(f"{times[column] * 1e6:18.1f}" for _, times, _ in results)
        lines.append(f"{column:{width}}{row}")
    lines += ["", "ratios"]
    for label, compute in RATIOS:
        lines.append(f"{label:{width}}" + "".join(f"{compute(t):17.1f}x" for _, t, _ in results))
    lines += ["", "sizes and the SwA wire path"]
    for name, times, extras in results:
        size = f"{name:18} SOAP part {int(extras['xml bytes']):>6} B"
        if "peak" in extras:
            size += (
                f"; body {int(extras['bytes']):>8} B\n{'':20}MIME framing"
                f" {extras['mime'] * 1e6:7.1f} us = {extras['mime'] / extras['search']:.2f}x the"
                f" boundary search ({extras['search'] * 1e6:.1f} us), decode peak memory"
                f" {extras['peak']:.2f}x the body\n{'':20}encode"
                f" {extras['encode'] * 1e6:7.1f} us = {extras['encode'] / extras['join']:.2f}x a"
                f" plain join of its pieces ({extras['join'] * 1e6:.1f} us), encode peak memory"
                f" {extras['encode peak']:.2f}x the body\n{'':20}zeep bytes/mm7codec could reach"
                f" {_ceiling(times, extras):.1f}x at most: zeep's side over the boundary search"
                " alone, which both sides make"
            )
        lines.append(size)
    return "\n".join(lines)


def spread(runs: list[list[tuple[str, dict[str, float], dict[str, float]]]]) -> str:
    """Each ratio's lowest, median and highest value over runs made in separate processes."""
    names = [name for name, _, _ in runs[0]]
    width = max(len(label) for label, _ in RATIOS) + 2
    lines = [f"ratios over {len(runs)} processes: lowest / median / highest", ""]
    lines.append(f"{'ratio':{width}}" + "".join(f"{name:>24}" for name in names))
    rows: list[tuple[str, list[list[float | None]]]] = [
        (label, [[compute(t) for _, t, _ in run] for run in runs]) for label, compute in RATIOS
    ]
    ceilings = [[_ceiling(t, x) if "search" in x else None for _, t, x in run] for run in runs]
    rows.append(("  at most (search only)", ceilings))
    for label, values_by_run in rows:
        cells = []
        for column in range(len(names)):
            values = sorted(v for run in values_by_run if (v := run[column]) is not None)
            if not values:
                cells.append(f"{'':>24}")
                continue
            low, middle, high = values[0], statistics.median(values), values[-1]
            cells.append(f"{f'{low:.1f} / {middle:.1f} / {high:.1f}x':>24}")
        lines.append(f"{label:{width}}" + "".join(cells))
    return "\n".join(lines)


def run_once(repeat: int) -> list[tuple[str, dict[str, float], dict[str, float]]]:
    zeep = zeep_schema()
    return [
        (name, *measure(name, message, parts, repeat, zeep)) for name, message, parts in messages()
    ]


# glibc moves its mmap threshold as a process frees large blocks, so whether a 1 MB buffer
# costs fresh pages (a fault per 4 KB) depends on what ran before it in the process: zeep's
# SwA encode of the 1 MB body timed 1,430 or 400 us as code elsewhere in the run changed.
# Pinned thresholds give every operation the steady state a long-running server reaches.
MALLOC_PINS = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(128 << 20)}


def pin_malloc() -> None:
    """Run again with glibc's allocator thresholds pinned (Linux; other C libraries ignore
    the variables), unless they are set already: every run of a --runs series inherits them."""
    if sys.platform.startswith("linux") and any(name not in os.environ for name in MALLOC_PINS):
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **MALLOC_PINS})


def main() -> int:
    pin_malloc()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="processes to measure in, one after the other: the first run's table, then each"
        " ratio's spread (a process's layout moves these times by up to a third)",
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one child run
    args = parser.parse_args()
    if args.json:
        json.dump(run_once(args.repeat), sys.stdout)
        return 0
    load = os.getloadavg()
    command = [sys.executable, __file__, "--json", "--repeat", str(args.repeat)]
    runs = [run_once(args.repeat)]
    for _ in range(args.runs - 1):
        child = subprocess.run(command, check=True, capture_output=True, text=True)
        runs.append([(name, times, extras) for name, times, extras in json.loads(child.stdout)])
    print(table(runs[0]))
    if len(runs) > 1:
        print("\n" + spread(runs))
    after = os.getloadavg()
    pins = ", ".join(f"{name}={os.environ.get(name, 'unset')}" for name in MALLOC_PINS)
    print(
        f"\nload average (1 min) {load[0]:.2f} before, {after[0]:.2f} after; "
        f"{os.cpu_count()} CPUs; repeat {args.repeat}; runs {len(runs)}; {pins}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
