"""Probe a live MM7 peer against the contract: does it answer as TS 23.140 and its profile ask?

Toward a VASP receiver (``role="vasp"``) the probe plays the MMSC: it sends DeliverReq,
DeliveryReportReq and ReadReplyReq in each release the peer should take and checks each
answer (HTTP status, response type and release, TransactionID echoed, MM7 status, the answer
conforming to its schema, latency against the profile's deadline), sends each again as a
retried duplicate (it must be answered the same), sends malformed input (it must get a SOAP
Fault with an error response and status, HTTP 500) and, when credentials are given, a request
without them and one with a wrong password (both must be refused).

Toward an MMSC (``role="mmsc"``) it sends real messages, so it runs only with explicit
recipients and ``confirm_send``: one SubmitReq per release asked for (the profile's newest by
default), plus the malformed and credential cases, which send nothing to anyone.

Reports follow :mod:`mm7codec.checker`'s conventions: text, JSON and JUnit renderings, exit
status 0 when the peer conforms, 1 when it does not (2 for usage errors, from the command).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from lxml import etree

from mm7codec import compose
from mm7codec.bind import CONTEXT
from mm7codec.checker import FORMATS
from mm7codec.codec import DecodedMessage, decode
from mm7codec.compose import Composed
from mm7codec.errors import Mm7Error
from mm7codec.peers import PeerProfile, get_peer
from mm7codec.releases import Release, default_registry
from mm7codec.responses import response_type
from mm7codec.status import StatusClass, describe
from mm7codec.transactions import new_transaction_id
from mm7codec.transport.client import tls_or_loopback

__all__ = [
    "FORMATS",
    "CaseResult",
    "Check",
    "ProbeReport",
    "ProbeUsageError",
    "probe",
    "render",
]

VASP_REQUESTS = ("DeliverReq", "DeliveryReportReq", "ReadReplyReq")
MMSC_REQUESTS = ("SubmitReq",)
_ERROR_SIDE = {"vasp": "VASPErrorRsp", "mmsc": "RSErrorRsp"}
_SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


class ProbeUsageError(Mm7Error, ValueError):
    """The probe was asked for something it must not or cannot do (exit 2)."""


@dataclass(frozen=True)
class Check:
    """One judged property of one case: what was expected, what was seen."""

    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class CaseResult:
    """One request sent and what came back."""

    name: str
    request_type: str
    release: str | None
    transaction_id: str | None
    http_status: int | None = None
    response_type: str | None = None
    response_transaction_id: str | None = None
    status_code: int | None = None
    latency: float | None = None
    checks: list[Check] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and all(check.ok for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append(Check(name, ok, detail))

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "ok": self.ok,
            "request_type": self.request_type,
            "release": self.release,
            "transaction_id": self.transaction_id,
            "http_status": self.http_status,
            "response_type": self.response_type,
            "response_transaction_id": self.response_transaction_id,
            "status_code": self.status_code,
            "latency_seconds": None if self.latency is None else round(self.latency, 4),
            "error": self.error,
            "checks": [check.as_dict() for check in self.checks],
        }


@dataclass
class ProbeReport:
    """Every case of one probe run."""

    url: str
    role: str
    profile: str
    deadline: float
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(case.ok for case in self.cases)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> dict[str, object]:
        failed = sum(1 for case in self.cases if not case.ok)
        return {
            "cases": len(self.cases),
            "passed": len(self.cases) - failed,
            "failed": failed,
            "ok": self.ok,
            "exit_code": self.exit_code,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": "mm7codec.probe/1",
            "options": {
                "url": self.url,
                "role": self.role,
                "profile": self.profile,
                "deadline_seconds": self.deadline,
            },
            "summary": self.summary(),
            "cases": [case.as_dict() for case in self.cases],
        }


# -- one exchange ------------------------------------------------------------------------------


@dataclass
class _Target:
    http: httpx.Client
    url: str
    auth: tuple[str, str] | None
    role: str
    profile: PeerProfile
    deadline: float

    def post(
        self, body: bytes, content_type: str, auth: tuple[str, str] | bool | None = True
    ) -> tuple[httpx.Response, float]:
        """POST ``body``; ``auth`` True sends the probe's credentials, False or None none."""
        chosen = self.auth if auth is True else (auth or None)
        headers = {"Content-Type": content_type, "SOAPAction": '""', **dict(self.profile.headers)}
        options: dict[str, Any] = {} if chosen is None else {"auth": chosen}
        started = time.monotonic()
        response = self.http.post(self.url, content=body, headers=headers, **options)
        return response, time.monotonic() - started


