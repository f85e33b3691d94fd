"""Conformance checking: judge MM7 messages kept on disk, say what is wrong, where and why.

:func:`check_path` walks files and directories. Each message is decoded strictly (that is the
verdict) and, when strict decoding refuses it, leniently (what a tolerant peer recovers).
Requests and responses found together are paired and each pair is checked with
:func:`mm7codec.responses.check_pair`. :func:`render_text`, :func:`render_json` and
:func:`render_junit` print the :class:`Report`.

A file is a bare SOAP envelope, a SOAP-with-attachments body (the boundary is found in the
body when no Content-Type is given) or an HTTP request/response dump; a dump of a captured
exchange (a request, then its response) is judged message by message as ``PATH#1``,
``PATH#2``. A sibling file ``NAME.content-type`` (or ``STEM.content-type``) holding one line
gives the Content-Type of a body that is not an HTTP dump.

Pairs: a request and the response after it in one exchange file, and two files whose names
differ only in a request/response marker (``x.REQ.xml`` and ``x.RES.xml``, ``submit_req``
and ``submit_rsp``), are paired whatever their TransactionIDs; otherwise a response is
paired with a request of the same TransactionID that it answers.
A pair fails when the TransactionID is not echoed, when the response type does not answer
the request type (RSErrorRsp and VASPErrorRsp answer anything), or when its status code is in
no table: not TS 23.140's, not a vendor profile's, not the x500-x999 implementation room.

``release=R`` judges every message against R instead of the release it declares: the
message is decoded with a registry holding only R, so another release's namespace and
MM7Version are reported (MM7_UNKNOWN_NAMESPACE, MM7_VERSION_NOT_ACCEPTED: what a peer that
speaks only R answers) and the content, re-homed into R, is validated against R's schema.

JSON report (:func:`render_json`), ``"schema": "mm7codec.check/1"``::

    {"schema": "mm7codec.check/1",
     "options": {"release": str | null, "advisory": bool},
     "summary": {"messages": int, "conforms": int, "does_not_conform": int, "refused": int,
                 "pairs": int, "pairs_failed": int, "skipped": int,
                 "ok": bool, "exit_code": 0 | 1},
     "messages": [{
        "path": str,
        "verdict": "conforms" | "does not conform" | "refused unreadable",
        "content_type": str | null, "content_type_from": "sibling" | "http" | "none",
        "release": str | null,            # judged against (strict, else lenient decode)
        "declared_release": str | null,   # the release of the body's namespace, if known
        "mm7_version": str | null, "message_type": str | null,
        "transaction_id": str | null,     # stripped
        "attachment_leaves": int | null,  # leaf MIME parts besides the SOAP root
        "status_code": int,               # what a peer answers: 1000 when it conforms
        "findings": [{"code": str, "severity": "error" | "warning" | "info",
                      "status_code": int, "where": str, "message": str,
                      "repaired": bool}],  # of the strict decode
        "lenient": null | {               # null when strict decoding accepts the message
            "refused": bool, "ok": bool, "status_code": int,
            "message_type": str | null, "release": str | null,
            "transaction_id": str | null, "attachment_leaves": int | null,
            "repaired": [str], "unrepaired": [str]}}],   # finding codes
     "pairs": [{
        "request": str, "response": str, "matched_by": "exchange" | "name" | "transaction-id",
        "request_type": str, "response_type": str,
        "request_transaction_id": str | null, "response_transaction_id": str | null,
        "status_code": int | null, "status_name": str | null,
        "status_standard": bool | null, "status_vendors": [str],
        "ok": bool, "problems": [str], "notes": [str]}],
     "skipped": [{"path": str, "reason": str}]}
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from lxml import etree

from mm7codec import http
from mm7codec.codec import DecodedMessage, decode
from mm7codec.errors import Mm7Error, TransactionMismatch, UnknownRelease
from mm7codec.findings import Finding, Severity
from mm7codec.mime import looks_like_xml
from mm7codec.releases import Registry, Release, default_registry
from mm7codec.responses import ERROR_RESPONSES, RESPONSE_OF, check_pair
from mm7codec.status import PROFILES, describe

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_ID",
    "MessageResult",
    "PairResult",
    "Recovery",
    "Report",
    "Verdict",
    "check_file",
    "check_path",
    "find_pairs",
    "render",
    "render_json",
    "render_junit",
    "render_text",
    "summary_line",
]

JSON_SCHEMA_ID = "mm7codec.check/1"
FORMATS = ("text", "json", "junit")

# Walking a directory skips what is plainly not a message; a file named on the command line
# is always checked.
_SKIP_NAMES = frozenset({"MANIFEST.md", "SHA256SUMS", "Makefile", "__pycache__"})
_SKIP_PREFIXES = ("README", "LICENSE", "COPYING", "CHANGELOG")
_SKIP_SUFFIXES = frozenset(
    {".content-type", ".md", ".rst", ".py", ".pyc", ".json", ".toml", ".cfg", ".ini", ".yaml"}
    | {".yml", ".sh", ".sha256", ".gif", ".jpg", ".jpeg", ".png"}
)
_SNIFF_BYTES = 4096
_MIME_DELIMITER = re.compile(rb"(?m)^--[^\s-]")
# A request/response marker in a file name: a word of its own (x.REQ.xml, submit_rsp.soap).
_REQ_MARK = re.compile(r"(?i)(?<![a-z])(?:req|request)(?![a-z])")
_RSP_MARK = re.compile(r"(?i)(?<![a-z])(?:res|rsp|resp|response)(?![a-z])")


class Verdict(StrEnum):
    """The strict verdict on one message."""

    CONFORMS = "conforms"
    DOES_NOT_CONFORM = "does not conform"
    REFUSED = "refused unreadable"


@dataclass(frozen=True, slots=True)
class Recovery:
    """What lenient decoding recovers from a message strict decoding refused."""

    refused: bool
    ok: bool
    status_code: int
    message_type: str | None = None
    release: str | None = None
    transaction_id: str | None = None
    attachment_leaves: int | None = None
    repaired: tuple[str, ...] = ()
    unrepaired: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "refused": self.refused,
            "ok": self.ok,
            "status_code": self.status_code,
            "message_type": self.message_type,
            "release": self.release,
            "transaction_id": self.transaction_id,
            "attachment_leaves": self.attachment_leaves,
            "repaired": list(self.repaired),
            "unrepaired": list(self.unrepaired),
        }


@dataclass(slots=True)
class MessageResult:
    """The verdict on one file, its findings, and what lenient decoding recovers."""

    path: str
    verdict: Verdict
    status_code: int
    findings: tuple[Finding, ...]
    content_type: str | None = None
    content_type_from: str = "none"
    release: str | None = None
    declared_release: str | None = None
    mm7_version: str | None = None
    message_type: str | None = None
    transaction_id: str | None = None
    attachment_leaves: int | None = None
    lenient: Recovery | None = None
    seconds: float = 0.0
    decoded: DecodedMessage | None = field(default=None, repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        return self.verdict is Verdict.CONFORMS

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "verdict": self.verdict.value,
            "content_type": self.content_type,
            "content_type_from": self.content_type_from,
            "release": self.release,
            "declared_release": self.declared_release,
            "mm7_version": self.mm7_version,
            "message_type": self.message_type,
            "transaction_id": self.transaction_id,
            "attachment_leaves": self.attachment_leaves,
            "status_code": self.status_code,
            "findings": [f.as_dict() for f in self.findings],
            "lenient": None if self.lenient is None else self.lenient.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class PairResult:
    """A request and the response found to answer it, and what is wrong with the pair."""

    request: str
    response: str
    matched_by: str
    request_type: str
    response_type: str
    request_transaction_id: str | None
    response_transaction_id: str | None
    status_code: int | None
    status_name: str | None
    status_standard: bool | None
    status_vendors: tuple[str, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {
            "request": self.request,
            "response": self.response,
            "matched_by": self.matched_by,
            "request_type": self.request_type,
            "response_type": self.response_type,
            "request_transaction_id": self.request_transaction_id,
            "response_transaction_id": self.response_transaction_id,
            "status_code": self.status_code,
            "status_name": self.status_name,
            "status_standard": self.status_standard,
            "status_vendors": list(self.status_vendors),
            "ok": self.ok,
            "problems": list(self.problems),
            "notes": list(self.notes),
        }


@dataclass(slots=True)
class Report:
    """Everything one run found: messages, pairs, and the files skipped while walking."""

    messages: list[MessageResult]
    pairs: list[PairResult]
    skipped: list[tuple[str, str]]
    release: str | None = None
    advisory: bool = False
    seconds: float = 0.0

    def count(self, verdict: Verdict) -> int:
        return sum(1 for message in self.messages if message.verdict is verdict)

    @property
    def ok(self) -> bool:
        """Every message conforms and every pair holds."""
        return all(m.conforms for m in self.messages) and all(p.ok for p in self.pairs)

    @property
    def exit_code(self) -> int:
        """0 when everything conforms or the run is advisory, else 1."""
        return 0 if self.ok or self.advisory else 1

    def summary(self) -> dict[str, object]:
        return {
            "messages": len(self.messages),
            "conforms": self.count(Verdict.CONFORMS),
            "does_not_conform": self.count(Verdict.DOES_NOT_CONFORM),
            "refused": self.count(Verdict.REFUSED),
            "pairs": len(self.pairs),
            "pairs_failed": sum(1 for pair in self.pairs if not pair.ok),
            "skipped": len(self.skipped),
            "ok": self.ok,
            "exit_code": self.exit_code,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": JSON_SCHEMA_ID,
            "options": {"release": self.release, "advisory": self.advisory},
            "summary": self.summary(),
            "messages": [m.as_dict() for m in self.messages],
            "pairs": [p.as_dict() for p in self.pairs],
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
        }


# -- walking ---------------------------------------------------------------------------------


def _skip_reason(path: Path) -> str | None:
    """Why a file met while walking a directory is not a message (None: check it)."""
    name = path.name
    if name.startswith("."):
        return "hidden file"
    if name in _SKIP_NAMES or name.startswith(_SKIP_PREFIXES):
        return "not a message (documentation or checksum file)"
    if path.suffix.lower() in _SKIP_SUFFIXES:
        return f"not a message ({path.suffix} file)"
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        return "empty file"
    if http.is_http(head) or looks_like_xml(head) or _MIME_DELIMITER.search(head):
        return None
    return "not a message (neither XML, MIME nor an HTTP dump)"


def _is_sibling_content_type(path: Path) -> bool:
    """A NAME.content-type file beside its message: input to that message, not a skip."""
    return path.suffix == ".content-type" and path.with_suffix("").exists()


def _walk(directory: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``directory`` in name order, with a reason when it is skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_NAMES)
        for name in sorted(files):
            path = Path(root, name)
            yield path, _skip_reason(path)


def _inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files to check and the files skipped; FileNotFoundError for a missing path."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = list(_walk(path))
        elif path.is_file():
            found = [(path, None)]
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
        for item, reason in found:
            key = item.resolve()
            if key in seen:
                continue
            seen.add(key)
            if reason is None:
                files.append(item)
            elif not _is_sibling_content_type(item):
                skipped.append((str(item), reason))
    return files, skipped


# -- one message -----------------------------------------------------------------------------


def _sibling_content_type(path: Path) -> str | None:
    """The Content-Type in ``NAME.content-type`` or ``STEM.content-type``, if there is one."""
    candidates = [path.with_name(path.name + ".content-type")]
    if path.suffix:
        candidates.append(path.with_suffix(".content-type"))
    for candidate in candidates:
        if candidate.is_file():
            lines = candidate.read_text(encoding="utf-8", errors="replace").splitlines()
            value = next((line.strip() for line in lines if line.strip()), "")
            if value.lower().startswith("content-type:"):
                value = value.split(":", 1)[1].strip()
            return value or None
    return None


def _leaves(decoded: DecodedMessage) -> int:
    """Leaf MIME parts other than the SOAP root, through nested multiparts."""
    return sum(1 for part in decoded.attachments for leaf in part.walk() if not leaf.is_multipart)


def _declared_release(decoded: DecodedMessage) -> str | None:
    if decoded.namespace is None:
        return None
    try:
        return default_registry().by_namespace(decoded.namespace).name
    except UnknownRelease:
        return None


def _is_error(item: Finding) -> bool:
    return item.severity is Severity.ERROR and not item.repaired


def check_file(path: str | os.PathLike[str], *, registry: Registry | None = None) -> MessageResult:
    """Judge one file: strict decode for the verdict, lenient decode when strict refuses.

    A dump of several HTTP messages is judged by its first (HTTP_MORE_MESSAGES says so);
    :func:`check_messages` judges each.
    """
    return _check_bytes(str(path), Path(path), Path(path).read_bytes(), registry)


def check_messages(
    path: str | os.PathLike[str], *, registry: Registry | None = None
) -> list[MessageResult]:
    """Judge every message in one file: one, or each HTTP message of a captured exchange
    (a request and its response), labelled ``PATH#1``, ``PATH#2``..."""
    data = Path(path).read_bytes()
    pieces = http.split_exchange(data)
    if len(pieces) == 1:
        return [_check_bytes(str(path), Path(path), data, registry)]
    return [
        _check_bytes(f"{path}#{number}", Path(path), piece, registry)
        for number, piece in enumerate(pieces, 1)
    ]


