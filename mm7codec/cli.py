"""The ``mm7`` command line: one subcommand per job.

Exit status: 0 done (everything conforms), 1 the input was refused or does not conform
(whatever is wrong with a file that exists is named, never a traceback), 2 a usage error
(an unknown option, a missing file, a release name that does not exist), 141 (128 + SIGPIPE)
when the reader of the output went away (``mm7 ... | head -1``), quietly, as Unix tools do.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import difflib
import json
import os
import signal
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from importlib import metadata
from pathlib import Path
from typing import Any

from mm7codec import checker
from mm7codec.bind import bind
from mm7codec.codec import DecodedMessage, decode, encode, message_element
from mm7codec.convert import convert
from mm7codec.errors import EncodeError, Mm7Error, UnknownRelease
from mm7codec.findings import KINDS
from mm7codec.http import is_http
from mm7codec.jsonview import element_to_json, json_to_element
from mm7codec.mime import Part, looks_like_xml, make_part, resolve_reference
from mm7codec.releases import Release, default_registry, version_key
from mm7codec.transport import commands

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 128 + signal.SIGPIPE

# The keys of the JSON documents ``mm7 decode`` prints and ``mm7 encode`` reads.
DOCUMENT_KEYS = frozenset(
    {"ok", "release", "namespace", "mm7_version", "message_type", "transaction_id"}
    | {"message", "fault", "attachments", "extensions", "findings"}
)
PART_KEYS = frozenset(
    {"content_type", "content_id", "parameters", "parts", "content_location", "size"}
    | {"content_base64"}
)


class UsageError(Exception):
    """A command line that cannot run as given (exit 2)."""


def _write(text: str) -> None:
    """Standard output as UTF-8 whatever the locale; nothing a peer sent can break it."""
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))


def _say(command: str, text: str) -> None:
    print(checker.printable(f"mm7 {command}: {text}"), file=sys.stderr)


def _read_input(name: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``."""
    return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()


def _release_option(name: str | None) -> Release | None:
    """The release a ``--release`` option names; UsageError naming the known ones."""
    if name is None:
        return None
    try:
        return default_registry().get(name)
    except UnknownRelease:
        known = ", ".join(release.name for release in default_registry())
        raise UsageError(f"no release {name!r} (known: {known})") from None


def _versions(args: argparse.Namespace) -> int:
    registry = default_registry()
    rows = [("release", "MM7Version accepted (newest first)", "messages", "namespace")]
    for release in registry:
        accepted = ", ".join(sorted(release.versions, key=version_key, reverse=True))
        rows.append((release.name, accepted, str(len(release.messages)), release.namespace))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        _write("  ".join([*cells, row[3]]).rstrip() + "\n")
    return EXIT_OK


def _findings(args: argparse.Namespace) -> int:
    for kind in KINDS.values():
        repair = "repairable" if kind.repairable else "-"
        severity = kind.severity.value
        _write(f"{kind.code:30} {severity:8} {kind.status_code}  {repair:10}  {kind.summary}\n")
    return EXIT_OK


def _part_json(part: Part, content: bool = False) -> dict[str, object]:
    """One attachment as ``mm7 decode`` prints it (with its bytes in base64 if ``content``)."""
    view: dict[str, object] = {
        "content_type": part.content_type,
        "content_id": part.content_id,
    }
    parameters = {k: v for k, v in part.params.items() if k != "boundary"}
    if parameters:
        view["parameters"] = parameters
    if part.is_multipart:
        view["parts"] = [_part_json(child, content) for child in part.parts]
        return view
    view["content_location"] = part.content_location
    view["size"] = len(part.body)
    if content:
        view["content_base64"] = base64.b64encode(part.body).decode("ascii")
    return view


def _unknown_keys(given: Iterable[str], known: frozenset[str], where: str) -> None:
    """EncodeError naming every key of ``given`` that is not in ``known`` (and what was
    probably meant): a misspelled key must not be dropped in silence."""
    unknown = [key for key in given if key not in known]
    if not unknown:
        return
    named = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(known), n=1)
        named.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise EncodeError(f"{where}: unknown key {', '.join(named)}; known: {', '.join(sorted(known))}")


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EncodeError(f"{where} must be a JSON object, not {type(value).__name__}")
    return value


