"""The ``mm7`` command line: one subcommand per job."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mm7codec.releases import default_registry, version_key


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mm7", description="MM7 (3GPP TS 23.140) toolkit")
    sub = parser.add_subparsers(dest="command", required=True)
    versions = sub.add_parser("versions", help="list the MM7 releases and versions known")
    versions.set_defaults(run=_versions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
