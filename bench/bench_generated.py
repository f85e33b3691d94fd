"""Benchmark the generated code alone (generated/fast) against lxml, in the same run.

    .venv/bin/python bench/bench_generated.py [--repeat N]

For the messages of bench_codec.py (REL-6-MM7-1-4 SubmitReq, DeliveryReportReq, DeliverReq
with 100 recipients) and a SubmitReq and a DeliveryReportReq of REL-5-MM7-1-2: raw lxml parse
of the envelope, lxml XSD validation of the payload, the generated binder on the parsed
payload, the generated writer (text of the payload only), ``fastpath.envelope_bytes`` (the
whole envelope, proved by the generated checks), ``codec.encode`` around it, and the same
envelope written, parsed back and given one schema pass (what encode did before the
checks). Times are process CPU time, the best of ``--repeat`` rounds, each timing every
operation in turn (bench_codec.best_of). Never run from the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench_codec import best_of, messages

from builders import minimal
from mm7codec import fastpath
from mm7codec.codec import encode
from mm7codec.lexical import Written
from mm7codec.releases import Release, default_registry

OLDER = default_registry().by_name("REL-5-MM7-1-2")


def cases() -> list[tuple[str, Release, Any]]:
    found: list[tuple[str, Release, Any]] = []
    for name, message, parts in messages():
        if not parts:
            found.append((name, default_registry().by_name("REL-6-MM7-1-4"), message))
    submit = minimal(OLDER.message_class("SubmitReq"))
    submit.sender_identification = OLDER.bindings.SenderIDType(vaspid="vasp-1", vasid="offers")
    submit.subject = "Weekend offer"
    submit.delivery_report = True
    report = minimal(OLDER.message_class("DeliveryReportReq"))
    report.status_text = "Delivered to handset"
    found += [("5-1-2 SubmitReq", OLDER, submit), ("5-1-2 DeliveryReportReq", OLDER, report)]
    return found


def reparsed(message: Any, release: Release) -> bool:
    """The envelope written, parsed back and validated: encode before the generated checks."""
    written = fastpath.write_envelope(message, release, "bench-1")
    assert written is not None
    root = etree.fromstring("".join(written).encode("utf-8"))
    return bool(release.schema.validate(root))


def measure(release: Release, message: Any, repeat: int) -> dict[str, float]:
    xml = encode(message, transaction_id="bench-1").body
    payload = etree.fromstring(xml)[1][0]
    module = fastpath.generated(release)
    assert module is not None
    decoder = module.DECODERS[payload.tag]
    writer, start, end = module.WRITERS[type(message)]
    # What is measured is what it claims to be: the binder gives the message, the checks
    # prove the envelope, whose bytes are what encode returns.
    assert decoder(payload, []) == message
    written = fastpath.write_envelope(message, release, "bench-1")
    assert written is not None and not written.unsure
    assert fastpath.envelope_bytes(message, release, "bench-1") == xml

    def write() -> str:
        out = Written()
        writer(message, out, start, end)
        return "".join(out)

    operations: dict[str, Callable[[], Any]] = {
        "lxml parse": lambda: etree.fromstring(xml),
        "XSD validate": lambda: release.schema.validate(payload),
        "generated binder": lambda: decoder(payload, []),
        "generated writer": write,
        "envelope_bytes": lambda: fastpath.envelope_bytes(message, release, "bench-1"),
        "encode()": lambda: encode(message, transaction_id="bench-1"),
        "write+parse+XSD": lambda: reparsed(message, release),
    }
    gc.collect()
    gc.freeze()
    times = best_of(operations, repeat)
    gc.unfreeze()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    load = os.getloadavg()
    rows = [(name, measure(release, message, args.repeat)) for name, release, message in cases()]
    columns = list(rows[0][1])
    print("CPU time per call in microseconds (best of the rounds)\n")
    print(f"{'message':24}" + "".join(f"{c:>18}" for c in columns))
    for name, times in rows:
        print(f"{name:24}" + "".join(f"{times[c] * 1e6:18.1f}" for c in columns))
    print("\nratios")
    print(f"{'message':24}{'(binder+envelope)/lxml':>24}{'re-parse/checks':>18}")
    for name, t in rows:
        ratio = (t["generated binder"] + t["envelope_bytes"]) / t["lxml parse"]
        gain = t["write+parse+XSD"] / t["envelope_bytes"]
        print(f"{name:24}{ratio:23.2f}x{gain:17.2f}x")
    after = os.getloadavg()
    print(
        f"\nload average (1 min) {load[0]:.2f} before, {after[0]:.2f} after; "
        f"{os.cpu_count()} CPUs; repeat {args.repeat}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
