"""Serve an ASGI application with uvicorn (``mm7 serve``, ``mm7 mmsc-sim``).

The socket is bound here, before uvicorn starts, so port 0 (a free port chosen by the OS)
works and the address is known to the caller.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

__all__ = ["bind_socket", "serve"]


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
