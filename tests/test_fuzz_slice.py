"""A fixed-seed slice of the fuzz campaign (bench/fuzz.py) in every test run.

The campaign itself runs for hundreds of thousands of inputs (see its docstring); this slice
keeps its invariants from regressing: only Mm7Error escapes, returned messages are typed,
strict-accepted messages re-encode to equal messages and parts, no socket is opened, and
the CLI neither exits 2 on an existing file nor prints a traceback.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import CORPUS, ROOT

SLICE = 150


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mm7_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mm7_fuzz"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()


@pytest.fixture(scope="module")
def seeds() -> list[tuple[bytes, str | None]]:
    logging.getLogger("xsdata").setLevel(logging.ERROR)
    found: list[tuple[bytes, str | None]] = fuzz.load_seeds(include_corpus=CORPUS.is_dir())
    assert len(found) >= 40  # the examples alone, and their re-encodings
    return found


@pytest.fixture
def blocked_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fuzz module's own blocking, undone after the test."""
    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, getattr(socket, name))
    fuzz.block_sockets()
    with pytest.raises(fuzz.NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    yield


HOLDING = (
    "escape:",
    "untyped:",
    "network:",
    "lost:",
    "strict-accepted",
    "reencode-",
    "lenient-ok",
    "cli:",
)


@pytest.mark.usefixtures("blocked_sockets")
def test_a_fixed_slice_keeps_the_invariants(seeds: list[tuple[bytes, str | None]]) -> None:
    totals = fuzz.run(seeds, fuzz.Totals(seed=20261202), SLICE, cli_every=0)
    assert totals.inputs == SLICE and sum(totals.mutations.values()) >= SLICE
    broken = {name: n for name, n in totals.classes.items() if name.startswith(HOLDING)}
    assert broken == {}


def test_a_value_the_result_lost_is_a_violation() -> None:
    """The campaign's conservation check names the place of a value the result lacks."""
    path = ROOT / "examples" / "conformant" / "REL-6-MM7-1-4" / "SubmitReq.mime"
    data, ctype = path.read_bytes(), Path(f"{path}.content-type").read_text().strip()
    decoded = fuzz.decode(data, ctype, mode="lenient")
    assert fuzz._conserved(decoded, data, ctype, "lenient") == []
    decoded.message.subject = None
    assert fuzz._conserved(decoded, data, ctype, "lenient") == ["lost:lenient:Subject"]


def test_the_cli_on_fuzzed_files(seeds: list[tuple[bytes, str | None]]) -> None:
    data, ctype, _ = fuzz.make_input(20261202, 7, seeds)
    assert fuzz.check_cli(data, ctype) == []
    assert fuzz.check_cli(b"\x00\xff garbage", None) == []


def test_a_violation_is_saved_with_its_content_type(tmp_path: Path) -> None:
    fuzz.save_crash(tmp_path, "escape:strict:ValueError:http.py:parse", b"body", "text/xml")
    [saved] = [p for p in tmp_path.iterdir() if p.suffix == ".bin"]
    assert saved.read_bytes() == b"body"
    assert Path(f"{saved}.content-type").read_text() == "text/xml"


def test_inputs_depend_only_on_seed_and_index(seeds: list[tuple[bytes, str | None]]) -> None:
    assert fuzz.make_input(5, 99, seeds) == fuzz.make_input(5, 99, seeds)
    assert fuzz.make_input(5, 99, seeds) != fuzz.make_input(5, 100, seeds)
