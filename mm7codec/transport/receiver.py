"""An ASGI application that receives MM7 requests, for either side of the interface.

Role ``vasp`` takes what an MMSC posts to a VASP (DeliverReq, DeliveryReportReq,
ReadReplyReq); role ``mmsc`` takes what a VASP sends (SubmitReq, CancelReq, ReplaceReq and
the extended ones of REL-6-MM7-1-4). Each request is decoded (leniently by default), recorded
durably in a :class:`~mm7codec.transport.store.Store`, handed to the user's handler (sync or
async) once, and answered in its own release with its TransactionID echoed, within the
configured deadline (10 s, the aggregators' contract).

Nothing lost: the answer goes out only after the record is committed; a handler that raises
or overruns the deadline leaves the record pending and a bounded background loop redelivers
it from the store (``max_attempts`` times, then the record is ``dead`` and logged). Nothing
twice: a retried copy (same duplicate key, see :data:`DUPLICATE_KEYS`) never reaches the
handler again; it gets the reply the first copy got. Two cases run a handler again for one
message, by design rather than lose it: the process dies (or the store fails) after the
handler returned but before its reply was stored, and an attempt outlives its lease while
another worker claims the record. Handlers with side effects outside the store should be
idempotent by the record's key for those cases.

Intruders and bad input are answered before anything is recorded: Basic auth compared in
constant time, an IP allowlist of CIDR networks, a body size limit, and every malformed or
non-MM7 request gets a SOAP Fault carrying RSErrorRsp (role mmsc) or VASPErrorRsp (role vasp)
with the MM7 status code, logged in one line, never a traceback.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import dataclasses
import hashlib
import hmac
import inspect
import ipaddress
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from mm7codec.bind import CONTEXT
from mm7codec.codec import DecodedMessage, EncodedMessage, Mode, decode
from mm7codec.errors import DecodeError, Mm7Error
from mm7codec.findings import Severity
from mm7codec.limits import DEFAULT_LIMITS, Limits
from mm7codec.releases import Release, default_registry
from mm7codec.responses import (
    build_error,
    build_response,
    encode_fault,
    encode_response,
    response_type,
)
from mm7codec.status import StatusCode, describe
from mm7codec.transactions import new_transaction_id
from mm7codec.transport.journal import Journal, message_line
from mm7codec.transport.store import Record, SqliteStore, Store, StoredReply

__all__ = [
    "DUPLICATE_KEYS",
    "REQUESTS_OF_ROLE",
    "Admit",
    "DuplicateKey",
    "Handler",
    "Receiver",
    "ReceiverConfig",
    "Reply",
    "Role",
    "duplicate_key",
    "recording_handler",
]

log = logging.getLogger(__name__)

Role = Literal["vasp", "mmsc"]

REQUESTS_OF_ROLE: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "vasp": frozenset({"DeliverReq", "DeliveryReportReq", "ReadReplyReq"}),
        "mmsc": frozenset(
            {"SubmitReq", "CancelReq", "ReplaceReq", "extendedCancelReq", "extendedReplaceReq"}
        ),
    }
)
"""The requests each role receives."""

_ERROR_SIDE: Mapping[str, str] = MappingProxyType({"vasp": "VASP", "mmsc": "RS"})


@dataclass(frozen=True)
class Reply:
    """What a handler answers: a status (1000 by default) and the response's other fields
    (``message_id`` for a SubmitRsp). A status of 2000 or more goes out as a SOAP Fault
    (RSErrorRsp or VASPErrorRsp). A handler may also return a bare status code, or None."""

    status_code: int = 1000
    status_text: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)


HandlerResult = Reply | int | None
Handler = Callable[[DecodedMessage], HandlerResult | Awaitable[HandlerResult]]
Admit = Callable[[DecodedMessage], Reply | None]
"""A check run on each decoded request before it is recorded: a Reply (status 2000 or more)
refuses it with a Fault, unrecorded, so the peer may send it again (a throughput limit)."""


@dataclass(frozen=True)
class DuplicateKey:
    """Which parts of a message make it the same message when a peer sends it again."""

    fields: tuple[str, ...]
    """Payload children (schema names) whose values form the key; empty: the whole payload."""
    transaction_id: bool
    """Whether the TransactionID is part of the key."""
    why: str


DUPLICATE_KEYS: Mapping[str, DuplicateKey] = MappingProxyType(
    {
        "DeliveryReportReq": DuplicateKey(
            ("MessageID", "Recipient", "MMStatus", "Date", "TimeStamp"),
            False,
            "a report is one status event of one message for one recipient; a retrying MMSC "
            "resends the same MessageID, Recipient, MMStatus and event Date, but some mint a "
            "new TransactionID per attempt. A later status of the same message (Retrieved "
            "after Forwarded) differs in MMStatus and Date, so it is delivered.",
        ),
        "ReadReplyReq": DuplicateKey(
            ("MessageID", "Recipient", "MMStatus", "TimeStamp"),
            False,
            "as for a delivery report: one read status of one message for one recipient, "
            "whatever TransactionID the retry carries.",
        ),
        "DeliverReq": DuplicateKey(
            (),
            False,
            "an MO message has no MessageID in most releases; a retry repeats the whole "
            "payload (Sender, Recipients, TimeStamp, LinkedID, Subject, Content) and its "
            "attachments byte for byte, the TransactionID not always. Two MO messages alike "
            "in every byte, TimeStamp included, are taken for one.",
        ),
        "SubmitReq": DuplicateKey(
            (),
            True,
            "a VASP retrying a submit keeps its TransactionID (it correlates the SubmitRsp) "
            "and the payload; a VASP sending the same content again on purpose uses a new "
            "TransactionID, so it is a new message, not a duplicate.",
        ),
        "ReplaceReq": DuplicateKey(
            (),
            True,
            "as for a submit: the same TransactionID with the same replacement content.",
        ),
        "extendedReplaceReq": DuplicateKey(
            (),
            True,
            "as for a submit: the same TransactionID with the same replacement content.",
        ),
        "CancelReq": DuplicateKey(
            ("SenderIdentification", "MessageID"),
            False,
            "cancelling is idempotent: the same sender cancelling the same MessageID twice "
            "means one cancellation.",
        ),
        "extendedCancelReq": DuplicateKey(
            ("SenderIdentification", "CancelID"),
            False,
            "cancelling is idempotent: the same sender cancelling the same CancelID twice "
            "means one cancellation.",
        ),
    }
)
"""The duplicate key of each request type, and why it is what a retrying peer keeps constant."""

_WHOLE = DuplicateKey((), True, "any other request: the same TransactionID and payload")


def _attachment_digests(decoded: DecodedMessage) -> list[str]:
    return [
        hashlib.sha256(leaf.body).hexdigest()
        for part in decoded.attachments
        for leaf in part.walk()
        if not leaf.is_multipart
    ]


def _plain(value: Any) -> Any:
    """A field value as JSON-ready data (nested generated classes become dicts)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def duplicate_key(decoded: DecodedMessage) -> str:
    """The key under which a message is recorded: equal for a peer's retries of it.

    Read off the bound dataclass (schema names mapped to its fields), so the key costs no
    re-serialisation. MM7Version is never part of it: a retry may be sent in another release.
    """
    rule = DUPLICATE_KEYS.get(decoded.message_type, _WHOLE)
    message = decoded.message
    field_of = {var.local_name: var.name for var in CONTEXT.build(type(message)).get_all_vars()}
    parts: list[Any] = [decoded.message_type]
    if rule.transaction_id:
        parts.append(decoded.transaction_id)
    if rule.fields:
        parts.extend(
            _plain(getattr(message, field_of[name])) if name in field_of else None
            for name in rule.fields
        )
    else:
        parts.append(
            {
                name: _plain(getattr(message, name))
                for local, name in field_of.items()
                if local != "MM7Version"
            }
        )
        parts.append(_attachment_digests(decoded))
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReceiverConfig:
    """How a :class:`Receiver` decodes, guards, answers and redelivers."""

    role: Role = "vasp"
    mode: Mode = "lenient"
    deadline: float = 10.0
    """Seconds within which every request is answered (the peer retries after that)."""
    max_body_bytes: int = 5 * 1024 * 1024
    limits: Limits = DEFAULT_LIMITS
    username: str | None = None
    password: str | None = None
    """Basic auth credentials required of the peer (None: no auth)."""
    allow: tuple[str, ...] = ()
    """CIDR networks the peer's address must be in (empty: any address)."""
    max_attempts: int = 5
    """Handler attempts per message before the record is marked dead."""
    retry_delay: float = 30.0
    """Seconds before a failed handler attempt is retried from the record."""
    redelivery_interval: float = 1.0
    """Seconds between passes of the background redelivery loop."""
    lease_seconds: float | None = None
    """How long a handler attempt holds its record (default: 3 x deadline); a worker that
    dies mid-handler leaves a lease that expires after this."""
    margin: float = 0.5
    """Seconds of the deadline kept for recording and answering."""

    def __post_init__(self) -> None:
        if self.role not in REQUESTS_OF_ROLE:
            raise ValueError(f"role must be 'vasp' or 'mmsc', not {self.role!r}")
        if self.deadline <= 0 or self.max_body_bytes < 1 or self.max_attempts < 1:
            raise ValueError("deadline, max_body_bytes and max_attempts must be positive")
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username and password, or neither")
        for network in self.allow:
            ipaddress.ip_network(network, strict=False)

    @property
    def lease(self) -> float:
        return self.lease_seconds if self.lease_seconds is not None else 3 * self.deadline


