"""Each class of real-world deviation: strict names it, lenient repairs it and says so."""

from __future__ import annotations

import pytest
from lxml import etree

from mm7codec.codec import DecodedMessage, decode
from mm7codec.errors import DecodeError
from mm7codec.releases import default_registry

NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def envelope(
    body: str, release: str = "REL-6-MM7-1-4", tid: str = "t1", header: str | None = None
) -> bytes:
    entry = (
        header
        if header is not None
        else (
            f'<mm7:TransactionID xmlns:mm7="{NS}{release}" soap:mustUnderstand="1">'
            f"{tid}</mm7:TransactionID>"
        )
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="{SOAP}">\n'
        f"<soap:Header>{entry}</soap:Header>\n<soap:Body>\n{body}\n</soap:Body>\n</soap:Envelope>"
    ).encode()


def report(
    release: str = "REL-6-MM7-1-4",
    version: str = "6.8.0",
    status: str = "Retrieved",
    order: bool = True,
    prefix: str = "mm7:",
    extra: str = "",
) -> str:
    children = [
        f"<{prefix}MM7Version>{version}</{prefix}MM7Version>",
        f"<{prefix}MessageID>m1</{prefix}MessageID>",
        f"<{prefix}Recipient><{prefix}Number>447700900123</{prefix}Number></{prefix}Recipient>",
        f"<{prefix}Sender><{prefix}Number>447700900124</{prefix}Number></{prefix}Sender>",
        f"<{prefix}Date>2026-11-23T10:00:00Z</{prefix}Date>",
        f"<{prefix}MMStatus>{status}</{prefix}MMStatus>",
    ]
    if not order:
        children[1], children[2] = children[2], children[1]
    declaration = f' xmlns:mm7="{NS}{release}"' if prefix else f' xmlns="{NS}{release}"'
    name = f"{prefix}DeliveryReportReq"
    return f"<{name}{declaration}>{''.join(children)}{extra}</{name}>"


def both(data: bytes, code: str, content_type: str | None = "text/xml") -> DecodedMessage:
    """Strict refuses with ``code``; lenient decodes with ``code`` marked repaired."""
    with pytest.raises(DecodeError) as refused:
        decode(data, content_type)
    assert code in {f.code for f in refused.value.findings}
    decoded = decode(data, content_type, mode="lenient")
    matching = [f for f in decoded.findings if f.code == code]
    assert matching and all(f.repaired for f in matching), decoded.findings
    return decoded


def kept(data: bytes, code: str, content_type: str | None = "text/xml") -> DecodedMessage:
    """Strict refuses with ``code``; lenient returns the message with the value kept as sent,
    so ``code`` is not repaired and the result is not ok."""
    with pytest.raises(DecodeError) as refused:
        decode(data, content_type)
    assert code in {f.code for f in refused.value.findings}
    decoded = decode(data, content_type, mode="lenient")
    matching = [f for f in decoded.findings if f.code == code]
    assert matching and not any(f.repaired for f in matching), decoded.findings
    assert not decoded.ok
    return decoded


def test_conformant_report_has_no_findings() -> None:
    decoded = decode(envelope(report()), "text/xml")
    assert decoded.findings == [] and decoded.ok


def test_unqualified_children_are_rehomed() -> None:
    body = report().replace("<mm7:", "<").replace("</mm7:", "</")
    body = body.replace("<DeliveryReportReq", "<mm7:DeliveryReportReq").replace(
        "</DeliveryReportReq>", "</mm7:DeliveryReportReq>"
    )
    decoded = both(envelope(body), "MM7_UNQUALIFIED")
    assert decoded.message.message_id == "m1"


def test_body_in_no_namespace_uses_header_release() -> None:
    body = report(prefix="").replace(f' xmlns="{NS}REL-6-MM7-1-4"', "")
    decoded = both(envelope(body, release="REL-6-MM7-1-2"), "MM7_UNQUALIFIED")
    assert decoded.release.name == "REL-6-MM7-1-2"


def test_header_and_body_in_different_releases() -> None:
    decoded = both(envelope(report(), release="REL-6-MM7-1-3"), "MM7_NAMESPACE_MISMATCH")
    assert decoded.release.name == "REL-6-MM7-1-4"


def test_children_out_of_order_are_reordered() -> None:
    decoded = both(envelope(report(order=False)), "MM7_ELEMENT_ORDER")
    assert decoded.message.message_id == "m1"
    assert decoded.message.recipient is not None


