"""Responses, error responses and Faults built from decoded requests, checked on the wire."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from builders import minimal
from mm7codec.codec import DecodedMessage, decode, encode
from mm7codec.errors import TransactionMismatch
from mm7codec.releases import Release, default_registry
from mm7codec.responses import (
    ERROR_RESPONSES,
    RESPONSE_OF,
    MissingResponseFields,
    ResponseError,
    UnknownRequest,
    build_error,
    build_response,
    check_pair,
    encode_fault,
    encode_response,
    fault_code_for,
    http_status_of,
)

REGISTRY = default_registry()
REQUESTS = [
    (release.name, message)
    for release in REGISTRY
    for message in release.messages
    if message.endswith("Req")
]
TID = "tx-req-1"


def _request(release: Release, message_type: str, tid: str = TID) -> DecodedMessage:
    wire = encode(minimal(release.message_class(message_type)), transaction_id=tid)
    return decode(wire.body, wire.content_type, mode="strict")


def _response(request: DecodedMessage, **fields: Any) -> Any:
    """build_response, giving message_id only where the response type needs it."""
    try:
        return build_response(request, **fields)
    except MissingResponseFields as error:
        assert error.fields == ("message_id",)
        return build_response(request, message_id="msg-1", **fields)


def test_response_of_is_derived_from_names() -> None:
    assert dict(RESPONSE_OF) == {
        "SubmitReq": "SubmitRsp",
        "DeliverReq": "DeliverRsp",
        "CancelReq": "CancelRsp",
        "ReplaceReq": "ReplaceRsp",
        "DeliveryReportReq": "DeliveryReportRsp",
        "ReadReplyReq": "ReadReplyRsp",
        "extendedCancelReq": "extendedCancelRsp",
        "extendedReplaceReq": "extendedReplaceRsp",
    }


def test_request_matrix_size() -> None:
    # 9 releases with 6 requests, REL-6-MM7-1-4 with 8.
    assert len(REQUESTS) == 9 * 6 + 8


@pytest.mark.parametrize(("release_name", "request_type"), REQUESTS)
def test_response_round_trip(release_name: str, request_type: str) -> None:
    release = REGISTRY.by_name(release_name)
    request = _request(release, request_type)
    response = _response(request)
    wire = encode_response(request, response)
    decoded = decode(wire.body, wire.content_type, mode="strict")
    assert decoded.findings == []
    assert decoded.release is release
    assert decoded.message_type == RESPONSE_OF[request_type]
    assert decoded.transaction_id == TID
    assert decoded.mm7_version == request.mm7_version
    assert decoded.message == response
    assert decoded.message.status.status_code == 1000
    check_pair(request, decoded)
    assert http_status_of(decoded) == 200


@pytest.mark.parametrize("release_name", [r.name for r in REGISTRY])
def test_submit_rsp_message_id_required_where_schema_says(release_name: str) -> None:
    release = REGISTRY.by_name(release_name)
    request = _request(release, "SubmitReq")
    fields = {f.name for f in dataclasses.fields(release.message_class("SubmitRsp"))}
    if "message_id" in fields:
        with pytest.raises(MissingResponseFields, match="MessageID") as caught:
            build_response(request)
        assert caught.value.fields == ("message_id",)
        assert build_response(request, message_id="m-9").message_id == "m-9"
    else:
        assert build_response(request).status.status_code == 1000


def test_status_text_defaults_to_table_and_can_be_given() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    assert build_response(request).status.status_text == "Success"
    assert build_response(request, 4006).status.status_text == "Service unavailable"
    assert build_response(request, 1000, "All good").status.status_text == "All good"


def test_extended_cancel_rsp_has_code_only() -> None:
    request = _request(REGISTRY.newest, "extendedCancelReq")
    response = build_response(request, 2005)
    assert response.status.status_code == 2005
    assert not hasattr(response.status, "status_text")


def test_version_echoed_when_accepted_else_newest() -> None:
    release = REGISTRY.newest
    message = minimal(release.message_class("DeliverReq"))
    message.mm7_version = type(message.mm7_version)("5.3.0")
    wire = encode(message, transaction_id=TID)
    request = decode(wire.body, wire.content_type, mode="strict")
    assert build_response(request).mm7_version.value == "5.3.0"
    assert release.newest_version != "5.3.0"
    unaccepted = dataclasses.replace(request, mm7_version="9.9.9")
    assert build_response(unaccepted).mm7_version.value == release.newest_version
    missing = dataclasses.replace(request, mm7_version=None)
    assert build_response(missing).mm7_version.value == release.newest_version


def test_unknown_field_is_refused() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    with pytest.raises(ResponseError, match="no_such_field"):
        build_response(request, no_such_field=1)
    with pytest.raises(ResponseError, match="status"):
        build_response(request, status=None)


@pytest.mark.parametrize("message_type", ["SubmitRsp", "RSErrorRsp", "VASPErrorRsp"])
def test_unknown_request_type_raises(message_type: str) -> None:
    release = REGISTRY.newest
    wire = encode(minimal(release.message_class(message_type)), transaction_id=TID)
    not_a_request = decode(wire.body, wire.content_type, mode="strict")
    with pytest.raises(UnknownRequest, match=message_type):
        build_response(not_a_request)


def test_request_type_missing_from_release_raises() -> None:
    request = _request(REGISTRY.newest, "extendedCancelReq")
    older = REGISTRY.by_name("REL-6-MM7-1-3")
    moved = dataclasses.replace(request, release=older, mm7_version=older.newest_version)
    with pytest.raises(UnknownRequest, match="extendedCancelReq"):
        build_response(moved)


def test_mismatched_transaction_id_raises() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    response = build_response(request)
    wire = encode(response, transaction_id="tx-other")
    decoded = decode(wire.body, wire.content_type, mode="strict")
    with pytest.raises(TransactionMismatch, match="tx-other"):
        check_pair(request, decoded)


def test_wrong_response_type_raises() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    other = _request(REGISTRY.newest, "CancelReq")
    wire = encode(build_response(other), transaction_id=TID)
    decoded = decode(wire.body, wire.content_type, mode="strict")
    assert decoded.message_type == "CancelRsp"
    with pytest.raises(TransactionMismatch, match="CancelRsp"):
        check_pair(request, decoded)


def test_encode_response_refuses_wrong_type() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    other = build_response(_request(REGISTRY.newest, "CancelReq"))
    with pytest.raises(ResponseError, match="CancelRsp"):
        encode_response(request, other)
    with pytest.raises(ResponseError, match="encode_fault"):
        encode_response(request, build_error(request, 2007))


def test_encode_response_needs_transaction_id() -> None:
    request = dataclasses.replace(_request(REGISTRY.newest, "DeliverReq"), transaction_id=None)
    with pytest.raises(ResponseError, match="TransactionID"):
        encode_response(request, build_response(request))


@pytest.mark.parametrize("release_name", [r.name for r in REGISTRY])
@pytest.mark.parametrize(("side", "error_type"), [("RS", "RSErrorRsp"), ("VASP", "VASPErrorRsp")])
def test_fault_round_trip(release_name: str, side: str, error_type: str) -> None:
    release = REGISTRY.by_name(release_name)
    request = _request(release, "SubmitReq")
    error = build_error(request, 2007, side=side)
    assert http_status_of(error) == 500
    wire = encode_fault(error, TID)
    decoded = decode(wire.body, wire.content_type, mode="strict")
    assert decoded.findings == []
    assert decoded.message_type == error_type
    assert decoded.release is release
    assert decoded.message.status.status_code == 2007
    assert decoded.message.status.status_text == "Message format corrupt"
    assert decoded.fault is not None
    assert decoded.fault.code_text == "soap:Client"
    assert decoded.fault.string == "Message format corrupt"
    check_pair(request, decoded)
    assert http_status_of(decoded) == 500


@pytest.mark.parametrize(
    ("code", "faultcode"), [(3000, "Server"), (4004, "Server"), (1000, "Server")]
)
def test_fault_code_server_outside_2xxx(code: int, faultcode: str) -> None:
    error = build_error(REGISTRY.newest, code, "why")
    decoded = decode(encode_fault(error, TID).body, mode="strict")
    assert decoded.fault is not None
    assert decoded.fault.code_text == f"soap:{faultcode}"
    assert decoded.fault.string == "why"
    assert decoded.message.mm7_version.value == REGISTRY.newest.newest_version


def test_fault_code_for_boundaries() -> None:
    assert [fault_code_for(c) for c in (1999, 2000, 2999, 3000)] == [
        "Server",
        "Client",
        "Client",
        "Server",
    ]


def test_encode_fault_refuses_non_error() -> None:
    request = _request(REGISTRY.newest, "DeliverReq")
    with pytest.raises(ResponseError, match="DeliverRsp"):
        encode_fault(build_response(request), TID)


def test_build_error_refuses_unknown_side() -> None:
    with pytest.raises(ValueError, match="side"):
        build_error(REGISTRY.newest, 3000, side="MMSC")
    assert {"RSErrorRsp", "VASPErrorRsp"} == ERROR_RESPONSES
