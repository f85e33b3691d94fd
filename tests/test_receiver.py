"""The ASGI receiver over real sockets on 127.0.0.1: once-only delivery, redelivery from the
record, the deadline, a killed process, and refusals of bad input and intruders.

Every server here is started by the test on a free loopback port and stopped by it; every
wait is bounded in time.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

httpx = pytest.importorskip("httpx", reason="the http extra (httpx) is not installed")
pytest.importorskip("uvicorn", reason="the http extra (uvicorn) is not installed")

from servers import free_port, serving  # noqa: E402

from builders import minimal  # noqa: E402
from conftest import ROOT, property_settings  # noqa: E402
from mm7codec.codec import DecodedMessage, EncodedMessage, decode, encode  # noqa: E402
from mm7codec.compose import Address, delivery_report  # noqa: E402
from mm7codec.releases import default_registry  # noqa: E402
from mm7codec.transport.receiver import (  # noqa: E402
    DUPLICATE_KEYS,
    REQUESTS_OF_ROLE,
    Receiver,
    ReceiverConfig,
    Reply,
    duplicate_key,
)
from mm7codec.transport.store import SqliteStore  # noqa: E402

REGISTRY = default_registry()
NEWEST = REGISTRY.newest
OLDEST = REGISTRY.by_name("REL-5-MM7-1-0")
WHEN = datetime(2026, 12, 2, 10, 0, 0, tzinfo=UTC)


def report(
    message_id: str = "m-1", number: str = "17743199144", status: str = "Retrieved", release=NEWEST
) -> Any:
    return delivery_report(
        message_id,
        recipient=Address(number, "Number"),
        sender=Address("12345", "ShortCode"),
        status=status,
        date=WHEN,
        release=release,
    ).message


def wire_of(message: Any, transaction_id: str = "t-1") -> EncodedMessage:
    return encode(message, transaction_id=transaction_id)


def post(url: str, wire: EncodedMessage, **options: Any) -> httpx.Response:
    headers = {"content-type": wire.content_type, **options.pop("headers", {})}
    return httpx.post(url, content=wire.body, headers=headers, timeout=15, **options)


def answer_of(response: httpx.Response) -> DecodedMessage:
    return decode(response.content, response.headers["content-type"], mode="strict")


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    give_up = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.02)


class Calls:
    """A thread-safe list of what a handler saw."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[DecodedMessage] = []

    def add(self, request: DecodedMessage) -> None:
        with self.lock:
            self.seen.append(request)

    def __len__(self) -> int:
        with self.lock:
            return len(self.seen)


@pytest.fixture
def calls() -> Calls:
    return Calls()


def serve(handler: Any, **config: Any) -> Any:
    return serving(Receiver(handler, ReceiverConfig(**config)))


# -- once and only once -------------------------------------------------------------------------


def test_a_postback_is_answered_in_its_release_and_handled_once(calls: Calls) -> None:
    with serve(calls.add) as url:
        response = post(url, wire_of(report(release=OLDEST), "tid-1"))
    answer = answer_of(response)
    assert response.status_code == 200
    assert (answer.message_type, answer.transaction_id) == ("DeliveryReportRsp", "tid-1")
    assert answer.release is OLDEST
    assert answer.message.status.status_code == 1000
    assert len(calls) == 1 and calls.seen[0].message.message_id == "m-1"


def test_five_retries_of_one_postback_reach_the_handler_once(calls: Calls) -> None:
    with serve(calls.add) as url:
        responses = [
            post(url, wire_of(report(), f"retry-{n}")) for n in range(6)
        ]  # the first posting and five retries, each with a new TransactionID
        other = post(url, wire_of(report(status="Expired"), "other"))
    for n, response in enumerate(responses):
        answer = answer_of(response)
        assert response.status_code == 200 and answer.transaction_id == f"retry-{n}"
        assert answer.message.status.status_code == 1000
    assert answer_of(other).message.status.status_code == 1000
    assert [c.transaction_id for c in calls.seen] == ["retry-0", "other"]


