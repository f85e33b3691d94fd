"""JSON lines of what a server received and sent: ``mm7 serve --record`` and the simulator.

One line per event, appended and flushed at once under a lock, so a line is whole even when
handlers run in several threads and a crash loses at most the line being written.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from mm7codec.codec import DecodedMessage

__all__ = ["Journal", "message_line"]


def message_line(decoded: DecodedMessage, **extra: Any) -> dict[str, Any]:
    """One journal line for a message: the time, ``extra``, then the document ``mm7 decode``
    prints (message_type, transaction_id, message, attachments without their bytes,
    findings)."""
    from mm7codec.cli import decoded_json  # cli imports the transport commands

    line: dict[str, Any] = {"time": round(time.time(), 3)}
    line.update(extra)
    line.update(decoded_json(decoded))
    return line


class Journal:
    """Append JSON lines to a file (``None``: keep nothing)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        self._file: TextIO | None = (
            self.path.open("a", encoding="utf-8") if self.path is not None else None
        )

    def write(self, line: dict[str, Any]) -> None:
        if self._file is None:
            return
        text = json.dumps(line, ensure_ascii=False, default=str)
        with self._lock:
            self._file.write(text + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
