"""Conformance checking: judge MM7 messages kept on disk, say what is wrong, where and why.

:func:`check_path` walks files and directories. Each message is decoded strictly (that is the
verdict) and, when strict decoding refuses it, leniently (what a tolerant peer recovers).
Requests and responses found together are paired and each pair is checked by the rules of
:func:`mm7codec.responses.check_pair`. :func:`render_text`, :func:`render_json` and
:func:`render_junit` print the :class:`Report`.

A file is a bare SOAP envelope, a SOAP-with-attachments body (the boundary is found in the
body when no Content-Type is given: any delimiter RFC 2046 allows, ``------=_Part_...``
included) or an HTTP request/response dump; a dump of a captured exchange (a request, then its
response) is judged message by message as ``PATH#1``, ``PATH#2``. A sibling file
``NAME.content-type`` (or ``STEM.content-type``) holding one line gives the Content-Type of a
body that is not an HTTP dump. Archives (``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``,
``.tar.xz``, ``.zip``, ``.gz``) are read as streams, never unpacked to disk; their members are
named ``ARCHIVE!MEMBER``. ``-`` reads one message from standard input.

Nothing is passed over in silence. A file met while walking a directory is skipped by name
when it is plainly not a message (documentation, checksums, source, images, hidden files);
one that should be a message but is not readable as one (empty, binary, neither XML, MIME nor
an HTTP dump) is skipped *and fails the run* unless ``advisory``. Every skipped file is listed
with its reason in every format, and a run that checked no message at all fails (exit 1,
advisory or not): a CI gate cannot pass on nothing.

Files are judged in a pool of processes (``jobs``), results come back in input order, and
pairing uses an index on TransactionID, so the cost of a run grows linearly with its files.
Every string a peer sent reaches the reports escaped (:func:`printable`): control characters,
invalid UTF-8 in file names (``\\xff``) and characters XML cannot carry never break a report.

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
                 "pairs": int, "pairs_failed": int, "skipped": int, "unreadable": int,
                 "ok": bool, "exit_code": 0 | 1,
                 "seconds": float, "messages_per_second": float},
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
     "skipped": [{"path": str, "reason": str,
                  "unreadable": bool}]}   # true: should be a message, fails the run

Strings are the peer's text as read; a file name that is not valid UTF-8 shows each such byte
as ``\\xNN``.
"""

from __future__ import annotations

import gzip
import itertools
import json
import lzma
import multiprocessing
import os
import re
import sys
import tarfile
import time
import zipfile
import zlib
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from lxml import etree

from mm7codec import http
from mm7codec.codec import DecodedMessage, decode
from mm7codec.errors import Mm7Error, UnknownRelease
from mm7codec.findings import Finding, Severity
from mm7codec.limits import DEFAULT_LIMITS
from mm7codec.mime import looks_like_xml
from mm7codec.releases import Registry, Release, default_registry
from mm7codec.responses import ERROR_RESPONSES, RESPONSE_OF
from mm7codec.status import PROFILES, describe

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_ID",
    "MessageResult",
    "PairResult",
    "Recovery",
    "Report",
    "Skipped",
    "Verdict",
    "check_file",
    "check_messages",
    "check_path",
    "find_pairs",
    "iter_results",
    "not_a_message",
    "printable",
    "render",
    "render_json",
    "render_junit",
    "render_text",
    "sibling_content_type",
    "summary_line",
]

JSON_SCHEMA_ID = "mm7codec.check/1"
FORMATS = ("text", "json", "junit")

