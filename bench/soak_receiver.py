"""Soak the MM7 receiver: one server process takes many requests, a share of them hostile.

    nice -n 10 .venv/bin/python bench/soak_receiver.py [--requests 100000] [--concurrency 8]

The receiver (role vasp, SQLite store, a handler appending to a file) runs in its own process
on 127.0.0.1; this process posts to it. Of every 20 requests: 14 new delivery reports, 2
retries of an earlier one (new TransactionID), 2 damaged copies (bytes flipped or cut), 1
with element names never seen before (MM7 and foreign namespaces), 1 over the body limit.
Every ``--interval`` requests it prints the server's resident memory and the client-side
latency of that interval; both should stay flat. At the end: answers by HTTP status,
messages handled and duplicates delivered (must be 0). Never run from the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from receiver_process import percentile, report_wire, rss_kib, start, stop

MAX_BODY = 64 * 1024
_ROW = "{:9d} {:9.1f} {:9.0f} {:9.2f} {:9.2f} {:9.1f}"


def request_for(index: int, rng: random.Random) -> tuple[str, bytes, str]:
    """(kind, body, content type) of request ``index`` of the mix."""
    slot = index % 20
    if slot < 14:
        body, content_type = report_wire(index, f"soak-{index}")
        return "new", body, content_type
    if slot < 16:
        earlier = index - 20 * rng.randint(1, 50) - (slot - 14) - 1
        earlier = earlier if earlier >= 0 and earlier % 20 < 14 else index % 14
        body, content_type = report_wire(earlier, f"soak-retry-{index}")
        return "retry", body, content_type
    if slot < 18:
        body, content_type = report_wire(index, f"soak-{index}")
        damaged = bytearray(body)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return "damaged", bytes(damaged[: rng.randint(1, len(damaged))]), content_type
    if slot == 18:
        body, content_type = report_wire(index, f"soak-{index}")
        extra = (
            f"<mm7:Unique{index}>x</mm7:Unique{index}>"
            f'<u{index}:E{index} xmlns:u{index}="urn:soak:{index}" a{index}="1">'
            f"y</u{index}:E{index}>"
        ).encode()
        return (
            "unique-names",
            body.replace(b"</mm7:DeliveryReportReq>", extra + b"</mm7:DeliveryReportReq>"),
            content_type,
        )
    return "oversized", b"<x>" + b" " * MAX_BODY + b"</x>", "text/xml"


async def soak(
    url: str, pid: int, requests: int, concurrency: int, interval: int
) -> dict[str, object]:
    rng = random.Random(20261202)
    statuses: Counter[tuple[str, int]] = Counter()
    latencies: list[float] = []
    rows: list[tuple[int, float, float, float, float, float]] = []
    next_index = 0
    done = 0
    started = interval_start = time.perf_counter()
    lock = asyncio.Lock()

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal next_index, done, interval_start
        while True:
            async with lock:
                if next_index >= requests:
                    return
                index = next_index
                next_index += 1
            kind, body, content_type = request_for(index, rng)
            sent = time.perf_counter()
            response = await client.post(url, content=body, headers={"content-type": content_type})
            elapsed = time.perf_counter() - sent
            async with lock:
                statuses[(kind, response.status_code)] += 1
                latencies.append(elapsed)
                done += 1
                if done % interval == 0:
                    now = time.perf_counter()
                    rate = interval / (now - interval_start)
                    rows.append(
                        (
                            done,
                            now - started,
                            rate,
                            percentile(latencies, 0.5) * 1000,
                            percentile(latencies, 0.99) * 1000,
                            rss_kib(pid) / 1024,
                        )
                    )
                    print(_ROW.format(*rows[-1]), flush=True)
                    latencies.clear()
                    interval_start = now

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return {"statuses": statuses, "rows": rows, "seconds": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--interval", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mm7-soak-") as directory:
        workdir = Path(directory)
        process, url = start("receiver", workdir, max_body=MAX_BODY)
        try:
            print(
                f"receiver pid {process.pid} at {url};"
                f" RSS at start {rss_kib(process.pid) / 1024:.1f} MiB"
            )
            print(
                " ".join(
                    f"{h:>9}"
                    for h in ("requests", "seconds", "req/s", "p50 ms", "p99 ms", "RSS MiB")
                )
            )
            result = asyncio.run(
                soak(url, process.pid, args.requests, args.concurrency, args.interval)
            )
            time.sleep(2)  # let the last handler lines land
        finally:
            stop(process)
        handled = (workdir / "handled.txt").read_text().split()
        with sqlite3.connect(workdir / "records.sqlite3") as db:
            states = dict(db.execute("SELECT state, count(*) FROM mm7_records GROUP BY state"))
        log_lines = len((workdir / "receiver.log").read_text().splitlines())
    statuses = result["statuses"]
    rows = result["rows"]
    assert isinstance(statuses, Counter) and isinstance(rows, list)
    print(
        f"\n{sum(statuses.values())} requests in {result['seconds']:.0f} s,"
        f" concurrency {args.concurrency}"
    )
    for (kind, status), count in sorted(statuses.items()):
        print(f"  {kind:13} HTTP {status}: {count}")
    print(
        f"handled {len(handled)} messages, {len(set(handled))} distinct: "
        f"duplicates delivered {len(handled) - len(set(handled))}"
    )
    print(f"store: {states}; receiver log lines: {log_lines}")
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        print(
            f"RSS first interval {first[5]:.1f} MiB, last {last[5]:.1f} MiB "
            f"(x{last[5] / first[5]:.2f}); p50 {first[3]:.2f} -> {last[3]:.2f} ms; "
            f"p99 {first[4]:.2f} -> {last[4]:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
