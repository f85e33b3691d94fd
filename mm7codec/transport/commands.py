"""The ``mm7`` subcommands that put MM7 on the wire (send, probe, serve, mmsc-sim).

:func:`register` adds them to the ``mm7`` parser; :mod:`mm7codec.cli` calls it. The modules
they run import httpx and uvicorn only when the command runs, so ``mm7 check`` works without
the ``http`` extra and these commands say how to get it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from mm7codec.peers import PEERS

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
_NEEDS_HTTP = "this command needs the http extra: pip install mm7codec[http]"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the transport subcommands to ``sub``."""
    _register_send(sub)
    _register_probe(sub)
    _add_serve(sub)
    _add_mmsc_sim(sub)
    for name in ("send", "probe", "serve", "mmsc-sim"):
        _say_defaults(sub.choices[name])


def _say_defaults(parser: argparse.ArgumentParser) -> None:
    """End each option's help with its default, as the core's subcommands do."""
    for action in parser._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        if "default" in (action.help or ""):
            continue
        if action.default is False:
            said = "off"
        elif action.default in (None, []):
            said = "none"
        else:
            said = "%(default)s"
        action.help = f"{action.help or action.dest.replace('_', ' ')} (default: {said})"


def _has_http() -> bool:
    """True when the http extra (httpx and uvicorn) is installed; else say how to get it."""
    try:
        import httpx  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print(f"mm7: {_NEEDS_HTTP}", file=sys.stderr)
        return False
    return True


def _add_peer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="HTTP Basic auth user")
    parser.add_argument(
        "--password", help="HTTP Basic auth password (default: $MM7_PASSWORD, safer than argv)"
    )
    parser.add_argument(
        "--profile", choices=sorted(PEERS), help="peer profile whose rules apply (default generic)"
    )
    parser.add_argument("--vasp-id", help="VASPID (sinch: the account's API key)")
    parser.add_argument("--vas-id", help="VASID (sinch: the short code's service)")
    parser.add_argument("--cacert", help="CA bundle to verify the peer's TLS certificate with")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")


def _password(args: argparse.Namespace) -> str | None:
    return args.password if args.password is not None else os.environ.get("MM7_PASSWORD")


def _verify(args: argparse.Namespace) -> bool | str:
    return False if args.insecure else (args.cacert or True)


# -- mm7 send ----------------------------------------------------------------------------------


class _TrailingFiles(argparse.ArgumentParser):
    """A parser that takes FILE arguments after the options too (``send URL --to N a.jpg``):
    argparse fills a ``nargs="*"`` positional once, before the options, and would refuse them."""

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        parsed.files = [*parsed.files, *(item for item in extras if not item.startswith("-"))]
        return parsed, [item for item in extras if item.startswith("-")]


