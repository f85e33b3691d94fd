"""Write the bundled MM7 examples: conformant messages of every type, and common deviations.

    python examples/make_examples.py        # rewrites examples/conformant, nonconformant, README

Conformant messages are built from the schemas' own element names (the JSON view that
``mm7 decode`` prints), bound to their release and encoded by mm7codec; bodies are
pretty-printed and use fixed MIME boundaries so that a re-run writes the same bytes. Every
file gets a sibling ``NAME.content-type``. The nonconformant messages are written out by hand,
one deviation each, as peers really send them. The script checks what it wrote: every
conformant example must decode strictly without findings, every nonconformant one must be
refused with the finding codes the README names.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from lxml import etree

from mm7codec import decode, default_registry, encode, make_part, mime
from mm7codec.bind import bind
from mm7codec.errors import Mm7Error
from mm7codec.jsonview import json_to_element
from mm7codec.releases import Release
from mm7codec.responses import encode_fault

HERE = Path(__file__).resolve().parent
RELEASES = ("REL-5-MM7-1-0", "REL-6-MM7-1-4")

VASP = {"VASPID": "acme-vasp", "VASID": "weather-alerts"}
RELAY = "mmsc01.operator.example"
SHORT_CODE = "84433"
SUBSCRIBER = "447700900123"
FRIEND = "447700900456"
STAMP = "2026-11-23T10:15:00Z"
MESSAGE_ID = "msg-20261123-000042"

# A 1x1 GIF (GIF89a, two-colour table, one transparent pixel): the smallest real image.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
FORECAST = b"Tuesday: sunny spells, 14C, light wind from the south-west.\r\n"


def _status(code: int = 1000, text: str = "Success") -> dict[str, Any]:
    return {"StatusCode": str(code), "StatusText": text}


def _sender_identification(release: Release) -> dict[str, Any]:
    # REL-5-MM7-1-0 types SenderAddress as a plain string; later releases as an addressType.
    old = release.name == "REL-5-MM7-1-0"
    return {**VASP, "SenderAddress": SHORT_CODE if old else {"ShortCode": SHORT_CODE}}


def _distribution(release: Release) -> str:
    # DistributionProtection was renamed DistributionIndicator in REL-5-MM7-1-1.
    return "DistributionProtection" if release.name == "REL-5-MM7-1-0" else "DistributionIndicator"


def _forecast_parts(content_id: str) -> list[Any]:
    """The multimedia content: text and an image, in one multipart/mixed the href names."""
    text = make_part("text/plain; charset=utf-8", FORECAST, content_id=f"text-{content_id}")
    image = make_part("image/gif", GIF, content_id=f"sun-{content_id}")
    return [make_part("multipart/mixed", content_id=content_id, parts=[text, image])]


def messages(release: Release) -> dict[str, tuple[dict[str, Any], list[Any], str]]:
    """Message type -> (JSON view in schema order, attachments, TransactionID)."""
    version = release.newest_version
    tag = "r5" if release.name.startswith("REL-5") else "r6"
    new = release.name == "REL-6-MM7-1-4"

    def tid(number: int) -> str:
        return f"acme-{tag}-{number:04d}"

    submit: dict[str, Any] = {
        "MM7Version": version,
        "SenderIdentification": _sender_identification(release),
        "Recipients": {"To": {"Number": SUBSCRIBER}, "Cc": {"Number": FRIEND}},
        "ServiceCode": "weather-daily",
        "MessageClass": "Informational",
        "TimeStamp": STAMP,
        "ExpiryDate": "P2D",
        "DeliveryReport": "true",
        "ReadReply": "false",
        "Priority": "Normal",
        "Subject": "Weather for Tuesday",
        "ChargedParty": "Sender",
        _distribution(release): "false",
        "Content": {"@href": "cid:forecast-0042", "@allowAdaptations": "true"},
    }
    submit_rsp: dict[str, Any] = {"MM7Version": version, "Status": _status()}
    if new:
        submit_rsp["MessageID"] = MESSAGE_ID
    deliver: dict[str, Any] = {"MM7Version": version, "MMSRelayServerID": RELAY}
    if new:
        deliver.update(VASP)
    deliver.update(
        {
            "Sender": {"Number": SUBSCRIBER},
            "Recipients": {"To": {"ShortCode": SHORT_CODE}},
            "TimeStamp": STAMP,
        }
    )
    if not new:
        # REL-5-MM7-1-0 makes ReplyChargingID mandatory in DeliverReq.
        deliver["ReplyChargingID"] = "rc-20261123-0007"
    deliver.update(
        {
            "Priority": "Normal",
            "Subject": "WEATHER LONDON",
            "Content": {"@href": "cid:mo-0007"},
        }
    )
    replace: dict[str, Any] = {
        "MM7Version": version,
        "SenderIdentification": _sender_identification(release),
        "MessageID": MESSAGE_ID,
        "ServiceCode": "weather-daily",
        "TimeStamp": STAMP,
        "ReadReply": "false",
        "EarliestDeliveryTime": "PT1H",
        _distribution(release): "false",
        "Content": {"@href": "cid:forecast-0043"},
    }
    report_date = "Date"
    table: dict[str, tuple[dict[str, Any], list[Any], str]] = {
        "SubmitReq": (submit, _forecast_parts("forecast-0042"), tid(1)),
        "SubmitRsp": (submit_rsp, [], tid(1)),
        "DeliverReq": (
            deliver,
            [
                make_part(
                    "multipart/mixed",
                    content_id="mo-0007",
                    parts=[
                        make_part("text/plain", b"WEATHER LONDON\r\n", content_id="mo-text"),
                        make_part("image/gif", GIF, content_id="mo-image"),
                    ],
                )
            ],
            tid(2),
        ),
        "DeliverRsp": ({"MM7Version": version, "Status": _status()}, [], tid(2)),
        "CancelReq": (
            {
                "MM7Version": version,
                "SenderIdentification": _sender_identification(release),
                "MessageID": MESSAGE_ID,
            },
            [],
            tid(3),
        ),
        "CancelRsp": ({"MM7Version": version, "Status": _status()}, [], tid(3)),
        "ReplaceReq": (
            replace,
            [make_part("text/plain; charset=utf-8", FORECAST, content_id="forecast-0043")],
            tid(4),
        ),
        "ReplaceRsp": ({"MM7Version": version, "Status": _status()}, [], tid(4)),
        "DeliveryReportReq": (
            {
                "MM7Version": version,
                "MMSRelayServerID": RELAY,
                "MessageID": MESSAGE_ID,
                "Recipient": {"Number": SUBSCRIBER},
                "Sender": {"ShortCode": SHORT_CODE},
                report_date: STAMP,
                "MMStatus": "Retrieved",
                "StatusText": "Retrieved by the recipient",
            },
            [],
            tid(5),
        ),
        "DeliveryReportRsp": ({"MM7Version": version, "Status": _status()}, [], tid(5)),
        "ReadReplyReq": (
            {
                "MM7Version": version,
                "MMSRelayServerID": RELAY,
                "MessageID": MESSAGE_ID,
                "Recipient": {"Number": SUBSCRIBER},
                "Sender": {"ShortCode": SHORT_CODE},
                "TimeStamp": STAMP,
                "MMStatus": "Read",
                "StatusText": "Read by the recipient",
            },
            [],
            tid(6),
        ),
        "ReadReplyRsp": ({"MM7Version": version, "Status": _status()}, [], tid(6)),
        "RSErrorRsp": (
            {"MM7Version": version, "Status": _status(2002, "Address Error")},
            [],
            tid(7),
        ),
        "VASPErrorRsp": (
            {"MM7Version": version, "Status": _status(4006, "Service unavailable")},
            [],
            tid(8),
        ),
    }
    if "extendedCancelReq" in release.messages:
        table["extendedCancelReq"] = (
            {
                "MM7Version": version,
                "SenderIdentification": _sender_identification(release),
                "CancelID": MESSAGE_ID,
            },
            [],
            tid(9),
        )
        table["extendedCancelRsp"] = (
            {"MM7Version": version, "Status": {"StatusCode": "1000"}},
            [],
            tid(9),
        )
        table["extendedReplaceReq"] = (
            {
                "MM7Version": version,
                **VASP,
                "ServiceCode": "weather-daily",
                "ReplaceID": MESSAGE_ID,
                "TimeStamp": STAMP,
                "EarliestDeliveryTime": "PT1H",
                "ExpiryDate": "P2D",
                "ReadReply": "false",
                "DeliveryReport": "true",
                "Content": {"@href": "cid:forecast-0044"},
            },
            [make_part("text/plain; charset=utf-8", FORECAST, content_id="forecast-0044")],
            tid(10),
        )
        table["extendedReplaceRsp"] = (
            {"MM7Version": version, "MessageID": MESSAGE_ID, "Status": {"StatusCode": "1000"}},
            [],
            tid(10),
        )
    missing = set(release.messages) - set(table)
    if missing:
        raise SystemExit(f"{release.name}: no example for {sorted(missing)}")
    return table


def _pretty(xml: bytes) -> bytes:
    """Indent an envelope (whitespace between elements only; text is never touched)."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_RANDOM_BOUNDARY = re.compile(rb"=_mm7_[0-9a-f]{24}")


