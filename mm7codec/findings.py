"""Findings: what the decoder and the checker say about a message, defined in one table.

Every deviation the codec can name has one row in :data:`KINDS`: a stable code, a severity,
the MM7 status code a peer should receive for it, and whether lenient decoding can repair it.
The decoder, the checker and the documentation all read this table; nothing else invents codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is. Strict decoding refuses a message with any ERROR."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class FindingKind:
    """One row of the findings table."""

    code: str
    severity: Severity
    status_code: int
    summary: str
    repairable: bool


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation about one message: what, where, and what a peer should be told."""

    code: str
    severity: Severity
    status_code: int
    where: str
    message: str
    repaired: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "status_code": self.status_code,
            "where": self.where,
            "message": self.message,
            "repaired": self.repaired,
        }


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# MM7 status codes used below (TS 23.140 table; see mm7codec.status):
# 2007 message format corrupt, 2004 multimedia content refused, 4002 unsupported version,
# 4003 unsupported operation, 4004 validation error.
_ROWS: tuple[tuple[str, Severity, int, bool, str], ...] = (
    # -- HTTP dump ------------------------------------------------------------------------
    ("HTTP_MALFORMED", ERR, 2007, False, "the HTTP head cannot be parsed"),
    ("HTTP_OBS_FOLD", WARN, 2007, True, "an HTTP header is folded over lines (RFC 9112 obs-fold)"),
    ("HTTP_CONTENT_LENGTH", WARN, 2007, True, "Content-Length does not match the body"),
    ("HTTP_CONTENT_ENCODING", ERR, 2007, False, "the body's Content-Encoding cannot be undone"),
    ("HTTP_CONTENT_TYPE", WARN, 2007, True, "SOAP 1.1 is carried as text/xml, not this media type"),
    ("HTTP_MORE_MESSAGES", INFO, 1000, False, "the dump holds more HTTP messages than this one"),
    ("HTTP_SOAPACTION", INFO, 2007, False, "SOAPAction header missing or unusual"),
    # -- MIME framing (SOAP with attachments) ---------------------------------------------
    ("MIME_NO_CONTENT_TYPE", ERR, 2007, True, "no content type was given for the body"),
    ("MIME_BAD_CONTENT_TYPE", ERR, 2007, True, "a Content-Type header cannot be parsed"),
    ("MIME_LINE_ENDINGS", ERR, 2007, True, "MIME lines end in bare LF or mixed line endings"),
    ("MIME_PARAM_CASE", INFO, 2007, True, "a MIME parameter name is not lower-case"),
    ("MIME_BOUNDARY_MISSING", ERR, 2007, True, "multipart without a boundary parameter"),
    ("MIME_BOUNDARY_NOT_FOUND", ERR, 2007, False, "the boundary never occurs in the body"),
    ("MIME_CLOSE_DELIMITER_MISSING", ERR, 2007, True, "the closing boundary delimiter is missing"),
    ("MIME_NO_BLANK_LINE", ERR, 2007, True, "no blank line between part headers and body"),
    ("MIME_HEADER_SYNTAX", ERR, 2007, True, "a part header line is not 'Name: value'"),
    ("MIME_TYPE_PARAM", ERR, 2007, True, "multipart/related type parameter missing or wrong"),
    ("MIME_START_MISSING", ERR, 2007, True, "multipart/related without a start parameter"),
    ("MIME_START_UNBRACKETED", ERR, 2007, True, "start parameter is not a bracketed Content-ID"),
    ("MIME_START_NOT_FOUND", ERR, 2007, True, "no part has the Content-ID named by start"),
    ("MIME_ROOT_NOT_FIRST", INFO, 2007, True, "the root part is not the first part"),
    ("MIME_CONTENT_ID_SYNTAX", ERR, 2007, True, "Content-ID is not a bracketed msg-id"),
    ("MIME_CONTENT_ID_DUPLICATE", ERR, 2007, False, "two parts share one Content-ID"),
    ("MIME_CONTENT_ID_UNUSABLE", ERR, 2007, False, "a Content-ID has non-ASCII, space or <>"),
    ("MIME_HEADER_CONTROL", ERR, 2007, True, "a part header value holds a control character"),
    ("MIME_TRANSFER_ENCODING", ERR, 2007, True, "unknown or invalid Content-Transfer-Encoding"),
    ("MIME_BASE64", ERR, 2007, True, "base64 content is not valid"),
    ("MIME_MULTIPART_ON_XML", ERR, 2007, True, "declared multipart, but the body is bare XML"),
    ("MIME_EMPTY_PART", WARN, 2007, False, "a MIME part is empty"),
    ("MIME_MULTIPART_EMPTY", ERR, 2007, False, "a nested multipart holds no parts"),
    ("MIME_NESTED", INFO, 2007, False, "content is a nested multipart"),
    ("REF_UNRESOLVED", ERR, 2007, False, "a cid: or Content-Location reference matches no part"),
    ("REF_SYNTAX", ERR, 2007, True, "a content reference is not a valid cid: URI"),
    ("REF_HREF_QUALIFIED", ERR, 4004, True, "the href attribute is namespace-qualified"),
    # -- XML -------------------------------------------------------------------------------
    ("XML_NOT_WELL_FORMED", ERR, 2007, False, "the SOAP part is not well-formed XML"),
    ("XML_DOCTYPE", ERR, 2007, False, "a DOCTYPE (DTD or entity declarations) is present"),
    ("XML_LEADING_DATA", ERR, 2007, True, "whitespace or bytes before the XML declaration"),
    ("XML_TRAILING_DATA", ERR, 2007, True, "bytes follow the end of the SOAP envelope"),
    ("XML_PROCESSING_INSTRUCTION", ERR, 2007, True, "a processing instruction (SOAP 1.1 forbids)"),
    ("XML_NAMESPACE_URI", ERR, 2007, True, "a namespace URI contains whitespace"),
    ("XML_CHARSET_MISMATCH", ERR, 2007, True, "the bytes do not match the declared charset"),
    ("XML_CHARSET_ALIAS", WARN, 2007, True, "a charset is named by a non-standard alias"),
    ("XML_SCHEMA_LOCATION", WARN, 2007, True, "an xsi:schemaLocation hint (never fetched)"),
    # -- SOAP 1.1 --------------------------------------------------------------------------
    ("SOAP_ENVELOPE_MISSING", ERR, 2007, True, "an MM7 body with no SOAP Envelope around it"),
    ("SOAP_ENVELOPE_NAMESPACE", ERR, 2007, True, "the Envelope is not in the SOAP 1.1 namespace"),
    ("SOAP_STRUCTURE", ERR, 2007, False, "the Envelope is not Header? Body"),
    ("SOAP_HEADER_MISSING", ERR, 2007, False, "the Envelope has no Header (MM7 needs one)"),
    ("SOAP_BODY_CONTENT", ERR, 2007, False, "the Body does not hold exactly one element"),
    ("SOAP_FAULT_QUALIFIED", ERR, 2007, True, "Fault children are namespace-qualified"),
    ("SOAP_FAULTCODE", ERR, 2007, True, "faultcode is not a qualified name in the SOAP namespace"),
    (
        "SOAP_FAULT_STRUCTURE",
        ERR,
        2007,
        False,
        "the Fault is not faultcode, faultstring, faultactor?, detail? (parts quoted)",
    ),
    ("SOAP_FAULT_DETAIL", ERR, 4004, False, "a Fault's detail holds no RSErrorRsp or VASPErrorRsp"),
    # -- MM7 rules ---------------------------------------------------------------------------
    ("MM7_TRANSACTION_ID_MISSING", ERR, 4004, False, "no TransactionID in the SOAP Header"),
    (
        "MM7_TRANSACTION_ID_REPEATED",
        ERR,
        4004,
        True,
        "the Header holds more than one TransactionID",
    ),
    ("MM7_TRANSACTION_ID_EMPTY", ERR, 4004, False, "the TransactionID is empty"),
    ("MM7_TRANSACTION_ID_SPACE", ERR, 4004, True, "whitespace around the TransactionID"),
    ("MM7_MUST_UNDERSTAND", ERR, 4004, True, 'TransactionID lacks mustUnderstand="1"'),
    ("MM7_UNKNOWN_NAMESPACE", ERR, 4002, True, "the MM7 namespace is not a known release"),
    ("MM7_UNQUALIFIED", ERR, 4004, True, "MM7 elements are in no namespace"),
    ("MM7_NAMESPACE_MISMATCH", ERR, 4004, True, "header and body are in different releases"),
    ("MM7_VERSION_NOT_ACCEPTED", ERR, 4002, True, "MM7Version not accepted by this release"),
    ("MM7_VERSION_MISSING", ERR, 4004, False, "the message has no MM7Version"),
    ("MM7_UNKNOWN_MESSAGE", ERR, 4003, False, "the Body holds no known MM7 message"),
    ("MM7_ELEMENT_ORDER", ERR, 4004, True, "children are not in schema order"),
    ("MM7_ELEMENT_REPEATED", ERR, 4004, True, "an element the schema allows once comes again"),
    ("MM7_ENUM_VALUE", ERR, 4004, True, "a value is not in the schema enumeration"),
    ("MM7_BOOLEAN", ERR, 4004, True, "a boolean is not one of true, false, 1, 0"),
    ("MM7_UNKNOWN_ELEMENT", ERR, 4004, True, "an element the release does not define"),
    ("MM7_RENAMED_ELEMENT", ERR, 4004, True, "an element under the name another release gives it"),
    ("MM7_XSI_TYPE", ERR, 4004, True, "an xsi:type names a type the release does not define"),
    ("MM7_DATE_FORMAT", ERR, 4004, True, "a date is not in xs:dateTime form (RFC 822, compact)"),
    ("MM7_ADDRESS_TEXT", ERR, 4004, True, "an address written as bare text, not Number etc."),
    ("MM7_EMPTY_ELEMENT", ERR, 4004, True, "an optional element with no value; read as absent"),
    ("MM7_EMPTY_CONTENT", ERR, 4004, True, "whitespace inside an element whose type is empty"),
    ("MM7_SOAP_ATTRIBUTE", ERR, 4004, True, "a SOAP attribute (encodingStyle, actor) on MM7 data"),
    ("MM7_VALUE_DROPPED", ERR, 4004, False, "a value the message cannot hold; quoted, dropped"),
    ("MM7_STATUS_CODE_UNKNOWN", WARN, 4004, False, "a status code not in TS 23.140"),
    ("MM7_NUMBER_FORMAT", WARN, 2002, True, "a number is not international format without + or 00"),
    ("MM7_RELEASE_FALLBACK", WARN, 4002, True, "bound through the nearest known release"),
    ("XSD_INVALID", ERR, 4004, False, "the message does not validate against its release schema"),
    # -- Resource limits (hostile or oversized input) -----------------------------------------
    ("LIMIT_BODY_SIZE", ERR, 2004, False, "the body exceeds the size limit"),
    ("LIMIT_PARTS", ERR, 2004, False, "the body has more MIME parts than allowed"),
    ("LIMIT_MIME_DEPTH", ERR, 2007, False, "multipart nesting deeper than allowed"),
    ("LIMIT_HEADER_SIZE", ERR, 2007, False, "a header section exceeds the size limit"),
    ("LIMIT_XML_DEPTH", ERR, 2007, False, "XML nesting deeper than allowed"),
    ("LIMIT_XML_ELEMENTS", ERR, 2007, False, "more XML elements than allowed"),
)

KINDS: dict[str, FindingKind] = {
    code: FindingKind(code, severity, status, summary, repairable)
    for code, severity, status, repairable, summary in _ROWS
}


def finding(code: str, where: str, message: str, *, repaired: bool = False) -> Finding:
    """Make a finding of a kind from the table (a KeyError is a bug: add the row)."""
    kind = KINDS[code]
    return Finding(code, kind.severity, kind.status_code, where, message, repaired)


def worst_status(findings: list[Finding] | tuple[Finding, ...]) -> int:
    """The status code to answer with: that of the first error, else 1000 (success)."""
    for item in findings:
        if item.severity is Severity.ERROR:
            return item.status_code
    return 1000