def _check_bytes(label: str, source: Path, data: bytes, registry: Registry | None) -> MessageResult:
    started = time.perf_counter()
    registry = registry or default_registry()
    path = label
    if http.is_http(data):
        content_type, content_type_from = None, "http"
    else:
        content_type = _sibling_content_type(source)
        content_type_from = "sibling" if content_type else "none"
    result = MessageResult(
        path=str(path),
        verdict=Verdict.CONFORMS,
        status_code=1000,
        findings=(),
        content_type=content_type,
        content_type_from=content_type_from,
    )
    decoded: DecodedMessage | None
    try:
        decoded = decode(data, content_type, mode="strict", registry=registry)
    except Mm7Error as error:
        result.status_code = error.status_code
        result.findings = error.findings
        result.lenient, decoded = _lenient(data, content_type, registry)
        result.verdict = Verdict.REFUSED if result.lenient.refused else Verdict.DOES_NOT_CONFORM
    else:
        result.status_code = decoded.status_code
        result.findings = tuple(decoded.findings)
    if decoded is not None:
        result.decoded = decoded
        result.release = decoded.release.name
        result.declared_release = _declared_release(decoded)
        result.mm7_version = decoded.mm7_version
        result.message_type = decoded.message_type
        result.transaction_id = decoded.transaction_id
        result.attachment_leaves = _leaves(decoded)
    if content_type_from == "http" and decoded is not None and decoded.http is not None:
        result.content_type = decoded.http.content_type
    result.seconds = time.perf_counter() - started
    return result


