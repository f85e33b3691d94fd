"""An MM7 client over HTTP (httpx), sync and async: one call per request type.

Each call composes the request (:mod:`mm7codec.compose`) or takes a composed one, POSTs it, and
returns a :class:`Reply` holding the typed response, or raises a typed error carrying the MM7
status code: :class:`~mm7codec.errors.PeerError` for an RSErrorRsp, VASPErrorRsp, SOAP Fault or
non-1xxx status; :class:`~mm7codec.errors.TransportError` (and ``TransportTimeout``) for no
answer or an HTTP error without MM7 in it; :class:`~mm7codec.errors.TransactionMismatch` for an
answer that does not echo the request's TransactionID or answers another request.

What to do with an answer is decided without I/O: :func:`read_answer` judges one HTTP answer
and :class:`_Plan` is a generator that yields waits and sends (rate limit, retries with capped
backoff for statuses the peer's status table marks retryable, one retry in another release
when the peer refuses the version); :class:`Mm7Client` and :class:`AsyncMm7Client` only run it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from mm7codec import compose, mime
from mm7codec.codec import DecodedMessage, decode
from mm7codec.compose import Composed
from mm7codec.convert import convert
from mm7codec.envelope import Fault, read_envelope
from mm7codec.errors import (
    ConversionError,
    DecodeError,
    Mm7Error,
    PeerError,
    TransactionMismatch,
    TransportError,
    TransportTimeout,
)
from mm7codec.peers import PeerProfile, get_peer
from mm7codec.releases import default_registry
from mm7codec.responses import ERROR_RESPONSES, response_type
from mm7codec.transactions import new_transaction_id
from mm7codec.xmlparse import local_name, parse_xml

__all__ = [
    "AsyncMm7Client",
    "Mm7Client",
    "RateLimiter",
    "Reply",
    "RetryPolicy",
    "read_answer",
    "status_of_http",
]

# An HTTP error with no MM7 answer in it, as the MM7 status a caller acts on. 401: the
# credentials (4001 improper identification); 403: refused (4007 service denied); 413: too
# big (2004 content refused); 429 and 503: busy (4006 service unavailable, retryable);
# other 4xx: 2000 client error; other 5xx: 3000 server error.
_HTTP_TO_MM7: Mapping[int, int] = {401: 4001, 403: 4007, 413: 2004, 429: 4006, 503: 4006}
_VERSION_FINDINGS = frozenset({"MM7_VERSION_NOT_ACCEPTED", "MM7_UNKNOWN_NAMESPACE"})


def status_of_http(http_status: int) -> int:
    """The MM7 status an HTTP error status stands for when the body holds no MM7 answer."""
    if http_status in _HTTP_TO_MM7:
        return _HTTP_TO_MM7[http_status]
    return 2000 if 400 <= http_status < 500 else 3000


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to resend a request the peer may take later.

    Only statuses the peer's status table marks retryable (and connections that never
    opened) are retried, at most ``max_retries`` times, ``backoff`` doubling each time up to
    ``max_backoff`` seconds; a Retry-After header wins, and one over the cap ends the retries
    (the peer would refuse an earlier one). A request that timed
    out may have been carried out, so it is resent only with ``retry_on_timeout``.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    retry_on_timeout: bool = False

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first)."""
        if retry_after is not None and 0 <= retry_after <= self.max_backoff:
            return retry_after
        return float(min(self.max_backoff, self.backoff * 2 ** (retry - 1)))