def _fixed_boundaries(body: bytes, content_type: str) -> tuple[bytes, str]:
    """Replace the random nested boundaries mime.build chose with stable names."""
    for number, found in enumerate(dict.fromkeys(_RANDOM_BOUNDARY.findall(body)), 1):
        fixed = f"=_mm7_inner_boundary_{chr(96 + number)}".encode()
        body = body.replace(found, fixed)
        content_type = content_type.replace(found.decode(), fixed.decode())
    return body, content_type


def wire(release: Release, name: str, view: dict[str, Any], parts: list[Any], tid: str) -> Any:
    """The encoded message (body, content type) for one JSON view."""
    element = json_to_element(name, view, release.namespace)
    bound = bind(element, release, lenient=False, where=name)
    if bound.findings:
        raise SystemExit(f"{release.name} {name}: {[f.code for f in bound.findings]}")
    if name in ("RSErrorRsp", "VASPErrorRsp"):
        encoded = encode_fault(bound.message, tid)
    else:
        encoded = encode(bound.message, transaction_id=tid)
    xml = _pretty(encoded.body)
    if not parts:
        return xml, encoded.content_type
    boundary = f"=_mm7_outer_boundary_{name}"
    body, content_type = mime.build(xml, parts, boundary=boundary)
    return _fixed_boundaries(body, content_type)


