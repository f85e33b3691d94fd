"""MM7 status codes: the TS 23.140 table, how to class any code, and vendor profiles.

A peer answers every MM7 request with a four-digit StatusCode. The first digit is the class
(1 success, 2 client error, 3 server error, 4 service error). TS 23.140 makes the table
extensible: a code a peer does not recognise is treated as the x000 code of its class, a code
outside the four classes as 3000, and implementation-specific codes live in x500-x999. Vendors
use that room (Sinch: 25xx, 35xx), so their codes are described by data in :data:`PROFILES`.

``retryable`` answers one question: can sending the *same* request again succeed? It is true
only for passing conditions (a busy or failing server), never for a request that is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from types import MappingProxyType

from mm7codec.errors import Mm7Error


class StatusClass(Enum):
    """The class of a status code, from its leading digit (1100-1199: partial success)."""

    SUCCESS = "success"
    PARTIAL_SUCCESS = "partial-success"
    CLIENT_ERROR = "client-error"
    SERVER_ERROR = "server-error"
    SERVICE_ERROR = "service-error"
    UNKNOWN = "unknown"


class StatusCode(IntEnum):
    """The status codes of the TS 23.140 table."""

    SUCCESS = 1000
    PARTIAL_SUCCESS = 1100
    CLIENT_ERROR = 2000
    OPERATION_RESTRICTED = 2001
    ADDRESS_ERROR = 2002
    ADDRESS_NOT_FOUND = 2003
    MULTIMEDIA_CONTENT_REFUSED = 2004
    MESSAGE_ID_NOT_FOUND = 2005
    LINKED_ID_NOT_FOUND = 2006
    MESSAGE_FORMAT_CORRUPT = 2007
    APPLICATION_ID_NOT_FOUND = 2008
    REPLY_APPLICATION_ID_NOT_FOUND = 2009
    SERVER_ERROR = 3000
    NOT_POSSIBLE = 3001
    MESSAGE_REJECTED = 3002
    MULTIPLE_ADDRESSES_NOT_SUPPORTED = 3003
    APPLICATION_ADDRESSING_NOT_SUPPORTED = 3004
    GENERAL_SERVICE_ERROR = 4000
    IMPROPER_IDENTIFICATION = 4001
    UNSUPPORTED_VERSION = 4002
    UNSUPPORTED_OPERATION = 4003
    VALIDATION_ERROR = 4004
    SERVICE_ERROR = 4005
    SERVICE_UNAVAILABLE = 4006
    SERVICE_DENIED = 4007
    APPLICATION_DENIED = 4008


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """What a status code means: name, class, whether a retry can help, and where it is from.

    ``standard`` says whether the code is in the TS 23.140 table; ``treat_as`` is the code a
    peer that does not know this one must act on (the code itself when it is standard);
    ``vendor`` names the profile the name and meaning came from, if any.
    """

    code: int
    name: str
    status_class: StatusClass
    retryable: bool
    standard: bool
    treat_as: int
    meaning: str
    vendor: str | None = None


@dataclass(frozen=True, slots=True)
class VendorStatus:
    """One status code as a vendor documents it (name as the vendor spells it)."""

    name: str
    retryable: bool
    meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class VendorProfile:
    """One vendor's documented status codes, as data."""

    key: str
    title: str
    codes: Mapping[int, VendorStatus]


class UnknownProfile(Mm7Error, LookupError):
    """A vendor profile was asked for by a name that :data:`PROFILES` does not hold."""


S, P = StatusClass.SUCCESS, StatusClass.PARTIAL_SUCCESS
C, R, V = StatusClass.CLIENT_ERROR, StatusClass.SERVER_ERROR, StatusClass.SERVICE_ERROR

