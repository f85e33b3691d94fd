"""The ``mm7`` command line: one subcommand per job."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mm7codec import checker
from mm7codec.bind import bind
from mm7codec.codec import DecodedMessage, decode, encode, message_element
from mm7codec.errors import Mm7Error, UnknownRelease
from mm7codec.findings import KINDS
from mm7codec.jsonview import element_to_json, json_to_element
from mm7codec.mime import Part, make_part
from mm7codec.releases import default_registry, version_key
from mm7codec.transport import commands

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _versions(args: argparse.Namespace) -> int:
    registry = default_registry()
    rows = [("release", "MM7Version accepted (newest first)", "messages", "namespace")]
    for release in registry:
        accepted = ", ".join(sorted(release.versions, key=version_key, reverse=True))
        rows.append((release.name, accepted, str(len(release.messages)), release.namespace))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]).rstrip())
    return 0


def _findings(args: argparse.Namespace) -> int:
    for kind in KINDS.values():
        repair = "repairable" if kind.repairable else "-"
        severity = kind.severity.value
        print(f"{kind.code:30} {severity:8} {kind.status_code}  {repair:10}  {kind.summary}")
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


def _part_from_json(item: dict[str, Any]) -> Part:
    """The inverse of :func:`_part_json`: a leaf from base64, a multipart from its parts."""
    return make_part(
        item["content_type"],
        base64.b64decode(item.get("content_base64", ""), validate=True),
        content_id=item.get("content_id"),
        content_location=item.get("content_location"),
        parts=[_part_from_json(child) for child in item.get("parts", [])],
        parameters={str(k): str(v) for k, v in (item.get("parameters") or {}).items()},
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


def _decode(args: argparse.Namespace) -> int:
    data = Path(args.file).read_bytes() if args.file != "-" else sys.stdin.buffer.read()
    try:
        decoded = decode(data, args.content_type, mode="lenient" if args.lenient else "strict")
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
        print(json.dumps(refusal, indent=2, ensure_ascii=False))
        return EXIT_REFUSED
    print(json.dumps(decoded_json(decoded, args.content), indent=2, ensure_ascii=False))
    return EXIT_OK if decoded.ok else EXIT_REFUSED


def _encode(args: argparse.Namespace) -> int:
    document = json.loads(Path(args.file).read_text(encoding="utf-8"))
    registry = default_registry()
    release = registry.get(args.release or document["release"])
    name = document["message_type"]
    element = json_to_element(name, document["message"], release.namespace)
    message = bind(element, release, lenient=False, where=args.file).message
    parts = [_part_from_json(item) for item in document.get("attachments", [])]
    wire = encode(message, transaction_id=document.get("transaction_id"), attachments=parts)
    if args.output:
        Path(args.output).write_bytes(wire.body)
    else:
        sys.stdout.buffer.write(wire.body)
    if args.content_type_file:
        Path(args.content_type_file).write_text(wire.content_type + "\n")
    else:
        print(f"Content-Type: {wire.content_type}", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        print(f"mm7 check: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = checker.check_path(args.paths, release=args.release, advisory=args.advisory)
    except UnknownRelease as error:
        known = ", ".join(release.name for release in default_registry())
        print(f"mm7 check: {error} (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    text = checker.render(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(checker.summary_line(report), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return report.exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mm7", description="MM7 (3GPP TS 23.140) toolkit")
    sub = parser.add_subparsers(dest="command", required=True)
    versions = sub.add_parser("versions", help="list the MM7 releases and versions known")
    versions.set_defaults(run=_versions)
    table = sub.add_parser("findings", help="list every finding code the codec can report")
    table.set_defaults(run=_findings)
    dec = sub.add_parser("decode", help="decode one MM7 message and print it as JSON")
    dec.add_argument("file", help="envelope, SwA body or HTTP dump ('-' for stdin)")
    group = dec.add_mutually_exclusive_group()
    group.add_argument("--strict", action="store_true", default=True, help="refuse deviations")
    group.add_argument("--lenient", action="store_true", help="repair what can be repaired")
    dec.add_argument("--content-type", help="Content-Type of the body, if not in the file")
    dec.add_argument(
        "--content",
        action="store_true",
        help="include each attachment's bytes (content_base64), for mm7 encode",
    )
    dec.set_defaults(run=_decode)
    enc = sub.add_parser("encode", help="encode a JSON message (as decode prints) to wire bytes")
    enc.add_argument("file")
    enc.add_argument("--release", help="release to encode in (default: the file's)")
    enc.add_argument("-o", "--output", help="write the body here (default: stdout)")
    enc.add_argument("--content-type-file", help="write the Content-Type here (default: stderr)")
    enc.set_defaults(run=_encode)
    chk = sub.add_parser(
        "check",
        help="judge MM7 messages (files or directories) against the schemas",
        description="Exit 0 when every message conforms (or with --advisory), 1 when one does"
        " not, 2 on a usage error.",
    )
    chk.add_argument("paths", nargs="+", metavar="PATH", help="message files or directories")
    chk.add_argument("--release", help="judge against this release instead of the declared one")
    chk.add_argument("--advisory", action="store_true", help="report, but exit 0")
    chk.add_argument("--format", choices=checker.FORMATS, default="text", help="output format")
    chk.add_argument("-o", "--output", help="write the report here (default: stdout)")
    chk.set_defaults(run=_check)
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    try:
        result: int = args.run(args)
    except (OSError, ValueError, KeyError) as error:
        print(f"mm7: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Mm7Error as error:  # e.g. mm7 encode given a message its release refuses
        print(f"mm7: {error} (status {error.status_code})", file=sys.stderr)
        return EXIT_REFUSED
    return result


if __name__ == "__main__":
    sys.exit(main())
