"""Print ``name==version`` pins of the runtime dependencies' lower bounds in pyproject.toml.

``make test-lowest`` installs the project with these as pip constraints and runs the codec
tests, so that the lower bounds the package declares are the oldest versions that work.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LOWER = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)$")


def lower_bounds(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """One ``name==version`` line per runtime dependency; ValueError for one without a
    ``>=`` lower bound (an unbounded dependency cannot be tested at its oldest)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = _LOWER.match(requirement)
        assert match is not None
        name, spec = match.groups()
        lows = [part.strip()[2:].strip() for part in spec.split(",") if ">=" in part]
        if len(lows) != 1:
            raise ValueError(f"{requirement!r} has no single >= lower bound")
        pins.append(f"{name}=={lows[0]}")
    return pins


def main() -> int:
    sys.stdout.write("".join(f"{pin}\n" for pin in lower_bounds()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