# code, name (TS 23.140 status text), class, retryable, meaning.
# Retryable is true only where the table itself describes a passing condition: 3000 (a server
# failed an apparently valid request) and 4006 (server temporarily unavailable, e.g. busy).
# Every other code describes a request that is wrong, refused, or already settled; 4005 says
# outright that the request should not be resent. 1100 is not retryable: resending would
# repeat the parts that succeeded.
_ROWS: tuple[tuple[StatusCode, str, StatusClass, bool, str], ...] = (
    (StatusCode.SUCCESS, "Success", S, False, "the request was carried out in full"),
    (
        StatusCode.PARTIAL_SUCCESS,
        "Partial success",
        P,
        False,
        "only part of the request was carried out; lower digits and Details say which part",
    ),
    (StatusCode.CLIENT_ERROR, "Client error", C, False, "the client's request is invalid"),
    (
        StatusCode.OPERATION_RESTRICTED,
        "Operation restricted",
        C,
        False,
        "refused: the client lacks permission for the command",
    ),
    (
        StatusCode.ADDRESS_ERROR,
        "Address Error",
        C,
        False,
        "an address is not in a recognised format or is not served by this MMSC",
    ),
    (
        StatusCode.ADDRESS_NOT_FOUND,
        "Address Not Found",
        C,
        False,
        "an address given in the request could not be located",
    ),
    (
        StatusCode.MULTIMEDIA_CONTENT_REFUSED,
        "Multimedia content refused",
        C,
        False,
        "the MIME content cannot be parsed, or its size or media type is not accepted",
    ),
    (
        StatusCode.MESSAGE_ID_NOT_FOUND,
        "Message ID Not found",
        C,
        False,
        "no earlier message has the MessageID the request names",
    ),
    (
        StatusCode.LINKED_ID_NOT_FOUND,
        "LinkedID not found",
        C,
        False,
        "no message matches the LinkedID given",
    ),
    (
        StatusCode.MESSAGE_FORMAT_CORRUPT,
        "Message format corrupt",
        C,
        False,
        "an element value is in an inappropriate or incorrect format",
    ),
    (
        StatusCode.APPLICATION_ID_NOT_FOUND,
        "Application ID not found",
        C,
        False,
        "the application ID addressed is not known",
    ),
    (
        StatusCode.REPLY_APPLICATION_ID_NOT_FOUND,
        "Reply Application ID not found",
        C,
        False,
        "the reply application ID given is not known",
    ),
    (
        StatusCode.SERVER_ERROR,
        "Server Error",
        R,
        True,
        "the server failed to carry out an apparently valid request",
    ),
    (
        StatusCode.NOT_POSSIBLE,
        "Not Possible",
        R,
        False,
        "the request cannot be carried out, e.g. cancelling a message already delivered",
    ),
    (
        StatusCode.MESSAGE_REJECTED,
        "Message rejected",
        R,
        False,
        "the server could not complete the service requested for this message",
    ),
    (
        StatusCode.MULTIPLE_ADDRESSES_NOT_SUPPORTED,
        "Multiple addresses not supported",
        R,
        False,
        "not supported for several recipients; resubmit as single-recipient requests",
    ),
    (
        StatusCode.APPLICATION_ADDRESSING_NOT_SUPPORTED,
        "Application Addressing not supported",
        R,
        False,
        "the server does not support addressing applications",
    ),
    (
        StatusCode.GENERAL_SERVICE_ERROR,
        "General service error",
        V,
        False,
        "the requested service cannot be fulfilled",
    ),
    (
        StatusCode.IMPROPER_IDENTIFICATION,
        "Improper identification",
        V,
        False,
        "the identification in the request does not uniquely identify the client",
    ),
    (
        StatusCode.UNSUPPORTED_VERSION,
        "Unsupported version",
        V,
        False,
        "the MM7Version of the request is not supported",
    ),
    (
        StatusCode.UNSUPPORTED_OPERATION,
        "Unsupported operation",
        V,
        False,
        "the request type is not supported by the server",
    ),
    (
        StatusCode.VALIDATION_ERROR,
        "Validation error",
        V,
        False,
        "the SOAP or XML cannot be parsed, a mandatory field is missing, or the format is wrong",
    ),
    (
        StatusCode.SERVICE_ERROR,
        "Service error",
        V,
        False,
        "the operation caused a server failure and should not be resent",
    ),
    (
        StatusCode.SERVICE_UNAVAILABLE,
        "Service unavailable",
        V,
        True,
        "the server is temporarily unavailable, e.g. busy",
    ),
    (
        StatusCode.SERVICE_DENIED,
        "Service denied",
        V,
        False,
        "the client is not permitted to perform the operation",
    ),
    (
        StatusCode.APPLICATION_DENIED,
        "Application denied",
        V,
        False,
        "the application is not permitted to perform the operation",
    ),
)

STANDARD: Mapping[int, StatusInfo] = MappingProxyType(
    {
        int(code): StatusInfo(int(code), name, cls, retry, True, int(code), meaning)
        for code, name, cls, retry, meaning in _ROWS
    }
)
"""The TS 23.140 status-code table, keyed by code."""

_SINCH_TABLE = (
    "https://developers.sinch.com/docs/mms/7-service/mms-status-codes "
    "(sinch/docs: docs/mms/mm7-service/mm7-service-mms-status-codes.md)"
)
_SINCH_SUBMIT = "https://developers.sinch.com/docs/mms/7-service/mm7_submit"