def test_a_handler_that_raises_gets_the_message_again_from_the_record(calls: Calls) -> None:
    failures = [RuntimeError("database down")]

    def flaky(request: DecodedMessage) -> None:
        calls.add(request)
        if failures:
            raise failures.pop()

    receiver = Receiver(
        flaky, ReceiverConfig(retry_delay=0.05, redelivery_interval=0.05, lease_seconds=5)
    )
    with serving(receiver) as url:
        response = post(url, wire_of(report(), "t-flaky"))
        assert response.status_code == 200  # recorded: acknowledged, not lost
        assert answer_of(response).message.status.status_code == 1000
        wait_until(lambda: receiver.store.counts()["done"] == 1)
        again = post(url, wire_of(report(), "t-flaky-retry"))
    assert answer_of(again).message.status.status_code == 1000
    assert len(calls) == 2 and not failures
    assert receiver.store.counts() == {"pending": 0, "done": 1, "dead": 0}


def test_a_handler_that_always_fails_ends_dead_after_max_attempts(calls: Calls) -> None:
    def broken(request: DecodedMessage) -> None:
        calls.add(request)
        raise ValueError("bug")

    receiver = Receiver(
        broken,
        ReceiverConfig(retry_delay=0.02, redelivery_interval=0.02, max_attempts=3),
    )
    with serving(receiver) as url:
        post(url, wire_of(report()))
        wait_until(lambda: receiver.store.counts()["dead"] == 1)
    assert len(calls) == 3


def test_an_answer_does_not_wait_for_a_handler_slower_than_the_deadline(calls: Calls) -> None:
    release = threading.Event()

    def slow(request: DecodedMessage) -> Reply:
        release.wait(30)
        calls.add(request)
        return Reply(status_text="handled late")

    receiver = Receiver(slow, ReceiverConfig(deadline=1.0, margin=0.2, redelivery_interval=0.05))
    with serving(receiver) as url:
        response = post(url, wire_of(report(), "t-slow"))
        handled_before_answer = len(calls)
        release.set()
        wait_until(lambda: receiver.store.counts()["done"] == 1)
        retry = post(url, wire_of(report(), "t-slow-2"))
    assert handled_before_answer == 0
    assert response.status_code == 200
    assert answer_of(response).message.status.status_code == 1000
    assert answer_of(retry).message.status.status_text == "handled late"
    assert len(calls) == 1


def test_an_async_handler_and_its_reply_status() -> None:
    async def refuse(request: DecodedMessage) -> Reply:
        await asyncio.sleep(0)
        return Reply(2002, "unknown recipient")

    with serve(refuse) as url:
        first = post(url, wire_of(report(), "a-1"))
        again = post(url, wire_of(report(), "a-2"))
    for response, tid in ((first, "a-1"), (again, "a-2")):
        answer = decode(response.content, response.headers["content-type"], mode="lenient")
        assert response.status_code == 500
        assert (answer.message_type, answer.transaction_id) == ("VASPErrorRsp", tid)
        assert answer.message.status.status_code == 2002
        assert answer.fault is not None and answer.fault.code_text.endswith("Client")


def test_the_mmsc_role_answers_a_submit_with_the_handlers_message_id() -> None:
    def accept(request: DecodedMessage) -> Reply:
        return Reply(fields={"message_id": "msg-42"})

    submits = {
        rel.name: wire_of(minimal(rel.message_class("SubmitReq")), "s-1")
        for rel in (NEWEST, OLDEST)
    }
    with serve(accept, role="mmsc") as url:
        answers = {name: answer_of(post(url, wire)) for name, wire in submits.items()}
    assert answers[NEWEST.name].message.message_id == "msg-42"
    assert answers[OLDEST.name].message_type == "SubmitRsp"  # REL-5-MM7-1-0 has no MessageID
    assert all(a.message.status.status_code == 1000 for a in answers.values())


# -- a killed receiver ------------------------------------------------------------------------

_PROCESS = """
import sys, threading
from pathlib import Path
from mm7codec.transport.receiver import Receiver, ReceiverConfig
from mm7codec.transport.serving import serve
from mm7codec.transport.store import SqliteStore

db, journal, behaviour = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def handler(request):
    if behaviour == "hang":
        Path(journal.with_suffix(".entered")).write_text("in handler")
        threading.Event().wait()
    with journal.open("a") as out:
        out.write(request.transaction_id + "\\n")

config = ReceiverConfig(deadline=1.0, margin=0.2, lease_seconds=1.0, redelivery_interval=0.1)
serve(Receiver(handler, config, SqliteStore(db)), "127.0.0.1", int(sys.argv[4]),
      log_level="warning")
"""


