"""Serve an ASGI application with uvicorn: in the foreground (``mm7 serve``) or in a thread.

:class:`BackgroundServer` runs uvicorn on a socket it binds itself (port 0: the OS picks a free
one), so a test or a script knows the URL before the first request and stops the server when
the ``with`` block ends. Waits are bounded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType
from typing import Any

__all__ = ["BackgroundServer", "bind_socket", "serve"]


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise ImportError("serving MM7 needs uvicorn: pip install mm7codec[http]") from error
    return uvicorn


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _config(app: Any, log_level: str, **options: Any) -> Any:
    return _uvicorn().Config(
        app,
        log_level=log_level,
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=5,
        **options,
    )


def serve(app: Any, host: str, port: int, *, log_level: str = "info", **options: Any) -> None:
    """Run ``app`` on ``host``:``port`` until interrupted (Ctrl-C or SIGTERM)."""
    sock = bind_socket(host, port)
    with contextlib.closing(sock):
        _uvicorn().Server(_config(app, log_level, **options)).run(sockets=[sock])


class BackgroundServer:
    """uvicorn serving ``app`` in a daemon thread on 127.0.0.1 (a free port by default).

    ``with BackgroundServer(app) as server: httpx.post(server.url, ...)``; leaving the block
    stops the server and joins the thread (at most ``timeout`` seconds each way).
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        timeout: float = 10.0,
        log_level: str = "warning",
        **options: Any,
    ) -> None:
        self._sock = bind_socket(host, port)
        self.host, self.port = self._sock.getsockname()[:2]
        self.url = f"http://{host}:{self.port}/"
        self.timeout = timeout
        self._server = _uvicorn().Server(_config(app, log_level, **options))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def start(self) -> BackgroundServer:
        self._thread.start()
        give_up = time.monotonic() + self.timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > give_up:
                self.stop()
                raise RuntimeError(f"uvicorn did not start within {self.timeout} s")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(self.timeout)
        self._sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
