"""The conformance checker and ``mm7 check``: verdicts, outputs, exit codes, pairs, examples."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import CORPUS, ROOT
from corpus_expectations import EXPECTATIONS
from mm7codec import decode, default_registry
from mm7codec.checker import (
    MessageResult,
    Recovery,
    Report,
    Skipped,
    Verdict,
    check_path,
    find_pairs,
    printable,
    render,
    render_json,
    render_junit,
    render_text,
    summary_line,
)
from mm7codec.cli import main
from mm7codec.findings import Finding, Severity
from mm7codec.responses import ERROR_RESPONSES, RESPONSE_OF

EXAMPLES = ROOT / "examples"
CONFORMANT = EXAMPLES / "conformant"
NONCONFORMANT = EXAMPLES / "nonconformant"
R6 = CONFORMANT / "REL-6-MM7-1-4"
R6_NAMESPACE = default_registry().by_name("REL-6-MM7-1-4").namespace


def _copy(source: Path, target: Path, replace: tuple[bytes, bytes] | None = None) -> Path:
    """Copy an example (and its .content-type sibling), optionally replacing bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    if replace is not None:
        assert replace[0] in data
        data = data.replace(*replace)
    target.write_bytes(data)
    sibling = source.with_name(source.name + ".content-type")
    if sibling.exists():
        shutil.copy(sibling, target.with_name(target.name + ".content-type"))
    return target


def _readme_rows() -> dict[str, set[str]]:
    """File -> finding codes, from the table in examples/README.md."""
    rows = {}
    for line in (EXAMPLES / "README.md").read_text().splitlines():
        match = re.match(r"\| `([^`]+)` \| (.+?) \| .+ \|$", line)
        if match:
            rows[match.group(1)] = set(re.findall(r"`([A-Z0-9_]+)`", match.group(2)))
    return rows


@pytest.fixture(scope="module")
def examples_report() -> Report:
    return check_path(EXAMPLES, keep_decoded=True)


# -- text, JSON and JUnit ------------------------------------------------------------------


def test_text_has_a_block_per_file_findings_recovery_and_summary(examples_report: Report) -> None:
    text = render_text(examples_report)
    blocks = text.strip().split("\n\n")
    verdicts = [b for b in blocks if b.startswith(str(EXAMPLES))]
    assert len(verdicts) == len(examples_report.messages) == 40
    padded = next(b for b in verdicts if "padded-transaction-id.xml" in b.splitlines()[0])
    head, finding, recovery = padded.splitlines()
    assert head.endswith(
        "DOES NOT CONFORM  REL-6-MM7-1-4 SubmitRsp TransactionID 'acme-nc-0008'  status 4004"
    )
    assert re.fullmatch(r"  MM7_TRANSACTION_ID_SPACE error 4004 body line 4: .+", finding)
    assert recovery.startswith("  lenient: recovers SubmitRsp (REL-6-MM7-1-4")
    assert "repaired MM7_TRANSACTION_ID_SPACE; still wrong: nothing" in recovery
    conformant = next(b for b in verdicts if b.startswith(str(R6 / "SubmitReq.mime")))
    assert conformant.splitlines() == [
        f"{R6 / 'SubmitReq.mime'}: CONFORMS  REL-6-MM7-1-4 SubmitReq TransactionID 'acme-r6-0001'"
    ]
    assert blocks[-1] == (
        "40 messages: 32 conform, 8 do not conform, 0 refused unreadable;"
        " 14 pairs, 0 failing; 2 files skipped"
    )


def test_json_report_follows_the_documented_schema(examples_report: Report) -> None:
    document = json.loads(render_json(examples_report))
    assert set(document) == {"schema", "options", "summary", "messages", "pairs", "skipped"}
    assert document["schema"] == "mm7codec.check/1"
    assert document["options"] == {"release": None, "advisory": False}
    summary = document["summary"]
    assert summary.pop("seconds") > 0 and summary.pop("messages_per_second") > 0
    assert summary == {
        "messages": 40,
        "conforms": 32,
        "does_not_conform": 8,
        "refused": 0,
        "pairs": 14,
        "pairs_failed": 0,
        "skipped": 2,
        "unreadable": 0,
        "ok": False,
        "exit_code": 1,
    }
    message_keys = {
        "path", "verdict", "content_type", "content_type_from", "release", "declared_release",
        "mm7_version", "message_type", "transaction_id", "attachment_leaves", "status_code",
        "findings", "lenient",
    }  # fmt: skip
    assert all(set(m) == message_keys for m in document["messages"])
    bad = next(m for m in document["messages"] if m["path"].endswith("numeric-mmstatus.xml"))
    assert bad["verdict"] == "does not conform" and bad["status_code"] == 4004
    assert bad["content_type_from"] == "none" and bad["message_type"] == "DeliveryReportReq"
    assert [f["code"] for f in bad["findings"]] == ["MM7_ENUM_VALUE"]
    assert set(bad["findings"][0]) == {
        "code", "severity", "status_code", "where", "message", "repaired"
    }  # fmt: skip
    assert bad["lenient"] == {
        "refused": False,
        # MMStatus 1000 is no enumeration value: lenient keeps it as sent, so it stays wrong.
        "ok": False,
        "status_code": 4004,
        "message_type": "DeliveryReportReq",
        "release": "REL-6-MM7-1-4",
        "transaction_id": "acme-nc-0003",
        "attachment_leaves": 0,
        "repaired": [],
        "unrepaired": ["MM7_ENUM_VALUE"],
    }
    good = next(m for m in document["messages"] if m["path"].endswith("6-MM7-1-4/SubmitReq.mime"))
    assert good["lenient"] is None and good["content_type_from"] == "sibling"
    assert good["content_type"].startswith("multipart/related;") and good["attachment_leaves"] == 2
    pair_keys = {
        "request", "response", "matched_by", "request_type", "response_type",
        "request_transaction_id", "response_transaction_id", "status_code", "status_name",
        "status_standard", "status_vendors", "ok", "problems", "notes",
    }  # fmt: skip
    assert all(set(p) == pair_keys for p in document["pairs"])
    assert {"path", "reason", "unreadable"} == set(document["skipped"][0])


