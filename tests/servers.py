"""Run an ASGI app under uvicorn on 127.0.0.1 for a test: a free port, bounded waits, stopped after.

``with serving(app) as url:`` starts uvicorn in a thread on a port the OS picks, waits (at most
``start_timeout`` seconds) until it accepts connections, yields ``http://127.0.0.1:PORT/mm7``
and stops it on exit (waiting at most ``stop_timeout``). Tests skip when the ``http`` extra
(uvicorn, httpx) is not installed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import pytest

uvicorn = pytest.importorskip("uvicorn", reason="the http extra (uvicorn) is not installed")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now (for tests of a refused connection)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    app: ASGIApp,
    *,
    path: str = "/mm7",
    start_timeout: float = 10.0,
    stop_timeout: float = 10.0,
    **options: Any,
) -> Iterator[str]:
    """``options`` go to uvicorn.Config (``ssl_certfile=...`` serves https)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOOPBACK, 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            listener.close()
            raise RuntimeError(f"uvicorn did not start within {start_timeout} s")
        time.sleep(0.01)
    try:
        scheme = "https" if options.get("ssl_certfile") else "http"
        yield f"{scheme}://{LOOPBACK}:{port}{path}"
    finally:
        server.should_exit = True
        thread.join(stop_timeout)
        listener.close()


async def read_body(receive: Receive, limit: int = 16 * 1024 * 1024) -> bytes:
    """The whole request body of an ASGI http request (at most ``limit`` bytes)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        event = await receive()
        chunk = event.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ValueError("request body over the test limit")
        chunks.append(chunk)
        if not event.get("more_body", False):
            return b"".join(chunks)


async def respond(
    send: Send, status: int, body: bytes, content_type: str = 'text/xml; charset="utf-8"'
) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