def test_numeric_status_is_kept_not_dropped() -> None:
    decoded = kept(envelope(report(status="1000")), "MM7_ENUM_VALUE")
    assert decoded.message.mmstatus == "1000"
    assert "XSD_INVALID" not in {f.code for f in decoded.findings}  # said once, by its element


def test_version_not_accepted_binds_anyway() -> None:
    decoded = kept(envelope(report(version="6.7.0")), "MM7_VERSION_NOT_ACCEPTED")
    assert decoded.mm7_version == "6.7.0"
    assert decoded.release.name == "REL-6-MM7-1-4"


def test_unknown_release_namespace_read_through_nearest() -> None:
    data = envelope(report(release="REL-6-MM7-1-9"), release="REL-6-MM7-1-9")
    decoded = both(data, "MM7_UNKNOWN_NAMESPACE")
    assert decoded.release.name == "REL-6-MM7-1-4"


def test_vendor_element_kept_raw() -> None:
    extra = f'<mm7:CPID xmlns:mm7="{NS}REL-6-MM7-1-4">12345</mm7:CPID>'
    decoded = both(envelope(report(extra=extra)), "MM7_UNKNOWN_ELEMENT")
    assert len(decoded.extensions) == 1 and b"12345" in decoded.extensions[0]


def test_vendor_element_with_non_ascii_names_is_kept_as_well_formed_utf8() -> None:
    # lxml's default (ASCII) serialisation writes a non-ASCII name as a character reference,
    # which is not XML; the raw extension must parse back to the same element.
    extra = '<v:발신번호 xmlns:v="urn:vendor" v:종류="회신">0212345678</v:발신번호>'
    decoded = both(envelope(report(extra=extra)), "MM7_UNKNOWN_ELEMENT")
    [raw] = decoded.extensions
    element = etree.fromstring(raw)
    assert element.tag == "{urn:vendor}발신번호" and element.text == "0212345678"
    assert element.get("{urn:vendor}종류") == "회신"


def test_padded_transaction_id() -> None:
    decoded = both(envelope(report(), tid="\n\t  t-77 \n"), "MM7_TRANSACTION_ID_SPACE")
    assert decoded.transaction_id == "t-77"


def test_missing_must_understand() -> None:
    header = f'<mm7:TransactionID xmlns:mm7="{NS}REL-6-MM7-1-4">t1</mm7:TransactionID>'
    both(envelope(report(), header=header), "MM7_MUST_UNDERSTAND")


def test_missing_transaction_id_is_refused_strictly() -> None:
    with pytest.raises(DecodeError) as refused:
        decode(envelope(report(), header=""), "text/xml")
    assert "MM7_TRANSACTION_ID_MISSING" in {f.code for f in refused.value.findings}


def test_capitalised_boolean() -> None:
    rsp = (
        f'<mm7:SubmitReq xmlns:mm7="{NS}REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
        "<mm7:SenderIdentification/><mm7:Recipients><mm7:To><mm7:Number>1</mm7:Number></mm7:To>"
        "</mm7:Recipients><mm7:DeliveryReport>TRUE</mm7:DeliveryReport></mm7:SubmitReq>"
    )
    decoded = both(envelope(rsp), "MM7_BOOLEAN")
    assert decoded.message.delivery_report is True


def test_fault_with_qualified_children_and_bare_code() -> None:
    fault = (
        f"<soap:Fault><soap:faultcode>Client</soap:faultcode><soap:faultstring>bad</soap:faultstring>"
        f'<soap:detail><mm7:RSErrorRsp xmlns:mm7="{NS}REL-6-MM7-1-4">'
        "<mm7:MM7Version>6.8.0</mm7:MM7Version>"
        "<mm7:Status><mm7:StatusCode>2007</mm7:StatusCode><mm7:StatusText>corrupt</mm7:StatusText>"
        "</mm7:Status></mm7:RSErrorRsp></soap:detail></soap:Fault>"
    )
    decoded = both(envelope(fault), "SOAP_FAULT_QUALIFIED")
    assert "SOAP_FAULTCODE" in {f.code for f in decoded.findings}
    assert decoded.message_type == "RSErrorRsp"
    assert decoded.fault is not None and decoded.fault.code_text == "soap:Client"
    assert decoded.message.status.status_code == 2007


