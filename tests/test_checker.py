"""The conformance checker and ``mm7 check``: verdicts, outputs, exit codes, pairs, examples."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from conftest import CORPUS, ROOT
from corpus_expectations import EXPECTATIONS
from mm7codec import decode, default_registry
from mm7codec.checker import (
    Report,
    Verdict,
    check_path,
    render_json,
    render_junit,
    render_text,
    summary_line,
)
from mm7codec.cli import main

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
    return check_path(EXAMPLES)


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
        "ok": True,
        "status_code": 1000,
        "message_type": "DeliveryReportReq",
        "release": "REL-6-MM7-1-4",
        "transaction_id": "acme-nc-0003",
        "attachment_leaves": 0,
        "repaired": ["MM7_ENUM_VALUE"],
        "unrepaired": [],
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