# Walking a directory skips by name what is plainly not a message; a file named on the command
# line is always checked.
_SKIP_NAMES = frozenset({"MANIFEST.md", "SHA256SUMS", "Makefile", "__pycache__"})
_SKIP_PREFIXES = ("README", "LICENSE", "COPYING", "CHANGELOG")
_SKIP_SUFFIXES = frozenset(
    {".content-type", ".md", ".rst", ".py", ".pyc", ".json", ".toml", ".cfg", ".ini", ".yaml"}
    | {".yml", ".sh", ".sha256", ".gif", ".jpg", ".jpeg", ".png"}
)
_SNIFF_BYTES = 4096
# An RFC 2046 delimiter line: "--", a boundary of 1 to 70 bchars (space allowed but not last),
# optional transport padding. Generators differ in how many dashes their boundary starts with
# (JavaMail "----=_Part_", Ruby mail "--==_mimepart_", .NET "--boundary_0_", Axis
# "MIMEBoundaryurn_uuid_"), so dashes are boundary characters like any other.
_MIME_DELIMITER = re.compile(
    rb"(?m)^--[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?][ \t]*\r?$"
)
# A request/response marker in a file name: a word of its own (x.REQ.xml, submit_rsp.soap).
_REQ_MARK = re.compile(r"(?i)(?<![a-z])(?:req|request)(?![a-z])")
_RSP_MARK = re.compile(r"(?i)(?<![a-z])(?:res|rsp|resp|response)(?![a-z])")
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_ARCHIVE_MAGIC = (
    (b"\x1f\x8b", "gzip", ".gz"),
    (b"PK\x03\x04", "zip", ".zip"),
    (b"BZh", "bzip2", ".tar.bz2"),
    (b"\xfd7zXZ\x00", "xz", ".tar.xz"),
)
# Files sent to a worker process at a time, and batches in flight per worker: enough to keep
# every core busy, few enough that an archive's members are never all held in memory.
_BATCH = 32
# Bytes of a tar directory's members held while waiting for their .content-type siblings.
_HELD_BYTES = 64 * 1024 * 1024
_IN_FLIGHT_PER_JOB = 4


class Verdict(StrEnum):
    """The strict verdict on one message."""

    CONFORMS = "conforms"
    DOES_NOT_CONFORM = "does not conform"
    REFUSED = "refused unreadable"


# -- escaping --------------------------------------------------------------------------------

# C0 and C1 controls, lone surrogates (a file name's undecodable bytes, kept by
# surrogateescape) and the two non-characters XML forbids.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every character a terminal, a UTF-8 file or an XML document cannot take
    as-is written as ``\\xNN`` or ``\\uNNNN`` (``\\n`` and tab kept when ``newlines``)."""
    return (_UNSAFE if newlines else _UNSAFE_IN_LINE).sub(_escape, text)


def _json_safe(value: object) -> object:
    """``value`` with lone surrogates escaped in every string (JSON escapes the rest)."""
    if isinstance(value, str):
        return _SURROGATES.sub(_escape, value)
    if isinstance(value, dict):
        return {_json_safe(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


# -- results ---------------------------------------------------------------------------------


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
    """The verdict on one file, its findings, and what lenient decoding recovers.

    ``decoded`` is kept only when asked for and judged in this process (``keep_decoded``,
    ``jobs=1``); pairing needs only the summary fields.
    """

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
    response_status: int | None = None
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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file not judged, and why. ``unreadable``: it should be a message and is not readable
    as one (empty, binary, neither XML, MIME nor HTTP), which fails a run that is not
    advisory; otherwise it is plainly not a message (documentation, checksums, images)."""

    path: str
    reason: str
    unreadable: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "reason": self.reason, "unreadable": self.unreadable}


@dataclass(slots=True)
class Report:
    """Everything one run found: messages, pairs, and the files skipped while walking."""

    messages: list[MessageResult]
    pairs: list[PairResult]
    skipped: list[Skipped]
    release: str | None = None
    advisory: bool = False
    seconds: float = 0.0

    def count(self, verdict: Verdict) -> int:
        return sum(1 for message in self.messages if message.verdict is verdict)

    @property
    def unreadable(self) -> int:
        """Files that should be messages and are not readable as one."""
        return sum(1 for item in self.skipped if item.unreadable)

    @property
    def ok(self) -> bool:
        """At least one message checked, every one conforms, every pair holds, and no file
        met was an unreadable message."""
        return (
            bool(self.messages)
            and not self.unreadable
            and all(m.conforms for m in self.messages)
            and all(p.ok for p in self.pairs)
        )

    @property
    def exit_code(self) -> int:
        """0 when everything conforms or the run is advisory, else 1; 1 when no message
        was checked at all, advisory or not."""
        if not self.messages:
            return 1
        return 0 if self.ok or self.advisory else 1

    @property
    def rate(self) -> float:
        """Messages judged per second of the run."""
        return len(self.messages) / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "messages": len(self.messages),
            "conforms": self.count(Verdict.CONFORMS),
            "does_not_conform": self.count(Verdict.DOES_NOT_CONFORM),
            "refused": self.count(Verdict.REFUSED),
            "pairs": len(self.pairs),
            "pairs_failed": sum(1 for pair in self.pairs if not pair.ok),
            "skipped": len(self.skipped),
            "unreadable": self.unreadable,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "seconds": round(self.seconds, 3),
            "messages_per_second": round(self.rate, 1),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": JSON_SCHEMA_ID,
            "options": {"release": self.release, "advisory": self.advisory},
            "summary": self.summary(),
            "messages": [m.as_dict() for m in self.messages],
            "pairs": [p.as_dict() for p in self.pairs],
            "skipped": [item.as_dict() for item in self.skipped],
        }