_RS_ERROR = (
    f'<mm7:RSErrorRsp xmlns:mm7="{NS}REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
    "<mm7:Status><mm7:StatusCode>2007</mm7:StatusCode><mm7:StatusText>corrupt</mm7:StatusText>"
    "</mm7:Status></mm7:RSErrorRsp>"
)
_FAULT = (
    "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>bad</faultstring>"
    f"<detail>{_RS_ERROR}</detail></soap:Fault>"
)


@pytest.mark.parametrize(
    ("old", "new", "quoted"),
    [
        ("</faultstring>", "</faultstring><faultx>vendor says</faultx>", "vendor says"),
        ("</faultstring>", "</faultstring><faultstring>second</faultstring>", "second"),
        ("<soap:Fault>", '<soap:Fault xmlns:v="urn:v" v:trace="t-9">', "t-9"),
        ("<faultstring>bad", '<faultstring xml:lang="en">bad', "en"),
        ("soap:Client</faultcode>", "soap:Client<v:why xmlns:v='urn:v'>x</v:why></faultcode>", "x"),
        ("</mm7:RSErrorRsp>", "</mm7:RSErrorRsp>; see the log", "; see the log"),
        ("<detail>", "<detail>note:", "note:"),
        ("<faultcode>", "between<faultcode>", "between"),
        ("<faultstring>bad</faultstring><detail>", "<detail>", "faultstring"),  # moved below
        ("<faultcode>soap:Client</faultcode>", "<faultcode>soap:</faultcode>", "soap:"),
    ],
)
def test_a_fault_soap_does_not_allow_is_refused_with_what_it_held(
    old: str, new: str, quoted: str
) -> None:
    """What SOAP 1.1's Fault type forbids, and what the reader would otherwise drop without
    a word (a second faultstring, a vendor element, text beside the detail's entry), is
    named and quoted; the MM7 error response in the detail is still read."""
    fault = _FAULT.replace(old, new, 1)
    if old.startswith("<faultstring>bad</faultstring>"):  # faultstring after the detail
        fault = fault.replace("</detail>", "</detail><faultstring>bad</faultstring>", 1)
    assert fault != _FAULT
    decoded = kept(envelope(fault), "SOAP_FAULT_STRUCTURE")
    said = " ".join(f.message for f in decoded.findings if f.code == "SOAP_FAULT_STRUCTURE")
    assert quoted in said
    assert decoded.message_type == "RSErrorRsp" and decoded.message.status.status_code == 2007
    assert decoded.fault is not None and decoded.fault.string == "bad"


def test_a_fault_soap_allows_reads_without_a_finding() -> None:
    """detail may carry any attribute and more than one entry (SOAP 1.1's detail type)."""
    fault = _FAULT.replace("<detail>", '<detail xmlns:v="urn:v" v:k="1">').replace(
        "</detail>", '<v:more xmlns:v="urn:v">x</v:more></detail>'
    )
    decoded = decode(envelope(fault), "text/xml")
    assert decoded.findings == [] and decoded.message_type == "RSErrorRsp"


def test_the_error_response_is_found_among_a_soap_stacks_detail_entries() -> None:
    """Axis 1 adds its own entries to a Fault's detail (a stack trace, the host name), before
    or after the application's: the MM7 error response is read wherever it stands."""
    axis = "http://xml.apache.org/axis/"
    fault = _FAULT.replace(
        "<detail>", f'<detail><ns1:stackTrace xmlns:ns1="{axis}">at Mm7.send</ns1:stackTrace>'
    ).replace("</detail>", f'<ns2:hostname xmlns:ns2="{axis}">mmsc-2</ns2:hostname></detail>')
    decoded = decode(envelope(fault), "text/xml")
    assert decoded.findings == [] and decoded.message_type == "RSErrorRsp"
    assert decoded.message.status.status_code == 2007
    assert decoded.fault is not None and decoded.fault.detail is not None
    assert [etree.QName(e).localname for e in decoded.fault.detail] == [
        "stackTrace",
        "RSErrorRsp",
        "hostname",
    ]


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("<soap:Header>", "stray one"),
        ("</soap:Header>", "stray two"),
        ("</soap:Body>", "stray three"),
        ("<soap:Body>", "<!-- c -->stray four"),
    ],
)
@pytest.mark.parametrize("side", ["before", "after"])
def test_text_in_the_envelope_or_header_is_quoted_and_dropped(
    where: str, text: str, side: str
) -> None:
    """SOAP's Envelope and Header hold elements only: text there is named, never passed
    over (the Body's was already)."""
    data = envelope(report())
    assert where.encode() in data
    placed = text + where if side == "before" else where + text
    decoded = kept(data.replace(where.encode(), placed.encode(), 1), "MM7_VALUE_DROPPED")
    said = " ".join(f.message for f in decoded.findings)
    assert repr(text.removeprefix("<!-- c -->")) in said
    assert decoded.message_type == "DeliveryReportReq"