def _start(tmp_path: Path, behaviour: str, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            _PROCESS,
            str(tmp_path / "r.sqlite3"),
            str(tmp_path / "j.txt"),
            behaviour,
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_listening(process: subprocess.Popen[bytes], url: str) -> None:
    def up() -> bool:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        try:
            httpx.get(url, timeout=1)
        except httpx.TransportError:
            return False
        return True

    wait_until(up, timeout=30)


def test_a_record_survives_sigkill_between_record_and_handler(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    first = _start(tmp_path, "hang", port)
    try:
        _wait_listening(first, url)
        response = post(url, wire_of(report(), "t-killed"))
        assert response.status_code == 200  # acknowledged once recorded
        wait_until(lambda: (tmp_path / "j.entered").exists())
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert not (tmp_path / "j.txt").exists()
    second = _start(tmp_path, "record", port)
    try:
        _wait_listening(second, url)
        wait_until(lambda: (tmp_path / "j.txt").exists())
        retry = post(url, wire_of(report(), "t-killed-again"))
    finally:
        second.terminate()
        second.wait(timeout=10)
    assert retry.status_code == 200
    assert (tmp_path / "j.txt").read_text().split() == ["t-killed"]


# -- bad input and intruders -------------------------------------------------------------------


def _refusal(response: httpx.Response, http_status: int, code: int, side: str = "VASP") -> None:
    assert response.status_code == http_status
    answer = decode(response.content, response.headers["content-type"], mode="strict")
    assert answer.fault is not None
    assert answer.message_type == f"{side}ErrorRsp"
    assert answer.message.status.status_code == code


def test_malformed_and_foreign_requests_get_a_fault(calls: Calls) -> None:
    submit = wire_of(minimal(NEWEST.message_class("SubmitReq")), "s-1")
    with serve(calls.add) as url:
        _refusal(httpx.post(url, content=b"hello", timeout=15), 500, 2007)
        _refusal(httpx.post(url, content=b"<a><b></a>", timeout=15), 500, 2007)
        envelope = (
            b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org'
            b'/soap/envelope/"><soap:Body><x/></soap:Body></soap:Envelope>'
        )
        _refusal(httpx.post(url, content=envelope, timeout=15), 500, 4003)
        wrong_role = post(url, submit)
        _refusal(wrong_role, 500, 4003)
        _refusal(httpx.get(url, timeout=15), 405, 4003)
    assert answer_of(wrong_role).transaction_id == "s-1"
    assert len(calls) == 0


def test_the_mmsc_role_answers_with_rserrorrsp(calls: Calls) -> None:
    with serve(calls.add, role="mmsc") as url:
        _refusal(post(url, wire_of(report())), 500, 4003, side="RS")
        _refusal(httpx.post(url, content=b"\x00\xff", timeout=15), 500, 2007, side="RS")
    assert len(calls) == 0


def test_an_oversized_body_is_refused_unread(calls: Calls) -> None:
    wire = wire_of(report())
    with serve(calls.add, max_body_bytes=len(wire.body) - 1) as url:
        _refusal(post(url, wire), 500, 2004)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies as it reads
            yield wire.body[:100]
            yield wire.body[100:]

        response = httpx.post(
            url, content=chunks(), timeout=15, headers={"content-type": wire.content_type}
        )
        _refusal(response, 500, 2004)
    assert len(calls) == 0


def test_basic_auth_is_required_when_configured(calls: Calls) -> None:
    wire = wire_of(report())
    with serve(calls.add, username="vasp", password="s3cret") as url:
        missing = post(url, wire)
        wrong = post(url, wire, auth=("vasp", "guess"))
        garbage = post(url, wire, headers={"authorization": "Basic !!!"})
        right = post(url, wire, auth=("vasp", "s3cret"))
    for response in (missing, wrong, garbage):
        _refusal(response, 401, 4001)
        assert response.headers["www-authenticate"].startswith("Basic")
    assert right.status_code == 200
    assert len(calls) == 1


def test_an_address_outside_the_allowlist_is_refused(calls: Calls) -> None:
    wire = wire_of(report())
    with serve(calls.add, allow=("10.0.0.0/8", "2001:db8::/32")) as url:
        _refusal(post(url, wire), 403, 4007)
    with serve(calls.add, allow=("127.0.0.0/8",)) as url:
        assert post(url, wire).status_code == 200
    assert len(calls) == 1


def test_strict_mode_refuses_what_lenient_mode_repairs(calls: Calls) -> None:
    wire = wire_of(report(), "t-x")
    unqualified_fault_free = wire.body.replace(b' soap:mustUnderstand="1"', b"")
    with serve(calls.add, mode="strict") as url:
        strict = httpx.post(
            url,
            content=unqualified_fault_free,
            timeout=15,
            headers={"content-type": wire.content_type},
        )
    with serve(calls.add) as url:
        lenient = httpx.post(
            url,
            content=unqualified_fault_free,
            timeout=15,
            headers={"content-type": wire.content_type},
        )
    _refusal(strict, 500, 4004)
    assert lenient.status_code == 200
    assert len(calls) == 1


# -- properties, in process (httpx's ASGI transport; no socket) ---------------------------------


def _asgi_post(app: Receiver, body: bytes, content_type: str | None) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mmsc.test") as client:
            headers = {"content-type": content_type} if content_type else {}
            try:
                return await client.post("/", content=body, headers=headers)
            finally:
                await app.stop()

    return asyncio.run(run())


@property_settings()
@given(data=st.data())
def test_any_damage_to_a_postback_gets_a_fault_or_a_proper_answer(data: st.DataObject) -> None:
    wire = wire_of(report(), "t-prop")
    body = bytearray(wire.body)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(body) - 1))
        body[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(body)))
    calls = Calls()
    response = _asgi_post(Receiver(calls.add), bytes(body[:cut]), wire.content_type)
    answer = decode(response.content, response.headers["content-type"], mode="strict")
    if response.status_code == 200:
        assert answer.message_type == "DeliveryReportRsp" and len(calls) == 1
    else:
        assert response.status_code == 500 and answer.message_type == "VASPErrorRsp"
        assert answer.message.status.status_code >= 2000 and len(calls) == 0


