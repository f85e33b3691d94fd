"""Regenerate generated/ (the xsdata bindings) from schemas/, or check that it is current.

    python tools/bindings.py generate    rewrite generated/ from schemas/
    python tools/bindings.py check       exit 1 if generated/ is stale or xsdata warned

One subpackage per release in schemas/catalogue.json, compiled with the single configuration
in tools/xsdata.xml by the xsdata and ruff versions pinned in pyproject.toml (extra
``generate``). Output is a pure function of the schemas: no dates, no hash-order dependence.
Any warning from the generator fails the run: an unresolved import, for instance, silently
drops the type of the SOAP mustUnderstand attribute.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
GENERATED = ROOT / "generated"
CONFIG = Path(__file__).resolve().parent / "xsdata.xml"
FAST = "fast"  # generated/fast/ is tools/fastpath.py's, generated from these bindings
INIT = '"""Bindings compiled by xsdata from schemas/ (tools/bindings.py): never edit."""\n'


class GenerationError(RuntimeError):
    """xsdata failed or printed a warning."""


def _xsdata(schema: Path, package: str, workdir: Path) -> None:
    env = dict(os.environ)
    # xsdata formats its output by running ruff: use the one installed beside this Python.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = [
        sys.executable,
        "-m",
        "xsdata",
        "generate",
        "--config",
        str(CONFIG),
        "--package",
        package,
        str(schema),
    ]
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "warning" in line.lower()]
    if result.returncode != 0 or warnings:
        raise GenerationError(f"xsdata on {schema.name}:\n{output}")


def generate(schemas: Path = SCHEMAS, output: Path = GENERATED) -> list[str]:
    """Write one bindings package per catalogued release into ``output``; return their names."""
    catalogue = json.loads((schemas / "catalogue.json").read_text())
    packages = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for release in catalogue["releases"]:
            package = release["package"]
            _xsdata(schemas / release["file"], package, work)
            packages.append(package)
        if output.exists():
            shutil.rmtree(output)
        output.mkdir(parents=True)
        (output / "__init__.py").write_text(INIT)
        for package in packages:
            shutil.copytree(work / package, output / package)
    for cache in output.rglob("__pycache__"):
        shutil.rmtree(cache)
    return packages


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (ignoring __pycache__)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        for name in cmp.left_only + cmp.right_only:
            if name != "__pycache__" and prefix + name != FAST:
                found.append(prefix + name)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            if name != "__pycache__" and prefix + name != FAST:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def check(schemas: Path = SCHEMAS, current: Path = GENERATED) -> list[str]:
    """Regenerate into a temporary tree and list what differs from ``current``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        generate(schemas, fresh)
        return differences(fresh, current)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate or check the MM7 bindings.")
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--schemas", type=Path, default=SCHEMAS)
    parser.add_argument("--output", type=Path, default=GENERATED)
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            packages = generate(args.schemas, args.output)
            print(f"generated {len(packages)} release packages into {args.output}")
            return 0
        stale = check(args.schemas, args.output)
    except GenerationError as error:
        print(error, file=sys.stderr)
        return 1
    for path in stale:
        print(f"stale: generated/{path} (run: python tools/bindings.py generate)")
    if not stale:
        print("generated/ is current")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