def test_charset_alias_is_a_warning() -> None:
    data = envelope(report()).replace(b'encoding="UTF-8"', b'encoding="ks_c_5601-1987"')
    strict = decode(data, "text/xml")
    assert [(f.code, f.severity.value, f.repaired) for f in strict.findings] == [
        ("XML_CHARSET_ALIAS", "warning", False)
    ]
    lenient = decode(data, "text/xml", mode="lenient")
    assert [(f.code, f.repaired) for f in lenient.findings] == [("XML_CHARSET_ALIAS", True)]


def test_swa_with_lf_unbracketed_start_and_spaced_cid() -> None:
    submit = (
        f'<mm7:SubmitReq xmlns:mm7="{NS}REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
        "<mm7:SenderIdentification/><mm7:Recipients><mm7:To><mm7:Number>1</mm7:Number></mm7:To>"
        '</mm7:Recipients><mm7:Content href="cid: pic-1"/></mm7:SubmitReq>'
    )
    body = (
        b"--b1\nContent-Type: text/xml\nContent-ID: soap\n\n" + envelope(submit) + b"\n"
        b"--b1\nContent-Type: image/gif\nContent-ID: <pic-1>\n\nGIF89a\n--b1--\n"
    )
    content_type = "multipart/related; Boundary=b1; type=text/xml; start=soap"
    decoded = both(body, "MIME_LINE_ENDINGS", content_type)
    codes = {f.code for f in decoded.findings}
    assert {"MIME_START_UNBRACKETED", "MIME_CONTENT_ID_SYNTAX", "REF_SYNTAX"} <= codes
    assert "REF_UNRESOLVED" not in codes
    assert decoded.attachments[0].body == b"GIF89a"
    part = decoded.content_part()
    assert part is not None and part.body == b"GIF89a"


@pytest.mark.parametrize(
    ("href", "problem"),
    [("cid:&lt;pic-1&gt;", "angle brackets"), ("cid: &lt;pic-1&gt; ", "spaces")],
)
def test_content_id_in_angle_brackets_resolves_and_is_named(href: str, problem: str) -> None:
    submit = (
        f'<mm7:SubmitReq xmlns:mm7="{NS}REL-6-MM7-1-4"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
        "<mm7:SenderIdentification/><mm7:Recipients><mm7:To><mm7:Number>1</mm7:Number></mm7:To>"
        f'</mm7:Recipients><mm7:Content href="{href}"/></mm7:SubmitReq>'
    )
    body = (
        b"--b1\r\nContent-Type: text/xml\r\nContent-ID: <soap>\r\n\r\n" + envelope(submit) + b"\r\n"
        b"--b1\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n"
        b"--b2\r\nContent-Type: image/gif\r\nContent-ID: <pic-1>\r\n\r\nGIF89a\r\n--b2--\r\n"
        b"--b1--\r\n"
    )
    decoded = both(
        body, "REF_SYNTAX", 'multipart/related; boundary=b1; type="text/xml"; start="<soap>"'
    )
    assert any(problem in f.message for f in decoded.findings if f.code == "REF_SYNTAX")
    assert "REF_UNRESOLVED" not in {f.code for f in decoded.findings}
    part = decoded.content_part()
    assert part is not None and part.content_id == "pic-1" and part.body == b"GIF89a"


def test_number_policy_is_opt_in() -> None:
    data = envelope(report().replace("447700900123", "+44 7700 900123"))
    assert decode(data, "text/xml").findings == []
    decoded = decode(data, "text/xml", check_numbers=True)
    assert [(f.code, f.severity.value) for f in decoded.findings] == [
        ("MM7_NUMBER_FORMAT", "warning")
    ]
    assert "447700900123" in decoded.findings[0].message


