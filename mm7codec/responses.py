"""Answer a decoded MM7 request: its response, an error (RSErrorRsp/VASPErrorRsp), a Fault.

Which response answers which request is read off the releases' message names (``SubmitReq``
is answered by ``SubmitRsp``, ``extendedCancelReq`` by ``extendedCancelRsp``), so no code here
names a release. A response is built in the request's release, carries the request's
MM7Version when that release accepts it (else the release's newest), and goes out with the
request's TransactionID. An error travels in a SOAP Fault: faultcode Client for a 2xxx status
(the request was wrong), Server otherwise. :func:`check_pair` tells whether a decoded
response answers a decoded request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

from mm7codec.bind import CONTEXT
from mm7codec.codec import DecodedMessage, EncodedMessage, encode
from mm7codec.errors import EncodeError, TransactionMismatch
from mm7codec.limits import wire_int
from mm7codec.releases import Registry, Release, default_registry
from mm7codec.status import ReplyKind, describe, http_status_for

__all__ = [
    "ERROR_RESPONSES",
    "RESPONSE_OF",
    "MissingResponseFields",
    "ResponseError",
    "UnknownRequest",
    "build_error",
    "build_response",
    "check_pair",
    "encode_fault",
    "encode_response",
    "fault_code_for",
    "http_status_of",
    "response_type",
]

Side = Literal["RS", "VASP"]

_REQ, _RSP = "Req", "Rsp"
_ERROR_OF_SIDE: Mapping[str, str] = MappingProxyType({"RS": "RSErrorRsp", "VASP": "VASPErrorRsp"})
ERROR_RESPONSES: frozenset[str] = frozenset(_ERROR_OF_SIDE.values())
"""The error messages that may answer any request (inside a SOAP Fault)."""


class ResponseError(EncodeError):
    """A response cannot be built or sent as asked (a caller's error)."""


class UnknownRequest(ResponseError, LookupError):
    """The message type is not a request that has a response in its release."""


class MissingResponseFields(ResponseError):
    """A response type needs fields the caller did not give (e.g. SubmitRsp's MessageID)."""

    def __init__(self, message: str, *, fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.fields: tuple[str, ...] = tuple(fields)


def _response_name(request_type: str) -> str | None:
    if request_type.endswith(_REQ) and len(request_type) > len(_REQ):
        return request_type[: -len(_REQ)] + _RSP
    return None


def _pairs(registry: Registry) -> dict[str, str]:
    found: dict[str, str] = {}
    for release in registry:
        for name in release.messages:
            response = _response_name(name)
            if response is not None and response in release.messages:
                found[name] = response
    return found


RESPONSE_OF: Mapping[str, str] = MappingProxyType(_pairs(default_registry()))
"""Request message type -> the response type that answers it, over every shipped release."""


def response_type(release: Release, request_type: str) -> str:
    """The response type answering ``request_type`` in ``release``, or :class:`UnknownRequest`."""
    response = _response_name(request_type)
    if request_type not in release.messages or response is None:
        raise UnknownRequest(f"{release.name} has no request message {request_type!r}")
    if response not in release.messages:
        raise UnknownRequest(f"{release.name} has no {response} to answer {request_type}")
    return response


def _version_for(release: Release, version: str | None) -> str:
    return version if version is not None and release.accepts(version) else release.newest_version


def _vars(cls: type[Any]) -> dict[str, Any]:
    """Field name -> xsdata XmlVar of a generated class."""
    return {var.name: var for var in CONTEXT.build(cls).get_all_vars()}


def _status(status_cls: type[Any], code: int, text: str) -> Any:
    names = {f.name for f in dataclasses.fields(status_cls)}
    values: dict[str, Any] = {"status_code": code}
    if "status_text" in names:
        values["status_text"] = text
    return status_cls(**values)


def _instance(
    release: Release,
    message_type: str,
    version: str | None,
    status_code: int,
    status_text: str | None,
    fields: Mapping[str, Any],
) -> Any:
    cls = release.message_class(message_type)
    variables = _vars(cls)
    for reserved in ("mm7_version", "status"):
        if reserved in fields:
            raise ResponseError(f"{reserved} is set by {message_type}'s builder, not passed in")
    unknown = sorted(set(fields) - set(variables))
    if unknown:
        raise ResponseError(f"{release.name} {message_type} has no field(s) {', '.join(unknown)}")
    values: dict[str, Any] = dict(fields)
    version_type = variables["mm7_version"].types[0]
    values["mm7_version"] = version_type(_version_for(release, version))
    text = status_text if status_text is not None else describe(status_code).name
    values["status"] = _status(variables["status"].types[0], status_code, text)
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        named = ", ".join(f"{name} ({variables[name].local_name})" for name in missing)
        raise MissingResponseFields(f"{release.name} {message_type} needs {named}", fields=missing)
    return cls(**values)


def build_response(
    request: DecodedMessage,
    status_code: int = 1000,
    status_text: str | None = None,
    **fields: Any,
) -> Any:
    """The response answering ``request``, in its release, with the given status.

    ``status_text`` defaults to the status table's name for ``status_code``; ``fields`` are
    the response's other fields (``message_id`` for SubmitRsp where the release has it).
    Raises :class:`UnknownRequest` when the message has no response type and
    :class:`MissingResponseFields` when a required field is not given.
    """
    name = response_type(request.release, request.message_type)
    return _instance(request.release, name, request.mm7_version, status_code, status_text, fields)


def _check_answers(request: DecodedMessage, response_name: str) -> None:
    expected = response_type(request.release, request.message_type)
    if response_name not in (expected, *sorted(ERROR_RESPONSES)):
        raise TransactionMismatch(
            f"{response_name} does not answer {request.message_type}"
            f" (expected {expected} or an error response)"
        )


def _element_name(message: Any) -> str:
    meta = getattr(type(message), "Meta", None)
    return str(getattr(meta, "name", type(message).__name__))


def encode_response(request: DecodedMessage, response: Any) -> EncodedMessage:
    """Wire bytes of ``response``, echoing the request's TransactionID.

    The response must be the type that answers the request (errors go through
    :func:`encode_fault`); a request without a TransactionID cannot be answered.
    """
    name = _element_name(response)
    expected = response_type(request.release, request.message_type)
    if name != expected:
        raise ResponseError(
            f"{name} does not answer {request.message_type} (expected {expected});"
            " send error responses with encode_fault()"
        )
    if not request.transaction_id:
        raise ResponseError(f"the {request.message_type} has no TransactionID to echo")
    return encode(response, transaction_id=request.transaction_id)


def build_error(
    request_or_release: DecodedMessage | Release,
    status_code: int,
    text: str | None = None,
    *,
    side: Side | str = "RS",
) -> Any:
    """An RSErrorRsp (``side="RS"``, from the MMSC) or VASPErrorRsp (``side="VASP"``).

    Built in the request's release with its MM7Version when accepted (given a release: that
    release's newest version); ``text`` defaults to the status table's name.
    """
    try:
        name = _ERROR_OF_SIDE[side]
    except KeyError:
        raise ValueError(f"side must be 'RS' or 'VASP', not {side!r}") from None
    if isinstance(request_or_release, DecodedMessage):
        release, version = request_or_release.release, request_or_release.mm7_version
    else:
        release, version = request_or_release, None
    return _instance(release, name, version, status_code, text, {})


def fault_code_for(status_code: int) -> str:
    """The SOAP 1.1 faultcode local name for a status: Client for 2xxx, Server otherwise."""
    return "Client" if 2000 <= status_code <= 2999 else "Server"


def encode_fault(error_message: Any, transaction_id: str) -> EncodedMessage:
    """Wire bytes of an RSErrorRsp/VASPErrorRsp inside a SOAP Fault.

    faultcode is soap:Client for a 2xxx status, soap:Server otherwise; faultstring is the
    error's StatusText.
    """
    name = _element_name(error_message)
    if name not in ERROR_RESPONSES:
        raise ResponseError(f"a SOAP Fault carries RSErrorRsp or VASPErrorRsp, not {name}")
    raw = error_message.status.status_code
    # A decoded message keeps a StatusCode it could not convert as text ('٣', 5,000 digits).
    code = raw if isinstance(raw, int) else wire_int(str(raw).strip())
    if code is None:
        raise ResponseError(f"StatusCode {str(raw)[:40]!r} is not a number")
    text = error_message.status.status_text or describe(code).name
    return encode(error_message, transaction_id=transaction_id, fault=(fault_code_for(code), text))


def check_pair(request: DecodedMessage, response: DecodedMessage) -> None:
    """Raise :class:`TransactionMismatch` unless ``response`` answers ``request``.

    It must echo the request's TransactionID and be either the response type that answers
    the request or an RSErrorRsp/VASPErrorRsp.
    """
    if request.transaction_id is None or response.transaction_id != request.transaction_id:
        raise TransactionMismatch(
            f"TransactionID {response.transaction_id!r} does not echo the request's"
            f" {request.transaction_id!r}"
        )
    try:
        _check_answers(request, response.message_type)
    except ResponseError as error:
        raise TransactionMismatch(str(error)) from None


def http_status_of(reply: Any) -> int:
    """The HTTP status a reply goes out with: 500 for a SOAP Fault, 200 otherwise.

    Takes a decoded reply (judged by its Fault) or a generated message (RSErrorRsp and
    VASPErrorRsp travel in a Fault).
    """
    if isinstance(reply, DecodedMessage):
        is_fault = reply.fault is not None
    else:
        is_fault = _element_name(reply) in ERROR_RESPONSES
    return http_status_for(ReplyKind.FAULT if is_fault else ReplyKind.RESPONSE)
