"""The mm7 command line: decode prints the documented JSON, encode is its inverse."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from builders import minimal
from mm7codec.cli import main
from mm7codec.codec import encode
from mm7codec.mime import make_part
from mm7codec.releases import default_registry

RELEASE = default_registry().by_name("REL-5-MM7-1-3")


def _submit(tmp_path: Path) -> tuple[Path, str]:
    message = minimal(RELEASE.message_class("SubmitReq"))
    message.subject = "Hello"
    message.content = RELEASE.bindings.ContentReferenceType(href="cid:a1")
    wire = encode(
        message, transaction_id="t-9", attachments=[make_part("text/plain", b"hi", content_id="a1")]
    )
    path = tmp_path / "submit.mime"
    path.write_bytes(wire.body)
    return path, wire.content_type


def test_decode_prints_documented_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, content_type = _submit(tmp_path)
    assert main(["decode", "--strict", "--content-type", content_type, str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True
    assert out["release"] == "REL-5-MM7-1-3"
    assert out["mm7_version"] == "5.6.0"
    assert out["message_type"] == "SubmitReq"
    assert out["transaction_id"] == "t-9"
    assert out["message"]["Subject"] == "Hello"
    assert out["message"]["Content"]["@href"] == "cid:a1"
    assert out["attachments"] == [
        {"content_type": "text/plain", "content_id": "a1", "content_location": None, "size": 2}
    ]
    assert out["findings"] == []


def test_refusal_exits_1_with_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<soap:Envelope>")
    assert main(["decode", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["status_code"] == 2007
    assert out["findings"][0]["code"] == "XML_NOT_WELL_FORMED"
    assert set(out["findings"][0]) == {
        "code",
        "severity",
        "status_code",
        "where",
        "message",
        "repaired",
    }


def test_encode_inverts_decode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, content_type = _submit(tmp_path)
    main(["decode", "--content-type", content_type, str(path)])
    document = json.loads(capsys.readouterr().out)
    document["attachments"] = [
        {"content_type": "text/plain", "content_id": "a1", "content_base64": "aGk="}
    ]
    source = tmp_path / "message.json"
    source.write_text(json.dumps(document))
    out, ctype = tmp_path / "out.bin", tmp_path / "ctype.txt"
    assert main(["encode", str(source), "-o", str(out), "--content-type-file", str(ctype)]) == 0
    assert main(["decode", "--content-type", ctype.read_text().strip(), str(out)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["message"] == document["message"]
    assert again["transaction_id"] == "t-9"


def test_decode_with_content_then_encode_rebuilds_nested_attachments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = minimal(RELEASE.message_class("SubmitReq"))
    message.content = RELEASE.bindings.ContentReferenceType(href="cid:mixed")
    binary = bytes(range(256)) + b"\r\n--not-a-boundary\r\n"
    nested = make_part(
        "multipart/mixed",
        content_id="mixed",
        parts=[
            make_part("text/plain; charset=euc-kr", "안녕".encode("euc-kr"), content_id="t"),
            make_part("image/gif", binary, content_location="pic.gif"),
        ],
    )
    wire = encode(message, transaction_id="t-3", attachments=[nested])
    path = tmp_path / "in.mime"
    path.write_bytes(wire.body)
    assert main(["decode", "--content", "--content-type", wire.content_type, str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    [mixed] = document["attachments"]
    assert [leaf["parameters"] for leaf in mixed["parts"] if "parameters" in leaf] == [
        {"charset": "euc-kr"}
    ]
    source, out, ctype = tmp_path / "m.json", tmp_path / "out.mime", tmp_path / "ct"
    source.write_text(json.dumps(document))
    assert main(["encode", str(source), "-o", str(out), "--content-type-file", str(ctype)]) == 0
    assert main(["decode", "--content", "--content-type", ctype.read_text().strip(), str(out)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["attachments"] == document["attachments"]
    assert again["message"] == document["message"]
    leaves = again["attachments"][0]["parts"]
    assert base64.b64decode(leaves[1]["content_base64"]) == binary


def test_encode_of_a_message_its_release_refuses_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(
        json.dumps(
            {"release": "REL-6-MM7-1-4", "message_type": "SubmitRsp", "message": {"Bogus": "1"}}
        )
    )
    assert main(["encode", str(source)]) == 1
    assert "status 4004" in capsys.readouterr().err


def test_refusal_of_a_generic_fault_says_what_it_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fault.xml"
    path.write_bytes(
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internal error"
        b"</faultstring></soap:Fault></soap:Body></soap:Envelope>"
    )
    assert main(["decode", "--lenient", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["fault"] == {"faultcode": "soap:Server", "faultstring": "Internal error"}
    assert "SOAP_FAULT_DETAIL" in [f["code"] for f in out["findings"]]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode"]) == 2
    assert main(["no-such-command"]) == 2


def test_findings_table_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    from mm7codec.findings import KINDS

    assert main(["findings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(KINDS)