# code, name as Sinch spells it, retryable, meaning (paraphrased), source.
# Sinch reuses some standard codes with meanings of its own (3001-3003); those rows win over
# the standard table when the profile is asked for. 2571 and 2572 are documented on the
# submit page without a status text: their names here describe the documented condition.
_SINCH_ROWS: tuple[tuple[int, str, bool, str, str], ...] = (
    (1000, "Success", False, "request parsed and validated", _SINCH_TABLE),
    (2000, "Client error", False, "invalid IP address or protocol", _SINCH_TABLE),
    (2002, "Address Error", False, "invalid address", _SINCH_TABLE),
    (2004, "Multimedia refused", False, "the carrier refuses the content", _SINCH_TABLE),
    (2007, "Unable to parse request", False, "message format corrupt", _SINCH_TABLE),
    (
        2500,
        "Missing or Invalid HTTP header Content-Length or Content-Type",
        False,
        "Content-Length or Content-Type is missing or invalid",
        _SINCH_TABLE,
    ),
    (
        2502,
        "Missing destination address",
        False,
        "no recipient given in the form the MM7 version expects",
        _SINCH_TABLE,
    ),
    (
        2503,
        "Multiple destination addresses not supported",
        False,
        "one recipient per message; send several messages instead",
        _SINCH_TABLE,
    ),
    (
        2504,
        "Missing source address",
        False,
        "no sender address given in the form the MM7 version expects",
        _SINCH_TABLE,
    ),
    (
        2505,
        "Missing or unsupported MM7 Version",
        False,
        "MM7Version missing, not supported, or not of the form x.y.z",
        _SINCH_TABLE,
    ),
    (
        2506,
        "Missing XML element - Content",
        False,
        "the SubmitReq has no Content element",
        _SINCH_TABLE,
    ),
    (2507, "Unsupported namespace", False, "a namespace is not supported", _SINCH_TABLE),
    (
        2510,
        "Missing or Invalid SOAP header",
        False,
        "the SOAP Header must hold the TransactionID only",
        _SINCH_TABLE,
    ),
    (
        2511,
        "Missing or Invalid SOAP body",
        False,
        "the SOAP Body must hold the SubmitReq",
        _SINCH_TABLE,
    ),
    (2512, "Unsupported operation", False, "only SubmitReq is supported", _SINCH_TABLE),
    (
        2513,
        "Unable to parse attachment",
        False,
        "an attachment is missing or badly encoded",
        _SINCH_TABLE,
    ),
    (
        2514,
        "Invalid SOAP attachment header Content-Type",
        False,
        "an attachment's Content-Type header is malformed",
        _SINCH_TABLE,
    ),
    (
        2515,
        "Invalid SOAP body part Content-Type",
        False,
        "the SOAP envelope part's Content-Type header is malformed",
        _SINCH_TABLE,
    ),
    (2550, "Account disabled", False, "the account is no longer provisioned for MMS", _SINCH_TABLE),
    (
        2551,
        "Account not Provisioned for MM7",
        False,
        "the account is not provisioned for the MM7 API",
        _SINCH_TABLE,
    ),
    (
        2560,
        "Content length exceeded maximum supported request size",
        False,
        "the request is too large; send smaller content",
        _SINCH_TABLE,
    ),
    (
        2561,
        "Invalid sender identification",
        False,
        "sender identification missing or invalid",
        _SINCH_TABLE,
    ),
    (2562, "Invalid VASID", False, "the VASID (Sinch service ID) is wrong", _SINCH_TABLE),
    (
        2563,
        "Invalid source address",
        False,
        "the short code is wrong or not provisioned",
        _SINCH_TABLE,
    ),
    (2564, "Invalid VASPID", False, "the VASPID (Sinch API key) is wrong", _SINCH_TABLE),
    (
        2565,
        "Message rejected, reply charging not supported",
        False,
        "reply charging is not supported",
        _SINCH_TABLE,
    ),
    (2566, "Invalid carrier", False, "the carrier ID is not valid", _SINCH_TABLE),
    (2567, "Missing carrier ID", False, "a carrier ID is required", _SINCH_TABLE),
    (
        2568,
        "Unable to authenticate",
        False,
        "HTTP Authorization credentials wrong or malformed",
        _SINCH_TABLE,
    ),
    (
        2571,
        "displayOnly true for every recipient",
        False,
        "group message where no recipient has displayOnly=false",
        _SINCH_SUBMIT,
    ),
    (
        2572,
        "displayOnly false for more than one recipient",
        False,
        "group message where several recipients have displayOnly=false",
        _SINCH_SUBMIT,
    ),
    (3000, "System error", True, "internal system or service error", _SINCH_TABLE),
    (
        3001,
        "Number blacklisted",
        False,
        "the recipient is blacklisted; Sinch says not to retry",
        _SINCH_TABLE,
    ),
    (
        3002,
        "Charged party not supported",
        False,
        "the ChargedParty given is not supported",
        _SINCH_TABLE,
    ),
    (
        3003,
        "Multimedia download failed",
        True,
        "fetching content by URL failed or took too long",
        _SINCH_TABLE,
    ),
    (3500, "Timeout", True, "the carrier gateway timed out", _SINCH_TABLE),
    (3510, "Throughput exceeded", True, "sending too fast; retry later", _SINCH_TABLE),
    (
        3520,
        "Provisioning issue",
        False,
        "a provisioning problem; contact the account manager",
        _SINCH_TABLE,
    ),
    (4000, "General service error", False, "the carrier rejects the message", _SINCH_TABLE),
    (
        4002,
        "Unsuported MM7 version",
        False,
        "the carrier does not support this MM7 version",
        _SINCH_TABLE,
    ),
    (
        4003,
        "Unsupported operation",
        False,
        "the carrier does not support the operation or format",
        _SINCH_TABLE,
    ),
    (4004, "Validation error", False, "validation error", _SINCH_TABLE),
    (4006, "Service unavailable", True, "carrier capacity reached; retry later", _SINCH_TABLE),
    (
        4007,
        "Service denied",
        False,
        "the carrier denies service for the recipient address",
        _SINCH_TABLE,
    ),
)