def _register_send(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kind = sub._parser_class
    sub._parser_class = _TrailingFiles
    try:
        send = sub.add_parser(
            "send",
            help="submit an MMS (SubmitReq) and print the SubmitRsp as JSON",
            description="Exit 0 when the MMSC accepts (status 1xxx), 1 when it refuses or"
            " cannot be reached, 2 on a usage error (including a number or field the request"
            " cannot carry).",
        )
    finally:
        sub._parser_class = kind
    send.add_argument("url", help="the MMSC's MM7 URL")
    send.add_argument("files", nargs="*", metavar="FILE", help="content (type from the name)")
    send.add_argument("--to", action="append", default=[], required=True, help="recipient")
    send.add_argument("--cc", action="append", default=[], help="Cc recipient")
    send.add_argument("--bcc", action="append", default=[], help="Bcc recipient")
    send.add_argument("--from", dest="sender", help="sender address (number or short code)")
    send.add_argument("--subject", help="subject")
    send.add_argument("--text", action="append", default=[], help="a text/plain part")
    send.add_argument("--smil", action="store_true", help="add a generated SMIL presentation")
    send.add_argument("--release", help="release name or MM7Version (default: the newest)")
    send.add_argument("--service-code", help="ServiceCode")
    send.add_argument("--no-delivery-report", action="store_true", help="ask for no report")
    send.add_argument("--default-country-code", help="make national numbers international")
    send.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    send.add_argument("--retries", type=int, default=3, help="retries of retryable refusals")
    _add_peer_options(send)
    send.set_defaults(run=_send)


def _send(args: argparse.Namespace) -> int:
    if not _has_http():
        return EXIT_USAGE
    from mm7codec.compose import submit
    from mm7codec.errors import Mm7Error
    from mm7codec.transport.client import Mm7Client, RetryPolicy

    missing = [name for name in args.files if not Path(name).is_file()]
    if missing:
        print(f"mm7 send: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        request = submit(
            to=args.to,
            cc=args.cc,
            bcc=args.bcc,
            sender=args.sender,
            subject=args.subject,
            parts=args.text,
            files=args.files,
            smil=args.smil,
            release=args.release,
            profile=args.profile,
            vasp_id=args.vasp_id,
            vas_id=args.vas_id,
            service_code=args.service_code,
            delivery_report=not args.no_delivery_report,
            default_country_code=args.default_country_code,
        )
        request.encode()  # a value the release's schema refuses is the caller's error too
    except Mm7Error as error:  # a field, number or profile the request cannot take
        _print_error(error)
        return EXIT_USAGE
    client = Mm7Client(
        args.url,
        profile=args.profile,
        user=args.user,
        password=_password(args),
        timeout=args.timeout,
        verify=_verify(args),
        retry=RetryPolicy(max_retries=args.retries),
    )
    try:
        with client:
            reply = client.send(request)
    except Mm7Error as error:  # refused, unreachable, or an answer to something else
        _print_error(error)
        return EXIT_REFUSED
    document = reply.as_dict()
    document["findings_composing"] = [f.as_dict() for f in request.findings]
    print(json.dumps({"ok": True, **document}, indent=2, ensure_ascii=False))
    return EXIT_OK


def _print_error(error: Exception) -> None:
    document: dict[str, object] = {
        "ok": False,
        "error": str(error),
        "error_type": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
    }
    for name in ("status_text", "http_status", "attempts", "fields"):
        value = getattr(error, name, None)
        if value is not None:
            document[name] = list(value) if isinstance(value, tuple) else value
    fault = getattr(error, "fault", None)
    if fault is not None:
        document["fault"] = {"faultcode": fault.code_text, "faultstring": fault.string}
    findings = getattr(error, "findings", ())
    document["findings"] = [f.as_dict() for f in findings]
    print(json.dumps(document, indent=2, ensure_ascii=False))


# -- mm7 probe ---------------------------------------------------------------------------------


def _register_probe(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    probe = sub.add_parser(
        "probe",
        help="check a live MM7 peer (a VASP receiver or an MMSC) against the contract",
        description="Exit 0 when the peer conforms, 1 when it does not, 2 on a usage error."
        " Toward an MMSC it sends real messages: it needs --to and --confirm-send.",
    )
    probe.add_argument("url", help="the peer's MM7 URL")
    probe.add_argument("--role", choices=("vasp", "mmsc"), required=True, help="what the peer is")
    probe.add_argument(
        "--release",
        action="append",
        default=[],
        help="release to probe (repeatable;"
        " default: every release the profile takes toward a VASP, the newest toward an MMSC)",
    )
    probe.add_argument("--to", action="append", default=[], help="recipient (role mmsc)")
    probe.add_argument("--from", dest="sender", help="sender address")
    probe.add_argument("--confirm-send", action="store_true", help="allow real sends (mmsc)")
    probe.add_argument("--deadline", type=float, help="seconds (default: the profile's, 10)")
    probe.add_argument("--format", choices=("text", "json", "junit"), default="text")
    probe.add_argument("-o", "--output", help="write the report here (default: stdout)")
    _add_peer_options(probe)
    probe.set_defaults(run=_probe)


def _probe(args: argparse.Namespace) -> int:
    if not _has_http():
        return EXIT_USAGE
    from mm7codec.errors import Mm7Error
    from mm7codec.transport import probe

    try:
        report = probe.probe(
            args.url,
            role=args.role,
            profile=args.profile,
            releases=args.release,
            user=args.user,
            password=_password(args),
            recipients=args.to,
            sender=args.sender,
            vasp_id=args.vasp_id,
            vas_id=args.vas_id,
            confirm_send=args.confirm_send,
            deadline=args.deadline,
            verify=_verify(args),
        )
    except Mm7Error as error:
        print(f"mm7 probe: {error}", file=sys.stderr)
        return EXIT_USAGE
    text = probe.render(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(probe.summary_line(report), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return report.exit_code


# -- mm7 serve and mm7 mmsc-sim -------------------------------------------------------------


def _add_server_options(parser: argparse.ArgumentParser, port: int) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=port, help="port to listen on (0: any)")
    parser.add_argument("--user", help="Basic auth user name the peer must send")
    parser.add_argument("--password", help="Basic auth password the peer must send")
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="CIDR",
        help="accept requests only from this network (repeatable)",
    )
    parser.add_argument("--record", metavar="FILE.jsonl", help="append one JSON line per message")
    parser.add_argument("--log-level", default="info", help="uvicorn and mm7 log level")


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="receive MM7 requests (DeliverReq and reports as a VASP, SubmitReq as an MMSC)",
        description="Run the MM7 receiver: each request is recorded in the store, written to"
        " --record as one JSON line (message_type, transaction_id, message) and answered 1000"
        " in its own release with its TransactionID echoed.",
    )
    serve.add_argument("--role", choices=("vasp", "mmsc"), required=True)
    _add_server_options(serve, 8080)
    serve.add_argument(
        "--store",
        metavar="PATH",
        help="SQLite file or postgresql:// URL of the record (default: mm7-ROLE.sqlite3)",
    )
    serve.add_argument("--strict", action="store_true", help="refuse nonconformant requests")
    serve.add_argument("--deadline", type=float, default=10.0, help="seconds to answer within")
    serve.set_defaults(run=_serve)


def _add_mmsc_sim(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sim = sub.add_parser(
        "mmsc-sim",
        help="a local MMSC: takes SubmitReq, posts delivery reports back to the VASP",
        description="Answer each SubmitReq with a MessageID, then post a DeliveryReportReq per"
        " recipient to --dr-url after --dr-delay seconds, retried 5 times 5 minutes apart"
        " (scaled by --time-scale) until the VASP answers 1000.",
    )
    _add_server_options(sim, 8081)
    sim.add_argument("--dr-url", help="the VASP's URL for delivery reports (none: no reports)")
    sim.add_argument("--dr-delay", type=float, default=1.0, help="seconds before each report")
    sim.add_argument("--dr-user", help="Basic auth user for posting to the VASP")
    sim.add_argument("--dr-password", help="Basic auth password for posting to the VASP")
    sim.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="multiply the 5-minute retry interval by this (0.01: 3 s)",
    )
    sim.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest SubmitReq")
    sim.add_argument("--rate", type=float, default=0.0, help="SubmitReq per second (0: no limit)")
    sim.add_argument(
        "--profile", choices=sorted(PEERS), help="peer profile whose rules a SubmitReq must meet"
    )
    sim.add_argument(
        "--dr-status", default="Retrieved", help="MMStatus of the reports (e.g. Expired)"
    )
    sim.add_argument(
        "--dr-always",
        action="store_true",
        help="report every recipient, even when the SubmitReq asked for no DeliveryReport",
    )
    sim.add_argument(
        "--inject",
        metavar="FILE",
        action="append",
        default=[],
        help="an MO DeliverReq (envelope or SwA body) to post to --mo-url at start",
    )
    sim.add_argument("--mo-url", help="the VASP's URL for MO DeliverReq (default: --dr-url)")
    sim.set_defaults(run=_mmsc_sim)


def _logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def _serve(args: argparse.Namespace) -> int:
    if not _has_http():
        return EXIT_USAGE
    from mm7codec.transport.journal import Journal
    from mm7codec.transport.receiver import Receiver, ReceiverConfig, recording_handler
    from mm7codec.transport.serving import serve
    from mm7codec.transport.store import open_store

    _logging(args.log_level)
    try:
        config = ReceiverConfig(
            role=args.role,
            mode="strict" if args.strict else "lenient",
            deadline=args.deadline,
            username=args.user,
            password=args.password,
            allow=tuple(args.allow),
        )
    except ValueError as error:
        print(f"mm7 serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    journal = Journal(args.record)
    store = open_store(args.store or f"mm7-{args.role}.sqlite3")
    try:
        serve(
            Receiver(recording_handler(journal), config, store),
            args.host,
            args.port,
            log_level=args.log_level,
        )
    finally:
        store.close()
        journal.close()
    return EXIT_OK


def _mmsc_sim(args: argparse.Namespace) -> int:
    if not _has_http():
        return EXIT_USAGE
    from mm7codec.transport.simulator import run_simulator

    _logging(args.log_level)
    return int(run_simulator(args))