_T = TypeVar("_T")
_Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    content_type: str
    extra: tuple[tuple[bytes, bytes], ...] = ()


class _Refused(Exception):
    """A request answered with a Fault before it reached the store."""

    def __init__(
        self,
        status_code: int,
        reason: str | None,
        *,
        http_status: int = 500,
        request: DecodedMessage | None = None,
        extra: tuple[tuple[bytes, bytes], ...] = (),
    ) -> None:
        super().__init__(reason)
        self.status_code = status_code
        self.reason = reason
        self.http_status = http_status
        self.request = request
        self.extra = extra


class Receiver:
    """The ASGI application. ``handlers`` maps message types to handlers, or is one handler
    for every request type of the role; a request type without a handler is answered 1000
    once recorded (it stays in the store). ``admit`` may refuse a request before it is
    recorded (throughput limits, a peer profile's rules); ``on_refusal`` is called with a dict
    describing each refused request (peer, HTTP status, MM7 status, reason, message type and
    TransactionID when known)."""

    def __init__(
        self,
        handlers: Mapping[str, Handler] | Handler,
        config: ReceiverConfig | None = None,
        store: Store | None = None,
        *,
        admit: Admit | None = None,
        on_refusal: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.config = config or ReceiverConfig()
        self.admit = admit
        self.on_refusal = on_refusal
        self.store: Store = store if store is not None else SqliteStore(":memory:")
        accepted = REQUESTS_OF_ROLE[self.config.role]
        if callable(handlers):
            self.handlers: dict[str, Handler] = dict.fromkeys(accepted, handlers)
        else:
            unknown = sorted(set(handlers) - accepted)
            if unknown:
                raise ValueError(f"role {self.config.role} receives no {', '.join(unknown)}")
            self.handlers = dict(handlers)
        self._networks = [ipaddress.ip_network(net, strict=False) for net in self.config.allow]
        self._credentials = (
            f"{self.config.username}:{self.config.password}".encode()
            if self.config.username is not None
            else None
        )
        self._release: Release = default_registry().newest
        self._store_pool: ThreadPoolExecutor | None = None
        self._inflight: set[int] = set()
        self._tasks: set[asyncio.Future[Any]] = set()
        self._loop_task: asyncio.Task[None] | None = None

    # -- ASGI -----------------------------------------------------------------------------

    async def __call__(
        self,
        scope: Mapping[str, Any],
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        send: Callable[[Mapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        self.start()
        answer = await self._answer(scope, receive)
        headers: _Headers = [
            (b"content-type", answer.content_type.encode("latin-1")),
            (b"content-length", str(len(answer.body)).encode("ascii")),
            *answer.extra,
        ]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    async def _lifespan(
        self,
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        send: Callable[[Mapping[str, Any]], Awaitable[None]],
    ) -> None:
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                self.start()
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def start(self) -> None:
        """Start the background redelivery loop (idempotent; needs a running event loop)."""
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.get_running_loop().create_task(self._redelivery_loop())

    async def stop(self) -> None:
        """Stop the redelivery loop and the store's thread; handler attempts still running
        keep their leases. The store stays open (its owner closes it)."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        if self._store_pool is not None:
            self._store_pool.shutdown(wait=False)
            self._store_pool = None

    # -- one request ------------------------------------------------------------------------

    async def _answer(
        self, scope: Mapping[str, Any], receive: Callable[[], Awaitable[Mapping[str, Any]]]
    ) -> _Answer:
        started = time.monotonic()
        try:
            return await self._handle(scope, receive, started)
        except _Refused as refusal:
            self._log_refusal(scope, refusal)
            return self._fault(
                refusal.status_code,
                refusal.reason,
                refusal.request,
                refusal.http_status,
                refusal.extra,
            )
        except Exception:
            log.exception("MM7 receiver failed on a request from %s", _peer(scope))
            return self._fault(int(StatusCode.SERVER_ERROR), "internal error", None)

    async def _handle(
        self,
        scope: Mapping[str, Any],
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        started: float,
    ) -> _Answer:
        self._guard(scope)
        body = await self._read_body(scope, receive)
        request = self._decode(body, _header(scope, b"content-type"))
        refusal = self.admit(request) if self.admit is not None else None
        if refusal is not None:
            raise _Refused(refusal.status_code, refusal.status_text, request=request)
        key = duplicate_key(request)
        try:
            record = await self._in_store(
                self.store.record,
                key,
                request.message_type,
                request.transaction_id,
                _header(scope, b"content-type"),
                body,
                self.config.lease,
            )
        except Exception as error:  # the store is down: not acknowledged, the peer retries
            log.error("MM7 receiver could not record %s: %r", request.message_type, error)
            raise _Refused(int(StatusCode.SERVER_ERROR), "not recorded", request=request) from None
        if not record.created:
            log.info("duplicate %s (record %d, %s)", request.message_type, record.id, record.state)
            return self._reply(request, record.reply)
        remaining = self.config.deadline - (time.monotonic() - started) - self.config.margin
        task = self._spawn(self._deliver(record, request))
        done, _ = await asyncio.wait({task}, timeout=max(remaining, 0.0))
        return self._reply(request, task.result() if done else None)

    def _guard(self, scope: Mapping[str, Any]) -> None:
        if self._networks:
            client = scope.get("client")
            try:
                address = ipaddress.ip_address(client[0]) if client else None
            except ValueError:
                address = None
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
                address = address.ipv4_mapped  # ::ffff:10.1.2.3 is 10.1.2.3
            if address is None or not any(address in net for net in self._networks):
                raise _Refused(
                    int(StatusCode.SERVICE_DENIED), "address not allowed", http_status=403
                )
        if self._credentials is not None and not self._authorised(scope):
            raise _Refused(
                int(StatusCode.IMPROPER_IDENTIFICATION),
                "authentication required",
                http_status=401,
                extra=((b"www-authenticate", b'Basic realm="mm7", charset="UTF-8"'),),
            )
        if scope.get("method") != "POST":
            raise _Refused(
                int(StatusCode.UNSUPPORTED_OPERATION),
                "MM7 requests are POSTed",
                http_status=405,
                extra=((b"allow", b"POST"),),
            )

    def _authorised(self, scope: Mapping[str, Any]) -> bool:
        assert self._credentials is not None
        value = _header(scope, b"authorization") or ""
        scheme, _, token = value.partition(" ")
        try:
            given = base64.b64decode(token.strip(), validate=True)
        except (binascii.Error, ValueError):
            given = b""
        matches = hmac.compare_digest(given, self._credentials)
        return scheme.lower() == "basic" and matches

    async def _read_body(
        self, scope: Mapping[str, Any], receive: Callable[[], Awaitable[Mapping[str, Any]]]
    ) -> bytes:
        limit = self.config.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            raise _Refused(
                int(StatusCode.MULTIMEDIA_CONTENT_REFUSED),
                f"body of {declared.strip()} bytes over the limit of {limit}",
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            event = await receive()
            if event["type"] == "http.disconnect":
                raise _Refused(int(StatusCode.CLIENT_ERROR), "client went away")
            chunk = event.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _Refused(
                    int(StatusCode.MULTIMEDIA_CONTENT_REFUSED),
                    f"body over the limit of {limit} bytes",
                )
            chunks.append(chunk)
            if not event.get("more_body", False):
                return b"".join(chunks)

    def _decode(self, body: bytes, content_type: str | None) -> DecodedMessage:
        try:
            request = decode(body, content_type, mode=self.config.mode, limits=self.config.limits)
        except DecodeError as error:
            raise _Refused(error.status_code, _codes(error.findings) or str(error)[:80]) from None
        except Mm7Error as error:
            raise _Refused(error.status_code, type(error).__name__) from None
        if not request.ok:
            raise _Refused(request.status_code, _codes(request.findings), request=request)
        if request.message_type not in REQUESTS_OF_ROLE[self.config.role]:
            raise _Refused(
                int(StatusCode.UNSUPPORTED_OPERATION),
                f"{request.message_type} is not sent to {self.config.role.upper()}",
                request=request,
            )
        if not request.transaction_id:
            raise _Refused(int(StatusCode.VALIDATION_ERROR), "no TransactionID", request=request)
        return request

    # -- the handler, once ---------------------------------------------------------------------

    def _spawn(self, coroutine: Awaitable[_T]) -> asyncio.Future[_T]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _in_store(self, function: Callable[..., _T], *args: Any) -> _T:
        """Run a blocking store call on the store's one thread (never on the event loop)."""
        if self._store_pool is None:
            self._store_pool = ThreadPoolExecutor(1, thread_name_prefix="mm7-store")
        return await asyncio.get_running_loop().run_in_executor(self._store_pool, function, *args)

    async def _call(self, request: DecodedMessage) -> StoredReply:
        handler = self.handlers.get(request.message_type)
        if handler is None:
            return StoredReply()
        if inspect.iscoroutinefunction(handler):
            result = await handler(request)
        else:
            result = await asyncio.to_thread(handler, request)
            if inspect.isawaitable(result):
                result = await result
        reply = _stored(result)
        reply.to_json()  # a reply the store cannot keep is the handler's failure, not ours
        return reply

    async def _deliver(self, record: Record, request: DecodedMessage) -> StoredReply | None:
        """Run the handler on a leased record; store its reply, or count the failure."""
        self._inflight.add(record.id)
        try:
            try:
                reply = await self._call(request)
            except Exception as error:
                retry_at = time.time() + self.config.retry_delay
                state = await self._in_store(
                    self.store.fail,
                    record.id,
                    repr(error)[:500],
                    retry_at,
                    self.config.max_attempts,
                )
                log.warning(
                    "handler failed on %s record %d (attempt %d, now %s): %r",
                    record.message_type,
                    record.id,
                    record.attempts + 1,
                    state,
                    error,
                    exc_info=error,
                )
                return None
            await self._in_store(self.store.complete, record.id, reply)
            return reply
        finally:
            self._inflight.discard(record.id)

    async def redeliver(self, limit: int = 50) -> int:
        """One pass of redelivery: run the handler on up to ``limit`` due records, each
        within the deadline. Returns how many records it took."""
        records = await self._in_store(self.store.claim_due, time.time(), self.config.lease, limit)
        waiting = []
        for record in records:
            if record.id in self._inflight:
                continue
            try:
                request = decode(
                    record.body,
                    record.content_type,
                    mode=self.config.mode,
                    limits=self.config.limits,
                )
            except Mm7Error as error:
                await self._in_store(
                    self.store.fail, record.id, f"undecodable: {error}"[:500], time.time(), 1
                )
                continue
            waiting.append(self._spawn(self._deliver(record, request)))
        if waiting:
            await asyncio.wait(waiting, timeout=self.config.deadline)
        return len(records)

    async def _redelivery_loop(self) -> None:
        while True:
            try:
                await self.redeliver()
            except Exception:
                log.exception("MM7 redelivery pass failed")
            await asyncio.sleep(self.config.redelivery_interval)

    # -- answers ------------------------------------------------------------------------------

    def _reply(self, request: DecodedMessage, reply: StoredReply | None) -> _Answer:
        """The answer to ``request``: the handler's reply, or (recorded, handler pending) an
        acceptance where the response needs nothing the handler gives, else 4006 (retry)."""
        if reply is None:
            try:
                return _encoded(encode_response(request, build_response(request)), 200)
            except Mm7Error:
                return self._fault(
                    int(StatusCode.SERVICE_UNAVAILABLE),
                    "accepted, not yet processed: retry",
                    request,
                )
        if reply.status_code >= 2000:
            return self._fault(reply.status_code, reply.status_text, request)
        response = build_response(
            request, reply.status_code, reply.status_text, **_fields_of(request, reply.fields)
        )
        return _encoded(encode_response(request, response), 200)

    def _fault(
        self,
        status_code: int,
        text: str | None,
        request: DecodedMessage | None,
        http_status: int = 500,
        extra: tuple[tuple[bytes, bytes], ...] = (),
    ) -> _Answer:
        side = _ERROR_SIDE[self.config.role]
        name = describe(status_code).name
        text = "".join(ch for ch in text or "" if ch.isprintable())[:200]
        message = f"{name}: {text}" if text and text != name else name
        try:
            error = build_error(
                request if request is not None else self._release, status_code, message, side=side
            )
            wire = encode_fault(error, (request.transaction_id or "") if request else "")
        except (Mm7Error, ValueError):  # a TransactionID the release (or XML) cannot carry
            error = build_error(self._release, status_code, message, side=side)
            wire = encode_fault(error, "")
        return _encoded(wire, http_status, extra)

    def _log_refusal(self, scope: Mapping[str, Any], refusal: _Refused) -> None:
        request = refusal.request
        event: dict[str, Any] = {
            "peer": _peer(scope),
            "http_status": refusal.http_status,
            "status_code": refusal.status_code,
            "reason": refusal.reason,
            "message_type": request.message_type if request is not None else None,
            "transaction_id": request.transaction_id if request is not None else None,
        }
        log.warning(
            "refused %s %r from %s: %d %s (HTTP %d)",
            event["message_type"] or "request",
            event["transaction_id"],
            event["peer"],
            refusal.status_code,
            refusal.reason,
            refusal.http_status,
        )
        if self.on_refusal is not None:
            try:
                self.on_refusal(event)
            except Exception:
                log.exception("the on_refusal callback failed")


def _stored(result: HandlerResult) -> StoredReply:
    if result is None:
        return StoredReply()
    if isinstance(result, Reply):
        return StoredReply(result.status_code, result.status_text, dict(result.fields))
    if isinstance(result, int) and not isinstance(result, bool):
        return StoredReply(result)
    raise TypeError(f"a handler returns Reply, an int status or None, not {type(result)!r}")


def _fields_of(request: DecodedMessage, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The reply fields the response type of the request's release has (REL-5-MM7-1-0's
    SubmitRsp has no MessageID, for one)."""
    if not fields:
        return {}
    cls = request.release.message_class(response_type(request.release, request.message_type))
    names = {var.name for var in CONTEXT.build(cls).get_all_vars()}
    return {name: value for name, value in fields.items() if name in names}


def _encoded(
    wire: EncodedMessage, status: int, extra: tuple[tuple[bytes, bytes], ...] = ()
) -> _Answer:
    return _Answer(status, wire.body, wire.content_type, extra)


def _codes(findings: Iterable[Any]) -> str:
    codes = sorted({f.code for f in findings if f.severity is Severity.ERROR and not f.repaired})
    return ", ".join(codes[:5])


def _header(scope: Mapping[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _peer(scope: Mapping[str, Any]) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "unknown peer"


def recording_handler(journal: Journal) -> Handler:
    """The built-in handler of ``mm7 serve``: one journal line per message, status 1000, and
    a fresh MessageID for a SubmitReq."""

    def handle(request: DecodedMessage) -> Reply:
        fields: dict[str, Any] = {}
        if request.message_type == "SubmitReq":
            fields["message_id"] = new_transaction_id("msg")
        journal.write(message_line(request, **fields))
        return Reply(fields=fields)

    return handle
