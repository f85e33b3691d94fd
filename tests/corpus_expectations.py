"""Independent expectations for the captured/published MM7 corpus (``../shared/corpus``).

Every entry was written by reading the bytes of the corpus file (``cat -A``, ``xxd``), checking
well-formedness with lxml and validating the MM7 body element against the published schema of its
namespace. No mm7codec code was run or imported to produce them: this is an oracle for the codec's
own tests, not a snapshot of its output.

The corpus holds 36 message files (``SHA256SUMS`` lists 36; the two other files are MANIFEST.md
and SHA256SUMS itself). Where MANIFEST.md and the bytes disagree the bytes were followed; the
``why`` of each entry says what decided it.

Conventions:

* ``strict_codes`` holds only codes that strict decoding must certainly report; the codec may report
  more (e.g. XSD_INVALID alongside a specific MM7_* code). Files refused in both modes carry
  ``{"XML_NOT_WELL_FORMED"}`` and ``None`` for every lenient field.
* ``release`` is the release the lenient decoder binds the body to. A non-accepted MM7Version that
  no schema accepts (``1.0``, ``1.6``, ``6.7.0``) binds to the release of the declared namespace; a
  body with no MM7 namespace at all binds through its MM7Version (6.8.0: only REL-6-MM7-1-4).
* ``attachment_leaves`` counts leaf MIME parts other than the SOAP root, through nested multiparts.
* Not judged deviations here (no code in the list, and nothing in the brief makes them refusals):
  HTTP heads with bare LF, Content-Length values that disagree with the body (every HTTP sample but
  instantcom's), transport padding after delimiters, ``Content-Type:`` without a space, Content-IDs
  such as ``</cmvt256/mm7-deliver>`` without an ``@`` (the TS 23.140 annex style).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expectation:
    strict_ok: bool  # True only if the file is fully conformant
    strict_codes: frozenset[str]  # codes strict must report (a subset; empty if ok)
    lenient_ok: bool  # False if refused in both modes (not well-formed etc.)
    message_type: str | None  # e.g. "DeliverReq", "RSErrorRsp"; None when lenient refuses
    release: str | None  # release the lenient decoder binds it to
    transaction_id: str | None  # stripped; "" when empty
    attachment_leaves: int | None  # leaf parts other than the SOAP root
    why: str  # what in the bytes decides it


def _ok(message_type: str, release: str, transaction_id: str, why: str) -> Expectation:
    return Expectation(True, frozenset(), True, message_type, release, transaction_id, 0, why)


def _bad(
    codes: set[str],
    message_type: str,
    release: str,
    transaction_id: str,
    leaves: int,
    why: str,
) -> Expectation:
    return Expectation(
        False, frozenset(codes), True, message_type, release, transaction_id, leaves, why
    )


def _refused(why: str) -> Expectation:
    refused = frozenset({"XML_NOT_WELL_FORMED"})
    return Expectation(False, refused, False, None, None, None, None, why)


R5_0 = "REL-5-MM7-1-0"
R5_2 = "REL-5-MM7-1-2"
R5_3 = "REL-5-MM7-1-3"
R6_4 = "REL-6-MM7-1-4"

EXPECTATIONS: dict[str, Expectation] = {
    # ---------------------------------------------------------------- vnesek/instantcom-mm7
    "instantcom-mm7__deliver-req-post.txt": _bad(
        {
            "MIME_LINE_ENDINGS",
            "REF_UNRESOLVED",
            "MM7_VERSION_NOT_ACCEPTED",
            "MM7_ELEMENT_ORDER",
            "MM7_TRANSACTION_ID_SPACE",
        },
        "DeliverReq",
        R6_4,
        "vas00324-dlvr",
        1,
        "HTTP POST, bare-LF multipart; href cid:forecast-location200102-86453 vs part "
        "<forecast-location2000102-86453> (dangling); MM7Version 6.7.0 not in REL-6-MM7-1-4; "
        "VASPID/VASID before MMSRelayServerID; TransactionID wrapped in LF/tabs",
    ),
    "instantcom-mm7__deliver-req1.txt": _bad(
        {
            "MIME_LINE_ENDINGS",
            "MIME_BOUNDARY_MISSING",
            "MM7_VERSION_NOT_ACCEPTED",
            "MM7_ELEMENT_ORDER",
            "MM7_TRANSACTION_ID_SPACE",
        },
        "DeliverReq",
        R6_4,
        "vas00324-dlvr",
        1,
        "MIME body only (boundary only from first line), bare LF; href cid:forecast-location"
        "2000102-86453 DOES match the part here; 6.7.0 not accepted; MMSRelayServerID after "
        "VASID; TransactionID whitespace-padded",
    ),
    "instantcom-mm7__deliver-req2.txt": _bad(
        {
            "MIME_LINE_ENDINGS",
            "MIME_BOUNDARY_MISSING",
            "REF_UNRESOLVED",
            "MM7_VERSION_NOT_ACCEPTED",
            "MM7_ELEMENT_ORDER",
            "MM7_TRANSACTION_ID_SPACE",
        },
        "DeliverReq",
        R6_4,
        "vas00324-dlvr",
        2,
        "MIME body only, bare LF; href cid:forecast-location2000102-86453 but parts are "
        "<SaturnPics-01020930@news.tnn.com> (multipart/mixed: text/plain + image/gif = 2 leaves); "
        "6.7.0 not accepted; order; padded TransactionID",
    ),
    "instantcom-mm7__fault.xml": _bad(
        {"SOAP_FAULTCODE"},
        "RSErrorRsp",
        R6_4,
        "123456",
        0,
        "bare envelope, Fault with <faultcode>Client</faultcode> (unprefixed, no default ns: not "
        "a SOAP-ENV QName); detail RSErrorRsp 4002 REL-6-MM7-1-4/6.8.0 is XSD-valid",
    ),
    "instantcom-mm7__fault_02.xml": _bad(
        {"SOAP_FAULT_QUALIFIED"},
        "RSErrorRsp",
        R5_3,
        "0_1500103103727",
        0,
        "CRLF bare envelope; env:faultcode/env:faultstring/env:detail qualified (SOAP 1.1 wants "
        "them unqualified); faultcode env:Client fine; RSErrorRsp 2002 REL-5-MM7-1-3/5.3.0 valid",
    ),
    # ---------------------------------------------------------------- seoultel KT(F) samples
    "seoultel-mms-direct__ktf__MM7_RS_error.RES.xml": _bad(
        {"MM7_TRANSACTION_ID_EMPTY", "MM7_UNQUALIFIED", "MM7_VERSION_NOT_ACCEPTED"},
        "RSErrorRsp",
        R5_2,
        "",
        0,
        "self-closed empty <mm7:TransactionID .../>; bare mm7:RSErrorRsp in Body with unprefixed "
        "(no-namespace) children; MM7Version 1.0; euc-kr declared but all bytes ASCII",
    ),
    "seoultel-mms-direct__ktf__MM7_VASP_error.RES.xml": _refused(
        "<mm7:VASPErrorRsp> closed by </mm7:RSErrorRsp>: mismatched tags, not well-formed"
    ),
    "seoultel-mms-direct__ktf__MM7_delivery_report.REQ.xml": _bad(
        {"MM7_UNQUALIFIED", "MM7_VERSION_NOT_ACCEPTED", "MM7_ENUM_VALUE"},
        "DeliveryReportReq",
        R5_0,
        "c9131c:10822bc0263:-7c16t-uapl-05/192.168.151.72",
        0,
        "REL-5-MM7-1-0 DeliveryReportReq with no-namespace children, MM7Version 1.0, "
        "<MMStatus>1000</MMStatus> (numeric, not the enumeration), TimeStamp where 1-0 has Date; "
        "TransactionID whitespace-padded",
    ),
    "seoultel-mms-direct__ktf__MM7_delivery_report.RES.xml": _bad(
        {"MM7_UNQUALIFIED", "MM7_VERSION_NOT_ACCEPTED", "MM7_ELEMENT_ORDER"},
        "DeliveryReportRsp",
        R5_0,
        "b76fa:10945acbcd1:2985t-uapl-05/192.168.151.72",
        0,
        "no-namespace children, Status before MM7Version, MM7Version 1.0; TransactionID padded",
    ),
    "seoultel-mms-direct__ktf__MM7_readreply_report.REQ.xml": _bad(
        {"MM7_UNQUALIFIED", "MM7_VERSION_NOT_ACCEPTED", "MM7_ENUM_VALUE"},
        "ReadReplyReq",
        R5_0,
        "b76fa:1095c56d913:-31dft-uapl-05/192.168.151.72",
        0,
        "no-namespace children, MM7Version 1.0, MMStatus 1000 (enum is Indeterminate/Read/"
        "Deleted); TransactionID padded",
    ),
    "seoultel-mms-direct__ktf__MM7_readreply_report.RES.xml": _bad(
        {"MM7_UNQUALIFIED", "MM7_VERSION_NOT_ACCEPTED", "MM7_ELEMENT_ORDER"},
        "ReadReplyRsp",
        R5_0,
        "b76fa:1095c56d913:-31dft-uapl-05/192.168.151.72",
        0,
        "no-namespace children, Status before MM7Version, MM7Version 1.0; TransactionID padded",
    ),
    "seoultel-mms-direct__ktf__MM7_submit.REQ.xml": _bad(
        {
            "SOAP_ENVELOPE_NAMESPACE",
            "MIME_LINE_ENDINGS",
            "MIME_BOUNDARY_MISSING",
            "MIME_NO_BLANK_LINE",
            "MIME_CLOSE_DELIMITER_MISSING",
            "MM7_UNQUALIFIED",
            "MM7_VERSION_NOT_ACCEPTED",
            "MM7_TRANSACTION_ID_SPACE",
            "MM7_UNKNOWN_ELEMENT",
            "MM7_ENUM_VALUE",
            "MM7_ADDRESS_TEXT",
        },
        "SubmitReq",
        R5_2,
        "23088",
        1,
        "MIME body only, LF, no blank line after part headers, last line '--NextPart_016-772-8798' "
        "+ U+2014 (E2 80 94, no close); Envelope ns without trailing slash; MM7Version 1.6; "
        "ServiceType/CPID/CallBack/ResellerCode; MessageClass GENERAL; padded TransactionID; "
        "<SenderAddress>0168703782</SenderAddress> (line 20) is bare text where addressType "
        "wants a Number child (added after issue 8: it was bound as an empty address)",
    ),
    "seoultel-mms-direct__ktf__MM7_submit.RES.xml": _bad(
        {
            "MM7_UNQUALIFIED",
            "MM7_VERSION_NOT_ACCEPTED",
            "MM7_ELEMENT_ORDER",
            "MM7_TRANSACTION_ID_SPACE",
        },
        "SubmitRsp",
        R5_2,
        "23088",
        0,
        "no-namespace children, Status before MM7Version, MM7Version 1.0, TransactionID "
        "'\\n            23088\\n        ' (xs:string in REL-5-MM7-1-2)",
    ),
    # ---------------------------------------------------------------- sinch/docs
    "sinch-docs__mm7-service-mm7_deliver.block0.txt": _refused(
        "soap-env prefix never declared (only xmlns:ns1) and soap-env::Header double colon"
    ),
    "sinch-docs__mm7-service-mm7_deliver.block1.txt": _ok(
        "DeliverRsp",
        R6_4,
        "1000001",
        "bare envelope, TransactionID mustUnderstand=1, DeliverRsp REL-6-MM7-1-4/6.8.0 XSD-valid",
    ),
    "sinch-docs__mm7-service-mm7_deliver.block2.txt": _refused(
        "HTTP multipart whose SOAP part has the undeclared soap-env prefix and soap-env::Header"
    ),
    "sinch-docs__mm7-service-mm7_deliver.block3.txt": Expectation(
        False,
        # Written as XML_NOT_WELL_FORMED before the findings table had a code for exactly this
        # defect (a declaration not at the start); XML_LEADING_DATA is that code.
        frozenset({"XML_LEADING_DATA"}),
        True,
        "DeliverRsp",
        R6_4,
        "1000001",
        0,
        "HTTP 200 application/xml (warning) but TWO blank lines after the head: the body starts "
        "with LF before <?xml ...?>, so the entity as sent is not well-formed (XML declaration "
        "not at start); stripping that leading LF recovers a valid DeliverRsp",
    ),
    "sinch-docs__mm7-service-mm7_deliveryreport.block0.txt": _ok(
        "DeliveryReportReq",
        R6_4,
        "10000001",
        "bare envelope, default xmlns = REL-6-MM7-1-4 on Envelope; DeliveryReportReq with Date, "
        "MMStatus Retrieved, UACapabilities: XSD-valid",
    ),
    "sinch-docs__mm7-service-mm7_deliveryreport.block1.txt": _ok(
        "DeliveryReportRsp",
        R6_4,
        "1000001",
        "bare envelope, DeliveryReportRsp REL-6-MM7-1-4/6.8.0 XSD-valid",
    ),
    "sinch-docs__mm7-service-mm7_deliveryreport.block2.txt": _bad(
        {"MIME_MULTIPART_ON_XML"},
        "DeliveryReportReq",
        R6_4,
        "10000001",
        0,
        'HTTP Content-Type multipart/related; type="text/xml"; with no boundary/start, body is a '
        "bare SOAP envelope (valid DeliveryReportReq)",
    ),
    "sinch-docs__mm7-service-mm7_deliveryreport.block3.txt": _ok(
        "DeliveryReportRsp",
        R6_4,
        "1000001",
        "HTTP 200 text/xml, body starts with <?xml; DeliveryReportRsp XSD-valid",
    ),
    "sinch-docs__mm7-service-mm7_submit.block0.txt": _bad(
        {"REF_UNRESOLVED"},
        "SubmitReq",
        R6_4,
        "1000001",
        0,
        'XSD-valid SubmitReq, but a bare envelope whose <Content href="cid:generic"/> points at '
        "a part that does not exist (no MIME parts at all)",
    ),
    "sinch-docs__mm7-service-mm7_submit.block1.txt": _ok(
        "SubmitRsp",
        R6_4,
        "1000001",
        "bare envelope, default MM7 xmlns on Envelope, SubmitRsp XSD-valid",
    ),
    "sinch-docs__mm7-service-mm7_submit.block2.txt": _bad(
        {"SOAP_FAULT_QUALIFIED", "XSD_INVALID"},
        "RSErrorRsp",
        R6_4,
        "1000001",
        0,
        "default xmlns (MM7) on Envelope puts faultcode/faultstring/detail in the MM7 namespace; "
        "<Details>Message format corrupt</Details> is text in element-only anyDataType",
    ),
    "sinch-docs__mm7-service-mm7_submit.block3.txt": _bad(
        {"MIME_LINE_ENDINGS", "MM7_UNQUALIFIED", "MM7_ELEMENT_ORDER"},
        "SubmitReq",
        R6_4,
        "555e29f8879be",
        2,
        "HTTP multipart, bare LF; SubmitReq and children in NO namespace (xmlns only on "
        "TransactionID); DeliveryReport before SenderIdentification, Subject/ExpiryDate/TimeStamp "
        "out of order; nested related text/plain + SMIL",
    ),
    "sinch-docs__mm7-service-mm7_submit.block4.txt": _ok(
        "SubmitRsp",
        R6_4,
        "1000001",
        "HTTP 200 application/xml (warning only), body starts with <?xml; SubmitRsp XSD-valid",
    ),
    # ---------------------------------------------------------------- cosmosking2050/API (Skycore)
    "skycore-api__mm7Deliver.block1.txt": _bad(
        {"XML_NAMESPACE_URI", "MM7_UNQUALIFIED"},
        "DeliverRsp",
        R6_4,
        "1000001",
        0,
        "DeliverRsp xmlns URI broken over a line ('.../23.140/\\n   schema/REL-6-MM7-1-4'): "
        "libxml2 refuses the declaration; with the whitespace closed up it is REL-6-MM7-1-4 and "
        "the body is valid. TransactionID (line 4) has no namespace. (Was refused in both "
        "modes until the namespace-URI repair; revised from the bytes.)",
    ),
    "skycore-api__mm7Deliver.block2.txt": _refused(
        "as Sinch deliver block2 (undeclared soap-env prefix, soap-env::Header), plus no blank "
        "line after the SOAP part headers"
    ),
    "skycore-api__mm7Deliver.block3.txt": _bad(
        {"XML_NAMESPACE_URI", "MM7_UNQUALIFIED"},
        "DeliverRsp",
        R6_4,
        "1000001",
        0,
        "HTTP 200 application/xml; the envelope of block1: DeliverRsp namespace URI broken "
        "over a line, unqualified TransactionID. (Revised from the bytes as block1.)",
    ),
    "skycore-api__mm7DeliveryReport.block1.txt": _bad(
        {"MM7_UNQUALIFIED"},
        "DeliveryReportRsp",
        R6_4,
        "1000001",
        0,
        "no MM7 namespace anywhere (TransactionID and DeliveryReportRsp unqualified); "
        "MM7Version 6.8.0 -> REL-6-MM7-1-4, valid once re-homed",
    ),
    "skycore-api__mm7DeliveryReport.block3.txt": _bad(
        {"MM7_UNQUALIFIED"},
        "DeliveryReportRsp",
        R6_4,
        "1000001",
        0,
        "HTTP 200 text/xml; no MM7 namespace anywhere; MM7Version 6.8.0 -> REL-6-MM7-1-4",
    ),
    "skycore-api__mm7Submit.block2.txt": _refused(
        "second <soap-env:Fault> opened where </soap-env:Fault> belongs: Fault never closed"
    ),
    # ---------------------------------------------------------------- svinson1121/vectorcore-mmsc
    "vectorcore-mmsc__deliver_rsp.soap": _bad(
        {"MM7_UNQUALIFIED"},
        "DeliverRsp",
        R5_0,
        "txn-deliver",
        0,
        "mm7:DeliverRsp with unprefixed (no-namespace) children; also MessageID that "
        "REL-5-MM7-1-0 DeliverRsp does not have",
    ),
    "vectorcore-mmsc__delivery_report_rsp.soap": _bad(
        {"MM7_UNQUALIFIED"},
        "DeliveryReportRsp",
        R5_0,
        "txn-report",
        0,
        "mm7:DeliveryReportRsp with no-namespace children; MessageID not in genericResponseType",
    ),
    "vectorcore-mmsc__read_reply_rsp.soap": _bad(
        {"MM7_UNQUALIFIED"},
        "ReadReplyRsp",
        R5_0,
        "txn-read",
        0,
        "mm7:ReadReplyRsp with no-namespace children; MessageID not in genericResponseType",
    ),
    "vectorcore-mmsc__submit_req.multipart": _bad(
        {"MIME_LINE_ENDINGS", "MIME_BOUNDARY_MISSING", "MM7_UNQUALIFIED", "XSD_INVALID"},
        "SubmitReq",
        R5_0,
        "txn-fixture",
        1,
        "MIME body only (--soap-boundary), bare LF, SOAP part first without Content-ID; "
        "no-namespace children; cid:message-content resolves to the text/plain part; "
        "<Number>+12025550101</Number>: '+' is no NMTOKEN character, and REL-5-MM7-1-0 types "
        "Number as xs:NMTOKEN (added after issue 8: the line-keyed skip had hidden it)",
    ),
}