def write_conformant() -> list[Path]:
    written = []
    registry = default_registry()
    for release_name in RELEASES:
        release = registry.by_name(release_name)
        directory = HERE / "conformant" / release_name
        directory.mkdir(parents=True, exist_ok=True)
        for name, (view, parts, tid) in messages(release).items():
            body, content_type = wire(release, name, view, parts, tid)
            path = directory / f"{name}{'.mime' if parts else '.xml'}"
            path.write_bytes(body)
            path.with_name(path.name + ".content-type").write_text(content_type + "\n")
            written.append(path)
    return written


# -- nonconformant: one common real deviation each, written as peers send them ----------------

NS5_0 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"
NS5_2 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2"
NS5_3 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-3"
NS6_4 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def _envelope(namespace: str, tid: str, body: str, *, soap: str = SOAP) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="{soap}" xmlns:mm7="{namespace}">
  <soap:Header>
    <mm7:TransactionID soap:mustUnderstand="1">{tid}</mm7:TransactionID>
  </soap:Header>
  <soap:Body>
{body}
  </soap:Body>
</soap:Envelope>
"""


_SUBMIT_RSP_6 = """    <mm7:SubmitRsp>
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:Status>
        <mm7:StatusCode>1000</mm7:StatusCode>
        <mm7:StatusText>Success</mm7:StatusText>
      </mm7:Status>
      <mm7:MessageID>msg-20261123-000051</mm7:MessageID>
    </mm7:SubmitRsp>"""

_SWA_XML = _envelope(
    NS6_4,
    "acme-nc-0005",
    """    <mm7:SubmitReq>
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme-vasp</mm7:VASPID>
        <mm7:VASID>weather-alerts</mm7:VASID>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>447700900123</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:Subject>Weather for Tuesday</mm7:Subject>
      <mm7:Content href="cid:forecast-0055"/>
    </mm7:SubmitReq>""",
)
_SWA_BODY = (
    "--=_acme_boundary\n"
    'Content-Type: text/xml; charset="utf-8"\n'
    "Content-ID: <mm7-soap>\n"
    "\n"
    f"{_SWA_XML}"
    "--=_acme_boundary\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-ID: <forecast-0055>\n"
    "\n"
    "Tuesday: sunny spells, 14C.\n"
    "--=_acme_boundary--\n"
).encode()
_SWA_HTTP = (
    "POST /mm7 HTTP/1.1\n"
    "Host: mmsc01.operator.example\n"
    'Content-Type: multipart/related; boundary="=_acme_boundary"; type="text/xml";'
    " start=mm7-soap\n"
    'SOAPAction: ""\n'
    f"Content-Length: {len(_SWA_BODY)}\n"
    "\n"
).encode() + _SWA_BODY

NONCONFORMANT: tuple[tuple[str, tuple[str, ...], str, bytes], ...] = (
    (
        "unqualified-children.xml",
        ("MM7_UNQUALIFIED",),
        "the message element is qualified but its children are in no namespace",
        _envelope(
            NS5_0,
            "acme-nc-0001",
            """    <mm7:DeliverRsp>
      <MM7Version>5.3.0</MM7Version>
      <Status>
        <StatusCode>1000</StatusCode>
        <StatusText>Success</StatusText>
      </Status>
    </mm7:DeliverRsp>""",
        ).encode(),
    ),
    (
        "mm7version-1.0.xml",
        ("MM7_VERSION_NOT_ACCEPTED",),
        "MM7Version 1.0 where REL-5-MM7-1-2 accepts only 5.3.0",
        _envelope(
            NS5_2,
            "acme-nc-0002",
            """    <mm7:SubmitRsp>
      <mm7:MM7Version>1.0</mm7:MM7Version>
      <mm7:Status>
        <mm7:StatusCode>1000</mm7:StatusCode>
        <mm7:StatusText>Success</mm7:StatusText>
      </mm7:Status>
      <mm7:MessageID>msg-20261123-000052</mm7:MessageID>
    </mm7:SubmitRsp>""",
        ).encode(),
    ),
    (
        "numeric-mmstatus.xml",
        ("MM7_ENUM_VALUE",),
        "a delivery report whose MMStatus is the status code 1000, not Retrieved",
        _envelope(
            NS6_4,
            "acme-nc-0003",
            """    <mm7:DeliveryReportReq>
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc01.operator.example</mm7:MMSRelayServerID>
      <mm7:MessageID>msg-20261123-000042</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>447700900123</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>84433</mm7:ShortCode>
      </mm7:Sender>
      <mm7:Date>2026-11-23T10:15:00Z</mm7:Date>
      <mm7:MMStatus>1000</mm7:MMStatus>
    </mm7:DeliveryReportReq>""",
        ).encode(),
    ),
    (
        "fault-qualified-faultcode.xml",
        ("SOAP_FAULT_QUALIFIED",),
        "a SOAP Fault whose faultcode, faultstring and detail are namespace-qualified",
        _envelope(
            NS5_3,
            "acme-nc-0004",
            """    <soap:Fault>
      <soap:faultcode>soap:Client</soap:faultcode>
      <soap:faultstring>Address Error</soap:faultstring>
      <soap:detail>
        <mm7:RSErrorRsp>
          <mm7:MM7Version>5.3.0</mm7:MM7Version>
          <mm7:Status>
            <mm7:StatusCode>2002</mm7:StatusCode>
            <mm7:StatusText>Address Error</mm7:StatusText>
          </mm7:Status>
        </mm7:RSErrorRsp>
      </soap:detail>
    </soap:Fault>""",
        ).encode(),
    ),
    (
        "swa-bare-lf-unbracketed-start.http",
        ("MIME_LINE_ENDINGS", "MIME_START_UNBRACKETED"),
        "an HTTP POST whose SwA body ends lines in bare LF and names start=mm7-soap unbracketed",
        _SWA_HTTP,
    ),
    (
        "wrong-soap-namespace.xml",
        ("SOAP_ENVELOPE_NAMESPACE",),
        "the Envelope in http://schemas.xmlsoap.org/soap/envelope (no trailing slash)",
        _envelope(NS6_4, "acme-nc-0006", _SUBMIT_RSP_6, soap=SOAP.rstrip("/")).encode(),
    ),
    (
        "children-out-of-order.xml",
        ("MM7_ELEMENT_ORDER",),
        "Status written before MM7Version",
        _envelope(
            NS5_0,
            "acme-nc-0007",
            """    <mm7:DeliveryReportRsp>
      <mm7:Status>
        <mm7:StatusCode>1000</mm7:StatusCode>
        <mm7:StatusText>Success</mm7:StatusText>
      </mm7:Status>
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
    </mm7:DeliveryReportRsp>""",
        ).encode(),
    ),
    (
        "padded-transaction-id.xml",
        ("MM7_TRANSACTION_ID_SPACE",),
        "the TransactionID wrapped in newlines and indentation",
        _envelope(NS6_4, "\n      acme-nc-0008\n    ", _SUBMIT_RSP_6).encode(),
    ),
)


def write_nonconformant() -> list[Path]:
    directory = HERE / "nonconformant"
    directory.mkdir(exist_ok=True)
    written = []
    for name, _, _, data in NONCONFORMANT:
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


README = """# Bundled MM7 examples