# -- sources: files, directories, archives, standard input ----------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One file to judge: read from ``path`` in the worker, or ``data`` already read (an
    archive member, standard input). ``walked``: met in a directory, so sniffed first."""

    label: str
    path: str | None = None
    data: bytes | None = None
    content_type: str | None = None
    walked: bool = False


def _name_skip(name: str, suffix: str) -> str | None:
    """Why a file met while walking is plainly not a message, judged by its name alone."""
    if name.startswith("."):
        return "hidden file"
    if name in _SKIP_NAMES or name.startswith(_SKIP_PREFIXES):
        return "not a message (documentation or checksum file)"
    if suffix.lower() in _SKIP_SUFFIXES:
        return f"not a message ({suffix} file)"
    return None


def not_a_message(head: bytes) -> str | None:
    """Why bytes (a file's first few KB) are not readable as a message, in words; None when
    they look like one (XML, an HTTP dump, or a MIME body with an RFC 2046 delimiter)."""
    if not head.strip():
        return "empty file" if not head else "blank file (whitespace only)"
    if http.is_http(head) or looks_like_xml(head) or _MIME_DELIMITER.search(head):
        return None
    for magic, kind, suffix in _ARCHIVE_MAGIC:
        if head.startswith(magic):
            return f"a {kind} archive, not a message (name it *{suffix} to have it read)"
    if b"\x00" in head:
        return "binary file, not a message (NUL bytes; neither XML, MIME nor an HTTP dump)"
    return "not a message (neither XML, MIME nor an HTTP dump)"


def _archive_kind(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(_TAR_SUFFIXES):
        return "tar"
    if lowered.endswith(".zip"):
        return "zip"
    if lowered.endswith(".gz"):
        return "gzip"
    return None


def _content_type_line(raw: bytes) -> str | None:
    """The Content-Type a ``.content-type`` file holds: its first non-blank line."""
    lines = raw.decode("utf-8", "replace").splitlines()
    value = next((line.strip() for line in lines if line.strip()), "")
    if value.lower().startswith("content-type:"):
        value = value.split(":", 1)[1].strip()
    return value or None


def _sibling_names(name: str) -> list[str]:
    """``NAME.content-type``, then ``STEM.content-type`` when the name has a suffix."""
    names = [name + ".content-type"]
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and "/" not in suffix:
        names.append(stem + ".content-type")
    return names


def sibling_content_type(path: str | os.PathLike[str]) -> str | None:
    """The Content-Type in ``NAME.content-type`` or ``STEM.content-type``, if there is one."""
    for candidate in _sibling_names(os.fspath(path)):
        if os.path.isfile(candidate):
            with open(candidate, "rb") as handle:
                return _content_type_line(handle.read(8192))
    return None


def _is_sibling_content_type(path: str) -> bool:
    """A NAME.content-type file beside its message: input to that message, not a skip."""
    return path.endswith(".content-type") and os.path.exists(path[: -len(".content-type")])


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_bounded(handle: _Readable) -> bytes:
    """At most one byte more than the body limit: enough for decode to refuse a bomb."""
    return handle.read(DEFAULT_LIMITS.max_body_bytes + 1)


def _tar_members(path: str) -> Iterator[_Task | Skipped]:
    """A tar archive's regular files in archive order, read as one stream.

    Members are held per directory (at most ``_HELD_BYTES``) so that a ``NAME.content-type``
    after its message still frames it; nothing is written to disk.
    """
    held: list[tuple[str, bytes]] = []
    types: dict[str, bytes] = {}

    def flush() -> Iterator[_Task | Skipped]:
        for name, data in held:
            yield from _member_task(path, name, data, types)
        held.clear()
        types.clear()

    with tarfile.open(path, mode="r|*") as archive:
        directory, size = None, 0
        for member in archive:
            if not member.isfile():
                continue
            name = member.name
            if os.path.dirname(name) != directory or size > _HELD_BYTES:
                yield from flush()
                directory, size = os.path.dirname(name), 0
            handle = archive.extractfile(member)
            if name.endswith(".content-type"):
                types[name] = handle.read(8192) if handle is not None else b""
                continue
            data = _read_bounded(handle) if handle is not None else b""
            held.append((name, data))
            size += len(data)
        yield from flush()


def _zip_members(path: str) -> Iterator[_Task | Skipped]:
    """A zip archive's files in archive order; ``.content-type`` members frame their sibling."""
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        types = {}
        for info in infos:
            if info.filename.endswith(".content-type"):
                with archive.open(info) as handle:
                    types[info.filename] = handle.read(8192)
        for info in infos:
            if info.filename in types:
                continue
            with archive.open(info) as handle:
                data = _read_bounded(handle)
            yield from _member_task(path, info.filename, data, types)


def _member_task(
    archive: str, name: str, data: bytes, types: dict[str, bytes]
) -> Iterator[_Task | Skipped]:
    label = f"{archive}!{name}"
    base = os.path.basename(name)
    reason = _name_skip(base, os.path.splitext(base)[1])
    if reason is not None:
        yield Skipped(label, reason)
        return
    content_type = next(
        (_content_type_line(types[key]) for key in _sibling_names(name) if key in types), None
    )
    yield _Task(label, data=data, content_type=content_type, walked=True)


def _gzip_member(path: str) -> Iterator[_Task | Skipped]:
    """A gzip-compressed single message: ``x.xml.gz`` is judged as ``x.xml.gz!x.xml``."""
    inner = os.path.basename(path)[: -len(".gz")]
    with gzip.open(path, "rb") as handle:
        data = _read_bounded(handle)
    content_type = sibling_content_type(os.path.join(os.path.dirname(path), inner))
    yield _Task(f"{path}!{inner}", data=data, content_type=content_type, walked=True)


def _archive(path: str) -> Iterator[_Task | Skipped]:
    """The members of an archive; an archive that cannot be read is an unreadable file."""
    kind = _archive_kind(path)
    readers = {"tar": _tar_members, "zip": _zip_members, "gzip": _gzip_member}
    try:
        yield from readers[kind or "gzip"](path)
    except (
        OSError,
        EOFError,
        tarfile.TarError,
        zipfile.BadZipFile,
        lzma.LZMAError,
        zlib.error,
    ) as error:
        yield Skipped(path, f"unreadable {kind} archive: {error}", unreadable=True)


def _walk(directory: str) -> Iterator[_Task | Skipped]:
    """Every file under ``directory`` in name order: a task, or a skip by name."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_NAMES)
        for name in sorted(files):
            path = os.path.join(root, name)
            if _archive_kind(name) is not None and not name.startswith("."):
                yield from _archive(path)
                continue
            reason = _name_skip(name, os.path.splitext(name)[1])
            if reason is None:
                yield _Task(path, path=path, walked=True)
            elif not _is_sibling_content_type(path):
                yield Skipped(path, reason)


def _where(item: _Task | Skipped) -> str:
    """The file an item comes from (an archive member: the member's label)."""
    return item.path or item.label if isinstance(item, _Task) else item.path


def _sources(paths: list[str], stdin: BinaryIO | None) -> Iterator[_Task | Skipped]:
    """Tasks and skips for every path given, in order, each file once."""
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield _Task("-", data=data)
            continue
        items = (
            _walk(given)
            if os.path.isdir(given)
            else _archive(given)
            if _archive_kind(given) is not None
            else iter([_Task(given, path=given)])
        )
        for item in items:
            if len(paths) > 1:  # the same file reached twice through two paths: once
                key = os.path.realpath(_where(item))
                if key in seen:
                    continue
                seen.add(key)
            yield item


# -- one message -----------------------------------------------------------------------------


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
    name = os.fspath(path)
    data = Path(path).read_bytes()
    return _check_bytes(name, data, _framing(name, data), registry or default_registry(), True)


def check_messages(
    path: str | os.PathLike[str], *, registry: Registry | None = None
) -> list[MessageResult]:
    """Judge every message in one file: one, or each HTTP message of a captured exchange
    (a request and its response), labelled ``PATH#1``, ``PATH#2``..."""
    name = os.fspath(path)
    outcome = _judge(_Task(name, path=name), registry or default_registry(), keep=True)
    if isinstance(outcome, Skipped):
        raise OSError(f"{name}: {outcome.reason}")
    return outcome


def _framing(path: str | None, data: bytes) -> tuple[str | None, str]:
    """The Content-Type to decode with and where it came from."""
    if http.is_http(data):
        return None, "http"
    content_type = sibling_content_type(path) if path is not None else None
    return content_type, "sibling" if content_type else "none"


def _judge(task: _Task, registry: Registry, keep: bool) -> list[MessageResult] | Skipped:
    """Every message of one task, or why it is skipped (met while walking, not a message)."""
    try:
        if task.data is not None:
            data = task.data
        else:
            assert task.path is not None
            with open(task.path, "rb") as handle:
                data = _read_bounded(handle)
    except OSError as error:
        return Skipped(task.label, f"cannot be read: {error.strerror or error}", unreadable=True)
    if task.walked:
        reason = not_a_message(data[:_SNIFF_BYTES])
        if reason is not None:
            return Skipped(task.label, reason, unreadable=True)
    if task.data is not None:
        content_type = task.content_type
        framing = (
            (None, "http")
            if http.is_http(data)
            else (content_type, "sibling" if content_type else "none")
        )
    else:
        framing = _framing(task.path, data)
    pieces = http.split_exchange(data)
    if len(pieces) == 1:
        return [_check_bytes(task.label, data, framing, registry, keep)]
    return [
        _check_bytes(f"{task.label}#{number}", piece, framing, registry, keep)
        for number, piece in enumerate(pieces, 1)
    ]


def _check_bytes(
    label: str, data: bytes, framing: tuple[str | None, str], registry: Registry, keep: bool
) -> MessageResult:
    started = time.perf_counter()
    content_type, content_type_from = framing
    result = MessageResult(
        path=label,
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
        result.decoded = decoded if keep else None
        result.release = decoded.release.name
        result.declared_release = _declared_release(decoded)
        result.mm7_version = decoded.mm7_version
        result.message_type = decoded.message_type
        result.transaction_id = decoded.transaction_id
        result.attachment_leaves = _leaves(decoded)
        result.response_status = _response_status(decoded)
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


def _pair_problems(request: MessageResult, response: MessageResult) -> list[str]:
    """What :func:`mm7codec.responses.check_pair` says of the pair, from the summaries (the
    decoded messages stay in the worker that judged them): the TransactionID is echoed and
    the response type answers the request."""
    assert request.message_type is not None and response.message_type is not None
    problems = []
    if request.transaction_id is None or response.transaction_id != request.transaction_id:
        problems.append(
            f"TransactionID {response.transaction_id!r} does not echo the request's"
            f" {request.transaction_id!r}"
        )
    if not _answers(request.message_type, response.message_type):
        expected = RESPONSE_OF.get(request.message_type)
        problems.append(
            f"{response.message_type} does not answer {request.message_type}"
            f" (expected {expected} or an error response)"
        )
    return problems


def _pair(request: MessageResult, response: MessageResult, matched_by: str) -> PairResult:
    assert request.message_type is not None and response.message_type is not None
    problems = _pair_problems(request, response)
    code = response.response_status
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


class _Nearest:
    """The requests a response may answer, indexed so that the one nearest it (same directory
    first, then same release, then the first met) is found without scanning them all."""

    def __init__(self) -> None:
        self.first: dict[tuple[str | None, str | None], MessageResult] = {}

    def add(self, request: MessageResult) -> None:
        where, release = os.path.dirname(request.path), request.release
        for key in ((where, release), (where, None), (None, release), (None, None)):
            self.first.setdefault(key, request)

    def nearest(self, response: MessageResult) -> MessageResult | None:
        where, release = os.path.dirname(response.path), response.release
        for key in ((where, release), (where, None), (None, release), (None, None)):
            found = self.first.get(key)
            if found is not None:
                return found
        return None


def _pairs_by_transaction_id(group: list[MessageResult]) -> Iterator[PairResult]:
    """Pairs among unpaired messages sharing one TransactionID: each response with the
    nearest request it answers (an error response answers any)."""
    requests = [m for m in group if _is_request(m.message_type)]
    responses = [m for m in group if _is_response(m.message_type)]
    if not requests or not responses:
        return
    answering: dict[str, _Nearest] = defaultdict(_Nearest)
    anything = _Nearest()
    for request in requests:
        assert request.message_type is not None
        answering[RESPONSE_OF[request.message_type]].add(request)
        anything.add(request)
    for response in responses:
        assert response.message_type is not None
        index = (
            anything
            if response.message_type in ERROR_RESPONSES
            else answering.get(response.message_type)
        )
        nearest = index.nearest(response) if index is not None else None
        if nearest is not None:
            yield _pair(nearest, response, "transaction-id")
        elif len(requests) == 1 and len(responses) == 1:
            # One request, one response, one TransactionID: they are meant as a pair.
            yield _pair(requests[0], response, "transaction-id")


def find_pairs(messages: list[MessageResult]) -> list[PairResult]:
    """Pair requests with responses: within one captured exchange (a request and the
    response after it in one file), then by file name, then by TransactionID.

    Linear in the messages: names and TransactionIDs are looked up in indexes.
    """
    decoded = [m for m in messages if m.message_type is not None]
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
    by_name: dict[str, MessageResult] = {}
    for request in decoded:
        if _is_request(request.message_type) and id(request) not in paired:
            key = _name_key(request.path, _REQ_MARK)
            if key is not None:
                by_name[key] = request
    for response in decoded:
        if not _is_response(response.message_type) or id(response) in paired:
            continue
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
        pairs.extend(_pairs_by_transaction_id(group))
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
    return _registry_named(release)


@lru_cache(maxsize=16)
def _registry_named(release: str) -> Registry:
    return Registry([default_registry().get(release)])


# The registry a worker process judges with, set once when the worker starts.
_WORKER: dict[str, Registry] = {}


def _start_worker(release: str | Release | None) -> None:
    _WORKER["registry"] = _registry_for(release)


def _judge_batch(batch: list[_Task]) -> list[list[MessageResult] | Skipped]:
    registry = _WORKER["registry"]
    return [_judge(task, registry, keep=False) for task in batch]


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (workers start at once, registry inherited)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def iter_results(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    release: str | Release | None = None,
    jobs: int = 1,
    stdin: BinaryIO | None = None,
    keep_decoded: bool = False,
) -> Iterator[MessageResult | Skipped]:
    """Judge files, directories and archives, yielding each message's result (or skip) in
    input order as soon as it is known.

    ``jobs`` > 1 judges in that many worker processes. ``keep_decoded`` keeps each
    message's :class:`DecodedMessage` in ``decoded`` (only with ``jobs=1``): a run over many
    files keeps only the summaries, whose memory stays small and whose garbage collection
    stays cheap.
    Raises FileNotFoundError for a path that does not exist and UnknownRelease for a
    release the registry does not know, before judging anything.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    names = [os.fspath(path) for path in paths]
    registry = _registry_for(release)
    missing = [name for name in names if name != "-" and not os.path.exists(name)]
    if missing:
        raise FileNotFoundError(f"no such file or directory: {', '.join(missing)}")
    sources = _sources(names, stdin)
    if jobs > 1:
        head = list(itertools.islice(sources, _BATCH))
        if len(head) < _BATCH:  # too few files to be worth starting processes
            jobs, sources = 1, iter(head)
        else:
            sources = itertools.chain(head, sources)
    if jobs <= 1:
        for item in sources:
            outcome = item if isinstance(item, Skipped) else _judge(item, registry, keep_decoded)
            yield from [outcome] if isinstance(outcome, Skipped) else outcome
        return
    yield from _pooled(sources, release, jobs)


def _pooled(
    sources: Iterator[_Task | Skipped], release: str | Release | None, jobs: int
) -> Iterator[MessageResult | Skipped]:
    """Batches of tasks judged in a process pool, a bounded number in flight, in order."""
    pending: deque[Future[list[list[MessageResult] | Skipped]] | list[Skipped]] = deque()

    def drain(keep: int) -> Iterator[MessageResult | Skipped]:
        while len(pending) > keep:
            done = pending.popleft()
            for outcome in done if isinstance(done, list) else done.result():
                yield from [outcome] if isinstance(outcome, Skipped) else outcome

    with ProcessPoolExecutor(
        jobs, mp_context=_pool_context(), initializer=_start_worker, initargs=(release,)
    ) as pool:
        batch: list[_Task] = []
        for item in sources:
            if isinstance(item, Skipped):
                if batch:
                    pending.append(pool.submit(_judge_batch, batch))
                    batch = []
                pending.append([item])
                continue
            batch.append(item)
            if len(batch) == _BATCH:
                pending.append(pool.submit(_judge_batch, batch))
                batch = []
                yield from drain(jobs * _IN_FLIGHT_PER_JOB)
        if batch:
            pending.append(pool.submit(_judge_batch, batch))
        yield from drain(0)


def check_path(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    release: str | Release | None = None,
    advisory: bool = False,
    jobs: int = 1,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep_decoded: bool = False,
) -> Report:
    """Check files, directories (recursively) and archives and return the :class:`Report`.

    ``release`` (a name or namespace) judges every message against that release instead of
    the one it declares; ``advisory`` makes :attr:`Report.exit_code` 0 whatever is found
    (but a run that checked nothing still fails); ``jobs`` spreads the work over processes;
    ``-`` among the paths reads ``stdin`` (default: this process's standard input);
    ``progress(files_done, messages)`` is called as results arrive; ``keep_decoded`` (with
    ``jobs=1``) keeps each message's :class:`DecodedMessage` in its result.
    Raises FileNotFoundError for a path that does not exist and UnknownRelease for a release
    the registry does not know.
    """
    started = time.perf_counter()
    messages: list[MessageResult] = []
    skipped: list[Skipped] = []
    outcomes = iter_results(
        paths, release=release, jobs=jobs, stdin=stdin, keep_decoded=keep_decoded
    )
    for done, outcome in enumerate(outcomes, 1):
        if isinstance(outcome, Skipped):
            skipped.append(outcome)
        else:
            messages.append(outcome)
        if progress is not None:
            progress(done, len(messages))
    judged = None if release is None else _registry_for(release).newest.name
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
    return "\n".join(printable(line) for line in lines)


def summary_line(report: Report) -> str:
    """One line of counts, as the text and JUnit reports end; it says so when the run
    checked nothing or met files that should be messages and are not readable."""
    summary = report.summary()
    plural = "" if summary["messages"] == 1 else "s"
    line = (
        f"{summary['messages']} message{plural}: {summary['conforms']} conform,"
        f" {summary['does_not_conform']} do not conform, {summary['refused']} refused unreadable;"
        f" {summary['pairs']} pairs, {summary['pairs_failed']} failing;"
        f" {summary['skipped']} files skipped"
    )
    if report.unreadable:
        line += f", {report.unreadable} of them not readable as a message"
    if report.release is not None:
        line += f"; judged against {report.release}"
    if not report.messages:
        line += "; NO MESSAGE CHECKED: not a pass (exit 1)"
    elif report.advisory and not report.ok:
        line += " (advisory: exit 0)"
    return line


def _skipped_line(item: Skipped) -> str:
    head = "UNREADABLE" if item.unreadable else "SKIPPED"
    return printable(f"{head} {item.path}: {item.reason}")


def render_text(report: Report) -> str:
    """The report for people: one block per file, the pairs, the skipped files, then a summary
    line. Every line is escaped with :func:`printable`."""
    blocks = []
    for message in report.messages:
        lines = [
            f"{message.path}: {message.verdict.value.upper()}  {_describe_message(message)}"
            + ("" if message.conforms else f"  status {message.status_code}")
        ]
        lines += [f"  {_finding_line(item)}" for item in message.findings]
        if message.lenient is not None:
            lines.append(f"  {_recovery_line(message.lenient)}")
        blocks.append("\n".join(printable(line) for line in lines))
    if report.pairs:
        blocks.append("\n".join(_pair_line(pair) for pair in report.pairs))
    if report.skipped:
        blocks.append("\n".join(_skipped_line(item) for item in report.skipped))
    blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n"


def render_json(report: Report) -> str:
    """The report as the JSON document described in this module's docstring."""
    return json.dumps(_json_safe(report.as_dict()), indent=2, ensure_ascii=False) + "\n"


def _classname(path: str) -> str:
    parent = str(Path(path).parent).strip("./") or "."
    return "mm7.check." + re.sub(r"[^0-9A-Za-z_-]+", ".", parent).strip(".")


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """A child element whose attribute values are escaped for XML."""
    return etree.SubElement(parent, tag, {k: printable(v) for k, v in attributes.items()})


def render_junit(report: Report) -> str:
    """JUnit XML for CI: one testsuite; a testcase per message and per request/response pair,
    and a skipped testcase per skipped file.

    A message that does not conform is a ``<failure>`` listing its findings; one refused as
    unreadable is an ``<error>``; a failing pair is a ``<failure>``; a file that should be a
    message and is not readable is an ``<error>``; a run that checked nothing is an ``<error>``.
    """
    failures = sum(1 for m in report.messages if m.verdict is Verdict.DOES_NOT_CONFORM)
    failures += sum(1 for pair in report.pairs if not pair.ok)
    errors = report.count(Verdict.REFUSED) + report.unreadable + (0 if report.messages else 1)
    ignored = len(report.skipped) - report.unreadable
    suite = etree.Element(
        "testsuite",
        name="mm7 check",
        tests=str(
            len(report.messages)
            + len(report.pairs)
            + len(report.skipped)
            + (0 if report.messages else 1)
        ),
        failures=str(failures),
        errors=str(errors),
        skipped=str(ignored),
        time=f"{report.seconds:.3f}",
        timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
    )
    properties = etree.SubElement(suite, "properties")
    for key, value in (
        ("release", report.release or "declared"),
        ("advisory", str(report.advisory).lower()),
        ("messages_per_second", f"{report.rate:.1f}"),
    ):
        _element(properties, "property", name=key, value=value)
    for message in report.messages:
        case = _element(
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
        outcome = _element(
            case,
            tag,
            message=f"{message.verdict.value} (status {message.status_code}): {', '.join(codes)}",
            type=codes[0] if codes else message.verdict.value,
        )
        lines = [_finding_line(item) for item in message.findings]
        if message.lenient is not None:
            lines.append(_recovery_line(message.lenient))
        outcome.text = "\n".join(printable(line) for line in lines)
    for pair in report.pairs:
        case = _element(
            suite,
            "testcase",
            classname="mm7.check.pairs",
            name=f"{pair.request} -> {pair.response}",
            time="0.000",
        )
        if not pair.ok:
            failure = _element(case, "failure", message="; ".join(pair.problems), type="pair")
            failure.text = _pair_line(pair)
    for item in report.skipped:
        case = _element(suite, "testcase", classname="mm7.check.skipped", name=item.path)
        if item.unreadable:
            _element(case, "error", message=item.reason, type="unreadable").text = printable(
                item.reason
            )
        else:
            _element(case, "skipped", message=item.reason)
    if not report.messages:
        case = _element(suite, "testcase", classname="mm7.check", name="messages checked")
        _element(case, "error", message="no MM7 message was checked", type="nothing-checked")
    _element(suite, "system-out").text = summary_line(report)
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
