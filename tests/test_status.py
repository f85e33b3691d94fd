"""The status-code table, classing of unknown codes, the Sinch profile and the HTTP status."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mm7codec.errors import Mm7Error
from mm7codec.findings import KINDS
from mm7codec.status import (
    PROFILES,
    STANDARD,
    ReplyKind,
    StatusClass,
    StatusCode,
    UnknownProfile,
    describe,
    get_profile,
    http_status_for,
)

S, P = StatusClass.SUCCESS, StatusClass.PARTIAL_SUCCESS
C, R, V = StatusClass.CLIENT_ERROR, StatusClass.SERVER_ERROR, StatusClass.SERVICE_ERROR

# Written from TS 23.140 (status code table): name, class, and whether resending the same
# request can help. Only 3000 (server failed a valid request) and 4006 (temporarily
# unavailable) are passing conditions; 4005 says explicitly not to resend.
EXPECTED: dict[int, tuple[str, StatusClass, bool]] = {
    1000: ("Success", S, False),
    1100: ("Partial success", P, False),
    2000: ("Client error", C, False),
    2001: ("Operation restricted", C, False),
    2002: ("Address Error", C, False),
    2003: ("Address Not Found", C, False),
    2004: ("Multimedia content refused", C, False),
    2005: ("Message ID Not found", C, False),
    2006: ("LinkedID not found", C, False),
    2007: ("Message format corrupt", C, False),
    2008: ("Application ID not found", C, False),
    2009: ("Reply Application ID not found", C, False),
    3000: ("Server Error", R, True),
    3001: ("Not Possible", R, False),
    3002: ("Message rejected", R, False),
    3003: ("Multiple addresses not supported", R, False),
    3004: ("Application Addressing not supported", R, False),
    4000: ("General service error", V, False),
    4001: ("Improper identification", V, False),
    4002: ("Unsupported version", V, False),
    4003: ("Unsupported operation", V, False),
    4004: ("Validation error", V, False),
    4005: ("Service error", V, False),
    4006: ("Service unavailable", V, True),
    4007: ("Service denied", V, False),
    4008: ("Application denied", V, False),
}


def test_table_holds_exactly_the_standard_codes() -> None:
    assert set(STANDARD) == set(EXPECTED)
    assert {int(code) for code in StatusCode} == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_standard_row(code: int) -> None:
    name, cls, retryable = EXPECTED[code]
    info = describe(code)
    assert (info.code, info.name, info.status_class, info.retryable) == (
        code,
        name,
        cls,
        retryable,
    )
    assert info.standard is True
    assert info.treat_as == code
    assert info.vendor is None
    assert info.meaning


def test_status_code_enum_is_usable_as_int() -> None:
    assert describe(StatusCode.VALIDATION_ERROR).name == "Validation error"
    assert StatusCode(4006) is StatusCode.SERVICE_UNAVAILABLE


def test_only_transient_codes_are_retryable() -> None:
    assert {code for code, info in STANDARD.items() if info.retryable} == {3000, 4006}


def test_every_findings_status_code_is_standard() -> None:
    assert {kind.status_code for kind in KINDS.values()} <= set(STANDARD)


@pytest.mark.parametrize(
    ("code", "cls", "treat_as", "retryable"),
    [
        (1001, S, 1000, False),
        (1999, S, 1000, False),
        (1101, P, 1100, False),
        (1199, P, 1100, False),
        (1200, S, 1000, False),
        (2010, C, 2000, False),
        (2999, C, 2000, False),
        (3005, R, 3000, True),
        (3999, R, 3000, True),
        (4009, V, 4000, False),
        (4999, V, 4000, False),
        (0, StatusClass.UNKNOWN, 3000, True),
        (999, StatusClass.UNKNOWN, 3000, True),
        (5000, StatusClass.UNKNOWN, 3000, True),
        (-2000, StatusClass.UNKNOWN, 3000, True),
        (20000, StatusClass.UNKNOWN, 3000, True),
    ],
)
def test_unknown_code_is_classed_by_thousands(
    code: int, cls: StatusClass, treat_as: int, retryable: bool
) -> None:
    info = describe(code)
    assert info.standard is False
    assert info.status_class is cls
    assert info.treat_as == treat_as
    assert info.retryable is retryable
    assert "not in the TS 23.140 table" in info.meaning
    assert str(treat_as) in info.meaning


@given(st.integers(min_value=-(10**6), max_value=10**6).filter(lambda c: c not in EXPECTED))
def test_any_unknown_code_is_treated_as_a_standard_code(code: int) -> None:
    info = describe(code)
    assert info.standard is False
    assert info.treat_as in STANDARD
    assert info.retryable is STANDARD[info.treat_as].retryable
    if 1000 <= code <= 4999:
        assert info.treat_as // 1000 == code // 1000
    else:
        assert info.status_class is StatusClass.UNKNOWN


# Sinch's MM7 status table (developers.sinch.com/docs/mms/7-service/mms-status-codes; the
# same table in github.com/sinch/docs, docs/mms/mm7-service/mm7-service-mms-status-codes.md).
SINCH_VENDOR_CODES: dict[int, str] = {
    2500: "Missing or Invalid HTTP header Content-Length or Content-Type",
    2502: "Missing destination address",
    2503: "Multiple destination addresses not supported",
    2504: "Missing source address",
    2505: "Missing or unsupported MM7 Version",
    2506: "Missing XML element - Content",
    2507: "Unsupported namespace",
    2510: "Missing or Invalid SOAP header",
    2511: "Missing or Invalid SOAP body",
    2512: "Unsupported operation",
    2513: "Unable to parse attachment",
    2514: "Invalid SOAP attachment header Content-Type",
    2515: "Invalid SOAP body part Content-Type",
    2550: "Account disabled",
    2551: "Account not Provisioned for MM7",
    2560: "Content length exceeded maximum supported request size",
    2561: "Invalid sender identification",
    2562: "Invalid VASID",
    2563: "Invalid source address",
    2564: "Invalid VASPID",
    2565: "Message rejected, reply charging not supported",
    2566: "Invalid carrier",
    2567: "Missing carrier ID",
    2568: "Unable to authenticate",
    3500: "Timeout",
    3510: "Throughput exceeded",
    3520: "Provisioning issue",
}


@pytest.mark.parametrize("code", sorted(SINCH_VENDOR_CODES))
def test_sinch_vendor_code(code: int) -> None:
    info = describe(code, "sinch")
    assert info.name == SINCH_VENDOR_CODES[code]
    assert info.vendor == "sinch"
    assert info.standard is False
    assert info.status_class is (C if code < 3000 else R)
    assert info.treat_as == code // 1000 * 1000
    assert 500 <= code % 1000 <= 999  # the spec's implementation-specific range


def test_sinch_retry_flags_follow_its_documentation() -> None:
    retryable = {code for code, s in get_profile("sinch").codes.items() if s.retryable}
    # 3000 system error, 3003 content fetch failed or too slow, 3500 carrier timeout,
    # 3510 throughput exceeded ("retry later"), 4006 carrier capacity ("retry later").
    assert retryable == {3000, 3003, 3500, 3510, 4006}


def test_sinch_overrides_standard_meanings() -> None:
    blacklisted = describe(3001, "sinch")
    assert blacklisted.name == "Number blacklisted"
    assert blacklisted.standard is True
    assert blacklisted.treat_as == 3001
    assert blacklisted.retryable is False
    assert describe(3001).name == "Not Possible"
    assert describe(3003, "sinch").name == "Multimedia download failed"


def test_sinch_submit_page_codes() -> None:
    for code in (2571, 2572):
        info = describe(code, "sinch")
        assert info.vendor == "sinch"
        assert "displayOnly" in info.name
        assert get_profile("sinch").codes[code].source.endswith("mm7_submit")


def test_sinch_profile_falls_back_for_codes_it_does_not_document() -> None:
    assert describe(2003, "sinch") == describe(2003)
    undocumented = describe(2501, "sinch")
    assert undocumented.vendor is None
    assert undocumented.standard is False
    assert undocumented.treat_as == 2000


def test_profile_name_is_case_insensitive() -> None:
    assert describe(3510, "Sinch") == describe(3510, "SINCH") == describe(3510, "sinch")


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(UnknownProfile, match="sinch") as caught:
        describe(1000, "nosuchvendor")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, Mm7Error)


def test_profiles_are_read_only_data_with_sources() -> None:
    assert set(PROFILES) == {"sinch"}
    sinch = PROFILES["sinch"]
    with pytest.raises(TypeError):
        sinch.codes[9999] = sinch.codes[3500]  # type: ignore[index]
    assert all(status.source.startswith("https://") for status in sinch.codes.values())
    assert all(status.name and status.meaning for status in sinch.codes.values())


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ReplyKind.RESPONSE, 200),
        (ReplyKind.FAULT, 500),
        ("response", 200),
        ("fault", 500),
    ],
)
def test_http_status_for(kind: ReplyKind | str, status: int) -> None:
    assert http_status_for(kind) == status


def test_http_status_for_unknown_kind() -> None:
    with pytest.raises(ValueError):
        http_status_for("error")
