"""Comments, processing instructions and stray text: values kept, the message typed.

The fuzz campaign (bench/fuzz.py) found each: a comment or processing instruction before an
element's text made the binder read '' (StatusCode 2002 lost, then encode refused what strict
decode had accepted), and text after the payload in the Body became the decoded "message".
"""

from __future__ import annotations

import pytest

from mm7codec.codec import decode
from mm7codec.errors import DecodeError

pytestmark = pytest.mark.usefixtures("no_network")

NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"
ENVELOPE = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    f'<soap:Header><mm7:TransactionID xmlns:mm7="{NS}" soap:mustUnderstand="1">{{tid}}'
    f'</mm7:TransactionID></soap:Header><soap:Body><mm7:DeliveryReportRsp xmlns:mm7="{NS}">'
    "<mm7:MM7Version>6.8.0</mm7:MM7Version><mm7:Status><mm7:StatusCode>{code}</mm7:StatusCode>"
    "<mm7:StatusText>ok</mm7:StatusText></mm7:Status></mm7:DeliveryReportRsp>{after}"
    "</soap:Body></soap:Envelope>"
)


def envelope(code: str = "1000", tid: str = "t1", after: str = "") -> bytes:
    return ENVELOPE.format(code=code, tid=tid, after=after).encode()


@pytest.mark.parametrize("code", ["<!-- c -->1000", "10<!-- c -->00", "1000<!---->"])
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_comments_keep_the_text_around_them(code: str, mode: str) -> None:
    decoded = decode(envelope(code, tid="t<!-- x -->1"), "text/xml", mode=mode)  # type: ignore[arg-type]
    assert decoded.message.status.status_code == 1000
    assert decoded.transaction_id == "t1"
    assert decoded.findings == []


def test_a_processing_instruction_is_named_and_its_text_kept() -> None:
    data = envelope("<?pi data?>2002")
    with pytest.raises(DecodeError) as refused:
        decode(data, "text/xml")
    [found] = refused.value.findings
    assert found.code == "XML_PROCESSING_INSTRUCTION" and "<?pi data?>" in found.message
    decoded = decode(data, "text/xml", mode="lenient")
    assert decoded.message.status.status_code == 2002
    assert [(f.code, f.repaired) for f in decoded.findings] == [
        ("XML_PROCESSING_INSTRUCTION", True)
    ]


def test_text_after_the_payload_is_named_and_the_message_stays_typed() -> None:
    data = envelope(after=" stray text ")
    with pytest.raises(DecodeError) as refused:
        decode(data, "text/xml")
    assert [f.code for f in refused.value.findings] == ["MM7_VALUE_DROPPED"]
    assert "stray text" in refused.value.findings[0].message
    decoded = decode(data, "text/xml", mode="lenient")
    assert isinstance(decoded.message, decoded.release.message_class("DeliveryReportRsp"))
    assert not decoded.ok
