"""The ``mm7`` subcommands that put MM7 on the wire (send, probe, serve, mmsc-sim).

:func:`register` adds them to the ``mm7`` parser; :mod:`mm7codec.cli` calls it. The modules
they run import httpx and uvicorn only when the command runs, so ``mm7 check`` works without
the ``http`` extra and these commands say how to get it.
"""

from __future__ import annotations

import argparse
import logging
import sys

from mm7codec.peers import PEERS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the transport subcommands to ``sub``."""
    _add_serve(sub)
    _add_mmsc_sim(sub)


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
        return 2
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
    return 0


def _mmsc_sim(args: argparse.Namespace) -> int:
    from mm7codec.transport.simulator import run_simulator

    _logging(args.log_level)
    return int(run_simulator(args))
