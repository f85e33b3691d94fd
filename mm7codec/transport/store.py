"""Where the receiver records each message before it answers: nothing lost, nothing twice.

A record is keyed by the message's duplicate key (see :mod:`mm7codec.transport.receiver`):
the first copy inserts it, a retried copy finds it. A record is ``pending`` until the handler
has taken it (``done``, with the reply to give every later copy), or ``dead`` after the
configured number of failed attempts. Whoever runs the handler holds a lease on the record
(``lease_until``), so a redelivery loop in this or another worker never runs the same record
twice at once, and a worker that died mid-handler leaves a lease that expires.

:class:`SqliteStore` (stdlib sqlite3, WAL, synchronous=FULL) is the embedded default;
:class:`PostgresStore` (psycopg, the ``postgres`` extra) serves several workers or machines.
Both are blocking: the receiver calls them from a worker thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

__all__ = [
    "PostgresStore",
    "Record",
    "RecordState",
    "SqliteStore",
    "Store",
    "StoredReply",
    "open_store",
]

RecordState = Literal["pending", "done", "dead"]


@dataclass(frozen=True)
class StoredReply:
    """The answer the handler gave: every later copy of the message gets the same."""

    status_code: int = 1000
    status_text: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "status_code": self.status_code,
                "status_text": self.status_text,
                "fields": self.fields,
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> StoredReply | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(int(data["status_code"]), data.get("status_text"), dict(data.get("fields", {})))


@dataclass(frozen=True)
class Record:
    """One received message as stored: its bytes, state and delivery history."""

    id: int
    key: str
    message_type: str
    transaction_id: str | None
    content_type: str | None
    body: bytes
    state: RecordState
    attempts: int
    received_at: float
    reply: StoredReply | None
    last_error: str | None
    created: bool = False
    """True for the copy that inserted the record (and holds its lease); False for a retry."""


class Store(Protocol):
    """What the receiver needs of a store; both shipped stores implement it."""

    def record(
        self,
        key: str,
        message_type: str,
        transaction_id: str | None,
        content_type: str | None,
        body: bytes,
        lease_seconds: float,
    ) -> Record:
        """Insert the message under ``key`` durably (leased to the caller), or return the
        existing record with ``created`` False. Returns only once the insert is committed."""
        ...

    def complete(self, record_id: int, reply: StoredReply) -> None:
        """Mark the record done with the reply every later copy gets."""
        ...

    def fail(self, record_id: int, error: str, retry_at: float, max_attempts: int) -> RecordState:
        """Count a failed attempt; keep the record pending until ``retry_at`` or mark it dead
        after ``max_attempts``. Returns the new state."""
        ...

    def claim_due(self, now: float, lease_seconds: float, limit: int) -> list[Record]:
        """Lease and return up to ``limit`` pending records whose lease has expired."""
        ...

    def get(self, record_id: int) -> Record | None: ...

    def counts(self) -> dict[str, int]:
        """Records per state."""
        ...

    def close(self) -> None: ...


_COLUMNS = (
    "id, key, message_type, transaction_id, content_type, body, state, attempts,"
    " received_at, reply, last_error"
)


def _row(row: tuple[Any, ...] | None, created: bool = False) -> Record | None:
    if row is None:
        return None
    return Record(
        id=int(row[0]),
        key=row[1],
        message_type=row[2],
        transaction_id=row[3],
        content_type=row[4],
        body=bytes(row[5]),
        state=row[6],
        attempts=int(row[7]),
        received_at=float(row[8]),
        reply=StoredReply.from_json(row[9]),
        last_error=row[10],
        created=created,
    )


class SqliteStore:
    """The embedded store: one SQLite file in WAL mode, every commit fsynced.

    One connection shared by the receiver's threads under a lock; SQLite serialises writers
    anyway. ``":memory:"`` gives a store for tests that survives nothing.
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS mm7_records ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " key TEXT NOT NULL UNIQUE,"
                " message_type TEXT NOT NULL,"
                " transaction_id TEXT,"
                " content_type TEXT,"
                " body BLOB NOT NULL,"
                " state TEXT NOT NULL DEFAULT 'pending',"
                " attempts INTEGER NOT NULL DEFAULT 0,"
                " received_at REAL NOT NULL,"
                " lease_until REAL NOT NULL DEFAULT 0,"
                " reply TEXT,"
                " last_error TEXT)"
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS mm7_records_due ON mm7_records (state, lease_until)"
            )

    def record(
        self,
        key: str,
        message_type: str,
        transaction_id: str | None,
        content_type: str | None,
        body: bytes,
        lease_seconds: float,
    ) -> Record:
        now = self._clock()
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO mm7_records (key, message_type, transaction_id, content_type, body,"
                " received_at, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                (key, message_type, transaction_id, content_type, body, now, now + lease_seconds),
            )
            created = cursor.rowcount == 1
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM mm7_records WHERE key = ?", (key,)
            ).fetchone()
        record = _row(row, created)
        assert record is not None
        return record

    def complete(self, record_id: int, reply: StoredReply) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE mm7_records SET state = 'done', reply = ?, lease_until = 0 WHERE id = ?",
                (reply.to_json(), record_id),
            )

    def fail(self, record_id: int, error: str, retry_at: float, max_attempts: int) -> RecordState:
        with self._lock:
            self._db.execute(
                "UPDATE mm7_records SET attempts = attempts + 1, last_error = ?,"
                " lease_until = ?,"
                " state = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE state END"
                " WHERE id = ? AND state = 'pending'",
                (error, retry_at, max_attempts, record_id),
            )
            row = self._db.execute(
                "SELECT state FROM mm7_records WHERE id = ?", (record_id,)
            ).fetchone()
        state: RecordState = row[0] if row else "dead"
        return state

    def claim_due(self, now: float, lease_seconds: float, limit: int) -> list[Record]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM mm7_records"
                    " WHERE state = 'pending' AND lease_until <= ? ORDER BY id LIMIT ?",
                    (now, limit),
                ).fetchall()
                self._db.executemany(
                    "UPDATE mm7_records SET lease_until = ? WHERE id = ?",
                    [(now + lease_seconds, row[0]) for row in rows],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return [record for row in rows if (record := _row(row)) is not None]

    def get(self, record_id: int) -> Record | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM mm7_records WHERE id = ?", (record_id,)
            ).fetchone()
        return _row(row)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT state, count(*) FROM mm7_records GROUP BY state"
            ).fetchall()
        found = {"pending": 0, "done": 0, "dead": 0}
        found.update({str(state): int(count) for state, count in rows})
        return found

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresStore:
    """The shared store for several workers or machines: PostgreSQL through psycopg 3.

    ``conninfo`` is a libpq connection string or URL. Claims use ``FOR UPDATE SKIP LOCKED``,
    so workers polling at once never lease the same record.
    """

    def __init__(self, conninfo: str, *, clock: Callable[[], float] = time.time) -> None:
        try:
            import psycopg
        except ImportError as error:  # pragma: no cover - depends on the installed extras
            raise ImportError(
                "the PostgreSQL store needs psycopg: pip install mm7codec[postgres]"
            ) from error
        self._clock = clock
        self._lock = threading.Lock()
        self._db = psycopg.connect(conninfo, autocommit=True)
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS mm7_records ("
                " id BIGSERIAL PRIMARY KEY,"
                " key TEXT NOT NULL UNIQUE,"
                " message_type TEXT NOT NULL,"
                " transaction_id TEXT,"
                " content_type TEXT,"
                " body BYTEA NOT NULL,"
                " state TEXT NOT NULL DEFAULT 'pending',"
                " attempts INTEGER NOT NULL DEFAULT 0,"
                " received_at DOUBLE PRECISION NOT NULL,"
                " lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,"
                " reply TEXT,"
                " last_error TEXT)"
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS mm7_records_due ON mm7_records (state, lease_until)"
            )

    def record(
        self,
        key: str,
        message_type: str,
        transaction_id: str | None,
        content_type: str | None,
        body: bytes,
        lease_seconds: float,
    ) -> Record:
        now = self._clock()
        with self._lock:
            inserted = self._db.execute(
                "INSERT INTO mm7_records (key, message_type, transaction_id, content_type, body,"
                " received_at, lease_until) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (key) DO NOTHING RETURNING id",
                (key, message_type, transaction_id, content_type, body, now, now + lease_seconds),
            ).fetchone()
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM mm7_records WHERE key = %s", (key,)
            ).fetchone()
        record = _row(row, inserted is not None)
        assert record is not None
        return record

    def complete(self, record_id: int, reply: StoredReply) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE mm7_records SET state = 'done', reply = %s, lease_until = 0 WHERE id = %s",
                (reply.to_json(), record_id),
            )

    def fail(self, record_id: int, error: str, retry_at: float, max_attempts: int) -> RecordState:
        with self._lock:
            self._db.execute(
                "UPDATE mm7_records SET attempts = attempts + 1, last_error = %s,"
                " lease_until = %s,"
                " state = CASE WHEN attempts + 1 >= %s THEN 'dead' ELSE state END"
                " WHERE id = %s AND state = 'pending'",
                (error, retry_at, max_attempts, record_id),
            )
            row = self._db.execute(
                "SELECT state FROM mm7_records WHERE id = %s", (record_id,)
            ).fetchone()
        state: RecordState = row[0] if row else "dead"
        return state

    def claim_due(self, now: float, lease_seconds: float, limit: int) -> list[Record]:
        with self._lock:
            rows = self._db.execute(
                f"UPDATE mm7_records SET lease_until = %s WHERE id IN ("
                " SELECT id FROM mm7_records WHERE state = 'pending' AND lease_until <= %s"
                " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)"
                f" RETURNING {_COLUMNS}",
                (now + lease_seconds, now, limit),
            ).fetchall()
        return [record for row in sorted(rows) if (record := _row(row)) is not None]

    def get(self, record_id: int) -> Record | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM mm7_records WHERE id = %s", (record_id,)
            ).fetchone()
        return _row(row)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT state, count(*) FROM mm7_records GROUP BY state"
            ).fetchall()
        found = {"pending": 0, "done": 0, "dead": 0}
        found.update({str(state): int(count) for state, count in rows})
        return found

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(location: str | Path) -> Store:
    """A store from a location: a ``postgresql://`` (or ``postgres://``) URL, else a SQLite
    file path (``:memory:`` for a throwaway one)."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text)
    return SqliteStore(text)