def _read(case: CaseResult, response: httpx.Response) -> DecodedMessage | None:
    """Decode the answer leniently into the case; a strict verdict becomes a check."""
    content_type = response.headers.get("content-type")
    case.http_status = response.status_code
    try:
        decoded = decode(response.content, content_type, mode="lenient")
    except Mm7Error as error:
        case.check("answer readable", False, f"no MM7 message in the answer: {error}")
        return None
    case.response_type = decoded.message_type
    case.response_transaction_id = decoded.transaction_id
    status = getattr(decoded.message, "status", None)
    case.status_code = None if status is None else int(status.status_code)
    try:
        decode(response.content, content_type, mode="strict")
        case.check("answer conforms", True, f"{decoded.release.name} {decoded.message_type}")
    except Mm7Error as error:
        codes = ", ".join(dict.fromkeys(f.code for f in error.findings if not f.repaired))
        case.check("answer conforms", False, f"strict decoding refuses the answer: {codes}")
    return decoded


def _exchange(
    target: _Target, case: CaseResult, body: bytes, content_type: str, **kw: Any
) -> httpx.Response | None:
    try:
        response, case.latency = target.post(body, content_type, **kw)
    except httpx.TimeoutException:
        case.error = f"no answer within {target.deadline} s"
        case.check("latency", False, f"no answer within the {target.deadline} s deadline")
        return None
    except httpx.HTTPError as error:
        case.error = f"{type(error).__name__}: {error}"
        return None
    case.check(
        "latency",
        case.latency <= target.deadline,
        f"{case.latency:.3f} s (deadline {target.deadline} s)",
    )
    return response


def _judge_success(
    target: _Target, case: CaseResult, request: Composed, decoded: DecodedMessage | None
) -> None:
    contract = target.profile.postback
    wanted_http = contract.http_status if target.role == "vasp" else 200
    case.check(
        "HTTP status", case.http_status == wanted_http, f"{case.http_status}, want {wanted_http}"
    )
    if decoded is None:
        return
    expected = response_type(request.release, request.message_type)
    case.check(
        "response type",
        decoded.message_type == expected,
        f"{decoded.message_type}, want {expected}",
    )
    case.check(
        "response release",
        decoded.release is request.release,
        f"{decoded.release.name}, want the request's {request.release.name}",
    )
    case.check(
        "TransactionID echoed",
        decoded.transaction_id == request.transaction_id,
        f"{decoded.transaction_id!r}, sent {request.transaction_id!r}",
    )
    code = case.status_code
    if target.role == "vasp":
        ok = code == contract.status_code
        want = f"want {contract.status_code}"
    else:
        ok = code is not None and target.profile.is_success(code)
        want = "want 1xxx"
    name = describe(code, target.profile.status_profile).name if code is not None else "none"
    case.check("MM7 status", ok, f"{code} {name}, {want}")


