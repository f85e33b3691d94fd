"""A local MMSC for VASP developers (``mm7 mmsc-sim``).

It takes SubmitReq (and Cancel/Replace) through the :class:`~mm7codec.transport.receiver.
Receiver` in role ``mmsc`` (Basic auth, IP allowlist, size limit, nothing recorded twice),
refuses requests over its throughput limit with 4006 before recording them (the sender must
retry, as the aggregators' contract says), applies a peer profile's rules, answers SubmitRsp
with a MessageID, and then posts a DeliveryReportReq per recipient to the VASP's URL after a
delay. A report the VASP does not answer with HTTP 200 and status 1000 is posted again up to
5 times, 5 minutes apart (``time_scale`` shrinks the schedule for tests). It can post MO
DeliverReq messages read from files. Everything it got and sent is a JSON line in its journal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mm7codec.codec import DecodedMessage, decode
from mm7codec.compose import ADDRESS_KINDS, Address, AddressKind, Composed, delivery_report
from mm7codec.errors import Mm7Error, TransportError
from mm7codec.numbers import check_msisdn
from mm7codec.peers import PeerProfile, get_peer
from mm7codec.releases import default_registry
from mm7codec.status import StatusCode
from mm7codec.transactions import new_transaction_id
from mm7codec.transport.journal import Journal, message_line
from mm7codec.transport.receiver import Receiver, ReceiverConfig, Reply
from mm7codec.transport.store import SqliteStore, Store

__all__ = ["MmscSimulator", "SimulatorConfig", "recipients_of"]

log = logging.getLogger(__name__)

RETRY_INTERVAL = 300.0
"""Seconds between postings of an unanswered report: the aggregators' 5 minutes."""
RETRIES = 5


@dataclass(frozen=True)
class SimulatorConfig:
    """What the simulated MMSC does beyond receiving."""

    dr_url: str | None = None
    """Where delivery reports go (None: none are sent)."""
    dr_delay: float = 1.0
    dr_auth: tuple[str, str] | None = None
    dr_status: str = "Retrieved"
    """The MMStatus each report carries."""
    dr_always: bool = False
    """Report every recipient even when the SubmitReq did not ask for DeliveryReport."""
    retries: int = RETRIES
    retry_interval: float = RETRY_INTERVAL
    time_scale: float = 1.0
    """Multiplies the retry interval (0.001 turns 5 minutes into 0.3 s)."""
    rate: float = 0.0
    """SubmitReq accepted per second (0: no limit); more are refused with 4006."""
    profile: str | None = None
    """Peer profile (:mod:`mm7codec.peers`) whose rules a SubmitReq must meet: ``sinch``
    takes 5.3.0 to 6.8.0 (4002 otherwise), wants a VASPID (4001) and numbers in
    international format without ``+`` or ``00`` (2002)."""
    mo_url: str | None = None
    post_timeout: float = 10.0

    @property
    def retry_wait(self) -> float:
        return self.retry_interval * self.time_scale


