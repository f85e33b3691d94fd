"""The mm7 command line: decode prints the documented JSON, encode is its inverse."""

from __future__ import annotations

import argparse
import base64
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from builders import minimal
from mm7codec.cli import build_parser, decoded_json, main
from mm7codec.codec import decode, encode
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


# -- the command line as people meet it (issue 9) ------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
R6 = EXAMPLES / "conformant" / "REL-6-MM7-1-4"
MM7 = Path(sys.executable).with_name("mm7")


def run(
    *args: str | bytes, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The installed ``mm7`` entry point, as a user runs it."""
    assert MM7.exists(), f"the mm7 script is not installed beside {sys.executable}"
    return subprocess.run(
        [os.fsencode(MM7), *(a if isinstance(a, bytes) else a.encode() for a in args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "CI": "true"},
    )


def _no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert re.fullmatch(rb"mm7 \d+\.\d+\.\d+\S*\n", result.stdout)


def test_every_option_of_every_subcommand_says_its_default() -> None:
    parser = build_parser()
    subcommands = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    assert {"decode", "encode", "check"} <= set(subcommands)
    for name, sub in subcommands.items():
        for action in sub._actions:
            if action.option_strings and not isinstance(action, argparse._HelpAction):
                assert "default" in (action.help or ""), (name, action.option_strings)


def test_stdin_for_decode_check_and_encode(tmp_path: Path) -> None:
    body = (R6 / "SubmitRsp.xml").read_bytes()
    decoded = run("decode", "--content", "-", stdin=body)
    assert decoded.returncode == 0 and json.loads(decoded.stdout)["message_type"] == "SubmitRsp"
    checked = run("check", "-", stdin=body)
    assert checked.returncode == 0
    assert checked.stdout.startswith(b"-: CONFORMS  REL-6-MM7-1-4 SubmitRsp")
    encoded = run("encode", "-", stdin=decoded.stdout)
    assert encoded.returncode == 0 and encoded.stdout.startswith(b"<?xml")
    assert run("decode", "-", stdin=encoded.stdout).returncode == 0


def test_a_closed_pipe_ends_quietly() -> None:
    for args in (["findings"], ["check", "--format", "json", str(EXAMPLES)]):
        process = subprocess.Popen(
            [MM7, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line is written
        error = process.stderr.read()
        assert process.wait(timeout=120) == 141, error
        assert b"Traceback" not in error and b"BrokenPipe" not in error


@pytest.mark.parametrize(
    "name",
    [b"with space.xml", b"-leading-dash.xml", b"caf\xe9-latin1.xml", b"\xff\xfe.xml"],
)
def test_odd_file_names(tmp_path: Path, name: bytes) -> None:
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "wb") as handle:
        handle.write((R6 / "SubmitRsp.xml").read_bytes())
    decoded = run("decode", "--", path)
    assert decoded.returncode == 0, decoded.stderr
    checked = run("check", "--format", "junit", "-o", b"out-\xe9.xml", "--", path, cwd=tmp_path)
    _no_traceback(checked)
    assert checked.returncode == 0, checked.stderr
    report = etree.parse(os.path.join(os.fsencode(tmp_path), b"out-\xe9.xml")).getroot()
    assert report.get("tests") == "1" and report.get("failures") == "0"
    shown = report.find("testcase").get("name")
    assert shown == path.decode("utf-8", "backslashreplace")  # undecodable bytes as \\xNN


def test_decode_reads_the_sidecar_and_says_when_a_mime_body_has_no_content_type(
    tmp_path: Path,
) -> None:
    with_sidecar = run("decode", str(R6 / "SubmitReq.mime"))
    assert with_sidecar.returncode == 0
    assert json.loads(with_sidecar.stdout)["attachments"]
    assert b"Content-Type from the sidecar" in with_sidecar.stderr
    bare = tmp_path / "SubmitReq.mime"
    bare.write_bytes((R6 / "SubmitReq.mime").read_bytes())
    without = run("decode", str(bare))
    assert without.returncode == 1
    assert b"a MIME body without a Content-Type" in without.stderr
    assert "MIME_NO_CONTENT_TYPE" in without.stdout.decode()


def test_garbage_to_decode_is_named_not_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(250)))
    result = run("decode", str(garbage))
    _no_traceback(result)
    assert result.returncode == 1
    assert b"no MM7 message here: binary file" in result.stderr
    assert json.loads(result.stdout)["ok"] is False


def _decoded_document(path: Path = R6 / "SubmitReq.mime") -> dict[str, object]:
    result = run("decode", "--content", str(path))
    assert result.returncode == 0
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(mesage=d.pop("message")), b"unknown key 'mesage' (did you mean"),
        (lambda d: d.pop("message_type"), b"missing key 'message_type'"),
        (lambda d: d.update(release="REL-9-MM7-9-9"), b"no release 'REL-9-MM7-9-9' (known: "),
        (lambda d: d["attachments"][0].update(contentid="x"), b"unknown key 'contentid'"),
        (
            lambda d: d["message"]["Content"].update({"@href": "cid:nowhere"}),
            b"Content href 'cid:nowhere' names no attachment",
        ),
    ],
)
def test_encode_names_what_is_wrong_with_the_document(
    tmp_path: Path, change: Any, said: bytes
) -> None:
    document = _decoded_document()
    change(document)
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(document))
    result = run("encode", str(source))
    _no_traceback(result)
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert result.stdout == b""


def test_encode_refuses_invalid_json_in_words(tmp_path: Path) -> None:
    source = tmp_path / "doc.json"
    source.write_text('{"release": "REL-6-MM7-1-4",')
    result = run("encode", str(source))
    _no_traceback(result)
    assert result.returncode == 1 and b"is not valid JSON" in result.stderr


def test_unknown_release_option_is_a_usage_error() -> None:
    for args in (["encode", "--release", "REL-9", "-"], ["check", "--release", "REL-9", "-"]):
        result = run(*args, stdin=b"{}")
        _no_traceback(result)
        assert result.returncode == 2 and b"no release 'REL-9' (known: REL-5-MM7-1-0" in (
            result.stderr
        )


def test_encode_release_converts_from_the_documents_release(tmp_path: Path) -> None:
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(_decoded_document(R6 / "CancelReq.xml")))
    result = run("encode", "--release", "REL-5-MM7-1-3", str(source))
    assert result.returncode == 0, result.stderr
    again = json.loads(run("decode", "-", stdin=result.stdout).stdout)
    assert (again["release"], again["mm7_version"]) == ("REL-5-MM7-1-3", "5.6.0")
    assert again["message_type"] == "CancelReq"


def test_check_says_its_rate_and_shows_no_progress_in_a_pipe() -> None:
    result = run("check", str(R6))
    assert result.returncode == 0
    assert re.search(rb"mm7 check: 18 messages in [0-9.]+ s, [0-9]+ messages/s", result.stderr)
    assert b"\r" not in result.stderr


def test_progress_line_only_for_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mm7codec import cli

    args = argparse.Namespace(quiet=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not cli._show_progress(args)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli._show_progress(args)
    monkeypatch.setenv("CI", "true")
    assert not cli._show_progress(args)
    clock = iter([100.0, 100.1, 101.0, 101.5])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    progress = cli._Progress()  # started at 100.0
    progress(10, 10)  # 0.1 s later: too soon to draw
    assert capsys.readouterr().err == ""
    progress(50, 60)  # 1 s in
    progress.close()
    assert capsys.readouterr().err == "\r50 files, 60 messages, 60 messages/s \r\x1b[K"


@functools.cache
def _submit_document() -> str:
    """The JSON of the conformant SubmitReq, with its attachments' bytes, decoded once."""
    path = R6 / "SubmitReq.mime"
    content_type = path.with_name(path.name + ".content-type").read_text().strip()
    return json.dumps(decoded_json(decode(path.read_bytes(), content_type), content=True))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_encode_never_crashes_on_a_document(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Any value under any key of a real document: exit 0 or 1 with a message, never a
    usage error for a file that exists, never an exception."""
    document = json.loads(_submit_document())
    attachment = document["attachments"][0]
    target = data.draw(st.sampled_from([document, attachment, document["message"]]))
    key = data.draw(st.sampled_from(sorted(target)) | st.text(max_size=6))
    target[key] = data.draw(JSON_VALUES)
    source = tmp_path_factory.mktemp("doc") / "doc.json"
    source.write_text(json.dumps(document))
    assert main(["encode", "-o", os.devnull, str(source)]) in (0, 1)
