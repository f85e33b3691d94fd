"""A server process for the receiver benchmarks, and the helpers that start and watch it.

    python bench/receiver_process.py --app receiver|bare --port N --workdir DIR

``receiver``: the MM7 receiver (role vasp, SQLite store in DIR) whose handler appends each
delivery's duplicate key to DIR/handled.txt, so a benchmark counts duplicates delivered. ``bare``:
an ASGI app answering every request with one fixed MM7 response (the HTTP stack's ceiling).
Both bind 127.0.0.1 only. The benchmarks start it with :func:`start` and stop it with
:func:`stop`; :func:`rss_kib` reads its resident memory from /proc.
"""

from __future__ import annotations

import argparse
import functools
import logging
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from mm7codec.codec import DecodedMessage, encode
from mm7codec.compose import Address, delivery_report
from mm7codec.releases import default_registry
from mm7codec.transport.receiver import Receiver, ReceiverConfig, duplicate_key
from mm7codec.transport.serving import bind_socket, serve
from mm7codec.transport.store import SqliteStore

RELEASE = default_registry().newest


_NUMBER, _TID = "9999999", "TIDPLACEHOLDER"


@functools.cache
def _report_template() -> tuple[bytes, str]:
    message = delivery_report(
        f"m-{_NUMBER}",
        recipient=Address(f"1774{_NUMBER}", "Number"),
        sender=Address("12345", "ShortCode"),
        date=datetime(2026, 12, 2, 10, 0, 0, tzinfo=UTC),
        release=RELEASE,
    ).message
    wire = encode(message, transaction_id=_TID)
    return wire.body, wire.content_type


def report_wire(number: int, transaction_id: str) -> tuple[bytes, str]:
    """A DeliveryReportReq for message ``m-<number>`` to recipient 1774<number>: the same
    bytes for the same number but for the TransactionID, as a retrying MMSC sends it. Made
    from one encoded template, so the load generator spends its time sending, not encoding."""
    body, content_type = _report_template()
    body = body.replace(_NUMBER.encode(), f"{number:07d}".encode())
    return body.replace(_TID.encode(), transaction_id.encode()), content_type


def _bare_app() -> Callable[..., Awaitable[None]]:
    body, content_type = report_wire(0, "fixed")
    headers = [(b"content-type", content_type.encode()), (b"content-length", b"%d" % len(body))]

    async def app(
        scope: Mapping[str, Any],
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        send: Callable[[Mapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def _receiver_app(workdir: Path, max_body: int) -> Receiver:
    handled = (workdir / "handled.txt").open("a", encoding="utf-8")

    def handler(request: DecodedMessage) -> None:
        handled.write(f"{duplicate_key(request)}\n")
        handled.flush()

    config = ReceiverConfig(role="vasp", max_body_bytes=max_body)
    return Receiver(handler, config, SqliteStore(workdir / "records.sqlite3"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", choices=("receiver", "bare"), required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--max-body", type=int, default=64 * 1024)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, filename=args.workdir / f"{args.app}.log")
    app = _bare_app() if args.app == "bare" else _receiver_app(args.workdir, args.max_body)
    # Keep idle connections longer than the load's pauses, so the server never closes one
    # the client is about to reuse (uvicorn's default is 5 s).
    serve(app, "127.0.0.1", args.port, log_level="warning", timeout_keep_alive=120)
    return 0


def free_port() -> int:
    with bind_socket() as sock:
        return int(sock.getsockname()[1])


def start(app: str, workdir: Path, **options: Any) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server process; return it and its URL once it answers (at most 60 s)."""
    port = free_port()
    command = [sys.executable, __file__, "--app", app, "--port", str(port)]
    command += ["--workdir", str(workdir)]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    give_up = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the {app} server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=2)
            return process, url
        except httpx.TransportError:
            if time.monotonic() > give_up:
                stop(process)
                raise RuntimeError(f"the {app} server did not answer within 60 s") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


if __name__ == "__main__":
    sys.exit(main())