def _lenient(
    data: bytes, content_type: str | None, registry: Registry
) -> tuple[Recovery, DecodedMessage | None]:
    """The lenient recovery and, when lenient decoding returned one, the decoded message."""
    try:
        decoded = decode(data, content_type, mode="lenient", registry=registry)
    except Mm7Error as error:
        codes = tuple(dict.fromkeys(f.code for f in error.findings if _is_error(f)))
        refused = Recovery(refused=True, ok=False, status_code=error.status_code, unrepaired=codes)
        return refused, None
    recovery = Recovery(
        refused=False,
        ok=decoded.ok,
        status_code=decoded.status_code,
        message_type=decoded.message_type,
        release=decoded.release.name,
        transaction_id=decoded.transaction_id,
        attachment_leaves=_leaves(decoded),
        repaired=tuple(dict.fromkeys(f.code for f in decoded.findings if f.repaired)),
        unrepaired=tuple(dict.fromkeys(f.code for f in decoded.findings if _is_error(f))),
    )
    return recovery, decoded


# -- pairs -----------------------------------------------------------------------------------


def _is_request(message_type: str | None) -> bool:
    return message_type in RESPONSE_OF


def _is_response(message_type: str | None) -> bool:
    return message_type in ERROR_RESPONSES or message_type in RESPONSE_OF.values()