@property_settings()
@given(
    tids=st.lists(
        st.from_regex(r"[A-Za-z0-9]{1,20}", fullmatch=True), min_size=2, max_size=6, unique=True
    )
)
def test_the_report_key_ignores_the_transaction_id_and_names_the_event(tids: list[str]) -> None:
    def key(message: Any, tid: str) -> str:
        wire = wire_of(message, tid)
        return duplicate_key(decode(wire.body, wire.content_type))

    keys = {key(report(), tid) for tid in tids}
    assert len(keys) == 1
    assert key(report(status="Expired"), tids[0]) not in keys
    assert key(report(number="4915112345678"), tids[0]) not in keys
    assert key(report(message_id="m-2"), tids[0]) not in keys


def test_a_submit_key_holds_the_transaction_id() -> None:
    submit = minimal(NEWEST.message_class("SubmitReq"))
    keys = {duplicate_key(decode(wire_of(submit, tid).body)) for tid in ("a", "a", "b")}
    assert len(keys) == 2


def test_every_request_of_every_role_has_a_documented_key() -> None:
    for requests in REQUESTS_OF_ROLE.values():
        for name in requests:
            assert DUPLICATE_KEYS[name].why


def test_a_role_handler_map_is_checked() -> None:
    with pytest.raises(ValueError, match="SubmitReq"):
        Receiver({"SubmitReq": lambda r: None}, ReceiverConfig(role="vasp"))
    with pytest.raises(ValueError):
        ReceiverConfig(username="only-user")
    with pytest.raises(ValueError):
        ReceiverConfig(allow=("not-a-network",))


def test_the_sqlite_record_holds_the_bytes_received(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "r.sqlite3")
    wire = wire_of(report(), "t-bytes")
    response = _asgi_post(Receiver(lambda r: None, store=store), wire.body, wire.content_type)
    assert response.status_code == 200
    record = store.get(1)
    assert record is not None
    assert (record.body, record.content_type, record.transaction_id, record.state) == (
        wire.body,
        wire.content_type,
        "t-bytes",
        "done",
    )
