"""The MMSC simulator and the ``mm7 serve`` / ``mm7 mmsc-sim`` commands over loopback sockets.

A VASP receiver and the simulator each run on a free 127.0.0.1 port started by the test; the
5 x 5 minute report schedule is scaled down, every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx", reason="the http extra (httpx) is not installed")
pytest.importorskip("uvicorn", reason="the http extra (uvicorn) is not installed")

from servers import free_port, serving  # noqa: E402
from test_receiver import Calls, _wait_listening, answer_of, wait_until  # noqa: E402

from builders import minimal  # noqa: E402
from conftest import ROOT  # noqa: E402
from mm7codec.codec import DecodedMessage, EncodedMessage, encode  # noqa: E402
from mm7codec.releases import default_registry  # noqa: E402
from mm7codec.transport.journal import Journal  # noqa: E402
from mm7codec.transport.receiver import Receiver, ReceiverConfig, Reply  # noqa: E402
from mm7codec.transport.simulator import MmscSimulator, SimulatorConfig  # noqa: E402

NEWEST = default_registry().newest


def submit(numbers: list[str], *, release: Any = NEWEST, report: bool = True) -> Any:
    message = minimal(release.message_class("SubmitReq"))
    to = release.bindings.RecipientsType.To(
        rfc2822_address_or_number_or_short_code=[
            release.bindings.MultiAddressType.Number(value=n) for n in numbers
        ]
    )
    message.recipients = release.bindings.RecipientsType(to_or_cc_or_bcc=[to])
    message.sender_identification = release.bindings.SenderIDType(vaspid="api-key", vasid="1234")
    message.delivery_report = report
    return message


def post(url: str, wire: EncodedMessage, **options: Any) -> httpx.Response:
    headers = {"content-type": wire.content_type}
    return httpx.post(url, content=wire.body, headers=headers, timeout=15, **options)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_submit_leads_to_one_delivery_report_per_recipient_handled_once(tmp_path: Path) -> None:
    calls = Calls()
    vasp = Receiver(calls.add, ReceiverConfig(role="vasp"))
    with serving(vasp) as vasp_url:
        config = SimulatorConfig(dr_url=vasp_url, dr_delay=0.05, time_scale=0.0001)
        simulator = MmscSimulator(config, journal=Journal(tmp_path / "sim.jsonl"))
        with serving(simulator) as mmsc_url:
            wire = encode(submit(["17743199144", "4915112345678"]), transaction_id="sub-1")
            response = post(mmsc_url, wire)
            again = post(mmsc_url, wire)  # the VASP retries its submit: one message
            wait_until(lambda: simulator.reports_acknowledged == 2)
    answer, retry = answer_of(response), answer_of(again)
    assert answer.message_type == "SubmitRsp" and answer.transaction_id == "sub-1"
    assert retry.message.message_id == answer.message.message_id
    reports = sorted(calls.seen, key=lambda c: str(c.message.recipient))
    assert [r.message_type for r in reports] == ["DeliveryReportReq"] * 2
    assert {r.message.message_id for r in reports} == {answer.message.message_id}
    numbers = {r.message.recipient.rfc2822_address_or_number_or_short_code.value for r in reports}
    assert numbers == {"17743199144", "4915112345678"}
    journal = lines(tmp_path / "sim.jsonl")
    assert [line["direction"] for line in journal].count("got") == 1
    sent = [line for line in journal if line["direction"] == "sent"]
    assert [line["outcome"] for line in sent] == ["acknowledged", "acknowledged"]


def test_an_unanswered_report_is_posted_again_on_the_retry_schedule(tmp_path: Path) -> None:
    calls = Calls()
    failing = [Reply(3000, "busy"), Reply(3000, "busy")]
    lock = threading.Lock()

    def admit(request: DecodedMessage) -> Reply | None:
        with lock:
            return failing.pop() if failing else None

    vasp = Receiver(calls.add, ReceiverConfig(role="vasp"), admit=admit)
    with serving(vasp) as vasp_url:
        config = SimulatorConfig(dr_url=vasp_url, dr_delay=0.01, time_scale=0.0002)
        simulator = MmscSimulator(config, journal=Journal(tmp_path / "sim.jsonl"))
        with serving(simulator) as mmsc_url:
            post(mmsc_url, encode(submit(["17743199144"]), transaction_id="sub-2"))
            wait_until(lambda: simulator.reports_acknowledged == 1)
    sent = [line for line in lines(tmp_path / "sim.jsonl") if line["direction"] == "sent"]
    assert [(line["attempt"], line["outcome"]) for line in sent] == [
        (1, "refused"),
        (2, "refused"),
        (3, "acknowledged"),
    ]
    assert [line["status_code"] for line in sent] == [3000, 3000, 1000]
    assert len(calls) == 1


def test_a_report_nobody_takes_is_tried_six_times_then_abandoned(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    config = SimulatorConfig(
        dr_url=f"http://127.0.0.1:{port}/", dr_delay=0.01, time_scale=0.0001, post_timeout=2
    )
    simulator = MmscSimulator(config, journal=Journal(tmp_path / "sim.jsonl"))
    with serving(simulator) as mmsc_url:
        post(mmsc_url, encode(submit(["17743199144"]), transaction_id="sub-3"))

        def sent() -> list[dict[str, Any]]:
            return [x for x in lines(tmp_path / "sim.jsonl") if x["direction"] == "sent"]

        wait_until(lambda: len(sent()) == 6)
    assert [line["attempt"] for line in sent()] == [1, 2, 3, 4, 5, 6]
    assert {line["outcome"] for line in sent()} == {"unreachable"}
    assert simulator.reports_acknowledged == 0


def test_the_throughput_limit_refuses_with_4006_unrecorded(tmp_path: Path) -> None:
    journal = tmp_path / "sim.jsonl"
    simulator = MmscSimulator(SimulatorConfig(rate=0.001), journal=Journal(journal))
    with serving(simulator) as mmsc_url:
        wire = encode(submit(["17743199144"], report=False), transaction_id="sub-4")
        responses = [post(mmsc_url, wire) for _ in range(3)]
    statuses = [answer_of(r).message.status.status_code for r in responses]
    refused = [line for line in lines(journal) if line["direction"] == "refused"]
    assert [(x["status_code"], x["transaction_id"]) for x in refused] == [(4006, "sub-4")] * 2
    assert responses[0].status_code == 200 and statuses[0] == 1000
    assert statuses[1:] == [4006, 4006]
    assert all(answer_of(r).message_type == "RSErrorRsp" for r in responses[1:])
    assert simulator.receiver.store.counts()["done"] == 1


def test_the_sinch_profile_refuses_a_number_with_a_dialling_prefix() -> None:
    simulator = MmscSimulator(SimulatorConfig(profile="sinch"))
    with serving(simulator) as mmsc_url:
        bad = post(mmsc_url, encode(submit(["+17743199144"], report=False), transaction_id="b"))
        good = post(mmsc_url, encode(submit(["17743199144"], report=False), transaction_id="g"))
        no_key = submit(["17743199144"], report=False)
        no_key.sender_identification.vaspid = None
        anonymous = post(mmsc_url, encode(no_key, transaction_id="n"))
    assert answer_of(bad).message.status.status_code == 2002
    assert answer_of(good).message.status.status_code == 1000
    assert answer_of(anonymous).message.status.status_code == 4001


def test_the_simulator_journals_requests_it_refuses_before_decoding(tmp_path: Path) -> None:
    journal = tmp_path / "sim.jsonl"
    simulator = MmscSimulator(
        SimulatorConfig(),
        ReceiverConfig(role="mmsc", username="vasp", password="pw", max_body_bytes=10_000),
        journal=Journal(journal),
    )
    wire = encode(submit(["17743199144"], report=False), transaction_id="sub-5")
    with serving(simulator) as mmsc_url:
        anonymous = post(mmsc_url, wire)
        garbage = httpx.post(mmsc_url, content=b"\x00junk", auth=("vasp", "pw"), timeout=15)
        accepted = post(mmsc_url, wire, auth=("vasp", "pw"))
    assert (anonymous.status_code, garbage.status_code, accepted.status_code) == (401, 500, 200)
    events = [(x["direction"], x.get("status_code")) for x in lines(journal)]
    assert events == [("refused", 4001), ("refused", 2007), ("got", None)]


def test_an_injected_mo_message_reaches_the_vasp(tmp_path: Path) -> None:
    calls = Calls()
    deliver = minimal(NEWEST.message_class("DeliverReq"))
    mo_file = tmp_path / "mo.xml"
    mo_file.write_bytes(encode(deliver, transaction_id="mo-file").body)
    with serving(Receiver(calls.add)) as vasp_url:
        config = SimulatorConfig(mo_url=vasp_url)
        simulator = MmscSimulator(config, journal=Journal(tmp_path / "sim.jsonl"))

        async def inject() -> bool:
            try:
                return await simulator.inject(mo_file)
            finally:
                await simulator.close()

        assert asyncio.run(inject())
        wait_until(lambda: len(calls) == 1)
    assert calls.seen[0].message_type == "DeliverReq"
    assert calls.seen[0].transaction_id != "mo-file"  # a fresh TransactionID per posting


# -- the commands --------------------------------------------------------------------------------


def _mm7(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from mm7codec.cli import main; sys.exit(main())",
            *args,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def test_mm7_serve_records_one_json_line_per_message(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    record, store = tmp_path / "got.jsonl", tmp_path / "store.sqlite3"
    server = _mm7(
        "serve",
        "--role",
        "mmsc",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--record",
        str(record),
        "--store",
        str(store),
        "--log-level",
        "warning",
    )
    try:
        _wait_listening(server, url)
        wire = encode(submit(["17743199144"]), transaction_id="cli-1")
        first, again = post(url, wire), post(url, wire)
    finally:
        _stop(server)
    assert answer_of(first).message.message_id == answer_of(again).message.message_id
    (line,) = lines(record)
    assert (line["message_type"], line["transaction_id"]) == ("SubmitReq", "cli-1")
    assert line["message"]["Recipients"]["To"]["Number"]["#text"] == "17743199144"
    assert line["message_id"] == answer_of(first).message.message_id
    assert store.exists()


def test_mm7_mmsc_sim_posts_reports_to_mm7_serve(tmp_path: Path) -> None:
    vasp_port, mmsc_port = free_port(), free_port()
    vasp_url, mmsc_url = f"http://127.0.0.1:{vasp_port}/", f"http://127.0.0.1:{mmsc_port}/"
    got = tmp_path / "vasp.jsonl"
    mo_file = tmp_path / "mo.xml"
    mo_file.write_bytes(encode(minimal(NEWEST.message_class("DeliverReq"))).body)
    vasp = _mm7(
        "serve",
        "--role",
        "vasp",
        "--port",
        str(vasp_port),
        "--record",
        str(got),
        "--store",
        str(tmp_path / "vasp.sqlite3"),
        "--log-level",
        "warning",
    )
    mmsc = _mm7(
        "mmsc-sim",
        "--host",
        "127.0.0.1",
        "--port",
        str(mmsc_port),
        "--dr-url",
        vasp_url,
        "--dr-delay",
        "0.1",
        "--inject",
        str(mo_file),
        "--time-scale",
        "0.001",
        "--record",
        str(tmp_path / "sim.jsonl"),
        "--log-level",
        "warning",
    )
    try:
        _wait_listening(vasp, vasp_url)
        _wait_listening(mmsc, mmsc_url)
        response = post(mmsc_url, encode(submit(["17743199144"]), transaction_id="cli-2"))
        wait_until(lambda: len(lines(got)) == 2, timeout=30)
    finally:
        _stop(mmsc)
        _stop(vasp)
    mo, line = sorted(lines(got), key=lambda x: x["message_type"])
    assert mo["message_type"] == "DeliverReq"
    assert line["message_type"] == "DeliveryReportReq"
    assert line["message"]["MessageID"] == answer_of(response).message.message_id