Written by `make_examples.py` (run it again to rewrite them; it checks what it writes). Check
them with `mm7 check examples/conformant` (exit 0) or `mm7 check examples/` (exit 1: the
nonconformant ones are named with their findings).

## conformant/

A message of every type of {releases}, built from the schemas'
element names and encoded by mm7codec: MSISDNs in international format without `+`, a VASP
and VAS ID, a short code.
SubmitReq and DeliverReq carry a real SOAP-with-attachments body (a multipart/mixed holding a
text part and a 1x1 GIF, named by the `cid:` href); ReplaceReq and extendedReplaceReq carry a
text part. RSErrorRsp and VASPErrorRsp travel in a SOAP Fault. Each request shares its
TransactionID with its response, so `mm7 check` pairs and checks them. `NAME.content-type`
holds the Content-Type each body is sent with.

## nonconformant/

One common real-world deviation each, as peers really send it: strict decoding refuses every
one with (at least) the codes listed; lenient decoding recovers the message, and the `lenient:`
line of `mm7 check` says what it repaired and what is still wrong.

| file | finding codes | what it shows |
|---|---|---|
{rows}
"""


def write_readme() -> None:
    rows = "\n".join(
        f"| `{name}` | {', '.join(f'`{code}`' for code in codes)} | {what} |"
        for name, codes, what, _ in NONCONFORMANT
    )
    releases = " and ".join(RELEASES)
    (HERE / "README.md").write_text(README.format(releases=releases, rows=rows))


def verify(conformant: list[Path], nonconformant: list[Path]) -> list[str]:
    """What is wrong with the files just written (empty when all is as intended)."""
    problems = []
    for path in conformant:
        content_type = path.with_name(path.name + ".content-type").read_text().strip()
        try:
            decoded = decode(path.read_bytes(), content_type, mode="strict")
        except Mm7Error as error:
            problems.append(f"{path}: refused: {error}")
            continue
        if decoded.findings:
            problems.append(f"{path}: {[f.code for f in decoded.findings]}")
    expected = {name: set(codes) for name, codes, _, _ in NONCONFORMANT}
    for path in nonconformant:
        try:
            decode(path.read_bytes(), mode="strict")
        except Mm7Error as error:
            missing = expected[path.name] - {f.code for f in error.findings}
            if missing:
                problems.append(f"{path}: refused without {sorted(missing)}")
            try:
                decode(path.read_bytes(), mode="lenient")
            except Mm7Error as lenient_error:
                problems.append(f"{path}: lenient decoding refuses it: {lenient_error}")
        else:
            problems.append(f"{path}: strict decoding accepts it")
    return problems


def main() -> int:
    conformant = write_conformant()
    nonconformant = write_nonconformant()
    write_readme()
    problems = verify(conformant, nonconformant)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {len(conformant)} conformant and {len(nonconformant)} nonconformant examples")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