PROFILES: Mapping[str, VendorProfile] = MappingProxyType(
    {
        "sinch": VendorProfile(
            "sinch",
            "Sinch MM7 service",
            MappingProxyType(
                {
                    code: VendorStatus(name, retry, meaning, source)
                    for code, name, retry, meaning, source in _SINCH_ROWS
                }
            ),
        ),
    }
)
"""Vendor profiles by lower-case key: each vendor's documented codes, with sources."""

_CLASS_BY_DIGIT: Mapping[int, StatusClass] = MappingProxyType({1: S, 2: C, 3: R, 4: V})
_CLASS_LABEL: Mapping[StatusClass, str] = MappingProxyType(
    {
        S: "success",
        P: "partial success",
        C: "client error",
        R: "server error",
        V: "service error",
        StatusClass.UNKNOWN: "status code",
    }
)


def _class_of(code: int) -> StatusClass:
    """Class a code by its thousands digit; 1100-1199 refine 1100 (partial success)."""
    if 1100 <= code <= 1199:
        return P
    if 1000 <= code <= 4999:
        return _CLASS_BY_DIGIT[code // 1000]
    return StatusClass.UNKNOWN


def _treat_as(code: int, cls: StatusClass) -> int:
    """The standard code a peer acts on for a code it does not know (TS 23.140 rule)."""
    if cls is P:
        return int(StatusCode.PARTIAL_SUCCESS)
    if cls is StatusClass.UNKNOWN:
        return int(StatusCode.SERVER_ERROR)
    return code // 1000 * 1000


def get_profile(name: str) -> VendorProfile:
    """The vendor profile called ``name`` (case-insensitive), or :class:`UnknownProfile`."""
    try:
        return PROFILES[name.lower()]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise UnknownProfile(f"no vendor profile {name!r} (known: {known})") from None


def describe(code: int, profile: str | None = None) -> StatusInfo:
    """Describe any status code: a named vendor profile, then the standard table, then its class.

    A vendor profile, when named, wins for the codes it documents. A code found nowhere is
    classed by its thousands digit and treated as that class's x000 code (3000 outside the
    four classes), as TS 23.140 requires of a peer that does not recognise it.
    """
    if profile is not None:
        vendor = get_profile(profile)
        entry = vendor.codes.get(code)
        if entry is not None:
            cls = _class_of(code)
            standard = code in STANDARD
            return StatusInfo(
                code=code,
                name=entry.name,
                status_class=cls,
                retryable=entry.retryable,
                standard=standard,
                treat_as=code if standard else _treat_as(code, cls),
                meaning=entry.meaning,
                vendor=vendor.key,
            )
    known = STANDARD.get(code)
    if known is not None:
        return known
    cls = _class_of(code)
    treat_as = _treat_as(code, cls)
    fallback = STANDARD[treat_as]
    return StatusInfo(
        code=code,
        name=f"Unrecognised {_CLASS_LABEL[cls]}",
        status_class=cls,
        retryable=fallback.retryable,
        standard=False,
        treat_as=treat_as,
        meaning=f"not in the TS 23.140 table; treated as {treat_as} ({fallback.name})",
    )


class ReplyKind(Enum):
    """What an MM7 reply carries: a response element, or a SOAP Fault (e.g. RSErrorRsp)."""

    RESPONSE = "response"
    FAULT = "fault"


_HTTP_STATUS: Mapping[ReplyKind, int] = MappingProxyType(
    {ReplyKind.RESPONSE: 200, ReplyKind.FAULT: 500}
)


def http_status_for(reply_kind: ReplyKind | str) -> int:
    """The HTTP status of a reply: 200 for an MM7 response, 500 for a SOAP Fault (SOAP 1.1).

    A string is read as a :class:`ReplyKind` value ("response" or "fault"); anything else
    raises ValueError.
    """
    return _HTTP_STATUS[ReplyKind(reply_kind)]
