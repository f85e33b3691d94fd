"""One exception hierarchy, rooted at :class:`Mm7Error`.

Every error carries the MM7 status code a peer should receive (as h2's errors carry protocol
codes) and the findings that led to it, so a server can answer a refused request with an
RSErrorRsp or VASPErrorRsp without re-deriving anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mm7codec.findings import Finding

if TYPE_CHECKING:  # envelope imports this module; the annotation alone needs Fault
    from mm7codec.envelope import Fault


class Mm7Error(Exception):
    """Base of every error mm7codec raises on purpose."""

    status_code: int = 4000

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        findings: Iterable[Finding] = (),
    ) -> None:
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code
        self.findings: tuple[Finding, ...] = tuple(findings)


class DecodeError(Mm7Error):
    """The input was refused: it is not an MM7 message we accept (a remote protocol error).

    ``fault`` holds the SOAP Fault the input carried, when it carried one: a peer's generic
    Fault (an application server's "Internal error") has no MM7 message to decode, yet its
    faultcode and faultstring are what the caller needs.
    """

    status_code = 2007
    fault: Fault | None = None


class LimitExceeded(DecodeError):
    """The input exceeds a configured resource limit (size, parts, depth, element count)."""

    status_code = 2004


class EncodeError(Mm7Error):
    """A message cannot be encoded as asked (a local error: fix the caller)."""

    status_code = 4004


class UnknownRelease(Mm7Error):
    """No release matches the namespace, name or MM7Version asked for."""

    status_code = 4002


class ConversionError(Mm7Error):
    """A message cannot be converted to another release without losing fields."""

    status_code = 4004

    def __init__(self, message: str, *, fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.fields: tuple[str, ...] = tuple(fields)


class TransactionMismatch(Mm7Error):
    """A response does not answer the request it is paired with."""

    status_code = 4004


class ComposeError(EncodeError):
    """A request cannot be composed as asked: ``fields`` names what the release or peer
    cannot carry or requires (a local error: fix the caller)."""

    def __init__(self, message: str, *, fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.fields: tuple[str, ...] = tuple(fields)


class TransportError(Mm7Error):
    """An exchange failed below MM7: no connection, no answer in time, or an HTTP error with
    no MM7 answer in it. Status 3000 (server error) unless the HTTP status says more;
    ``http_status`` is the peer's HTTP status when there was one."""

    status_code = 3000

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        http_status: int | None = None,
        findings: Iterable[Finding] = (),
        attempts: int = 1,
    ) -> None:
        super().__init__(message, status_code=status_code, findings=findings)
        self.http_status = http_status
        self.attempts = attempts


class TransportTimeout(TransportError):
    """The peer did not answer in time (it may still have carried the request out)."""


class PeerError(Mm7Error):
    """The peer answered with an MM7 error: an RSErrorRsp or VASPErrorRsp (in a SOAP Fault or
    not), a bare Fault, a response whose status is not 1xxx, or an answer we cannot read.

    ``status_code`` and ``status_text`` are the peer's; ``response`` the decoded answer when
    it held an MM7 message; ``fault`` the SOAP Fault when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        status_text: str | None = None,
        http_status: int | None = None,
        response: object = None,
        fault: Fault | None = None,
        findings: Iterable[Finding] = (),
        attempts: int = 1,
    ) -> None:
        super().__init__(message, status_code=status_code, findings=findings)
        self.status_text = status_text
        self.http_status = http_status
        self.response = response
        self.fault = fault
        self.attempts = attempts
