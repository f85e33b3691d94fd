"""The receiver's stores: SQLite always, PostgreSQL against a real server started here.

The PostgreSQL fixture runs initdb and postgres from PATH (or /usr/local/bin) in a temporary
directory, listening on a Unix socket only, as an unprivileged user when the tests run as
root (postgres refuses root); it skips with the reason when the binaries are absent.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mm7codec.transport.store import PostgresStore, SqliteStore, Store, StoredReply, open_store

_PG_DIRS = [None, "/usr/local/bin", "/usr/lib/postgresql/15/bin"]


def _pg_binary(name: str) -> str | None:
    for directory in _PG_DIRS:
        found = shutil.which(name, path=directory)
        if found:
            return found
    return None


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root and no runuser to start postgres unprivileged")
    return [runuser, "-u", "nobody", "--", *command]


@pytest.fixture(scope="module")
def postgres_conninfo() -> Iterator[str]:
    initdb, postgres = _pg_binary("initdb"), _pg_binary("postgres")
    if initdb is None or postgres is None:
        pytest.skip("PostgreSQL binaries (initdb, postgres) not found; PostgresStore untested")
    pytest.importorskip("psycopg", reason="psycopg not installed (the postgres extra)")
    import psycopg

    root = Path(tempfile.mkdtemp(prefix="mm7-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
        shutil.chown(sockets, "nobody")
    subprocess.run(
        _as_postgres_user([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = subprocess.Popen(
        _as_postgres_user(
            [postgres, "-D", str(data), "-k", str(sockets), "-c", "listen_addresses=", "-p", "5432"]
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    conninfo = f"host={sockets} port=5432 user=postgres dbname=postgres"
    try:
        give_up = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(conninfo, connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if server.poll() is not None or time.monotonic() > give_up:
                    pytest.skip("postgres did not start within 60 s")
                time.sleep(0.2)
        yield conninfo
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened: Store = SqliteStore(tmp_path / "records.sqlite3")
    else:
        conninfo = request.getfixturevalue("postgres_conninfo")
        pg = PostgresStore(conninfo)
        pg._db.execute("DROP TABLE IF EXISTS mm7_records")
        pg.close()
        opened = PostgresStore(conninfo)
    yield opened
    opened.close()


def _record(store: Store, key: str, lease: float = 60.0) -> int:
    return store.record(key, "DeliveryReportReq", "t-1", "text/xml", b"<x/>", lease).id


def test_the_first_copy_creates_the_record_and_a_retry_finds_it(store: Store) -> None:
    first = store.record("k", "DeliveryReportReq", "t-1", "text/xml", b"\x00body\xff", 60)
    again = store.record("k", "DeliveryReportReq", "t-2", "text/xml", b"other", 60)
    assert first.created and not again.created
    assert again.id == first.id
    assert again.transaction_id == "t-1" and again.body == b"\x00body\xff"
    assert again.state == "pending" and again.reply is None
    assert store.counts() == {"pending": 1, "done": 0, "dead": 0}


def test_a_completed_record_keeps_the_reply_for_later_copies(store: Store) -> None:
    record_id = _record(store, "k")
    store.complete(record_id, StoredReply(1000, "ok", {"message_id": "m-1"}))
    again = store.record("k", "DeliveryReportReq", "t-9", None, b"", 60)
    assert again.state == "done"
    assert again.reply == StoredReply(1000, "ok", {"message_id": "m-1"})


def test_a_leased_record_is_not_claimed_until_the_lease_expires(store: Store) -> None:
    record_id = _record(store, "k", lease=60)
    now = time.time()
    assert store.claim_due(now, 60, 10) == []
    claimed = store.claim_due(now + 61, 60, 10)
    assert [r.id for r in claimed] == [record_id]
    assert store.claim_due(now + 62, 60, 10) == []  # claiming renewed the lease


def test_failures_are_counted_until_the_record_is_dead(store: Store) -> None:
    record_id = _record(store, "k", lease=0)
    now = time.time()
    assert store.fail(record_id, "boom 1", now + 100, 3) == "pending"
    assert store.claim_due(now, 60, 10) == []  # not due before retry_at
    assert store.fail(record_id, "boom 2", now, 3) == "pending"
    assert store.fail(record_id, "boom 3", now, 3) == "dead"
    record = store.get(record_id)
    assert record is not None
    assert (record.state, record.attempts, record.last_error) == ("dead", 3, "boom 3")
    assert store.claim_due(now + 1000, 60, 10) == []
    assert store.counts()["dead"] == 1


def test_a_completed_record_is_never_claimed_again(store: Store) -> None:
    record_id = _record(store, "k", lease=0)
    store.complete(record_id, StoredReply())
    assert store.claim_due(time.time() + 1000, 60, 10) == []
    assert store.fail(record_id, "late failure", time.time(), 1) == "done"


def test_sqlite_records_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    first = SqliteStore(path)
    record_id = _record(first, "k")
    first.close()
    again = open_store(path)
    record = again.get(record_id)
    assert record is not None and record.key == "k" and record.state == "pending"
    again.close()


def test_open_store_picks_postgres_for_a_url() -> None:
    pytest.importorskip("psycopg", reason="psycopg not installed (the postgres extra)")
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        open_store("postgresql://nobody@/none?host=/nonexistent-mm7-socket-dir&connect_timeout=1")


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(keys=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=30))
def test_each_key_is_created_once_whatever_the_order_of_copies(keys: list[str]) -> None:
    store = SqliteStore(":memory:")
    first_ids: dict[str, int] = {}
    for key in keys:
        record = store.record(key, "DeliverReq", None, None, key.encode(), 60)
        assert record.created == (key not in first_ids)
        assert record.id == first_ids.setdefault(key, record.id)
        assert record.body == key.encode()
    assert store.counts()["pending"] == len(set(keys))
    store.close()


def test_two_workers_on_one_postgres_store_deliver_a_message_once(postgres_conninfo: str) -> None:
    """Two receivers (two worker processes' worth) share one PostgreSQL store: the same
    postback sent to each, at once and then again, reaches a handler once."""
    httpx = pytest.importorskip("httpx", reason="the http extra (httpx) is not installed")
    from mm7codec.compose import delivery_report
    from mm7codec.transport.receiver import Receiver, ReceiverConfig

    reset = PostgresStore(postgres_conninfo)
    reset._db.execute("DROP TABLE IF EXISTS mm7_records")
    reset.close()
    seen: list[str | None] = []
    stores = [PostgresStore(postgres_conninfo), PostgresStore(postgres_conninfo)]
    workers = [
        Receiver(lambda r: seen.append(r.transaction_id), ReceiverConfig(), s) for s in stores
    ]
    wire = delivery_report("m-pg", recipient="17743199144", sender="12345").encode()

    async def post_everywhere() -> list[int]:
        async def one(app: Receiver, tid: int) -> int:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w") as client:
                body = wire.body.replace(b"</mm7:TransactionID>", b"-%d</mm7:TransactionID>" % tid)
                response = await client.post(
                    "/", content=body, headers={"content-type": wire.content_type}
                )
                return response.status_code

        calls = [one(app, n) for n in range(3) for app in workers]
        return list(await asyncio.gather(*calls))

    assert asyncio.run(post_everywhere()) == [200] * 6
    assert len(seen) == 1
    assert stores[0].counts() == {"pending": 0, "done": 1, "dead": 0}
    for opened in stores:
        opened.close()