# A JUnit schema of the common (Jenkins/Surefire) shape, stricter where this report allows it:
# counts are non-negative integers, times decimals, a timestamp an xs:dateTime.
JUNIT_XSD = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="count"><xs:restriction base="xs:nonNegativeInteger"/></xs:simpleType>
  <xs:simpleType name="seconds">
    <xs:restriction base="xs:decimal"><xs:minInclusive value="0"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="message" type="xs:string"/>
    <xs:attribute name="type" type="xs:string"/>
  </xs:complexType>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="properties" minOccurs="0">
          <xs:complexType><xs:sequence>
            <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
              <xs:complexType>
                <xs:attribute name="name" type="xs:string" use="required"/>
                <xs:attribute name="value" type="xs:string" use="required"/>
              </xs:complexType>
            </xs:element>
          </xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="skipped" type="outcome"/>
              <xs:element name="error" type="outcome"/>
              <xs:element name="failure" type="outcome"/>
              <xs:element name="system-out" type="xs:string"/>
              <xs:element name="system-err" type="xs:string"/>
            </xs:choice>
            <xs:attribute name="name" type="xs:string" use="required"/>
            <xs:attribute name="classname" type="xs:string"/>
            <xs:attribute name="time" type="seconds"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="system-out" type="xs:string" minOccurs="0"/>
        <xs:element name="system-err" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="count" use="required"/>
      <xs:attribute name="failures" type="count" use="required"/>
      <xs:attribute name="errors" type="count" use="required"/>
      <xs:attribute name="skipped" type="count" use="required"/>
      <xs:attribute name="time" type="seconds"/>
      <xs:attribute name="timestamp" type="xs:dateTime"/>
    </xs:complexType>
  </xs:element>