def _judge_refusal(target: _Target, case: CaseResult, decoded: DecodedMessage | None) -> None:
    """A request that must be refused: an MM7 error answer, never a success."""
    case.check("HTTP status", case.http_status == 500, f"{case.http_status}, want 500 (SOAP Fault)")
    if decoded is None:
        return
    wanted = _ERROR_SIDE[target.role]
    case.check("SOAP Fault", decoded.fault is not None, "present" if decoded.fault else "absent")
    case.check(
        "error response",
        decoded.message_type == wanted,
        f"{decoded.message_type}, want {wanted}",
    )
    code = case.status_code
    refused = code is not None and describe(code).status_class not in (
        StatusClass.SUCCESS,
        StatusClass.PARTIAL_SUCCESS,
    )
    case.check("MM7 status", refused, f"{code}, want an error status (2xxx-4xxx)")


# -- the cases ---------------------------------------------------------------------------------


def _required(release: Release, message_type: str, element: str) -> bool:
    cls = release.message_class(message_type)
    return any(v.local_name == element and v.required for v in CONTEXT.build(cls).get_all_vars())


def _request(
    message_type: str,
    release: Release,
    profile: PeerProfile,
    recipients: Sequence[str],
    sender: str | None,
    vasp_id: str | None,
    vas_id: str | None,
) -> Composed:
    common: dict[str, Any] = {"release": release, "profile": profile}
    to = list(recipients) or ["12345"]
    origin = sender or "447700900123"
    if message_type == "DeliverReq":
        if _required(release, message_type, "ReplyChargingID"):  # REL-5-MM7-1-0 and 1-1
            common["reply_charging_id"] = "probe"
        return compose.deliver(
            to=to, sender=origin, subject="mm7 probe", parts=["mm7 probe"], **common
        )
    if message_type == "DeliveryReportReq":
        return compose.delivery_report(
            "probe-" + new_transaction_id(), recipient=origin, sender=to[0], **common
        )
    if message_type == "ReadReplyReq":
        return compose.read_reply(
            "probe-" + new_transaction_id(), recipient=origin, sender=to[0], **common
        )
    return compose.submit(
        to=to,
        sender=sender,
        subject="mm7 probe",
        parts=["mm7 probe"],
        vasp_id=vasp_id,
        vas_id=vas_id,
        **common,
    )


def _label(request: Composed, suffix: str = "") -> str:
    return f"{request.release.name} {request.message_type}{suffix}"


def _conformance(target: _Target, request: Composed, duplicate: bool) -> list[CaseResult]:
    wire = request.encode()
    case = CaseResult(
        _label(request), request.message_type, request.release.name, request.transaction_id
    )
    response = _exchange(target, case, wire.body, wire.content_type)
    if response is None:
        return [case]
    decoded = _read(case, response)
    _judge_success(target, case, request, decoded)
    if not duplicate:
        return [case]
    again = CaseResult(
        _label(request, " retried duplicate"),
        request.message_type,
        request.release.name,
        request.transaction_id,
    )
    response = _exchange(target, again, wire.body, wire.content_type)
    if response is None:
        return [case, again]
    _read(again, response)
    for name, first, second, what in (
        ("same HTTP status", case.http_status, again.http_status, "first answer"),
        ("same response type", case.response_type, again.response_type, "first answer"),
        ("same MM7 status", case.status_code, again.status_code, "first answer"),
        ("TransactionID echoed", request.transaction_id, again.response_transaction_id, "sent"),
    ):
        again.check(name, first == second, f"{second!r}, {what} {first!r}")
    return [case, again]


def _malformed(release: Release) -> list[tuple[str, bytes, str]]:
    """Inputs no MM7 peer may accept: name, body, content type."""
    tid = new_transaction_id()
    envelope = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soap:Envelope xmlns:soap="{_SOAP_ENV}" xmlns:mm7="{release.namespace}">'
        f'<soap:Header><mm7:TransactionID soap:mustUnderstand="1">{tid}</mm7:TransactionID>'
        "</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
    return [
        ("malformed: not XML", b"this is not an MM7 request", 'text/xml; charset="utf-8"'),
        (
            "malformed: truncated XML",
            envelope.format(body="<mm7:DeliverReq><mm7:MM7Version>").encode(),
            'text/xml; charset="utf-8"',
        ),
        (
            "malformed: unknown MM7 message",
            envelope.format(body="<mm7:NoSuchReq/>").encode(),
            'text/xml; charset="utf-8"',
        ),
        (
            "malformed: SOAP Body without a message",
            envelope.format(body="").encode(),
            'text/xml; charset="utf-8"',
        ),
    ]