XSI = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.mark.parametrize("declare_xsd", [True, False])
def test_soap_encoding_xsi_types_are_ignored(declare_xsd: bool) -> None:
    # Axis-style toolkits type every element as xsd:string, sometimes with the prefix undeclared.
    declarations = f' xmlns:xsi="{XSI}"' + (
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"' if declare_xsd else ""
    )
    typed = ' xsi:type="xsd:string"'
    body = report().replace("<mm7:MessageID>", f"<mm7:MessageID{typed}>")
    body = body.replace("<mm7:Number>", f"<mm7:Number{typed}>")
    header = (
        f'<mm7:TransactionID xmlns:mm7="{NS}REL-6-MM7-1-4" soap:mustUnderstand="1"{typed}>'
        "t1</mm7:TransactionID>"
    )
    data = envelope(body, header=header).replace(
        b"<soap:Envelope ", f"<soap:Envelope{declarations} ".encode()
    )
    decoded = both(data, "MM7_XSI_TYPE")
    assert {f.code for f in decoded.findings} == {"MM7_XSI_TYPE"}
    assert decoded.message.message_id == "m1" and decoded.transaction_id == "t1"


def test_xsi_type_naming_the_schemas_own_type_is_conformant() -> None:
    body = report().replace(
        "<mm7:MM7Version>", f'<mm7:MM7Version xmlns:xsi="{XSI}" xsi:type="mm7:versionType">'
    )
    assert decode(envelope(body), "text/xml").findings == []


@pytest.mark.parametrize("status", ["retrieved", " Retrieved ", "RETRIEVED"])
def test_enumeration_value_in_another_case_is_read_as_the_schemas(status: str) -> None:
    decoded = both(envelope(report(status=status)), "MM7_ENUM_VALUE")
    assert decoded.message.mmstatus.value == "Retrieved"


def test_repeated_transaction_id_uses_the_first_and_names_the_others() -> None:
    entry = (
        f'<mm7:TransactionID xmlns:mm7="{NS}REL-6-MM7-1-4" soap:mustUnderstand="1">'
        "%s</mm7:TransactionID>"
    )
    decoded = both(
        envelope(report(), header=entry % "first" + entry % "second"), "MM7_TRANSACTION_ID_REPEATED"
    )
    assert decoded.transaction_id == "first"
    assert "'second'" in decoded.findings[0].message


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("detail", ["", "<detail>java.lang.NullPointerException</detail>"])
def test_generic_fault_is_refused_with_what_it_said(mode: str, detail: str) -> None:
    fault = (
        "<soap:Fault><faultcode>soap:Server</faultcode>"
        f"<faultstring>Internal error</faultstring>{detail}</soap:Fault>"
    )
    with pytest.raises(DecodeError) as refused:
        decode(envelope(fault), "text/xml", mode=mode)  # type: ignore[arg-type]
    [said] = [f for f in refused.value.findings if f.code == "SOAP_FAULT_DETAIL"]
    assert "soap:Server 'Internal error'" in said.message
    fault = refused.value.fault
    assert fault is not None and (fault.code_text, fault.string) == (
        "soap:Server",
        "Internal error",
    )
    assert ("NullPointerException" in said.message) == bool(detail)


@pytest.mark.parametrize("release", ["REL-5-MM7-1-4", "REL-6-MM7-1-1"])
def test_date_where_the_release_calls_it_timestamp(release: str) -> None:
    # DeliveryReportReq's Date is TimeStamp in these two releases only; peers written against
    # the others send Date.
    version = default_registry().by_name(release).newest_version
    decoded = both(
        envelope(report(release=release, version=version), release), "MM7_RENAMED_ELEMENT"
    )
    assert str(decoded.message.time_stamp) == "2026-11-23T10:00:00Z"
    assert {f.code for f in decoded.findings} == {"MM7_RENAMED_ELEMENT"}


def test_timestamp_where_the_release_calls_it_date() -> None:
    body = report().replace("mm7:Date>", "mm7:TimeStamp>")
    decoded = both(envelope(body), "MM7_RENAMED_ELEMENT")
    assert str(decoded.message.date) == "2026-11-23T10:00:00Z"


def test_namespace_uri_broken_over_lines_is_closed_up_and_lines_stay_true() -> None:
    broken = f"{NS}REL-6-\n   MM7-1-4"
    body = report(extra="<mm7:Vendor>x</mm7:Vendor>").replace(
        f'xmlns:mm7="{NS}REL-6-MM7-1-4"', f'xmlns:mm7="{broken}"'
    )
    data = envelope(body)
    decoded = both(data, "XML_NAMESPACE_URI")
    assert decoded.release.name == "REL-6-MM7-1-4" and decoded.message.message_id == "m1"
    vendor_line = data[: data.index(b"<mm7:Vendor>")].count(b"\n") + 1
    [unknown] = [f for f in decoded.findings if f.code == "MM7_UNKNOWN_ELEMENT"]
    assert unknown.where == f"body line {vendor_line}"
