"""Load the MM7 receiver with concurrent postbacks and retries, beside a bare ASGI app.

    nice -n 10 .venv/bin/python bench/load_receiver.py [--messages 2000] [--retries 2]
                                                       [--concurrency 32] [--max-seconds 300]

Builds ``messages`` distinct delivery reports, each posted 1 + ``retries`` times with a new
TransactionID (as a retrying MMSC does), shuffled, ``concurrency`` at a time, on 127.0.0.1.
The same requests go first to a bare ASGI app that answers every request with one fixed MM7
response (uvicorn's and the client's ceiling on this machine), then to the receiver (SQLite
store, a handler logging each delivery's duplicate key). Prints requests/s, p50 and p99
latency for each, the receiver's rate as a ratio of the bare app's, bad answers (none, or
not HTTP 200; for the receiver also no TransactionID echoed), duplicates delivered (must be
0) and messages lost (must be 0). Each phase stops issuing requests after ``max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

import httpx
from receiver_process import percentile, report_wire, start, stop


async def run(
    url: str,
    requests: list[tuple[str, bytes, str]],
    concurrency: int,
    max_seconds: float,
    echoes: bool,
) -> dict[str, float]:
    latencies: list[float] = []
    bad = 0
    queue = iter(requests)
    started = time.perf_counter()

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal bad
        for tid, body, content_type in queue:
            if time.perf_counter() - started > max_seconds:
                return
            sent = time.perf_counter()
            try:
                response = await client.post(
                    url, content=body, headers={"content-type": content_type}
                )
            except httpx.TransportError:
                bad += 1
                continue
            latencies.append(time.perf_counter() - sent)
            if response.status_code != 200 or (echoes and tid.encode() not in response.content):
                bad += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50": percentile(latencies, 0.5) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "bad": bad,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    rng = random.Random(11)
    requests = []
    for number in range(args.messages):
        for copy in range(1 + args.retries):
            tid = f"load-{number}-{copy}"
            requests.append((tid, *report_wire(number, tid)))
    rng.shuffle(requests)
    print(
        f"{args.messages} messages x {1 + args.retries} postings = {len(requests)} requests,"
        f" concurrency {args.concurrency}, at most {args.max_seconds:.0f} s per phase"
    )
    results = {}
    with tempfile.TemporaryDirectory(prefix="mm7-load-") as directory:
        workdir = Path(directory)
        for app in ("bare", "receiver"):
            process, url = start(app, workdir)
            try:
                results[app] = asyncio.run(
                    run(url, requests, args.concurrency, args.max_seconds, app == "receiver")
                )
                time.sleep(1)
            finally:
                stop(process)
        handled = (workdir / "handled.txt").read_text().split()
    print(
        f"{'app':10} {'requests':>9} {'seconds':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'bad answers':>11}"
    )
    for app, r in results.items():
        print(
            f"{app:10} {r['requests']:9.0f} {r['seconds']:8.1f} {r['rps']:8.0f} {r['p50']:8.2f}"
            f" {r['p99']:8.2f} {r['bad']:11.0f}"
        )
    ratio = results["receiver"]["rps"] / results["bare"]["rps"]
    print(f"receiver / bare ASGI app: {ratio:.2f} of the requests/s")
    sent_messages = len({tid.rsplit("-", 1)[0] for tid, _, _ in requests})
    complete = results["receiver"]["requests"] == len(requests)
    print(
        f"handler deliveries {len(handled)}, distinct {len(set(handled))}:"
        f" duplicates delivered {len(handled) - len(set(handled))};"
        f" messages lost {sent_messages - len(set(handled)) if complete else 'n/a (cut short)'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
