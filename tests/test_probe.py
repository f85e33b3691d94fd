"""mm7 probe against a conforming VASP receiver and against receivers with one defect each."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree
from servers import Receive, Scope, Send, read_body, respond, serving

from mm7codec.cli import main
from mm7codec.codec import DecodedMessage, decode
from mm7codec.errors import Mm7Error
from mm7codec.releases import default_registry
from mm7codec.responses import build_error, build_response, encode_fault, encode_response

pytest.importorskip("httpx", reason="the http extra (httpx) is not installed")

from mm7codec.transport.probe import ProbeUsageError, probe, render

VASP_SIDE = {"DeliverReq", "DeliveryReportReq", "ReadReplyReq"}
NEWEST = default_registry().newest
TWO = ["REL-5-MM7-1-0", NEWEST.name]


@dataclass
class VaspReceiver:
    """A small VASP receiver: Basic auth, one answer per TransactionID, Faults for bad input.

    ``defects`` switches on one misbehaviour each (the names the tests use).
    """

    user: str | None = None
    password: str | None = None
    defects: frozenset[str] = frozenset()
    answered: dict[str, tuple[int, bytes, str]] = field(default_factory=dict)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        fresh = len(self.answered)
        status, payload, content_type = self.answer(body, headers)
        if "slow" in self.defects and len(self.answered) > fresh:  # first answers only
            await asyncio.sleep(1.0)
        await respond(send, status, payload, content_type)

    def authorised(self, headers: dict[str, str]) -> bool:
        if self.user is None or "open-door" in self.defects:
            return True
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return headers.get("authorization") == f"Basic {token}"

    def fault(self, request: DecodedMessage | None, code: int, tid: str) -> tuple[int, bytes, str]:
        error = build_error(request or NEWEST, code, side="VASP")
        wire = encode_fault(error, tid)
        return 500, wire.body, wire.content_type

    def answer(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes, str]:
        if not self.authorised(headers):
            return 401, b"credentials required", "text/plain"
        try:
            request = decode(body, headers.get("content-type"), mode="lenient")
        except Mm7Error as error:
            if "malformed-200" in self.defects:
                return 200, b"thanks", "text/plain"
            return self.fault(None, error.status_code, "unknown")
        tid = request.transaction_id or "unknown"
        if request.message_type not in VASP_SIDE:
            return self.fault(request, 4003, tid)
        if tid in self.answered:
            if "dup-different" in self.defects:
                return self.fault(request, 2007, tid)
            return self.answered[tid]
        if "newest-release" in self.defects:
            request = dataclasses.replace(request, release=NEWEST, mm7_version=None)
        code = 4000 if "status-4000" in self.defects else 1000
        response = build_response(request, code)
        if "no-echo" in self.defects:
            request = dataclasses.replace(request, transaction_id="not-yours")
        wire = encode_response(request, response)
        self.answered[tid] = (200, wire.body, wire.content_type)
        return self.answered[tid]


def _failed(report: object) -> set[tuple[str, str]]:
    """(case kind, failed check) pairs: the case name without its release."""
    found = set()
    for case in report.cases:  # type: ignore[attr-defined]
        kind = case.name.split(" ", 1)[1] if case.name.startswith("REL-") else case.name
        found |= {(kind, check.name) for check in case.failed}
    return found


def test_a_conforming_receiver_passes_in_every_release() -> None:
    receiver = VaspReceiver(user="mmsc", password="pw")
    with serving(receiver) as url:
        report = probe(url, role="vasp", user="mmsc", password="pw")
    assert report.ok, render(report, "text")
    releases = {case.release for case in report.cases if case.release}
    assert releases == {release.name for release in default_registry()}
    names = {case.name for case in report.cases}
    assert f"{NEWEST.name} DeliverReq retried duplicate" in names
    assert {"credentials: none", "credentials: wrong password"} <= names
    assert sum(1 for name in names if name.startswith("malformed:")) == 4


DEFECTS = {
    "no-echo": {(t, "TransactionID echoed") for t in VASP_SIDE}
    | {(f"{t} retried duplicate", "TransactionID echoed") for t in VASP_SIDE},
    "status-4000": {(t, "MM7 status") for t in VASP_SIDE},
    "open-door": {("credentials: none", "refused"), ("credentials: wrong password", "refused")},
    "dup-different": {
        (f"{t} retried duplicate", name)
        for t in VASP_SIDE
        for name in ("same HTTP status", "same response type", "same MM7 status")
    },
    "newest-release": {(t, "response release") for t in VASP_SIDE},
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_defect_is_named(defect: str) -> None:
    receiver = VaspReceiver(user="mmsc", password="pw", defects=frozenset({defect}))
    with serving(receiver) as url:
        report = probe(url, role="vasp", releases=TWO, user="mmsc", password="pw")
    assert not report.ok and report.exit_code == 1
    assert _failed(report) == DEFECTS[defect], render(report, "text")


def test_a_receiver_slower_than_the_deadline_is_named() -> None:
    receiver = VaspReceiver(defects=frozenset({"slow"}))  # 1 s before each first answer
    with serving(receiver) as url:
        report = probe(url, role="vasp", releases=[NEWEST.name], deadline=0.3)
    failed = _failed(report)
    assert {(t, "latency") for t in VASP_SIDE} <= failed, render(report, "text")
    assert {name for _, name in failed} == {"latency"}


def test_malformed_input_answered_with_200_is_named() -> None:
    receiver = VaspReceiver(defects=frozenset({"malformed-200"}))
    with serving(receiver) as url:
        report = probe(url, role="vasp", releases=[NEWEST.name])
    failed = _failed(report)
    malformed = {item for item in failed if item[0].startswith("malformed")}
    assert failed == malformed
    assert ("malformed: not XML", "HTTP status") in malformed
    assert ("malformed: not XML", "answer readable") in malformed


def test_no_answer_at_all_is_an_error_per_case() -> None:
    from servers import free_port

    report = probe(f"http://127.0.0.1:{free_port()}/mm7", role="vasp", releases=[NEWEST.name])
    assert not report.ok and all(case.error for case in report.cases)
    junit = etree.fromstring(render(report, "junit").encode())
    assert junit.get("errors") == str(len(report.cases))


def test_mmsc_role_needs_recipients_and_confirmation() -> None:
    with pytest.raises(ProbeUsageError, match="confirm-send"):
        probe("http://127.0.0.1:9/mm7", role="mmsc", recipients=["447700900123"])
    with pytest.raises(ProbeUsageError, match="confirm-send"):
        probe("http://127.0.0.1:9/mm7", role="mmsc", confirm_send=True)
    assert main(["probe", "http://127.0.0.1:9/mm7", "--role", "mmsc"]) == 2
    with pytest.raises(ProbeUsageError, match="https only"):
        probe("http://mmsc.example/mm7", role="vasp", profile="sinch")


def test_cli_formats_and_exit_codes(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    good = VaspReceiver()
    with serving(good) as url:
        assert main(["probe", url, "--role", "vasp", "--release", NEWEST.name]) == 0
        text = capsys.readouterr().out
        assert text.rstrip().endswith("0 fail")
        assert main(["probe", url, "--role", "vasp", "--release", TWO[0], "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["schema"] == "mm7codec.probe/1" and document["summary"]["ok"] is True
    bad = VaspReceiver(defects=frozenset({"status-4000"}))
    with serving(bad) as url:
        argv = ["probe", url, "--role", "vasp", "--release", NEWEST.name, "--format", "junit"]
        assert main(argv) == 1
        suite = etree.fromstring(capsys.readouterr().out.encode())
        failures = [case.find("failure") for case in suite.iter("testcase")]
        assert {f.get("message") for f in failures if f is not None} == {"MM7 status"}
    assert main(["probe", "http://127.0.0.1:9/mm7", "--role", "nobody"]) == 2


def test_the_projects_own_receiver_passes(tmp_path: Path) -> None:
    from mm7codec.transport.journal import Journal
    from mm7codec.transport.receiver import Receiver, ReceiverConfig, recording_handler
    from mm7codec.transport.store import SqliteStore

    journal = tmp_path / "received.jsonl"
    config = ReceiverConfig(role="vasp", username="mmsc", password="pw")
    store = SqliteStore(tmp_path / "vasp.sqlite3")
    receiver = Receiver(recording_handler(Journal(journal)), config, store)
    with serving(receiver) as url:
        report = probe(url, role="vasp", user="mmsc", password="pw")
    store.close()
    assert report.ok, render(report, "text")
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    sent = [c for c in report.cases if c.release and not c.name.endswith("duplicate")]
    # every conformance request reached the handler once: duplicates and refusals did not
    assert len(lines) == len(sent) - 2  # the two credential cases were refused
    assert {line["transaction_id"] for line in lines} == {
        c.transaction_id for c in sent if not c.name.startswith("credentials")
    }


def test_probing_the_projects_own_mmsc_receiver_sends_only_what_was_confirmed(
    tmp_path: Path,
) -> None:
    from mm7codec.transport.journal import Journal
    from mm7codec.transport.receiver import Receiver, ReceiverConfig, recording_handler
    from mm7codec.transport.store import SqliteStore

    journal = tmp_path / "mmsc.jsonl"
    store = SqliteStore(tmp_path / "mmsc.sqlite3")
    receiver = Receiver(recording_handler(Journal(journal)), ReceiverConfig(role="mmsc"), store)
    with serving(receiver) as url:
        report = probe(
            url, role="mmsc", recipients=["447700900123"], sender="12345", confirm_send=True
        )
    store.close()
    assert report.ok, render(report, "text")
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [line["message_type"] for line in lines] == ["SubmitReq"]  # one message, no dup
    refusals = [case for case in report.cases if case.name.startswith("malformed")]
    assert {case.response_type for case in refusals} == {"RSErrorRsp"}