def _answers(request_type: str, response_type: str) -> bool:
    return response_type in ERROR_RESPONSES or RESPONSE_OF.get(request_type) == response_type


def _exchange_of(path: str) -> str | None:
    """The file a ``PATH#N`` message label came from (None for a one-message file)."""
    base, mark, number = path.rpartition("#")
    return base if mark and number.isdigit() else None


def _name_key(path: str, mark: re.Pattern[str]) -> str | None:
    """The path without suffix and with its last request (or response) marker blanked.

    ``x.REQ.mime`` and ``x.RES.xml`` share a key; a name without a marker has none.
    """
    source = Path(path)
    stem = source.stem if source.suffix else source.name
    found = list(mark.finditer(stem))
    if not found:
        return None
    last = found[-1]
    return f"{source.parent}{os.sep}{stem[: last.start()]}\0{stem[last.end() :]}".lower()


def _response_status(decoded: DecodedMessage) -> int | None:
    status = getattr(decoded.message, "status", None)
    code = getattr(status, "status_code", None)
    return int(code) if isinstance(code, int) else None


def _status_verdict(code: int) -> tuple[str, bool, tuple[str, ...], list[str], list[str]]:
    """Name, standard?, vendor profiles, problems and notes for a response's status code."""
    info = describe(code)
    vendors = tuple(key for key, profile in PROFILES.items() if code in profile.codes)
    problems: list[str] = []
    notes: list[str] = []
    if info.standard:
        return info.name, True, vendors, problems, notes
    if vendors:
        named = describe(code, vendors[0])
        notes.append(f"status {code} is a {vendors[0]} vendor code ({named.name})")
        return named.name, False, vendors, problems, notes
    if 1000 <= code <= 4999 and code % 1000 >= 500:
        notes.append(
            f"status {code} is implementation-specific (x500-x999); peers treat it as"
            f" {info.treat_as}"
        )
    else:
        problems.append(
            f"status {code} is not in TS 23.140 nor in any vendor profile;"
            f" peers treat it as {info.treat_as}"
        )
    return info.name, False, vendors, problems, notes


