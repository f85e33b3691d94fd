"""The HTTP client against scripted peers served by uvicorn on 127.0.0.1, over real sockets."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servers import Receive, Scope, Send, free_port, read_body, respond, serving

from conftest import CORPUS, property_settings, requires_shared
from mm7codec import compose
from mm7codec.codec import DecodedMessage, decode, encode
from mm7codec.errors import PeerError, TransactionMismatch, TransportError, TransportTimeout
from mm7codec.peers import get_peer
from mm7codec.releases import default_registry
from mm7codec.responses import build_error, build_response, encode_fault, encode_response
from mm7codec.status import describe

httpx = pytest.importorskip("httpx", reason="the http extra (httpx) is not installed")

from mm7codec.transport.client import (  # noqa: E402
    AsyncMm7Client,
    Mm7Client,
    RateLimiter,
    RetryPolicy,
    read_answer,
    status_of_http,
)

Answer = tuple[int, bytes, str | None]
Behaviour = Callable[[DecodedMessage], Answer]


def ok(request: DecodedMessage) -> Answer:
    response = request.release.message_class(request.message_type.replace("Req", "Rsp"))
    has_id = "message_id" in response.__dataclass_fields__  # not in REL-5-MM7-1-0's SubmitRsp
    fields = {"message_id": "msg-1"} if has_id else {}
    wire = encode_response(request, build_response(request, **fields))
    return 200, wire.body, wire.content_type


def refuse(code: int) -> Behaviour:
    def answer(request: DecodedMessage) -> Answer:
        wire = encode_fault(build_error(request, code), request.transaction_id or "x")
        return 500, wire.body, wire.content_type

    return answer


def http_status(status: int, body: bytes = b"busy") -> Behaviour:
    return lambda request: (status, body, "text/plain")


@dataclass
class ScriptedPeer:
    """An ASGI MMSC answering each request with the next behaviour (the last one repeats)."""

    script: list[Behaviour]
    requests: list[DecodedMessage] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    delay: float = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = await read_body(receive)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        request = decode(body, headers.get("content-type"), mode="lenient")
        self.requests.append(request)
        self.headers.append(headers)
        behaviour = self.script[min(len(self.requests), len(self.script)) - 1]
        status, payload, content_type = behaviour(request)
        if self.delay:
            await asyncio.sleep(self.delay)
        await respond(send, status, payload, content_type or "")


def _submit(**options: Any) -> compose.Composed:
    return compose.submit(
        to="447700900123", sender="12345", subject="hi", parts=["hello"], **options
    )


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_submit_returns_the_typed_response_and_sends_auth_and_soapaction() -> None:
    peer = ScriptedPeer([ok])
    with serving(peer) as url, Mm7Client(url, user="vasp", password="s3cret") as client:
        reply = client.submit(to="447700900123", sender="12345", subject="hi", parts=["hello"])
    assert reply.message_id == "msg-1"
    assert (reply.status_code, reply.http_status, reply.attempts) == (1000, 200, 1)
    assert type(reply.message).__name__ == "SubmitRsp"
    (request,) = peer.requests
    assert request.transaction_id == reply.request.transaction_id == reply.response.transaction_id
    assert request.content_part() is not None
    sent = peer.headers[0]
    assert sent["authorization"] == "Basic " + base64.b64encode(b"vasp:s3cret").decode()
    assert sent["soapaction"] == '""'
    assert sent["content-type"].startswith("multipart/related")


def test_async_client_does_the_same() -> None:
    peer = ScriptedPeer([ok])

    async def run(url: str) -> Any:
        async with AsyncMm7Client(url) as client:
            return await client.submit(_submit())

    with serving(peer) as url:
        reply = asyncio.run(run(url))
    assert reply.message_id == "msg-1"
    assert len(peer.requests) == 1


@pytest.mark.parametrize("code", [2002, 4004, 2551])
def test_a_refusal_that_retrying_cannot_fix_is_raised_at_once(code: int) -> None:
    peer = ScriptedPeer([refuse(code)])
    sleeps = Sleeps()
    with (
        serving(peer) as url,
        Mm7Client(url, profile="sinch", sleep=sleeps) as client,
        pytest.raises(PeerError) as caught,
    ):
        client.send(_submit(profile="sinch", vasp_id="key"))
    assert (caught.value.status_code, caught.value.http_status) == (code, 500)
    assert caught.value.fault is not None
    assert len(peer.requests) == 1 and sleeps == []


def test_retryable_status_is_retried_with_backoff_then_succeeds() -> None:
    peer = ScriptedPeer([refuse(4006), refuse(3000), ok])
    sleeps = Sleeps()
    policy = RetryPolicy(max_retries=3, backoff=0.5, max_backoff=30)
    with serving(peer) as url, Mm7Client(url, retry=policy, sleep=sleeps) as client:
        reply = client.send(_submit())
    assert reply.attempts == 3 and reply.message_id == "msg-1"
    assert sleeps == [0.5, 1.0]
    assert len({r.transaction_id for r in peer.requests}) == 1  # the same request, resent


def test_retries_stop_at_the_cap_and_backoff_at_its_ceiling() -> None:
    peer = ScriptedPeer([refuse(3510)])
    sleeps = Sleeps()
    policy = RetryPolicy(max_retries=4, backoff=1, max_backoff=3)
    with (
        serving(peer) as url,
        Mm7Client(url, profile="sinch", retry=policy, sleep=sleeps) as c,
        pytest.raises(PeerError) as caught,
    ):
        c.send(_submit(profile="sinch", vasp_id="key"))
    assert caught.value.status_code == 3510 and caught.value.attempts == 5
    assert sleeps == [1, 2, 3, 3]
    assert len(peer.requests) == 5


@pytest.mark.parametrize(
    ("status", "mm7", "sends"), [(503, 4006, 3), (429, 4006, 3), (401, 4001, 1), (404, 2000, 1)]
)
def test_http_error_without_mm7_maps_to_a_status(status: int, mm7: int, sends: int) -> None:
    peer = ScriptedPeer([http_status(status)])
    policy = RetryPolicy(max_retries=2)
    with (
        serving(peer) as url,
        Mm7Client(url, retry=policy, sleep=Sleeps()) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.send(_submit())
    assert (caught.value.status_code, caught.value.http_status) == (mm7, status)
    assert len(peer.requests) == sends


def test_application_xml_answer_is_tolerated_and_the_repair_reported() -> None:
    def as_application_xml(request: DecodedMessage) -> Answer:
        status, body, _ = ok(request)
        return status, body, "application/xml"

    with serving(ScriptedPeer([as_application_xml])) as url, Mm7Client(url) as client:
        reply = client.send(_submit())
    assert reply.message_id == "msg-1"
    assert [f.code for f in reply.response.findings] == ["HTTP_CONTENT_TYPE"]


GENERIC_FAULT = (
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    b"<soap:Fault><faultcode>soap:%s</faultcode><faultstring>Internal error</faultstring>"
    b"%s</soap:Fault></soap:Body></soap:Envelope>"
)


@pytest.mark.parametrize(
    ("code", "detail", "status"),
    [
        (b"Server", b"", 3000),
        (b"Client", b"", 2000),
        (b"Server", b"<detail><Status><StatusCode>4006</StatusCode></Status></detail>", 4006),
    ],
)
def test_non_compliant_fault_is_a_peer_error_with_a_status(
    code: bytes, detail: bytes, status: int
) -> None:
    answer = GENERIC_FAULT % (code, detail)
    peer = ScriptedPeer([lambda request: (500, answer, "text/xml")])
    with (
        serving(peer) as url,
        Mm7Client(url, sleep=Sleeps()) as client,
        pytest.raises(PeerError) as caught,
    ):
        client.send(_submit())
    assert caught.value.status_code == status
    assert caught.value.fault is not None and caught.value.fault.string == "Internal error"


def test_an_answer_that_does_not_echo_the_transaction_id_is_refused() -> None:
    def wrong_tid(request: DecodedMessage) -> Answer:
        wire = encode(build_response(request, message_id="m"), transaction_id="someone-else")
        return 200, wire.body, wire.content_type

    with (
        serving(ScriptedPeer([wrong_tid])) as url,
        Mm7Client(url) as client,
        pytest.raises(TransactionMismatch, match="someone-else"),
    ):
        client.send(_submit())


def test_an_answer_to_another_request_type_is_refused() -> None:
    def cancel_rsp(request: DecodedMessage) -> Answer:
        message = request.release.message_class("CancelRsp")
        status_cls = type(build_response(request, message_id="m").status)
        reply = message(
            mm7_version=request.message.mm7_version,
            status=status_cls(status_code=1000, status_text="ok"),
        )
        wire = encode(reply, transaction_id=request.transaction_id)
        return 200, wire.body, wire.content_type

    with (
        serving(ScriptedPeer([cancel_rsp])) as url,
        Mm7Client(url) as client,
        pytest.raises(TransactionMismatch, match="CancelRsp does not answer SubmitReq"),
    ):
        client.send(_submit())


def test_a_timeout_is_typed_and_not_resent_unless_asked() -> None:
    peer = ScriptedPeer([ok], delay=2.0)
    with serving(peer) as url:
        with Mm7Client(url, timeout=0.2, sleep=Sleeps()) as client, pytest.raises(TransportTimeout):
            client.send(_submit())
        assert len(peer.requests) == 1
        policy = RetryPolicy(max_retries=1, retry_on_timeout=True)
        with (
            Mm7Client(url, timeout=0.2, retry=policy, sleep=Sleeps()) as client,
            pytest.raises(TransportTimeout) as caught,
        ):
            client.send(_submit())
        assert caught.value.attempts == 2


def test_a_refused_connection_is_retried_then_raised() -> None:
    sleeps = Sleeps()
    url = f"http://127.0.0.1:{free_port()}/mm7"
    with (
        Mm7Client(url, retry=RetryPolicy(max_retries=2), sleep=sleeps) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.send(_submit())
    assert caught.value.attempts == 3 and len(sleeps) == 2
    assert caught.value.status_code == 3000


def _speaks_only(release: str) -> Behaviour:
    """A peer that refuses other releases with 4002, answering in its own release."""

    def answer(request: DecodedMessage) -> Answer:
        if request.release.name == release:
            return ok(request)
        from mm7codec.releases import default_registry

        error = build_error(default_registry().by_name(release), 4002)
        wire = encode_fault(error, request.transaction_id or "x")
        return 500, wire.body, wire.content_type

    return answer


def test_version_refusal_is_retried_once_in_the_release_the_peer_speaks() -> None:
    peer = ScriptedPeer([_speaks_only("REL-5-MM7-1-3")])
    with serving(peer) as url, Mm7Client(url) as client:
        reply = client.send(_submit())
    assert reply.request.release.name == "REL-5-MM7-1-3"
    assert [r.release.name for r in peer.requests] == ["REL-6-MM7-1-4", "REL-5-MM7-1-3"]
    assert peer.requests[1].content_part() is not None


def test_version_refusal_without_a_usable_release_is_raised_after_one_retry() -> None:
    peer = ScriptedPeer([refuse(4002)])
    with (
        serving(peer) as url,
        Mm7Client(url, fallback_release="REL-5-MM7-1-2", sleep=Sleeps()) as client,
        pytest.raises(PeerError) as caught,
    ):
        client.send(_submit())
    assert caught.value.status_code == 4002
    assert [r.release.name for r in peer.requests] == ["REL-6-MM7-1-4", "REL-5-MM7-1-2"]


def test_negotiation_can_be_turned_off() -> None:
    peer = ScriptedPeer([_speaks_only("REL-5-MM7-1-3")])
    with serving(peer) as url, Mm7Client(url, negotiate=False) as client, pytest.raises(PeerError):
        client.send(_submit())
    assert len(peer.requests) == 1


def test_rate_limit_waits_are_asked_for() -> None:
    peer = ScriptedPeer([ok])
    sleeps = Sleeps()
    with serving(peer) as url, Mm7Client(url, rate_limit=1000.0, sleep=sleeps) as client:
        for _ in range(3):
            client.send(_submit())
    assert len(peer.requests) == 3  # the limiter books slots; waits depend on the clock


@property_settings()
@given(
    rate=st.floats(min_value=0.5, max_value=500),
    burst=st.integers(min_value=1, max_value=5),
    count=st.integers(min_value=1, max_value=30),
)
def test_rate_limiter_never_lets_more_than_rate_through(
    rate: float, burst: int, count: int
) -> None:
    now = [100.0]
    limiter = RateLimiter(rate, burst=burst, clock=lambda: now[0])
    sends = []
    for _ in range(count):
        wait = limiter.reserve()
        assert wait >= 0
        sends.append(now[0] + wait)
    # any run of sends fits the budget: burst at once, then one per 1/rate seconds
    for first in range(len(sends)):
        for last in range(first, len(sends)):
            assert last - first + 1 <= burst + (sends[last] - sends[first]) * rate + 1e-6
    assert sends == sorted(sends)
    assert sends[: min(burst, count)] == [100.0] * min(burst, count)


def test_status_of_http_classes_unknown_errors() -> None:
    assert [status_of_http(s) for s in (400, 418, 500, 502)] == [2000, 2000, 3000, 3000]


# -- mm7 send ----------------------------------------------------------------------------------


def test_mm7_send_prints_the_message_id_and_exits_0(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mm7codec.cli import main

    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n")
    peer = ScriptedPeer([ok])
    with serving(peer) as url:
        argv = ["send", url, "--to", "+1 (774) 319-9144", "--from", "12345", "--subject", "s"]
        argv += ["--profile", "sinch", "--vasp-id", "key", "--user", "u", "--password", "p"]
        code = main([*argv, str(picture)])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["message_id"] == "msg-1"
    (request,) = peer.requests
    assert _recipients_of(request) == ["17743199144"]
    part = request.content_part()
    assert part is not None and (part.content_type, part.body) == ("image/png", b"\x89PNG\r\n")
    assert [f["code"] for f in document["findings_composing"]] == ["MM7_NUMBER_FORMAT"]


def _recipients_of(request: DecodedMessage) -> list[str]:
    return [
        address.value
        for group in request.message.recipients.to_or_cc_or_bcc
        for address in group.rfc2822_address_or_number_or_short_code
    ]


def test_mm7_send_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from mm7codec.cli import main

    with serving(ScriptedPeer([refuse(2002)])) as url:
        assert main(["send", url, "--to", "447700900123", "--text", "hi"]) == 1
        refusal = json.loads(capsys.readouterr().out)
        assert (refusal["status_code"], refusal["http_status"]) == (2002, 500)
        # a number that could go to the wrong country is refused before anything is sent
        argv = ["send", url, "--to", "(774) 319-9144", "--profile", "sinch", "--vasp-id", "k"]
        assert main(argv) == 2
        assert json.loads(capsys.readouterr().out)["status_code"] == 2002
        # REL-5-MM7-1-0 types Number as an NMTOKEN: a '+' is refused before sending
        assert main(["send", url, "--to", "+447700900123", "--release", "REL-5-MM7-1-0"]) == 2
        assert json.loads(capsys.readouterr().out)["error_type"] == "EncodeError"
    assert main(["send", "http://127.0.0.1:9/mm7"]) == 2  # --to is required
    assert main(["send", "http://127.0.0.1:9/mm7", "--to", "1", "missing.jpg"]) == 2


def test_headers_the_profile_asks_for_are_sent() -> None:
    from mm7codec.peers import PeerProfile, get_peer

    generic = get_peer(None)
    profile = PeerProfile("acme", generic.releases, headers=(("X-Account", "42"),))
    peer = ScriptedPeer([ok])
    with serving(peer) as url, Mm7Client(url, profile=profile, headers={"X-Trace": "t"}) as c:
        c.send(_submit())
    assert (peer.headers[0]["x-account"], peer.headers[0]["x-trace"]) == ("42", "t")


# -- TLS: a CA, a server certificate for 127.0.0.1 and a client certificate, made by openssl ----


def _openssl(*args: str, cwd: Any) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificates for the TLS tests")
    where = tmp_path_factory.mktemp("pki")
    (where / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "1", "-subj", "/CN=mm7codec test CA", cwd=where,
    )  # fmt: skip
    for name in ("server", "client"):
        _openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
            "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=where,
        )  # fmt: skip
        _openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "1", "-extfile", "san.ext",
            cwd=where,
        )  # fmt: skip
    return where


def test_tls_with_a_ca_file_and_a_client_certificate(pki: Any) -> None:
    import ssl

    tls = {
        "ssl_certfile": str(pki / "server.pem"),
        "ssl_keyfile": str(pki / "server.key"),
        "ssl_ca_certs": str(pki / "ca.pem"),
        "ssl_cert_reqs": ssl.CERT_REQUIRED,  # the server insists on a client certificate
    }
    peer = ScriptedPeer([ok])
    cert = (str(pki / "client.pem"), str(pki / "client.key"))
    with serving(peer, **tls) as url:
        assert url.startswith("https://")
        with Mm7Client(url, verify=str(pki / "ca.pem"), cert=cert) as client:
            assert client.send(_submit()).message_id == "msg-1"
        # without the client certificate the handshake fails: a transport error, not a reply
        anonymous = Mm7Client(url, verify=str(pki / "ca.pem"), sleep=Sleeps())
        with anonymous, pytest.raises(TransportError):
            anonymous.send(_submit())
        # a server certificate from an unknown CA is refused
        trusting_nobody = Mm7Client(url, cert=cert, sleep=Sleeps())
        with trusting_nobody, pytest.raises(TransportError, match="CERTIFICATE_VERIFY_FAILED"):
            trusting_nobody.send(_submit())
    assert len(peer.requests) == 1


# -- judging answers without a socket ----------------------------------------------------------


@property_settings()
@given(
    code=st.integers(min_value=1000, max_value=4999),
    release=st.sampled_from([release.name for release in default_registry()]),
    as_fault=st.booleans(),
    profile=st.sampled_from(["generic", "sinch"]),
)
def test_read_answer_carries_every_status_through(
    code: int, release: str, as_fault: bool, profile: str
) -> None:
    request = compose.submit(to="447700900123", release=release, vasp_id="k", profile=profile)
    wire = request.encode()
    decoded = decode(wire.body, wire.content_type)
    if as_fault:
        answer, http = encode_fault(build_error(decoded, code), request.transaction_id), 500
    else:
        has_id = "message_id" in decoded.release.message_class("SubmitRsp").__dataclass_fields__
        extra = {"message_id": "m"} if has_id else {}  # REL-5-MM7-1-0's SubmitRsp has none
        answer = encode_response(decoded, build_response(decoded, code, **extra))
        http = 200
    peer = get_peer(profile)
    if not as_fault and peer.is_success(code):
        got = read_answer(request, http, answer.content_type, answer.body, peer)
        assert int(got.message.status.status_code) == code
        return
    with pytest.raises(PeerError) as caught:
        read_answer(request, http, answer.content_type, answer.body, peer)
    assert (caught.value.status_code, caught.value.http_status) == (code, http)
    assert (caught.value.fault is not None) is as_fault


def test_async_client_retries_and_negotiates_like_the_sync_one() -> None:
    peer = ScriptedPeer([refuse(4006), _speaks_only("REL-5-MM7-1-3")])
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def run(url: str) -> Any:
        async with AsyncMm7Client(url, sleep=record) as client:
            return await client.send(_submit())

    with serving(peer) as url:
        reply = asyncio.run(run(url))
    assert reply.request.release.name == "REL-5-MM7-1-3" and reply.attempts == 3
    assert waits == [0.5]
    assert [r.release.name for r in peer.requests] == [NEWEST_NAME, NEWEST_NAME, "REL-5-MM7-1-3"]


NEWEST_NAME = default_registry().newest.name


def test_the_rate_limit_keeps_the_client_under_the_simulators_throughput() -> None:
    from mm7codec.transport.simulator import MmscSimulator, SimulatorConfig

    no_retry = RetryPolicy(max_retries=0)
    # a simulator taking one SubmitReq per 5 s refuses a second one sent at once with 4006
    with serving(MmscSimulator(SimulatorConfig(rate=0.2))) as url:
        hasty = Mm7Client(url, retry=no_retry)
        with hasty, pytest.raises(PeerError) as caught:
            for _ in range(2):
                hasty.send(_submit())
    assert caught.value.status_code == 4006
    # 2 a second (a burst of 2): a client paced at 1.5 a second is never refused
    simulator = MmscSimulator(SimulatorConfig(rate=2.0))
    with serving(simulator) as url, Mm7Client(url, retry=no_retry, rate_limit=1.5) as paced:
        statuses = [paced.send(_submit()).status_code for _ in range(4)]  # it sleeps really
    assert statuses == [1000] * 4


@requires_shared
@pytest.mark.parametrize(
    ("name", "status", "release"),
    [
        ("instantcom-mm7__fault.xml", 4002, "REL-6-MM7-1-4"),
        ("instantcom-mm7__fault_02.xml", 2002, "REL-5-MM7-1-3"),
        ("sinch-docs__mm7-service-mm7_submit.block2.txt", 2007, "REL-6-MM7-1-4"),
    ],
)
def test_captured_faults_become_peer_errors(name: str, status: int, release: str) -> None:
    body = (CORPUS / name).read_bytes()
    request = _submit()
    with pytest.raises(PeerError) as caught:
        read_answer(request, 500, "text/xml", body, get_peer(None))
    error = caught.value
    assert (error.status_code, error.http_status) == (status, 500)
    assert isinstance(error.response, DecodedMessage)
    assert error.response.release.name == release and error.fault is not None
    assert "not echoed" in str(error)  # the captures carry their own TransactionIDs


@pytest.mark.parametrize(
    "command",
    [
        ["send", "http://127.0.0.1:9/mm7", "--to", "1"],
        ["probe", "http://127.0.0.1:9/mm7", "--role", "vasp"],
    ],
)
def test_without_the_http_extra_the_commands_say_how_to_get_it(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mm7codec.cli import main

    monkeypatch.setitem(sys.modules, "httpx", None)  # import httpx now raises ImportError
    assert main(command) == 2
    assert "pip install mm7codec[http]" in capsys.readouterr().err


@pytest.mark.parametrize(("retry_after", "sleeps", "sends"), [("2", [2.0], 2), ("600", [], 1)])
def test_retry_after_is_honoured_or_ends_the_retries(
    retry_after: str, sleeps: list[float], sends: int
) -> None:
    waits = Sleeps()

    @dataclass
    class Busy(ScriptedPeer):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await read_body(receive)
            self.requests.append(None)  # type: ignore[arg-type]
            headers = [(b"content-type", b"text/plain"), (b"retry-after", retry_after.encode())]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": b"busy"})

    peer = Busy([http_status(503)])
    client_policy = RetryPolicy(max_retries=1, max_backoff=30)
    with (
        serving(peer) as url,
        Mm7Client(url, retry=client_policy, sleep=waits) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.send(_submit())
    assert caught.value.status_code == 4006
    assert (waits, len(peer.requests)) == (sleeps, sends)


@property_settings()
@given(
    codes=st.lists(st.sampled_from([1000, 2002, 3000, 3510, 4004, 4006]), min_size=1, max_size=6),
    max_retries=st.integers(min_value=0, max_value=4),
    profile=st.sampled_from(["generic", "sinch"]),
)
def test_retries_follow_the_status_table(codes: list[int], max_retries: int, profile: str) -> None:
    sent: list[str | None] = []

    def mmsc(request: Any) -> Any:  # an httpx.MockTransport handler: no socket at all
        decoded = decode(request.content, request.headers["content-type"])
        sent.append(decoded.transaction_id)
        status, body, content_type = (
            ok(decoded) if (code := codes[min(len(sent), len(codes)) - 1]) == 1000 else
            refuse(code)(decoded)
        )  # fmt: skip
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    peer = get_peer(profile)
    expected_sends, expected_code = 0, 0
    for attempt in range(max_retries + 1):  # the oracle: the profile's status table
        expected_sends, expected_code = attempt + 1, codes[min(attempt, len(codes) - 1)]
        retryable = describe(expected_code, peer.status_profile).retryable
        if expected_code == 1000 or not (retryable or expected_code in peer.throughput_refusals):
            break
    client = Mm7Client(
        "https://mmsc.invalid/mm7",
        transport=httpx.MockTransport(mmsc),
        retry=RetryPolicy(max_retries=max_retries),
        sleep=Sleeps(),
        profile=profile,
    )
    with client:
        if expected_code == 1000:
            assert client.send(_submit(profile=profile, vasp_id="k")).attempts == expected_sends
        else:
            with pytest.raises(PeerError) as caught:
                client.send(_submit(profile=profile, vasp_id="k"))
            assert caught.value.status_code == expected_code
    assert len(sent) == expected_sends and len(set(sent)) == 1


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://mmsc.example/mm7", True),
        ("http://127.0.0.1:8081/mm7", True),
        ("http://[::1]:8081/mm7", True),
        ("http://localhost/mm7", True),
        ("http://mmsc.example/mm7", False),
        ("http://203.0.113.7/mm7", False),
    ],
)
def test_sinch_is_reached_over_tls_except_on_loopback(url: str, allowed: bool) -> None:
    if allowed:
        Mm7Client(url, profile="sinch").close()  # nothing is sent: construction only
    else:
        with pytest.raises(ValueError, match="https only"):
            Mm7Client(url, profile="sinch")
    Mm7Client(url).close()  # the generic profile has no such rule