def _refusal_case(
    target: _Target, name: str, request_type: str, body: bytes, content_type: str, **kw: Any
) -> CaseResult:
    case = CaseResult(name, request_type, None, None)
    response = _exchange(target, case, body, content_type, **kw)
    if response is not None:
        _judge_refusal(target, case, _read(case, response))
    return case


def _credential_cases(target: _Target, request_of: Callable[[], Composed]) -> list[CaseResult]:
    assert target.auth is not None
    cases = []
    for name, auth in (
        ("credentials: none", False),
        ("credentials: wrong password", (target.auth[0], target.auth[1] + "-wrong")),
    ):
        request = request_of()
        wire = request.encode()
        case = CaseResult(name, request.message_type, request.release.name, request.transaction_id)
        response = _exchange(target, case, wire.body, wire.content_type, auth=auth)
        if response is not None:
            decoded = None
            if response.content.strip():
                try:
                    decoded = decode(
                        response.content, response.headers.get("content-type"), mode="lenient"
                    )
                except Mm7Error:
                    decoded = None
            case.http_status = response.status_code
            status = getattr(getattr(decoded, "message", None), "status", None)
            case.status_code = None if status is None else int(status.status_code)
            accepted = response.status_code < 300 and (
                case.status_code is None or target.profile.is_success(case.status_code)
            )
            case.check(
                "refused",
                not accepted,
                f"HTTP {response.status_code}, status {case.status_code}"
                + (": accepted without valid credentials" if accepted else ""),
            )
        cases.append(case)
    return cases


def probe(
    url: str,
    *,
    role: str,
    profile: PeerProfile | str | None = None,
    releases: Sequence[str] = (),
    user: str | None = None,
    password: str | None = None,
    recipients: Sequence[str] = (),
    sender: str | None = None,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    confirm_send: bool = False,
    deadline: float | None = None,
    verify: bool | str = True,
    transport: httpx.BaseTransport | None = None,
) -> ProbeReport:
    """Run every case against ``url`` and return the report (see the module docstring).

    Raises :class:`ProbeUsageError` for an unknown role, for ``role="mmsc"`` without
    ``recipients`` and ``confirm_send``, and for a release the profile does not take.
    """
    if role not in _ERROR_SIDE:
        raise ProbeUsageError(f"role must be 'vasp' or 'mmsc', not {role!r}")
    peer = get_peer(profile)
    if role == "mmsc" and not (recipients and confirm_send):
        raise ProbeUsageError(
            "probing an MMSC sends real messages: give the recipients (--to) and --confirm-send"
        )
    if peer.tls_required and not tls_or_loopback(url):
        raise ProbeUsageError(f"peer profile {peer.name!r} is reached over https only, not {url}")
    registry = default_registry()
    chosen = [registry.by_name(name) for name in releases] or (
        peer.release_objects(registry) if role == "vasp" else [peer.newest_release(registry)]
    )
    refused = [release.name for release in chosen if release.name not in peer.releases]
    if refused:
        raise ProbeUsageError(f"peer profile {peer.name!r} does not take {', '.join(refused)}")
    limit = deadline if deadline is not None else peer.postback.deadline_seconds
    auth = (user, password or "") if user is not None else None
    report = ProbeReport(url, role, peer.name, limit)
    started = time.monotonic()
    timeout = httpx.Timeout(limit * 1.5 + 1.0)
    with httpx.Client(timeout=timeout, verify=verify, transport=transport, trust_env=False) as http:
        target = _Target(http, url, auth, role, peer, limit)
        types = VASP_REQUESTS if role == "vasp" else MMSC_REQUESTS

        def build(message_type: str, release: Release) -> Composed:
            return _request(message_type, release, peer, recipients, sender, vasp_id, vas_id)

        for release in chosen:
            for message_type in types:
                if message_type in release.messages:
                    request = build(message_type, release)
                    report.cases.extend(_conformance(target, request, duplicate=role == "vasp"))
        newest = chosen[-1]
        for name, body, content_type in _malformed(newest):
            report.cases.append(_refusal_case(target, name, "malformed", body, content_type))
        if auth is not None:
            report.cases.extend(_credential_cases(target, lambda: build(types[-1], newest)))
    report.seconds = time.monotonic() - started
    return report