def _pair(request: MessageResult, response: MessageResult, matched_by: str) -> PairResult:
    assert request.decoded is not None and response.decoded is not None
    assert request.message_type is not None and response.message_type is not None
    problems: list[str] = []
    try:
        check_pair(request.decoded, response.decoded)
    except TransactionMismatch as error:
        problems.append(str(error))
    if problems and not _answers(request.message_type, response.message_type):
        wrong_type = f"{response.message_type} does not answer {request.message_type}"
        if not any(wrong_type in problem for problem in problems):
            problems.append(wrong_type)
    code = _response_status(response.decoded)
    name: str | None = None
    standard: bool | None = None
    vendors: tuple[str, ...] = ()
    notes: list[str] = []
    if code is not None:
        name, standard, vendors, status_problems, notes = _status_verdict(code)
        problems.extend(status_problems)
    return PairResult(
        request=request.path,
        response=response.path,
        matched_by=matched_by,
        request_type=request.message_type,
        response_type=response.message_type,
        request_transaction_id=request.transaction_id,
        response_transaction_id=response.transaction_id,
        status_code=code,
        status_name=name,
        status_standard=standard,
        status_vendors=vendors,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _closest(response: MessageResult, requests: list[MessageResult]) -> MessageResult:
    """The request nearest the response: same directory first, then same release."""

    def distance(request: MessageResult) -> tuple[int, int]:
        same_dir = Path(request.path).parent == Path(response.path).parent
        return (0 if same_dir else 1, 0 if request.release == response.release else 1)

    return min(requests, key=distance)


def find_pairs(messages: list[MessageResult]) -> list[PairResult]:
    """Pair requests with responses: within one captured exchange (a request and the
    response after it in one file), then by file name, then by TransactionID."""
    decoded = [m for m in messages if m.decoded is not None]
    requests = [m for m in decoded if _is_request(m.message_type)]
    responses = [m for m in decoded if _is_response(m.message_type)]
    pairs: list[PairResult] = []
    paired: set[int] = set()
    for earlier, later in itertools.pairwise(decoded):
        if (
            _exchange_of(earlier.path) is not None
            and _exchange_of(earlier.path) == _exchange_of(later.path)
            and _is_request(earlier.message_type)
            and _is_response(later.message_type)
            and id(earlier) not in paired
        ):
            pairs.append(_pair(earlier, later, "exchange"))
            paired.update((id(earlier), id(later)))
    requests = [m for m in requests if id(m) not in paired]
    responses = [m for m in responses if id(m) not in paired]
    by_name: dict[str, MessageResult] = {}
    for request in requests:
        key = _name_key(request.path, _REQ_MARK)
        if key is not None:
            by_name[key] = request
    for response in responses:
        key = _name_key(response.path, _RSP_MARK)
        named = by_name.get(key) if key is not None else None
        if named is not None:
            pairs.append(_pair(named, response, "name"))
            paired.update((id(named), id(response)))
    groups: dict[str, list[MessageResult]] = defaultdict(list)
    for message in decoded:
        if message.transaction_id and id(message) not in paired:
            groups[message.transaction_id].append(message)
    for group in groups.values():
        group_requests = [m for m in group if _is_request(m.message_type)]
        group_responses = [m for m in group if _is_response(m.message_type)]
        for response in group_responses:
            assert response.message_type is not None
            answered = [
                q
                for q in group_requests
                if q.message_type is not None and _answers(q.message_type, response.message_type)
            ]
            if answered:
                pairs.append(_pair(_closest(response, answered), response, "transaction-id"))
            elif len(group_requests) == 1 and len(group_responses) == 1:
                # One request, one response, one TransactionID: they are meant as a pair.
                pairs.append(_pair(group_requests[0], response, "transaction-id"))
    order = {message.path: index for index, message in enumerate(messages)}
    pairs.sort(key=lambda pair: (order[pair.request], order[pair.response]))
    return pairs


# -- the run ---------------------------------------------------------------------------------


def _registry_for(release: str | Release | None) -> Registry:
    """The registry to judge with: every release, or only the one asked for."""
    if release is None:
        return default_registry()
    if isinstance(release, Release):
        return Registry([release])
    return Registry([default_registry().get(release)])


def check_path(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    release: str | Release | None = None,
    advisory: bool = False,
) -> Report:
    """Check files and directories (recursively) and return the :class:`Report`.

    ``release`` (a name or namespace) judges every message against that release instead of
    the one it declares; ``advisory`` makes :attr:`Report.exit_code` 0 whatever is found.
    Raises FileNotFoundError for a path that does not exist and UnknownRelease for a release
    the registry does not know.
    """
    started = time.perf_counter()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    registry = _registry_for(release)
    files, skipped = _inputs(paths)
    messages = [result for path in files for result in check_messages(path, registry=registry)]
    judged = None if release is None else registry.newest.name
    report = Report(messages, find_pairs(messages), skipped, release=judged, advisory=advisory)
    report.seconds = time.perf_counter() - started
    return report


# -- output ----------------------------------------------------------------------------------


def _describe_message(message: MessageResult) -> str:
    parts = [message.release or "release unknown", message.message_type or "type unknown"]
    if message.declared_release not in (None, message.release):
        parts.insert(1, f"(declares {message.declared_release})")
    if message.transaction_id is not None:
        parts.append(f"TransactionID {message.transaction_id!r}")
    return " ".join(parts)


def _finding_line(item: Finding) -> str:
    repaired = " (repaired)" if item.repaired else ""
    return (
        f"{item.code} {item.severity.value} {item.status_code} {item.where}: "
        f"{item.message}{repaired}"
    )


def _recovery_line(recovery: Recovery) -> str:
    if recovery.refused:
        still = ", ".join(recovery.unrepaired) or "-"
        return f"lenient: refused too (status {recovery.status_code}; {still})"
    leaves = recovery.attachment_leaves or 0
    what = (
        f"lenient: recovers {recovery.message_type} ({recovery.release},"
        f" TransactionID {recovery.transaction_id!r},"
        f" {leaves} attachment {'leaf' if leaves == 1 else 'leaves'})"
    )
    repaired = ", ".join(recovery.repaired) or "nothing"
    still = ", ".join(recovery.unrepaired) or "nothing"
    return f"{what}; repaired {repaired}; still wrong: {still}"


def _pair_line(pair: PairResult) -> str:
    head = "PAIR OK" if pair.ok else "PAIR FAILS"
    status = ""
    if pair.status_code is not None:
        status = f", status {pair.status_code} {pair.status_name}"
    lines = [
        f"{head}  {pair.request} -> {pair.response} (by {pair.matched_by}):"
        f" {pair.request_type} -> {pair.response_type}"
        f", TransactionID {pair.request_transaction_id!r} -> {pair.response_transaction_id!r}"
        f"{status}"
    ]
    lines += [f"  problem: {problem}" for problem in pair.problems]
    lines += [f"  note: {note}" for note in pair.notes]
    return "\n".join(lines)


def summary_line(report: Report) -> str:
    """One line of counts, as the text and JUnit reports end."""
    summary = report.summary()
    plural = "" if summary["messages"] == 1 else "s"
    line = (
        f"{summary['messages']} message{plural}: {summary['conforms']} conform,"
        f" {summary['does_not_conform']} do not conform, {summary['refused']} refused unreadable;"
        f" {summary['pairs']} pairs, {summary['pairs_failed']} failing;"
        f" {summary['skipped']} files skipped"
    )
    if report.release is not None:
        line += f"; judged against {report.release}"
    if report.advisory and not report.ok:
        line += " (advisory: exit 0)"
    return line


def render_text(report: Report) -> str:
    """The report for people: one block per file, the pairs, then a summary line."""
    blocks = []
    for message in report.messages:
        lines = [
            f"{message.path}: {message.verdict.value.upper()}  {_describe_message(message)}"
            + ("" if message.conforms else f"  status {message.status_code}")
        ]
        lines += [f"  {_finding_line(item)}" for item in message.findings]
        if message.lenient is not None:
            lines.append(f"  {_recovery_line(message.lenient)}")
        blocks.append("\n".join(lines))
    if report.pairs:
        blocks.append("\n".join(_pair_line(pair) for pair in report.pairs))
    blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n"


def render_json(report: Report) -> str:
    """The report as the JSON document described in this module's docstring."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _classname(path: str) -> str:
    parent = str(Path(path).parent).strip("./") or "."
    return "mm7.check." + re.sub(r"[^0-9A-Za-z_-]+", ".", parent).strip(".")


def render_junit(report: Report) -> str:
    """JUnit XML for CI: one testsuite; a testcase per message and per request/response pair.

    A message that does not conform is a ``<failure>`` listing its findings; one refused as
    unreadable is an ``<error>``; a failing pair is a ``<failure>``.
    """
    failures = sum(1 for m in report.messages if m.verdict is Verdict.DOES_NOT_CONFORM)
    failures += sum(1 for pair in report.pairs if not pair.ok)
    suite = etree.Element(
        "testsuite",
        name="mm7 check",
        tests=str(len(report.messages) + len(report.pairs)),
        failures=str(failures),
        errors=str(report.count(Verdict.REFUSED)),
        skipped="0",
        time=f"{report.seconds:.3f}",
        timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
    )
    properties = etree.SubElement(suite, "properties")
    for key, value in (("release", report.release or "declared"), ("advisory", report.advisory)):
        etree.SubElement(properties, "property", name=key, value=str(value).lower())
    for message in report.messages:
        case = etree.SubElement(
            suite,
            "testcase",
            classname=_classname(message.path),
            name=message.path,
            time=f"{message.seconds:.3f}",
        )
        if message.conforms:
            continue
        tag = "error" if message.verdict is Verdict.REFUSED else "failure"
        codes = list(dict.fromkeys(f.code for f in message.findings if _is_error(f)))
        outcome = etree.SubElement(
            case,
            tag,
            message=f"{message.verdict.value} (status {message.status_code}): {', '.join(codes)}",
            type=codes[0] if codes else message.verdict.value,
        )
        lines = [_finding_line(item) for item in message.findings]
        if message.lenient is not None:
            lines.append(_recovery_line(message.lenient))
        outcome.text = "\n".join(lines)
    for pair in report.pairs:
        case = etree.SubElement(
            suite,
            "testcase",
            classname="mm7.check.pairs",
            name=f"{pair.request} -> {pair.response}",
            time="0.000",
        )
        if not pair.ok:
            failure = etree.SubElement(
                case, "failure", message="; ".join(pair.problems), type="pair"
            )
            failure.text = _pair_line(pair)
    etree.SubElement(suite, "system-out").text = summary_line(report)
    xml: bytes = etree.tostring(suite, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml.decode("utf-8")


def render(report: Report, output_format: str) -> str:
    """The report in ``text``, ``json`` or ``junit``; ValueError for another format."""
    renderers = {"text": render_text, "json": render_json, "junit": render_junit}
    try:
        renderer = renderers[output_format]
    except KeyError:
        raise ValueError(
            f"unknown format {output_format!r} (choose {', '.join(FORMATS)})"
        ) from None
    return renderer(report)