@dataclass
class _Bucket:
    """A token bucket: ``rate`` per second, a burst of one second's worth (at least one)."""

    rate: float
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.tokens = max(self.rate, 1.0)

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(max(self.rate, 1.0), self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


def _address_parts(value: Any) -> list[Any]:
    """The address choices (Number, RFC2822Address, ShortCode) under a recipient list item."""
    choice = getattr(value, "rfc2822_address_or_number_or_short_code", None)
    if choice is None:
        return []
    return list(choice) if isinstance(choice, list) else [choice]


def recipients_of(submit: Any) -> list[tuple[str, str]]:
    """(address kind, value) of every To, Cc and Bcc recipient of a SubmitReq, in order."""
    found: list[tuple[str, str]] = []
    for item in getattr(submit.recipients, "to_or_cc_or_bcc", None) or []:
        for address in _address_parts(item):
            found.append((type(address).__name__, str(address.value)))
    return found


def _sender_of(submit: Any) -> tuple[str, str]:
    identity = submit.sender_identification
    address = _address_parts(getattr(identity, "sender_address", None))
    if address:
        return type(address[0]).__name__, str(address[0].value)
    return "ShortCode", str(getattr(identity, "vasid", None) or "mmsc-sim")


class MmscSimulator:
    """The simulated MMSC as an ASGI application (uvicorn serves it)."""

    def __init__(
        self,
        config: SimulatorConfig,
        receiver_config: ReceiverConfig | None = None,
        *,
        store: Store | None = None,
        journal: Journal | None = None,
        inject: Sequence[str | Path] = (),
    ) -> None:
        statuses = default_registry().newest.delivery_statuses
        if config.dr_status not in statuses:
            raise ValueError(f"MMStatus must be one of {', '.join(statuses)}")
        self.config = config
        self.journal = journal or Journal(None)
        receiver_config = receiver_config or ReceiverConfig(role="mmsc")
        if receiver_config.role != "mmsc":
            raise ValueError("the simulator receives as the MMSC (role 'mmsc')")
        self.receiver = Receiver(
            {
                "SubmitReq": self._submit,
                "CancelReq": self._record,
                "ReplaceReq": self._record,
                "extendedCancelReq": self._record,
                "extendedReplaceReq": self._record,
            },
            receiver_config,
            store if store is not None else SqliteStore(":memory:"),
            admit=self._admit,
            on_refusal=self._refused,
        )
        self.inject_files = [Path(path) for path in inject]
        self._bucket = _Bucket(config.rate) if config.rate > 0 else None
        self.peer = get_peer(config.profile) if config.profile else None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._clients: dict[str, Any] = {}
        self.reports_acknowledged = 0

    # -- ASGI ---------------------------------------------------------------------------------

    async def __call__(
        self,
        scope: Mapping[str, Any],
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        send: Callable[[Mapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "lifespan":
            await self.receiver(scope, receive, send)
            return
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                self.receiver.start()
                for path in self.inject_files:
                    self._spawn(self.inject(path))
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def close(self) -> None:
        """Stop posting (reports not yet acknowledged are abandoned) and close the client."""
        await self.receiver.stop()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _spawn(self, coroutine: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _client(self, url: str) -> Any:
        """The MM7 client posting to ``url``: no retries of its own (the simulator keeps the
        MMSC's schedule), no release negotiation (a report goes in its submit's release)."""
        if url not in self._clients:
            from mm7codec.transport.client import AsyncMm7Client, RetryPolicy

            user, password = self.config.dr_auth or (None, None)
            self._clients[url] = AsyncMm7Client(
                url,
                user=user,
                password=password,
                timeout=self.config.post_timeout,
                retry=RetryPolicy(max_retries=0),
                negotiate=False,
            )
        return self._clients[url]

    # -- receiving ------------------------------------------------------------------------------

    def _admit(self, request: DecodedMessage) -> Reply | None:
        if request.message_type == "SubmitReq" and self._bucket and not self._bucket.take():
            return Reply(int(StatusCode.SERVICE_UNAVAILABLE), "throughput limit: retry later")
        if self.peer is not None and request.message_type == "SubmitReq":
            return _profile_rules(self.peer, request)
        return None

    def _refused(self, event: dict[str, Any]) -> None:
        self.journal.write({"time": round(time.time(), 3), "direction": "refused", **event})

    async def _record(self, request: DecodedMessage) -> Reply:
        self.journal.write(message_line(request, direction="got"))
        return Reply()

    async def _submit(self, request: DecodedMessage) -> Reply:
        message_id = new_transaction_id("sim")
        self.journal.write(message_line(request, direction="got", message_id=message_id))
        submit = request.message
        wanted = bool(getattr(submit, "delivery_report", False)) or self.config.dr_always
        if self.config.dr_url and wanted:
            sender = _sender_of(submit)
            for recipient in recipients_of(submit):
                report = delivery_report(
                    message_id,
                    recipient=Address(recipient[1], _kind(recipient[0])),
                    sender=Address(sender[1], _kind(sender[0])),
                    status=self.config.dr_status,
                    release=request.release,
                    transaction_id=new_transaction_id("dr"),
                )
                self._spawn(self._post_report(report, self.config.dr_delay))
        return Reply(fields={"message_id": message_id})

    # -- sending ------------------------------------------------------------------------------

    async def _post_report(self, report: Composed, delay: float) -> None:
        await asyncio.sleep(delay)
        assert self.config.dr_url is not None
        if await self._post_on_schedule(self.config.dr_url, report):
            self.reports_acknowledged += 1

    async def _post_on_schedule(self, url: str, request: Composed) -> bool:
        """Post until the VASP acknowledges: once, then ``retries`` more, ``retry_wait`` apart."""
        for attempt in range(1, 2 + self.config.retries):
            if attempt > 1:
                await asyncio.sleep(self.config.retry_wait)
            if await self.post(url, request, attempt=attempt):
                return True
        log.warning(
            "gave up on %s %s after %d attempts",
            request.message_type,
            request.transaction_id,
            1 + self.config.retries,
        )
        return False

    async def post(self, url: str, request: Composed, *, attempt: int = 1) -> bool:
        """POST one request to the VASP; journal it and what came back. True when the VASP
        answered HTTP 200 with the matching response, TransactionID echoed, status 1000."""
        wire = request.encode()
        sent = decode(wire.body, wire.content_type, mode="lenient")
        line = message_line(sent, direction="sent", url=url, attempt=attempt)
        try:
            reply = await self._client(url).send(request)
        except TransportError as error:
            line.update(outcome="unreachable", http_status=error.http_status, error=str(error))
        except Mm7Error as error:
            line.update(outcome="refused", status_code=error.status_code, error=str(error))
            line["http_status"] = getattr(error, "http_status", None)
        else:
            ok = reply.http_status == 200 and reply.status_code == int(StatusCode.SUCCESS)
            line.update(
                outcome="acknowledged" if ok else "refused",
                http_status=reply.http_status,
                answer_type=reply.response.message_type,
                status_code=reply.status_code,
            )
        self.journal.write(line)
        return bool(line["outcome"] == "acknowledged")

    async def inject(self, path: str | Path) -> bool:
        """Post the MO DeliverReq in ``path`` (envelope, SwA body or HTTP dump) to the VASP
        with a fresh TransactionID, on the postback retry schedule."""
        url = self.config.mo_url or self.config.dr_url
        if url is None:
            raise ValueError("no URL to post MO messages to (mo_url or dr_url)")
        decoded = decode(Path(path).read_bytes(), mode="lenient")
        if decoded.message_type != "DeliverReq":
            raise ValueError(f"{path} holds a {decoded.message_type}, not a DeliverReq")
        request = Composed(
            decoded.message,
            tuple(decoded.attachments),
            decoded.release,
            new_transaction_id("mo"),
        )
        return await self._post_on_schedule(url, request)


def _kind(name: str) -> AddressKind:
    for kind in ADDRESS_KINDS:
        if kind == name:
            return kind
    raise ValueError(f"not an address kind: {name!r}")


def _profile_rules(peer: PeerProfile, request: DecodedMessage) -> Reply | None:
    """A peer profile's rules for a SubmitReq: its releases and MM7Versions, a VASPID when it
    wants one (sinch: the account's API key), international numbers without a prefix."""
    version = request.mm7_version
    if request.release.name not in peer.releases or (
        version is not None and not peer.accepts_version(version)
    ):
        return Reply(
            int(StatusCode.UNSUPPORTED_VERSION),
            f"{peer.name} takes no {request.release.name} MM7Version {version}",
        )
    submit = request.message
    if peer.vasp_id_required and not getattr(submit.sender_identification, "vaspid", None):
        return Reply(int(StatusCode.IMPROPER_IDENTIFICATION), "a VASPID is required")
    if peer.international_numbers:
        for kind, value in recipients_of(submit):
            problem = check_msisdn(value, "Recipients") if kind == "Number" else None
            if problem is not None:
                return Reply(int(StatusCode.ADDRESS_ERROR), problem.message[:200])
    return None


def run_simulator(args: Any) -> int:
    """``mm7 mmsc-sim``: serve the simulator until interrupted (2 on a usage error)."""
    from mm7codec.transport.serving import serve

    try:
        receiver_config = ReceiverConfig(
            role="mmsc",
            username=args.user,
            password=args.password,
            allow=tuple(args.allow),
            max_body_bytes=args.max_bytes,
        )
        config = SimulatorConfig(
            dr_url=args.dr_url,
            dr_delay=args.dr_delay,
            dr_auth=(args.dr_user, args.dr_password) if args.dr_user else None,
            dr_status=args.dr_status,
            dr_always=args.dr_always,
            time_scale=args.time_scale,
            rate=args.rate,
            profile=args.profile,
            mo_url=args.mo_url,
        )
        simulator = MmscSimulator(config, receiver_config, inject=args.inject)
    except ValueError as error:
        print(f"mm7 mmsc-sim: {error}", file=sys.stderr)
        return 2
    simulator.journal = Journal(args.record)
    try:
        serve(simulator, args.host, args.port, log_level=args.log_level)
    finally:
        simulator.journal.close()
    return 0