</xs:schema>"""


def _junit(report: Report) -> etree._Element:
    root = etree.fromstring(render_junit(report).encode())
    schema = etree.XMLSchema(etree.fromstring(JUNIT_XSD))
    schema.assertValid(root)
    return root


def test_junit_has_one_testcase_per_message_and_pair(examples_report: Report) -> None:
    suite = _junit(examples_report)
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "56"  # 40 messages, 14 pairs, 2 skipped
    failed = [case for case in cases if case.find("failure") is not None]
    assert suite.get("failures") == str(len(failed)) == "8"
    assert suite.get("errors") == "0" and suite.get("skipped") == "2"
    skipped = [case.get("name") for case in cases if case.find("skipped") is not None]
    assert sorted(Path(str(name)).name for name in skipped) == ["README.md", "make_examples.py"]
    names = [case.get("name") for case in cases]
    assert len(set(names)) == len(names)
    failure = next(c for c in failed if c.get("name", "").endswith("children-out-of-order.xml"))
    outcome = failure.find("failure")
    assert outcome is not None and outcome.get("type") == "MM7_ELEMENT_ORDER"
    assert "MM7_ELEMENT_ORDER error 4004" in (outcome.text or "")


def test_junit_counts_refusals_as_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_bytes(b"<soap:Envelope>")
    _copy(R6 / "SubmitRsp.xml", tmp_path / "ok.xml")
    suite = _junit(check_path(tmp_path))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "0", "1")
    error = suite.find("testcase/error")
    assert error is not None and error.get("type") == "XML_NOT_WELL_FORMED"


# -- exit codes and the command line -------------------------------------------------------


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CONFORMANT)]) == 0
    assert main(["check", str(EXAMPLES)]) == 1
    assert main(["check", "--advisory", str(EXAMPLES)]) == 0
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert main(["check", "--release", "REL-9-MM7-9-9", str(CONFORMANT)]) == 2
    assert main(["check", "--format", "xml", str(CONFORMANT)]) == 2
    assert main(["check"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_formats_and_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["check", "--format", "json", str(NONCONFORMANT)]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["does_not_conform"] == 8
    out = tmp_path / "report.xml"
    assert main(["check", "--format", "junit", "-o", str(out), str(R6)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("18 messages: 18 conform")
    assert etree.parse(str(out)).getroot().get("tests") == "26"  # 18 messages + 8 pairs


def test_check_examples_names_every_deviation(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["check", str(EXAMPLES)]) == 1
    text = capsys.readouterr().out
    for name, codes in _readme_rows().items():
        block = text.split(f"{NONCONFORMANT / name}: ", 1)[1].split("\n\n", 1)[0]
        assert block.startswith("DOES NOT CONFORM")
        for code in codes:
            assert f"\n  {code} error " in block, (name, code)


def test_readme_shows_what_the_main_job_prints() -> None:
    """The README's set-up section quotes the summary and a nonconformant block of
    ``mm7 check --advisory examples/``; both must be what a run prints today."""
    readme = (ROOT / "README.md").read_text()
    report = check_path(EXAMPLES, advisory=True)
    assert f"    {summary_line(report)}\n" in readme
    text = render_text(report)
    block = text.split("examples/nonconformant/fault-qualified-faultcode.xml: ", 1)[1]
    block = block.split("\n\n", 1)[0]
    quoted = "\n".join(f"    {line}" if i else line for i, line in enumerate(block.split("\n")))
    assert f"examples/nonconformant/fault-qualified-faultcode.xml: {quoted}" in readme


# -- release option ------------------------------------------------------------------------


def test_release_option_judges_against_that_release() -> None:
    report = check_path(R6 / "SubmitRsp.xml", release="REL-5-MM7-1-0")
    (message,) = report.messages
    assert message.verdict is Verdict.DOES_NOT_CONFORM
    assert (message.release, message.declared_release) == ("REL-5-MM7-1-0", "REL-6-MM7-1-4")
    codes = {f.code for f in message.findings}
    assert {"MM7_UNKNOWN_NAMESPACE", "MM7_VERSION_NOT_ACCEPTED"} <= codes
    assert "(declares REL-6-MM7-1-4)" in render_text(report)
    same = check_path(R6 / "SubmitRsp.xml", release=R6_NAMESPACE)
    assert same.ok and same.release == "REL-6-MM7-1-4"
    assert same.messages[0].release == same.messages[0].declared_release == "REL-6-MM7-1-4"


# -- pairs ---------------------------------------------------------------------------------


def test_pair_by_transaction_id_echoed(tmp_path: Path) -> None:
    request = _copy(R6 / "SubmitReq.mime", tmp_path / "a" / "one.mime")
    response = _copy(R6 / "SubmitRsp.xml", tmp_path / "b" / "two.xml")
    report = check_path(tmp_path)
    (pair,) = report.pairs
    assert (pair.request, pair.response) == (str(request), str(response))
    assert pair.matched_by == "transaction-id" and pair.ok
    assert (pair.status_code, pair.status_standard) == (1000, True)
    assert report.exit_code == 0


def test_pair_by_name_with_mismatched_transaction_id(tmp_path: Path) -> None:
    _copy(R6 / "SubmitReq.mime", tmp_path / "submit.REQ.mime")
    _copy(R6 / "SubmitRsp.xml", tmp_path / "submit.RES.xml", (b"acme-r6-0001", b"acme-r6-0999"))
    report = check_path(tmp_path)
    assert all(m.conforms for m in report.messages)
    (pair,) = report.pairs
    assert pair.matched_by == "name" and not pair.ok
    assert pair.response_transaction_id == "acme-r6-0999"
    assert "does not echo" in pair.problems[0]
    assert report.exit_code == 1
    assert "PAIR FAILS" in render_text(report)
    assert _junit(report).get("failures") == "1"


def _http(start_line: bytes, example: Path, replace: tuple[bytes, bytes] = (b"", b"")) -> bytes:
    """An HTTP message carrying an example, with a Content-Length that counts it exactly."""
    body = example.read_bytes().replace(*replace)
    content_type = example.with_name(example.name + ".content-type").read_bytes().strip()
    head = b"%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
        start_line,
        content_type,
        len(body),
    )
    return head + body


def test_captured_exchange_is_judged_message_by_message_and_paired(tmp_path: Path) -> None:
    request = _http(b"POST /mm7 HTTP/1.1", R6 / "SubmitReq.mime")
    response = _http(b"HTTP/1.1 200 OK", R6 / "SubmitRsp.xml", (b"acme-r6-0001", b"other-id"))
    stream = tmp_path / "stream.txt"
    stream.write_bytes(request + b"\r\n\r\n" + response)  # an export pads between them
    report = check_path(stream)
    assert [m.path for m in report.messages] == [f"{stream}#1", f"{stream}#2"]
    assert [m.message_type for m in report.messages] == ["SubmitReq", "SubmitRsp"]
    assert all(m.conforms and m.findings == () for m in report.messages)
    (pair,) = report.pairs
    assert pair.matched_by == "exchange" and not pair.ok  # paired though the IDs differ
    assert "does not echo" in pair.problems[0]


def test_decode_of_an_exchange_reads_the_first_message_and_says_more_follow() -> None:
    request = _http(b"POST /mm7 HTTP/1.1", R6 / "SubmitReq.mime")
    response = _http(b"HTTP/1.1 200 OK", R6 / "SubmitRsp.xml")
    decoded = decode(request + response)
    assert decoded.message_type == "SubmitReq" and decoded.ok
    assert [f.code for f in decoded.findings] == ["HTTP_MORE_MESSAGES"]
    assert "'HTTP/1.1 200 OK'" in decoded.findings[0].message


def test_pair_response_type_must_answer_the_request(tmp_path: Path) -> None:
    _copy(R6 / "SubmitReq.mime", tmp_path / "req.mime")
    _copy(R6 / "DeliverRsp.xml", tmp_path / "rsp.xml", (b"acme-r6-0002", b"acme-r6-0001"))
    (pair,) = check_path(tmp_path).pairs
    assert not pair.ok and pair.problems == (
        "DeliverRsp does not answer SubmitReq (expected SubmitRsp or an error response)",
    )


def test_pair_by_transaction_id_picks_the_request_answered(tmp_path: Path) -> None:
    same = (b"acme-r6-0003", b"acme-r6-0001")
    _copy(R6 / "CancelReq.xml", tmp_path / "a-cancel.xml", same)
    _copy(R6 / "SubmitReq.mime", tmp_path / "b-submit.mime")
    _copy(R6 / "SubmitRsp.xml", tmp_path / "c-answer.xml")
    (pair,) = check_path(tmp_path).pairs
    assert (pair.request_type, pair.response_type, pair.ok) == ("SubmitReq", "SubmitRsp", True)


def test_error_responses_answer_any_request(tmp_path: Path) -> None:
    _copy(R6 / "CancelReq.xml", tmp_path / "req.xml")
    _copy(R6 / "RSErrorRsp.xml", tmp_path / "err.xml", (b"acme-r6-0007", b"acme-r6-0003"))
    (pair,) = check_path(tmp_path).pairs
    assert pair.ok and pair.response_type == "RSErrorRsp" and pair.status_code == 2002


@pytest.mark.parametrize(
    ("code", "ok", "said"),
    [
        (2150, False, "not in TS 23.140 nor in any vendor profile"),
        (2562, True, "sinch vendor code"),
        (4599, True, "implementation-specific"),
    ],
)
def test_pair_status_code_must_be_known(tmp_path: Path, code: int, ok: bool, said: str) -> None:
    _copy(R6 / "SubmitReq.mime", tmp_path / "req.mime")
    status = f"<mm7:StatusCode>{code}</mm7:StatusCode>".encode()
    _copy(
        R6 / "SubmitRsp.xml",
        tmp_path / "rsp.xml",
        (b"<mm7:StatusCode>1000</mm7:StatusCode>", status),
    )
    (pair,) = check_path(tmp_path).pairs
    assert pair.status_code == code and pair.status_standard is False
    assert pair.ok is ok
    assert said in " ".join(pair.problems + pair.notes)


# -- walking directories and content types -------------------------------------------------


def test_directory_walk_skips_what_is_not_a_message(tmp_path: Path) -> None:
    _copy(R6 / "SubmitReq.mime", tmp_path / "sub" / "SubmitReq.mime")
    _copy(R6 / "SubmitRsp.xml", tmp_path / "sub" / "deeper" / "SubmitRsp.xml")
    _copy(R6 / "CancelRsp.xml", tmp_path / ".git" / "CancelRsp.xml")
    _copy(R6 / "CancelRsp.xml", tmp_path / ".hidden.xml")
    for name, text in {
        "README.md": "# notes",
        "README": "<!-- looks like XML, but it is the notes -->",
        "MANIFEST.md": "| file |",
        "SHA256SUMS": "00  x",
        "notes.txt": "just some notes, no message here",
        "empty.xml": "",
    }.items():
        (tmp_path / name).write_text(text)
    report = check_path(tmp_path)
    checked = sorted(Path(m.path).relative_to(tmp_path).as_posix() for m in report.messages)
    assert checked == ["sub/SubmitReq.mime", "sub/deeper/SubmitRsp.xml"]
    skipped = {Path(item.path).name: item.reason for item in report.skipped}
    # A NAME.content-type beside its message is part of that message, not a skipped file.
    assert set(skipped) == {
        ".hidden.xml", "README.md", "README", "MANIFEST.md", "SHA256SUMS", "notes.txt",
        "empty.xml",
    }  # fmt: skip
    assert skipped["notes.txt"] == "not a message (neither XML, MIME nor an HTTP dump)"
    assert skipped["README"] == "not a message (documentation or checksum file)"
    assert skipped[".hidden.xml"] == "hidden file" and skipped["empty.xml"] == "empty file"
    named = check_path(tmp_path / "notes.txt")
    assert [m.verdict for m in named.messages] == [Verdict.REFUSED]


def test_sibling_content_type_frames_the_body(tmp_path: Path) -> None:
    body = (R6 / "SubmitReq.mime").read_bytes()
    content_type = (R6 / "SubmitReq.mime.content-type").read_text()
    (tmp_path / "bare.mime").write_bytes(body)
    (tmp_path / "stem.mime").write_bytes(body)
    (tmp_path / "stem.content-type").write_text(f"Content-Type: {content_type}")
    results = {Path(m.path).name: m for m in check_path(tmp_path).messages}
    bare = results["bare.mime"]
    assert bare.verdict is Verdict.DOES_NOT_CONFORM and bare.content_type_from == "none"
    assert {"MIME_NO_CONTENT_TYPE", "MIME_BOUNDARY_MISSING"} <= {f.code for f in bare.findings}
    assert bare.lenient is not None and bare.lenient.attachment_leaves == 2
    stem = results["stem.mime"]
    assert stem.conforms and stem.content_type == content_type.strip()


def test_http_dump_frames_itself(tmp_path: Path) -> None:
    dump = _copy(NONCONFORMANT / "swa-bare-lf-unbracketed-start.http", tmp_path / "post.http")
    (tmp_path / "post.http.content-type").write_text("text/xml\n")  # ignored: the dump has one
    (message,) = check_path(dump).messages
    assert message.content_type_from == "http"
    assert message.content_type is not None and message.content_type.startswith("multipart/")
    assert {f.code for f in message.findings} == {"MIME_LINE_ENDINGS", "MIME_START_UNBRACKETED"}


# -- the bundled examples ------------------------------------------------------------------


def test_examples_cover_every_message_type_of_oldest_and_newest_release(
    examples_report: Report,
) -> None:
    registry = default_registry()
    for release in ("REL-5-MM7-1-0", "REL-6-MM7-1-4"):
        found = {
            m.message_type
            for m in examples_report.messages
            if Path(m.path).parent == CONFORMANT / release
        }
        assert found == set(registry.by_name(release).messages)


def test_conformant_examples_conform_without_any_finding() -> None:
    report = check_path(CONFORMANT)
    assert report.ok and report.exit_code == 0 and len(report.messages) == 32
    assert all(m.conforms and not m.findings for m in report.messages)
    assert len(report.pairs) == 14 and all(pair.ok for pair in report.pairs)
    for message in report.messages:
        data = Path(message.path).read_bytes()
        content_type = Path(message.path + ".content-type").read_text().strip()
        decoded = decode(data, content_type, check_numbers=True)
        assert decoded.findings == [], message.path  # numbers international, without +


def test_swa_examples_carry_text_and_a_real_gif(examples_report: Report) -> None:
    for name in ("SubmitReq.mime", "DeliverReq.mime"):
        for release in ("REL-5-MM7-1-0", "REL-6-MM7-1-4"):
            path = str(CONFORMANT / release / name)
            message = next(m for m in examples_report.messages if m.path == path)
            decoded = message.decoded
            assert decoded is not None and message.attachment_leaves == 2
            (content,) = decoded.attachments
            assert decoded.message.content.href == f"cid:{content.content_id}"
            leaves = {leaf.content_type: leaf.body for leaf in content.walk()}
            assert leaves["image/gif"].startswith(b"GIF89a\x01\x00\x01\x00")
            assert leaves["image/gif"].endswith(b";")
            assert leaves["text/plain"].strip()


def test_every_nonconformant_example_does_not_conform(examples_report: Report) -> None:
    rows = _readme_rows()
    assert set(rows) == {p.name for p in NONCONFORMANT.iterdir()}
    for message in examples_report.messages:
        name = Path(message.path).name
        if Path(message.path).parent != NONCONFORMANT:
            continue
        assert message.verdict is Verdict.DOES_NOT_CONFORM, name
        assert rows[name] <= {f.code for f in message.findings}, name
        assert message.lenient is not None and not message.lenient.refused


def _make_examples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no examples/__pycache__
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


def test_examples_are_what_make_examples_writes() -> None:
    maker = _make_examples()
    registry = default_registry()
    for release_name in maker.RELEASES:
        release = registry.by_name(release_name)
        for name, (view, parts, tid) in maker.messages(release).items():
            body, content_type = maker.wire(release, name, view, parts, tid)
            path = CONFORMANT / release_name / f"{name}{'.mime' if parts else '.xml'}"
            assert path.read_bytes() == body, path
            assert path.with_name(path.name + ".content-type").read_text() == content_type + "\n"
    for name, _, _, data in maker.NONCONFORMANT:
        assert (NONCONFORMANT / name).read_bytes() == data, name


# -- the captured corpus, pinned per file --------------------------------------------------

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set MM7_SHARED)"
)


@pytest.fixture(scope="module")
def corpus_report() -> Report:
    return check_path(CORPUS)


@needs_corpus
def test_corpus_files_are_all_checked(corpus_report: Report) -> None:
    assert {Path(m.path).name for m in corpus_report.messages} == set(EXPECTATIONS)
    assert {Path(item.path).name for item in corpus_report.skipped} == {"MANIFEST.md", "SHA256SUMS"}
    assert corpus_report.unreadable == 0


@needs_corpus
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_corpus_verdict(corpus_report: Report, name: str) -> None:
    expected = EXPECTATIONS[name]
    message = next(m for m in corpus_report.messages if Path(m.path).name == name)
    if expected.strict_ok:
        verdict = Verdict.CONFORMS
    elif expected.lenient_ok:
        verdict = Verdict.DOES_NOT_CONFORM
    else:
        verdict = Verdict.REFUSED
    assert message.verdict is verdict, expected.why
    assert expected.strict_codes <= {f.code for f in message.findings}, expected.why
    got = (message.message_type, message.release, message.transaction_id)
    assert got == (expected.message_type, expected.release, expected.transaction_id)
    if message.verdict is not Verdict.REFUSED:
        assert message.attachment_leaves == expected.attachment_leaves, expected.why
    if message.lenient is not None:
        assert message.lenient.refused is not expected.lenient_ok


@needs_corpus
def test_corpus_pairs_by_name_echo_their_transaction_id(corpus_report: Report) -> None:
    by_name = {(Path(p.request).name, Path(p.response).name): p for p in corpus_report.pairs}
    named = {key: pair for key, pair in by_name.items() if pair.matched_by == "name"}
    wanted = {
        (request, request.replace(".REQ.", ".RES."))
        for request in EXPECTATIONS
        if ".REQ." in request
        and request.replace(".REQ.", ".RES.") in EXPECTATIONS
        and EXPECTATIONS[request].lenient_ok
    }
    assert set(named) == wanted
    for (request, response), pair in named.items():
        echoed = EXPECTATIONS[request].transaction_id == EXPECTATIONS[response].transaction_id
        assert pair.ok is echoed, pair.problems


# -- a gate that cannot pass on nothing (issue 9, defect 3) --------------------------------

SUBMIT = R6 / "SubmitReq.mime"
SUBMIT_BOUNDARY = b"=_mm7_outer_boundary_SubmitReq"
SUBMIT_INNER = b"=_mm7_inner_boundary_a"
_BCHARS = r"0-9A-Za-z'()+_,./:=?\-"
# What the common MIME generators in MM7 stacks write, then anything RFC 2046 allows.
BOUNDARY_STYLES = {
    "javamail": st.from_regex(r"\A----=_Part_[0-9]{1,6}_[0-9]{6,10}\.[0-9]{10,13}\Z"),
    "ruby": st.from_regex(r"\A--==_mimepart_[0-9a-f]{13}_[0-9a-f]{4,6}_[0-9a-f]{1,3}\Z"),
    "dotnet": st.from_regex(
        r"\A--boundary_[0-9]_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z"
    ),
    "axis": st.from_regex(r"\AMIMEBoundaryurn_uuid_[0-9A-F]{32}\Z"),
    "rfc2046": st.from_regex(rf"\A[{_BCHARS}][{_BCHARS} ]{{0,60}}[{_BCHARS}]\Z"),
}


def _swa_with_boundary(boundary: str) -> tuple[bytes, str]:
    """The conformant SubmitReq example (a nested multipart in a multipart/related) with
    every delimiter re-written in ``boundary``'s style, and its Content-Type with the
    boundary quoted (as RFC 2045 requires for most of these characters)."""
    body = SUBMIT.read_bytes()
    inner = "in_" + boundary[:60]
    assume(not inner.startswith(boundary))  # no delimiter may start another's
    for marker in (boundary, inner):
        assume(b"--" + marker.encode() not in body)
    framed = body.replace(SUBMIT_BOUNDARY, boundary.encode()).replace(SUBMIT_INNER, inner.encode())
    content_type = (SUBMIT.with_name(SUBMIT.name + ".content-type")).read_text().strip()
    return framed, content_type.replace(SUBMIT_BOUNDARY.decode(), boundary)


@pytest.mark.parametrize("style", sorted(BOUNDARY_STYLES))
@settings(max_examples=5, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_every_boundary_style_is_checked_not_skipped(
    tmp_path_factory: pytest.TempPathFactory, style: str, data: st.DataObject
) -> None:
    """A SwA body is a message whatever its boundary looks like: with its Content-Type
    (boundary quoted) it conforms; without one it is judged, and lenient decoding finds
    the boundary in the body."""
    boundary = data.draw(BOUNDARY_STYLES[style], label="boundary")
    body, content_type = _swa_with_boundary(boundary)
    directory = tmp_path_factory.mktemp(style)
    (directory / "typed.mime").write_bytes(body)
    (directory / "typed.mime.content-type").write_text(content_type + "\n")
    (directory / "untyped.mime").write_bytes(body)
    report = check_path(directory)
    assert report.skipped == []
    results = {Path(m.path).name: m for m in report.messages}
    assert set(results) == {"typed.mime", "untyped.mime"}
    typed, untyped = results["typed.mime"], results["untyped.mime"]
    assert typed.conforms, [f.code for f in typed.findings]
    assert untyped.verdict is Verdict.DOES_NOT_CONFORM
    assert "MIME_NO_CONTENT_TYPE" in {f.code for f in untyped.findings}
    assert untyped.lenient is not None and untyped.lenient.message_type == "SubmitReq"


# Bytes that are not a message: empty, whitespace, binary, text, archives under other names.
UNREADABLE = st.one_of(
    st.just(b""),
    st.binary(max_size=8).map(lambda b: b" \r\n\t"[: len(b) % 4 + 1]),
    st.binary(min_size=1, max_size=300).map(lambda b: b"\x00" + b),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)
    .filter(lambda t: not t.startswith(("<", "-")))
    .map(str.encode),
    st.binary(max_size=40).map(lambda b: b"\x1f\x8b\x08" + b),
    st.binary(max_size=40).map(lambda b: b"PK\x03\x04" + b),
)


def _listed_in_every_format(report: Report, names: set[str]) -> None:
    text = render_text(report)
    document = json.loads(render_json(report))
    junit = _junit(report)
    for name in names:
        assert f"UNREADABLE {name}: " in text
        (item,) = [s for s in document["skipped"] if s["path"] == name]
        assert item["unreadable"] is True and item["reason"]
        (case,) = [c for c in junit.findall("testcase") if c.get("name") == name]
        assert case.find("error") is not None


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(contents=st.lists(UNREADABLE, min_size=1, max_size=4))
def test_a_directory_of_unreadable_files_is_not_a_pass(
    tmp_path_factory: pytest.TempPathFactory, contents: list[bytes]
) -> None:
    directory = tmp_path_factory.mktemp("unreadable")
    names = set()
    for number, data in enumerate(contents):
        path = directory / f"capture-{number}.xml"
        path.write_bytes(data)
        names.add(str(path))
    for advisory in (False, True):
        report = check_path(directory, advisory=advisory)
        assert report.messages == [] and {s.path for s in report.skipped} == names
        assert all(s.unreadable for s in report.skipped)
        assert report.exit_code == 1 and not report.ok
        assert "NO MESSAGE CHECKED: not a pass (exit 1)" in summary_line(report)
    _listed_in_every_format(report, names)
    junit = _junit(report)
    assert any(c.get("name") == "messages checked" for c in junit.findall("testcase"))


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(data=UNREADABLE)
def test_an_unreadable_file_beside_messages_fails_unless_advisory(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    directory = tmp_path_factory.mktemp("mixed")
    _copy(R6 / "SubmitRsp.xml", directory / "ok.xml")
    (directory / "odd.bin").write_bytes(data)
    report = check_path(directory)
    assert [Path(m.path).name for m in report.messages] == ["ok.xml"]
    assert report.unreadable == 1 and report.exit_code == 1
    assert summary_line(report).endswith("1 files skipped, 1 of them not readable as a message")
    assert check_path(directory, advisory=True).exit_code == 0
    _listed_in_every_format(report, {str(directory / "odd.bin")})


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(contents=st.lists(st.binary(max_size=200), min_size=1, max_size=5))
def test_every_file_met_is_judged_or_listed(
    tmp_path_factory: pytest.TempPathFactory, contents: list[bytes]
) -> None:
    """Whatever bytes a directory holds, each file is a message (or an exchange of them) or
    a listed skip: nothing is passed over in silence."""
    directory = tmp_path_factory.mktemp("any")
    paths = set()
    for number, data in enumerate(contents):
        (directory / f"f{number}").write_bytes(data)
        paths.add(str(directory / f"f{number}"))
    report = check_path(directory)
    judged = {m.path.split("#")[0] for m in report.messages}
    listed = {s.path for s in report.skipped}
    assert judged | listed == paths and not judged & listed


def test_a_named_empty_file_is_refused_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.xml").write_bytes(b"")
    report = check_path(tmp_path / "empty.xml")
    assert [m.verdict for m in report.messages] == [Verdict.REFUSED]
    assert report.exit_code == 1


# -- reports that survive any byte (issue 9, defect 4) -------------------------------------

# Text with what peers and file systems put in it: controls, NUL, escapes, XML's forbidden
# non-characters, lone surrogates (undecodable file-name bytes).
NASTY_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x00", "\x1b", "\r", "\n", "\x7f", "\x85", "\ufffe", "\uffff"]),
        st.sampled_from(["\udcff", "\udc80", "\ud800"]),
    ),
    max_size=40,
)


def _report_with(text: str, name: str) -> Report:
    finding = Finding("MM7_ENUM_VALUE", Severity.ERROR, 4004, where=text, message=text)
    message = MessageResult(
        path=name,
        verdict=Verdict.DOES_NOT_CONFORM,
        status_code=4004,
        findings=(finding,),
        message_type=text or None,
        transaction_id=text,
        lenient=Recovery(refused=True, ok=False, status_code=4004, unrepaired=(text,)),
    )
    refused = MessageResult(name + "#2", Verdict.REFUSED, 2007, (finding,))
    return Report([message, refused], [], [Skipped(name + text, text, unreadable=True)])


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(text=NASTY_TEXT, name=NASTY_TEXT)
def test_every_format_carries_any_text_escaped(text: str, name: str) -> None:
    report = _report_with(text, name)
    plain = render_text(report)
    plain.encode("utf-8")  # strict: no lone surrogate survives unescaped
    assert printable(text) in plain and printable(name) in plain
    assert all(ch == "\n" or ch.isprintable() or ch == " " for ch in plain if ord(ch) < 0xA0)
    document = json.loads(render_json(report).encode("utf-8"))
    escaped = _SURROGATE.sub(
        lambda m: (
            f"\\x{ord(m.group()) - 0xDC00:02x}"
            if 0xDC80 <= ord(m.group()) <= 0xDCFF  # an undecodable byte (surrogateescape)
            else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    assert document["messages"][0]["findings"][0]["message"] == escaped
    suite = _junit(report)
    failure = suite.find("testcase/failure")
    assert failure is not None and printable(text) in (failure.text or "")
    assert suite.find("testcase").get("name") == printable(name)


_SURROGATE = re.compile("[\ud800-\udfff]")


def test_reports_on_non_utf8_file_names_and_control_characters(tmp_path: Path) -> None:
    """A file name with invalid UTF-8 and a NUL in a finding's text: every format renders,
    and the JUnit report goes to a file whose own name is not valid UTF-8."""
    directory = tmp_path / os.fsdecode(b"caf\xe9 dir")
    odd = directory / os.fsdecode(b"-r\xe9ponse \xff.xml")
    _copy(R6 / "SubmitRsp.xml", odd, (b"acme-r6-0001", b"acme\x01-r6"))
    report = check_path(directory)
    (message,) = report.messages
    assert message.verdict is not Verdict.CONFORMS
    for output_format in ("text", "json", "junit"):
        rendered = render(report, output_format)
        rendered.encode("utf-8")
        if output_format == "json":
            rendered = json.loads(rendered)["messages"][0]["path"]
        assert "caf\\xe9 dir" in rendered and "-r\\xe9ponse \\xff.xml" in rendered
    out = tmp_path / os.fsdecode(b"report-\xfe.xml")
    assert main(["check", "--format", "junit", "-o", str(out), str(directory)]) == 1
    assert etree.parse(os.fsencode(out)).getroot().get("tests") == "1"


# -- the checker at scale (issue 10, item 5) -----------------------------------------------


def _comparable(report: Report) -> tuple[object, ...]:
    messages = [{**m.as_dict(), "path": m.path} for m in report.messages]
    return messages, [p.as_dict() for p in report.pairs], report.skipped


def test_process_pool_gives_the_report_of_one_process() -> None:
    one = check_path(EXAMPLES, jobs=1)
    assert len(one.messages) + len(one.skipped) > 32  # enough to start the pool
    pooled = check_path(EXAMPLES, jobs=2)
    assert _comparable(pooled) == _comparable(one)
    assert all(m.decoded is None for m in pooled.messages)


def _archive_members(root: Path) -> list[tuple[str, Path]]:
    return sorted(
        (path.relative_to(root).as_posix(), path) for path in root.rglob("*") if path.is_file()
    )


@pytest.mark.parametrize("kind", ["tar", "tar.gz", "tar.xz", "zip"])
def test_archives_are_streamed_member_by_member(tmp_path: Path, kind: str) -> None:
    archive = tmp_path / f"captures.{kind}"
    members = _archive_members(EXAMPLES)
    if kind == "zip":
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for name, path in members:
                out.write(path, name)
    else:
        mode = {"tar": "w", "tar.gz": "w:gz", "tar.xz": "w:xz"}[kind]
        with tarfile.open(archive, mode) as out:
            for name, path in members:
                out.add(path, name)
    direct = check_path(EXAMPLES)
    report = check_path(archive, jobs=2)
    assert [m.path for m in report.messages] == [
        m.path.replace(f"{EXAMPLES}/", f"{archive}!") for m in direct.messages
    ]
    assert [m.verdict for m in report.messages] == [m.verdict for m in direct.messages]
    assert [m.content_type for m in report.messages] == [m.content_type for m in direct.messages]
    assert len(report.pairs) == len(direct.pairs) and report.skipped == [
        Skipped(s.path.replace(f"{EXAMPLES}/", f"{archive}!"), s.reason) for s in direct.skipped
    ]
    assert list(tmp_path.iterdir()) == [archive]  # nothing unpacked beside it


def test_gzip_message_and_broken_archive(tmp_path: Path) -> None:
    (tmp_path / "rsp.xml.gz").write_bytes(gzip.compress((R6 / "SubmitRsp.xml").read_bytes()))
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    report = check_path(tmp_path)
    assert [(m.path, m.verdict) for m in report.messages] == [
        (f"{tmp_path / 'rsp.xml.gz'}!rsp.xml", Verdict.CONFORMS)
    ]
    (broken,) = report.skipped
    assert broken.unreadable and broken.reason.startswith("unreadable zip archive")


def _pairs_by_scanning(messages: list[MessageResult]) -> set[tuple[str, str]]:
    """The TransactionID pairing written the slow, obvious way: for each response, every
    request of its TransactionID that it answers, the nearest (same directory, then same
    release, then first) chosen by a full scan."""
    pairs = set()
    typed = [m for m in messages if m.message_type is not None and m.transaction_id]
    for response in typed:
        if response.message_type not in _RESPONSES:
            continue
        group = [q for q in typed if q.transaction_id == response.transaction_id]
        requests = [q for q in group if q.message_type in RESPONSE_OF]
        answered = [
            q
            for q in requests
            if response.message_type in ERROR_RESPONSES
            or RESPONSE_OF[str(q.message_type)] == response.message_type
        ]

        def distance(q: MessageResult, response: MessageResult = response) -> tuple[int, int]:
            same_dir = os.path.dirname(q.path) == os.path.dirname(response.path)
            return (0 if same_dir else 1, 0 if q.release == response.release else 1)

        responses = [r for r in group if r.message_type in _RESPONSES]
        if answered:
            pairs.add((min(answered, key=distance).path, response.path))
        elif len(requests) == 1 and len(responses) == 1:
            pairs.add((requests[0].path, response.path))
    return pairs


_RESPONSES = {*RESPONSE_OF.values(), *ERROR_RESPONSES}
_TYPES = sorted({*RESPONSE_OF, *_RESPONSES})


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_TYPES),
            st.sampled_from(["t1", "t2", "t3"]),
            st.sampled_from(["a", "b"]),
            st.sampled_from(["REL-5-MM7-1-0", "REL-6-MM7-1-4"]),
        ),
        max_size=30,
    )
)
def test_indexed_pairing_matches_a_full_scan(
    rows: list[tuple[str, str, str, str]],
) -> None:
    messages = [
        MessageResult(
            path=f"/{where}/m{number}.xml",
            verdict=Verdict.CONFORMS,
            status_code=1000,
            findings=(),
            message_type=message_type,
            transaction_id=tid,
            release=release,
        )
        for number, (message_type, tid, where, release) in enumerate(rows)
    ]
    found = {(p.request, p.response) for p in find_pairs(messages)}
    assert found == _pairs_by_scanning(messages)


def test_cli_on_a_directory_with_nothing_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# captures go here")
    capsys.readouterr()
    for advisory in ([], ["--advisory"]):
        assert main(["check", *advisory, str(tmp_path)]) == 1
        out = capsys.readouterr().out
        assert f"SKIPPED {tmp_path / 'README.md'}: not a message" in out
        assert out.rstrip().endswith("1 files skipped; NO MESSAGE CHECKED: not a pass (exit 1)")
