"""Soak: memory and decode time of a long-lived process fed hostile documents with unique names.

    nice -n 10 .venv/bin/python bench/soak_decode.py [--documents 100000] [--every 10000]

libxml2 interns every element, attribute and namespace name it reads in a dictionary that
lxml shares per thread and that never shrinks: a receiver or a checker over an archive that
sees new names in every document grows, and so does the cost of every later lookup. This
decodes ``--documents`` hostile DeliveryReportRsp envelopes, each with ``--names`` element
and attribute names never seen before (strict and lenient, as a receiver that tries both
would), and every ``--every`` documents prints the process's resident memory and the best of
five strict decodes of one fixed reference document (a SubmitReq with a thousand
recipients, about 100 KB). Flat columns are the goal. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mm7codec import xmlparse
from mm7codec.codec import decode, encode
from mm7codec.errors import Mm7Error
from mm7codec.mime import make_part
from mm7codec.releases import default_registry

RELEASE = default_registry().by_name("REL-6-MM7-1-4")
NS = RELEASE.namespace
HOSTILE = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    '<soap:Header><mm7:TransactionID xmlns:mm7="{ns}" soap:mustUnderstand="1">t{n}'
    '</mm7:TransactionID></soap:Header><soap:Body><mm7:DeliveryReportRsp xmlns:mm7="{ns}">'
    "<mm7:MM7Version>6.8.0</mm7:MM7Version><mm7:Status><mm7:StatusCode>1000</mm7:StatusCode>"
    "<mm7:StatusText>ok</mm7:StatusText></mm7:Status>{junk}</mm7:DeliveryReportRsp>"
    "</soap:Body></soap:Envelope>"
)


def hostile(number: int, names: int) -> bytes:
    """A DeliveryReportRsp carrying ``names`` elements and attributes named for ``number``."""
    junk = "".join(
        f'<u{number:x}e{i} xmlns="urn:soak:{number:x}:{i}" u{number:x}a{i}="v"/>'
        for i in range(names)
    )
    return HOSTILE.format(ns=NS, n=number, junk=junk).encode()


def reference() -> tuple[bytes, str]:
    """A SubmitReq with a thousand recipients and a small attachment, encoded once."""
    bindings = RELEASE.bindings
    submit_cls = RELEASE.message_class("SubmitReq")
    example = Path(__file__).resolve().parent.parent / "examples/conformant/REL-6-MM7-1-4"
    body = (example / "SubmitReq.mime").read_bytes()
    ctype = (example / "SubmitReq.mime.content-type").read_text().strip()
    message = decode(body, ctype).message
    assert isinstance(message, submit_cls)
    to = bindings.RecipientsType.To
    number = bindings.MultiAddressType.Number
    message.recipients.to_or_cc_or_bcc = [
        to(rfc2822_address_or_number_or_short_code=[number(value=f"4477009{i:05d}")])
        for i in range(1000)
    ]
    message.content = bindings.ContentReferenceType(href="cid:c1")
    wire = encode(
        message,
        transaction_id="soak-ref",
        attachments=[make_part("text/plain", b"hello", content_id="c1")],
    )
    return wire.body, wire.content_type


def rss_mb() -> float:
    """Resident set size now (Linux /proc), else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reference_ms(body: bytes, ctype: str) -> tuple[float, float]:
    """Best of five strict decodes of the reference: wall and CPU milliseconds (CPU time is
    what other processes on a shared machine disturb least)."""
    wall, cpu = [], []
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        decode(body, ctype)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall) * 1000, min(cpu) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--names", type=int, default=50, help="unique names per document")
    parser.add_argument(
        "--keep-dictionary",
        action="store_true",
        help="never replace libxml2's name dictionary (PARSES_PER_DICTIONARY = 0), to compare",
    )
    args = parser.parse_args()
    if args.keep_dictionary:
        xmlparse.PARSES_PER_DICTIONARY = 0

    body, ctype = reference()
    print(f"reference document: {len(body)} bytes; hostile documents: {args.names} new names each")
    every = xmlparse.PARSES_PER_DICTIONARY
    print("one name dictionary" if not every else f"a fresh name dictionary every {every} parses")
    print(
        f"{'documents':>10} {'RSS MB':>8} {'ref wall ms':>12} {'ref CPU ms':>11} {'hostile/s':>10}"
    )
    gc.collect()
    wall, cpu = reference_ms(body, ctype)
    print(f"{0:>10} {rss_mb():>8.1f} {wall:>12.2f} {cpu:>11.2f} {'':>10}", flush=True)
    refused = accepted = 0
    began = time.perf_counter()
    for number in range(1, args.documents + 1):
        data = hostile(number, args.names)
        for mode in ("strict", "lenient"):
            try:
                decode(data, "text/xml", mode=mode)  # type: ignore[arg-type]
                accepted += 1
            except Mm7Error:
                refused += 1
        if number % args.every == 0:
            rate = args.every / (time.perf_counter() - began)
            gc.collect()
            wall, cpu = reference_ms(body, ctype)
            line = f"{number:>10} {rss_mb():>8.1f} {wall:>12.2f} {cpu:>11.2f} {rate:>10.0f}"
            print(line, flush=True)
            began = time.perf_counter()
    print(f"decodes: {accepted} returned, {refused} refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