class RateLimiter:
    """At most ``per_second`` requests a second, ``burst`` of them back to back (GCRA).

    :meth:`reserve` books the next slot and says how long to wait for it; it is thread-safe
    and does not sleep, so one limiter serves sync and async callers alike.
    """

    def __init__(
        self, per_second: float, burst: int = 1, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("a rate limit needs per_second > 0 and burst >= 1")
        self.interval = 1.0 / per_second
        self.tolerance = (burst - 1) * self.interval
        self._clock = clock
        self._due = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        with self._lock:
            now = self._clock()
            due = max(self._due, now)
            self._due = due + self.interval
            wait = due - self.tolerance - now
            return wait if wait > 1e-9 else 0.0  # float noise is no wait


@dataclass(frozen=True)
class Reply:
    """A successful exchange: the request as finally sent and the peer's decoded answer."""

    request: Composed
    response: DecodedMessage
    http_status: int
    latency: float
    attempts: int = 1

    @property
    def message(self) -> Any:
        """The typed response (SubmitRsp, DeliveryReportRsp...)."""
        return self.response.message

    @property
    def status_code(self) -> int:
        return int(self.response.message.status.status_code)

    @property
    def status_text(self) -> str | None:
        text = getattr(self.response.message.status, "status_text", None)
        return None if text is None else str(text)

    @property
    def message_id(self) -> str | None:
        value = getattr(self.response.message, "message_id", None)
        return None if value is None else str(value)

    def as_dict(self) -> dict[str, object]:
        """What ``mm7 send`` prints."""
        return {
            "message_id": self.message_id,
            "status_code": self.status_code,
            "status_text": self.status_text,
            "message_type": self.response.message_type,
            "transaction_id": self.response.transaction_id,
            "release": self.request.release.name,
            "mm7_version": self.response.mm7_version,
            "http_status": self.http_status,
            "attempts": self.attempts,
            "findings": [f.as_dict() for f in self.response.findings],
        }


# -- judging one answer (no I/O) ---------------------------------------------------------------


def _fault_status(decoded_fault: Fault) -> int:
    """The status a Fault without an MM7 message states: a StatusCode in its detail when it
    has one, else 2000 for a Client faultcode and 3000 for anything else."""
    detail = decoded_fault.detail
    if detail is not None:
        for element in detail.iter():
            text = (element.text or "").strip()
            named = isinstance(element.tag, str) and local_name(element) == "StatusCode"
            if named and text.isascii() and text.isdigit() and len(text) == 4:
                return int(text)
    return 2000 if decoded_fault.code[1] == "Client" else 3000


def _fault_in(body: bytes, content_type: str | None) -> Fault | None:
    """The SOAP Fault of an answer the decoder refused after reading its envelope (a Fault
    whose detail holds no MM7 message it can bind), or None."""
    try:
        root = mime.parse(body, content_type, lenient=True).root
        parsed = parse_xml(root.body, charset=root.charset, lenient=True)
        return read_envelope(parsed.root, lenient=True).fault
    except Mm7Error:
        return None


def read_answer(
    request: Composed,
    http_status: int,
    content_type: str | None,
    body: bytes,
    profile: PeerProfile,
) -> DecodedMessage:
    """The decoded answer to ``request`` when it is a success; else the typed error.

    Answers are decoded leniently (application/xml, qualified Fault children and the like are
    repaired and listed in the findings), so only what cannot be read is refused.
    """
    if not body.strip():
        if http_status >= 400:
            raise TransportError(
                f"HTTP {http_status} with an empty body",
                status_code=status_of_http(http_status),
                http_status=http_status,
            )
        raise PeerError(
            f"HTTP {http_status} with an empty body: no MM7 answer",
            status_code=2007,
            http_status=http_status,
        )
    try:
        decoded = decode(body, content_type, mode="lenient")
    except DecodeError as error:
        fault = error.fault or _fault_in(body, content_type)
        if fault is not None:
            raise PeerError(
                f"SOAP Fault {fault.code_text}: {fault.string} (no MM7 message)",
                status_code=_fault_status(fault),
                status_text=fault.string,
                http_status=http_status,
                fault=fault,
                findings=error.findings,
            ) from None
        if http_status >= 400:
            raise TransportError(
                f"HTTP {http_status}, body is no MM7 message: {error}",
                status_code=status_of_http(http_status),
                http_status=http_status,
                findings=error.findings,
            ) from None
        raise PeerError(
            f"the answer is no MM7 message: {error}",
            status_code=error.status_code,
            http_status=http_status,
            findings=error.findings,
        ) from None
    status = getattr(decoded.message, "status", None)
    code = int(status.status_code) if status is not None else 2007
    text = getattr(status, "status_text", None)
    echoed = decoded.transaction_id == request.transaction_id
    if decoded.message_type in ERROR_RESPONSES or decoded.fault is not None:
        note = "" if echoed else f" (TransactionID {decoded.transaction_id!r} not echoed)"
        raise PeerError(
            f"{decoded.message_type} {code} {text or profile.describe(code).name}{note}",
            status_code=code,
            status_text=None if text is None else str(text),
            http_status=http_status,
            response=decoded,
            fault=decoded.fault,
            findings=decoded.findings,
        )
    if not echoed:
        raise TransactionMismatch(
            f"the answer's TransactionID {decoded.transaction_id!r} does not echo the"
            f" request's {request.transaction_id!r}"
        )
    expected = response_type(request.release, request.message_type)
    if decoded.message_type != expected:
        raise TransactionMismatch(
            f"{decoded.message_type} does not answer {request.message_type} (expected {expected})"
        )
    if not profile.is_success(code):
        raise PeerError(
            f"{decoded.message_type} {code} {text or profile.describe(code).name}",
            status_code=code,
            status_text=None if text is None else str(text),
            http_status=http_status,
            response=decoded,
            findings=decoded.findings,
        )
    return decoded


# -- the plan: waits, sends, retries, negotiation (no I/O) -------------------------------------


@dataclass(frozen=True)
class _Wait:
    seconds: float


@dataclass(frozen=True)
class _Send:
    request: Composed


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str | None
    body: bytes
    latency: float
    retry_after: float | None = None


@dataclass
class _Plan:
    """Send one request to the end: yields _Wait and _Send, is sent _Answer or an httpx error."""

    profile: PeerProfile
    retry: RetryPolicy
    limiter: RateLimiter | None
    negotiate: bool
    fallback_release: str | None
    attempts: int = field(default=0)

    def run(self, request: Composed) -> Generator[_Wait | _Send, Any, Reply]:
        retries = 0
        negotiated = False
        while True:
            if self.limiter is not None:
                wait = self.limiter.reserve()
                if wait > 0:
                    yield _Wait(wait)
            self.attempts += 1
            outcome = yield _Send(request)
            retry_after: float | None = None
            try:
                if isinstance(outcome, BaseException):
                    raise self._transport_error(outcome)
                retry_after = outcome.retry_after
                decoded = read_answer(
                    request, outcome.status, outcome.content_type, outcome.body, self.profile
                )
                return Reply(request, decoded, outcome.status, outcome.latency, self.attempts)
            except PeerError as error:
                error.attempts = self.attempts
                if self.negotiate and not negotiated:
                    other = self._other_release(request, error)
                    if other is not None:
                        negotiated = True
                        request = other
                        continue
                if (
                    not self.profile.retryable(error.status_code)
                    or retries >= self.retry.max_retries
                    or self._asks_too_long(error, retry_after)
                ):
                    raise
            except TransportError as error:
                error.attempts = self.attempts
                if (
                    not self._may_resend(outcome)
                    or retries >= self.retry.max_retries
                    or self._asks_too_long(error, retry_after)
                ):
                    raise
            retries += 1
            yield _Wait(self.retry.delay(retries, retry_after))

    def _asks_too_long(self, error: Exception, retry_after: float | None) -> bool:
        """The peer asks for a longer wait (Retry-After) than the policy allows: give up."""
        if retry_after is None or retry_after <= self.retry.max_backoff:
            return False
        error.add_note(
            f"not retried: the peer asks to wait {retry_after} s, over max_backoff"
            f" {self.retry.max_backoff} s"
        )
        return True

    def _may_resend(self, outcome: object) -> bool:
        if isinstance(outcome, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return True  # nothing reached the peer
        if isinstance(outcome, httpx.TimeoutException):
            return self.retry.retry_on_timeout
        if isinstance(outcome, _Answer):  # an HTTP error without MM7: judged by its status
            return self.profile.retryable(status_of_http(outcome.status))
        return False

    def _transport_error(self, error: BaseException) -> TransportError:
        if isinstance(error, httpx.TimeoutException):
            return TransportTimeout(f"no answer in time: {type(error).__name__} {error}")
        return TransportError(f"{type(error).__name__}: {error}")

    def _other_release(self, request: Composed, error: PeerError) -> Composed | None:
        """The request in a release the peer takes, after it refused the version."""
        response = error.response if isinstance(error.response, DecodedMessage) else None
        refused = self.profile.is_version_refusal(error.status_code) or any(
            f.code in _VERSION_FINDINGS for f in error.findings
        )
        if not refused:
            return None
        candidates = []
        if response is not None:
            candidates.append(response.release.name)  # the peer answered in its own release
        if self.fallback_release is not None:
            candidates.append(self.fallback_release)
        registry = default_registry()
        for name in candidates:
            if name == request.release.name or name not in registry:
                continue
            target = registry.by_name(name)
            version = self.profile.version_for(target)
            if version is None or request.message_type not in target.messages:
                continue
            try:
                message, _ = convert(request.message, target)
            except ConversionError as failure:
                error.add_note(f"not retried in {name}: {failure}")
                continue
            message.mm7_version = type(message.mm7_version)(version)
            return replace(
                request,
                message=message,
                release=target,
                transaction_id=new_transaction_id(),
            )
        return None


# -- the clients: they only run the plan -------------------------------------------------------


def _tls(verify: bool | str | ssl.SSLContext, cert: str | tuple[str, str] | None) -> Any:
    """httpx's ``verify``: an SSLContext when a CA file or a client certificate is given."""
    if cert is None and not isinstance(verify, str):
        return verify
    if isinstance(verify, ssl.SSLContext):
        context = verify
    elif isinstance(verify, str):
        context = ssl.create_default_context(cafile=verify)
    elif verify:
        context = ssl.create_default_context()
    else:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert is not None:
        certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
        context.load_cert_chain(certfile, keyfile)
    return context


def tls_or_loopback(url: str) -> bool:
    """True for an https URL or one whose host is loopback."""
    parsed = httpx.URL(url)
    if parsed.scheme == "https":
        return True
    try:
        return ipaddress.ip_address(parsed.host).is_loopback
    except ValueError:
        return parsed.host == "localhost"


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None  # an HTTP date: the backoff schedule decides instead


class _Base:
    """What the sync and async clients share: settings, headers, composing, the plan."""

    def __init__(
        self,
        url: str,
        *,
        profile: PeerProfile | str | None = None,
        user: str | None = None,
        password: str | None = None,
        vasp_id: str | None = None,
        vas_id: str | None = None,
        release: str | None = None,
        timeout: float = 30.0,
        verify: bool | str | ssl.SSLContext = True,
        cert: str | tuple[str, str] | None = None,
        max_connections: int = 10,
        retry: RetryPolicy | None = None,
        rate_limit: float | RateLimiter | None = None,
        negotiate: bool = True,
        fallback_release: str | None = None,
        headers: Mapping[str, str] | None = None,
        trust_env: bool = False,
    ) -> None:
        self.url = url
        self.profile = get_peer(profile)
        if self.profile.tls_required and not tls_or_loopback(url):
            raise ValueError(
                f"peer {self.profile.name!r} is reached over https only, not {url!r}"
                " (plain http is allowed to loopback, for simulators)"
            )
        self.vasp_id = vasp_id
        self.vas_id = vas_id
        self.release = release
        self.retry = retry or RetryPolicy()
        self.limiter = (
            RateLimiter(rate_limit) if isinstance(rate_limit, int | float) else rate_limit
        )
        self.negotiate = negotiate
        self.fallback_release = fallback_release
        self.headers = {"SOAPAction": '""', **dict(self.profile.headers), **dict(headers or {})}
        self._options: dict[str, Any] = {
            "auth": (user, password or "") if user is not None else None,
            "timeout": httpx.Timeout(timeout),
            "verify": _tls(verify, cert),
            "limits": httpx.Limits(max_connections=max_connections),
            "trust_env": trust_env,
        }

    def _plan(self) -> _Plan:
        return _Plan(self.profile, self.retry, self.limiter, self.negotiate, self.fallback_release)

    def _request_headers(self, request: Composed) -> tuple[bytes, dict[str, str]]:
        wire = request.encode()
        return wire.body, {**self.headers, "Content-Type": wire.content_type}

    def _vasp(self, builder: Callable[..., Composed], kwargs: dict[str, Any]) -> Composed:
        kwargs.setdefault("vasp_id", self.vasp_id)
        kwargs.setdefault("vas_id", self.vas_id)
        return self._rs(builder, kwargs)

    def _rs(self, builder: Callable[..., Composed], kwargs: dict[str, Any]) -> Composed:
        kwargs.setdefault("profile", self.profile)
        kwargs.setdefault("release", self.release)
        return builder(**kwargs)


def _answer(response: httpx.Response, started: float) -> _Answer:
    return _Answer(
        response.status_code,
        response.headers.get("content-type"),
        response.content,
        time.monotonic() - started,
        _retry_after(response.headers),
    )


class Mm7Client(_Base):
    """A blocking MM7 client; one pooled httpx.Client, closed by :meth:`close` or ``with``.

    ``transport`` (an httpx transport) replaces the network, for tests; ``sleep`` replaces
    time.sleep for the rate limit and backoff waits.
    """

    def __init__(
        self,
        url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(url, **options)
        self._sleep = sleep
        self._http = httpx.Client(transport=transport, **self._options)

    def __enter__(self) -> Mm7Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def send(self, request: Composed) -> Reply:
        """POST a composed request and return the peer's success answer (or raise)."""
        plan = self._plan().run(request)
        outcome: Any = None
        try:
            while True:
                step = plan.send(outcome)
                if isinstance(step, _Wait):
                    self._sleep(step.seconds)
                    outcome = None
                    continue
                body, headers = self._request_headers(step.request)
                started = time.monotonic()
                try:
                    outcome = _answer(
                        self._http.post(self.url, content=body, headers=headers), started
                    )
                except httpx.HTTPError as error:
                    outcome = error
        except StopIteration as done:
            reply: Reply = done.value
            return reply

    def submit(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        """Send a SubmitReq (composed by :func:`mm7codec.compose.submit` from ``kwargs``)."""
        return self.send(request or self._vasp(compose.submit, kwargs))

    def cancel(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._vasp(compose.cancel, kwargs))

    def replace(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._vasp(compose.replace, kwargs))

    def extended_cancel(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._vasp(compose.extended_cancel, kwargs))

    def extended_replace(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._vasp(compose.extended_replace, kwargs))

    def deliver(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        """Send a DeliverReq (MMSC side: an MO message pushed to the VASP)."""
        return self.send(request or self._rs(compose.deliver, kwargs))

    def delivery_report(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._rs(compose.delivery_report, kwargs))

    def read_reply(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return self.send(request or self._rs(compose.read_reply, kwargs))


class AsyncMm7Client(_Base):
    """The asyncio twin of :class:`Mm7Client` (httpx.AsyncClient), same calls awaited."""

    def __init__(
        self,
        url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
        **options: Any,
    ) -> None:
        super().__init__(url, **options)
        self._sleep = sleep
        self._http = httpx.AsyncClient(transport=transport, **self._options)

    async def __aenter__(self) -> AsyncMm7Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, request: Composed) -> Reply:
        plan = self._plan().run(request)
        outcome: Any = None
        try:
            while True:
                step = plan.send(outcome)
                if isinstance(step, _Wait):
                    await self._sleep(step.seconds)
                    outcome = None
                    continue
                body, headers = self._request_headers(step.request)
                started = time.monotonic()
                try:
                    response = await self._http.post(self.url, content=body, headers=headers)
                    outcome = _answer(response, started)
                except httpx.HTTPError as error:
                    outcome = error
        except StopIteration as done:
            reply: Reply = done.value
            return reply

    async def submit(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._vasp(compose.submit, kwargs))

    async def cancel(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._vasp(compose.cancel, kwargs))

    async def replace(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._vasp(compose.replace, kwargs))

    async def extended_cancel(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._vasp(compose.extended_cancel, kwargs))

    async def extended_replace(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._vasp(compose.extended_replace, kwargs))

    async def deliver(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._rs(compose.deliver, kwargs))

    async def delivery_report(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._rs(compose.delivery_report, kwargs))

    async def read_reply(self, request: Composed | None = None, **kwargs: Any) -> Reply:
        return await self.send(request or self._rs(compose.read_reply, kwargs))