# -- rendering (the checker's conventions) -----------------------------------------------------


def _case_head(case: CaseResult) -> str:
    seen = []
    if case.http_status is not None:
        seen.append(f"HTTP {case.http_status}")
    if case.response_type is not None:
        seen.append(case.response_type)
    if case.status_code is not None:
        seen.append(f"status {case.status_code}")
    if case.latency is not None:
        seen.append(f"{case.latency:.3f} s")
    verdict = "PASS" if case.ok else "FAIL"
    return f"{case.name}: {verdict}  " + ", ".join(seen)


def _check_line(check: Check) -> str:
    return f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}"


def summary_line(report: ProbeReport) -> str:
    summary = report.summary()
    return (
        f"{summary['cases']} cases against {report.url} (role {report.role}, profile"
        f" {report.profile}): {summary['passed']} pass, {summary['failed']} fail"
    )


def render_text(report: ProbeReport) -> str:
    blocks = []
    for case in report.cases:
        lines = [_case_head(case)]
        if case.error is not None:
            lines.append(f"  error: {case.error}")
        lines += [f"  {_check_line(check)}" for check in case.checks if not check.ok]
        blocks.append("\n".join(lines))
    blocks.append(summary_line(report))
    return "\n".join(blocks) + "\n"


def render_json(report: ProbeReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def render_junit(report: ProbeReport) -> str:
    """JUnit XML: one testsuite, a testcase per case, a ``<failure>`` naming its failed checks
    (an ``<error>`` when no answer came)."""
    failures = sum(1 for case in report.cases if case.error is None and not case.ok)
    errors = sum(1 for case in report.cases if case.error is not None)
    suite = etree.Element(
        "testsuite",
        name="mm7 probe",
        tests=str(len(report.cases)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{report.seconds:.3f}",
        timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
    )
    properties = etree.SubElement(suite, "properties")
    for key, value in (("url", report.url), ("role", report.role), ("profile", report.profile)):
        etree.SubElement(properties, "property", name=key, value=value)
    for case in report.cases:
        element = etree.SubElement(
            suite,
            "testcase",
            classname="mm7.probe." + re.sub(r"[^0-9A-Za-z_-]+", ".", report.role),
            name=case.name,
            time=f"{case.latency or 0.0:.3f}",
        )
        if case.ok:
            continue
        if case.error is not None:
            outcome = etree.SubElement(element, "error", message=case.error, type="transport")
        else:
            names = ", ".join(check.name for check in case.failed)
            outcome = etree.SubElement(element, "failure", message=names, type=case.failed[0].name)
        outcome.text = "\n".join(_check_line(check) for check in case.checks)
    etree.SubElement(suite, "system-out").text = summary_line(report)
    xml: bytes = etree.tostring(suite, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml.decode("utf-8")


def render(report: ProbeReport, output_format: str) -> str:
    """The report in ``text``, ``json`` or ``junit``; ValueError for another format."""
    renderers = {"text": render_text, "json": render_json, "junit": render_junit}
    if output_format not in renderers:
        raise ValueError(f"unknown format {output_format!r} (choose {', '.join(FORMATS)})")
    return renderers[output_format](report)