def _optional_str(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise EncodeError(f"{where}: {key} must be a string or null, not {type(value).__name__}")
    return value


def _part_from_json(item: object, where: str) -> Part:
    """The inverse of :func:`_part_json`: a leaf from base64, a multipart from its parts."""
    item = _object(item, where)
    _unknown_keys(item, PART_KEYS, where)
    content_type = _optional_str(item, "content_type", where)
    if content_type is None:
        raise EncodeError(f"{where}: missing key 'content_type' (a string)")
    try:
        body = base64.b64decode(_optional_str(item, "content_base64", where) or "", validate=True)
    except (binascii.Error, ValueError) as error:
        raise EncodeError(f"{where}: content_base64 is not base64 ({error})") from None
    children = item.get("parts", [])
    if not isinstance(children, list):
        raise EncodeError(f"{where}: parts must be a list")
    parameters = _object(item.get("parameters") or {}, f"{where}.parameters")
    if not all(isinstance(v, str | int | float) for v in parameters.values()):
        raise EncodeError(f"{where}.parameters: values must be strings")
    return make_part(
        content_type,
        body,
        content_id=_optional_str(item, "content_id", where),
        content_location=_optional_str(item, "content_location", where),
        parts=[_part_from_json(child, f"{where}.parts[{i}]") for i, child in enumerate(children)],
        parameters={str(k): str(v) for k, v in parameters.items()},
    )


def decoded_json(decoded: DecodedMessage, content: bool = False) -> dict[str, object]:
    """The JSON document ``mm7 decode`` prints for a decoded message (attachment bytes in
    base64 when ``content``, so that ``mm7 encode`` can rebuild the whole message)."""
    return {
        "ok": decoded.ok,
        "release": decoded.release.name,
        "namespace": decoded.namespace,
        "mm7_version": decoded.mm7_version,
        "message_type": decoded.message_type,
        "transaction_id": decoded.transaction_id,
        "message": element_to_json(message_element(decoded.message)),
        "fault": None
        if decoded.fault is None
        else {"faultcode": decoded.fault.code_text, "faultstring": decoded.fault.string},
        "attachments": [_part_json(part, content) for part in decoded.attachments],
        "extensions": [raw.decode("utf-8", "replace") for raw in decoded.extensions],
        "findings": [f.as_dict() for f in decoded.findings],
    }


def _decode_content_type(args: argparse.Namespace, data: bytes) -> str | None:
    """--content-type, else the file's ``.content-type`` sidecar (as ``mm7 check`` reads it);
    says on stderr where it came from, or that a MIME body came without one."""
    if args.content_type:
        return str(args.content_type)
    if args.file != "-":
        sidecar = checker.sibling_content_type(args.file)
        if sidecar is not None:
            _say("decode", f"Content-Type from the sidecar of {args.file}: {sidecar}")
            return sidecar
    reason = checker.not_a_message(data[:4096])
    if reason is not None:
        _say("decode", f"{args.file}: no MM7 message here: {reason}")
    elif not is_http(data) and not looks_like_xml(data):
        _say(
            "decode",
            f"{args.file}: a MIME body without a Content-Type (no --content-type, no"
            " NAME.content-type sidecar): the boundary and root are guessed from the body",
        )
    return None


def _decode(args: argparse.Namespace) -> int:
    data = _read_input(args.file)
    content_type = _decode_content_type(args, data)
    try:
        decoded = decode(data, content_type, mode="lenient" if args.lenient else "strict")
    except Mm7Error as error:
        refusal: dict[str, object] = {
            "ok": False,
            "status_code": error.status_code,
            "error": str(error),
            "findings": [f.as_dict() for f in error.findings],
        }
        fault = getattr(error, "fault", None)
        if fault is not None:  # what a peer's Fault said, even when it holds no MM7 message
            refusal["fault"] = {"faultcode": fault.code_text, "faultstring": fault.string}
        _write(json.dumps(refusal, indent=2, ensure_ascii=False) + "\n")
        return EXIT_REFUSED
    _write(json.dumps(decoded_json(decoded, args.content), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK if decoded.ok else EXIT_REFUSED


def _document(name: str) -> dict[str, Any]:
    """The JSON document ``mm7 encode`` reads, its keys checked; EncodeError says what is
    wrong with it in words."""
    where = "standard input" if name == "-" else name
    try:
        document = json.loads(_read_input(name))
    except json.JSONDecodeError as error:
        raise EncodeError(
            f"{where} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except UnicodeDecodeError as error:
        raise EncodeError(f"{where} is not valid JSON: not UTF-8 text ({error.reason})") from None
    document = _object(document, where)
    _unknown_keys(document, DOCUMENT_KEYS, where)
    for key in ("message_type", "message"):
        if key not in document:
            raise EncodeError(f"{where}: missing key {key!r} (as mm7 decode prints it)")
    if not isinstance(document["message_type"], str):
        raise EncodeError(f"{where}: message_type must be a string")
    return document


def _document_release(document: dict[str, Any], where: str, target: Release | None) -> Release:
    """The release the document's message is written in."""
    name = document.get("release")
    if name is None:
        if target is None:
            raise EncodeError(f"{where}: missing key 'release' (or give --release)")
        return target
    try:
        return default_registry().get(str(name))
    except UnknownRelease:
        known = ", ".join(release.name for release in default_registry())
        raise EncodeError(f"{where}: no release {name!r} (known: {known})") from None


def _check_content_reference(message: Any, parts: list[Part], where: str) -> None:
    """EncodeError when the message's Content href names no attachment."""
    content = getattr(message, "content", None)
    href = getattr(content, "href", None)
    if not href:
        return
    every = [leaf for part in parts for leaf in part.walk()]
    found, _ = resolve_reference(str(href), every)
    if found is None:
        ids = ", ".join(repr(p.content_id or p.content_location) for p in every) or "none"
        raise EncodeError(
            f"{where}: Content href {href!r} names no attachment (attachments: {ids})"
        )


def _encode(args: argparse.Namespace) -> int:
    target = _release_option(args.release)
    where = "standard input" if args.file == "-" else args.file
    document = _document(args.file)
    release = _document_release(document, where, target)
    name = document["message_type"]
    if name not in release.messages:
        raise EncodeError(f"{where}: {release.name} has no message {name!r}")
    element = json_to_element(name, document["message"], release.namespace, where=where)
    message = bind(element, release, lenient=False, where=where).message
    if target is not None and target is not release:
        message, dropped = convert(message, target, drop=args.drop)
        for path in dropped:
            _say("encode", f"dropped {path}: {target.name} cannot carry it")
    attachments = document.get("attachments") or []
    if not isinstance(attachments, list):
        raise EncodeError(f"{where}: attachments must be a list")
    parts = [_part_from_json(item, f"attachments[{i}]") for i, item in enumerate(attachments)]
    _check_content_reference(message, parts, where)
    transaction_id = _optional_str(document, "transaction_id", where)
    wire = encode(message, transaction_id=transaction_id, attachments=parts)
    if args.output:
        Path(args.output).write_bytes(wire.body)
    else:
        sys.stdout.buffer.write(wire.body)
    if args.content_type_file:
        Path(args.content_type_file).write_text(wire.content_type + "\n", encoding="utf-8")
    else:
        print(f"Content-Type: {wire.content_type}", file=sys.stderr)
    return EXIT_OK


class _Progress:
    """A one-line progress count on stderr, redrawn at most five times a second."""

    def __init__(self) -> None:
        self.started = self.shown = time.monotonic()
        self.drawn = False

    def __call__(self, files: int, messages: int) -> None:
        now = time.monotonic()
        if now - self.shown < 0.2:
            return
        self.shown, self.drawn = now, True
        rate = messages / (now - self.started) if now > self.started else 0.0
        sys.stderr.write(f"\r{files} files, {messages} messages, {rate:.0f} messages/s ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _show_progress(args: argparse.Namespace) -> bool:
    """Only for a person watching: stderr a terminal, not CI, not --quiet."""
    return not args.quiet and sys.stderr.isatty() and not os.environ.get("CI")


def _check(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if path != "-" and not os.path.exists(path)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    release = _release_option(args.release)
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    progress = _Progress() if _show_progress(args) else None
    try:
        report = checker.check_path(
            args.paths,
            release=release,
            advisory=args.advisory,
            jobs=args.jobs,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    text = checker.render(report, args.format)
    if args.output:
        Path(args.output).write_bytes(text.encode("utf-8"))
        print(checker.summary_line(report), file=sys.stderr)
    else:
        _write(text)
    if not args.quiet:
        jobs = f"{args.jobs} job{'s' if args.jobs > 1 else ''}"
        print(
            f"mm7 check: {len(report.messages)} messages in {report.seconds:.2f} s,"
            f" {report.rate:.0f} messages/s ({jobs})",
            file=sys.stderr,
        )
    return report.exit_code


def _version() -> str:
    try:
        return metadata.version("mm7codec")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mm7",
        description="MM7 (3GPP TS 23.140) toolkit. Exit status: 0 ok, 1 refused or"
        " nonconformant input, 2 usage error, 141 output pipe closed.",
    )
    parser.add_argument("--version", action="version", version=f"mm7 {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    versions = sub.add_parser("versions", help="list the MM7 releases and versions known")
    versions.set_defaults(run=_versions)
    table = sub.add_parser("findings", help="list every finding code the codec can report")
    table.set_defaults(run=_findings)
    dec = sub.add_parser(
        "decode",
        help="decode one MM7 message and print it as JSON",
        description="Decode one message and print it as JSON. Exit 0 when it is accepted, 1"
        " when it is refused (the JSON then says why).",
    )
    dec.add_argument("file", help="envelope, SwA body or HTTP dump; '-' reads standard input")
    group = dec.add_mutually_exclusive_group()
    group.add_argument(
        "--strict", action="store_true", default=True, help="refuse deviations (the default)"
    )
    group.add_argument(
        "--lenient", action="store_true", help="repair what can be repaired (default: off)"
    )
    dec.add_argument(
        "--content-type",
        help="Content-Type of the body (default: the HTTP dump's, else the FILE.content-type"
        " sidecar, else read from the body)",
    )
    dec.add_argument(
        "--content",
        action="store_true",
        help="include each attachment's bytes (content_base64), for mm7 encode (default: off)",
    )
    dec.set_defaults(run=_decode)
    enc = sub.add_parser(
        "encode",
        help="encode a JSON message (as decode prints) to wire bytes",
        description="Encode the JSON document mm7 decode --content prints. Unknown keys, a"
        " Content href naming no attachment and a message its release refuses exit 1.",
    )
    enc.add_argument("file", help="the JSON document; '-' reads standard input")
    enc.add_argument(
        "--release",
        help="release to encode in, converting the message from the document's release"
        " (default: the document's release)",
    )
    enc.add_argument(
        "--drop",
        action="store_true",
        help="with --release: drop fields the target release cannot carry, naming each on"
        " stderr (default: refuse)",
    )
    enc.add_argument("-o", "--output", help="write the body here (default: standard output)")
    enc.add_argument(
        "--content-type-file", help="write the Content-Type here (default: standard error)"
    )
    enc.set_defaults(run=_encode)
    chk = sub.add_parser(
        "check",
        help="judge MM7 messages (files, directories, archives) against the schemas",
        description="Exit 0 when every message conforms (or with --advisory), 1 when one does"
        " not, when a file met in a directory is not a readable message (unless --advisory)"
        " or when no message was checked at all; 2 on a usage error.",
    )
    chk.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="message files, directories, .tar/.tar.gz/.zip/.gz archives; '-' reads standard input",
    )
    chk.add_argument(
        "--release",
        help="judge against this release instead of the declared one (default: the declared)",
    )
    chk.add_argument(
        "--advisory",
        action="store_true",
        help="report, but exit 0 whatever is found, unless nothing was checked (default: off)",
    )
    chk.add_argument(
        "--format", choices=checker.FORMATS, default="text", help="output format (default: text)"
    )
    chk.add_argument("-o", "--output", help="write the report here (default: standard output)")
    chk.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: the number of CPUs, here %(default)s)",
    )
    chk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line and no rate line on stderr (default: off; the progress line"
        " shows only on a terminal)",
    )
    chk.set_defaults(run=_check)
    commands.register(sub)
    return parser


def _stdout_gone() -> int:
    """The reader of our output went away: point stdout at /dev/null so that the final flush
    cannot fail again, and exit as a process killed by SIGPIPE would."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    command = getattr(args, "command", "")
    try:
        result: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        return _stdout_gone()
    except BrokenProcessPool as error:  # a worker was killed (out of memory, a signal)
        _say(command, f"a worker process died ({error}); run again with --jobs 1 to see where")
        return EXIT_REFUSED
    except UsageError as error:
        _say(command, str(error))
        return EXIT_USAGE
    except Mm7Error as error:  # e.g. mm7 encode given a message its release refuses
        _say(command, f"{error} (status {error.status_code})")
        return EXIT_REFUSED
    except OSError as error:
        _say(command, str(error))
        return EXIT_USAGE if isinstance(error, FileNotFoundError) else EXIT_REFUSED
    except (ValueError, KeyError, TypeError) as error:  # input no check above foresaw
        _say(command, f"cannot handle this input: {type(error).__name__}: {error}")
        return EXIT_REFUSED
    return result


if __name__ == "__main__":
    sys.exit(main())
