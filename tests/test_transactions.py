"""TransactionIDs: unique in a process, across threads and processes, valid in every release."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from mm7codec.errors import Mm7Error
from mm7codec.transactions import (
    MAX_LENGTH,
    MAX_PREFIX_LENGTH,
    TransactionIdError,
    TransactionIdGenerator,
    is_nmtoken,
    new_transaction_id,
    normalize_transaction_id,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NAMESPACE = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/"
RELEASES = sorted(path.stem for path in SCHEMAS.glob("REL-*.xsd"))
SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-"


def _schema(release: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"{release}.xsd")))


def _valid_transaction_id(schema: etree.XMLSchema, release: str, value: str) -> bool:
    element = etree.Element(f"{{{NAMESPACE}{release}}}TransactionID")
    element.text = value
    return bool(schema.validate(element))


def _make_ids(count: int) -> list[str]:
    return [new_transaction_id() for _ in range(count)]


def test_unique_within_one_process() -> None:
    ids = _make_ids(100_000)
    assert len(set(ids)) == len(ids)


def test_unique_across_threads() -> None:
    generator = TransactionIdGenerator("t")
    results: list[list[str]] = [[] for _ in range(8)]

    def work(slot: list[str]) -> None:
        slot.extend(generator.new() for _ in range(5_000))

    threads = [threading.Thread(target=work, args=(slot,)) for slot in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [tid for slot in results for tid in slot]
    assert len(ids) == 40_000
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "method",
    [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()],
)
def test_unique_across_processes(method: str) -> None:
    parent = _make_ids(10_000)
    context = multiprocessing.get_context(method)
    with context.Pool(4) as pool:
        batches = pool.map(_make_ids, [10_000] * 4)
    ids = parent + [tid for batch in batches for tid in batch]
    assert len(ids) == 50_000
    assert len(set(ids)) == len(ids)
    # Each child has its own token: the first dotted field differs from the parent's.
    tokens = {batch[0].split(".")[0] for batch in batches}
    assert len(tokens) == 4
    assert parent[0].split(".")[0] not in tokens


def test_ids_are_short_and_nmtoken_safe() -> None:
    for tid in _make_ids(1_000):
        assert len(tid) <= MAX_LENGTH
        assert set(tid) <= set(SAFE)
        assert is_nmtoken(tid)


@pytest.mark.parametrize("release", RELEASES)
def test_ids_validate_in_every_release(release: str) -> None:
    schema = _schema(release)
    longest = new_transaction_id("p" * MAX_PREFIX_LENGTH)
    for tid in (new_transaction_id(), new_transaction_id("vasp1"), longest):
        assert _valid_transaction_id(schema, release, tid), (release, tid)


def test_nmtoken_releases_are_the_strict_ones() -> None:
    # The property above is only worth having because 1-0 and 1-1 refuse non-NMTOKENs.
    for release in ("REL-5-MM7-1-0", "REL-5-MM7-1-1"):
        assert not _valid_transaction_id(_schema(release), release, "a/b c")


@given(st.text(alphabet=SAFE, max_size=MAX_PREFIX_LENGTH))
def test_generated_ids_are_nmtokens_for_any_safe_prefix(prefix: str) -> None:
    tid = new_transaction_id(prefix)
    assert is_nmtoken(tid)
    assert set(tid) <= set(SAFE)
    assert len(tid) <= MAX_LENGTH
    assert tid.startswith(f"{prefix}-") if prefix else tid.count(".") == 3


@given(
    st.text(alphabet=SAFE, max_size=8),
    st.characters(exclude_characters=SAFE),
    st.text(alphabet=SAFE, max_size=8),
)
def test_unsafe_prefix_is_refused(head: str, bad: str, tail: str) -> None:
    with pytest.raises(TransactionIdError):
        new_transaction_id(head + bad + tail)
    with pytest.raises(TransactionIdError):
        TransactionIdGenerator(head + bad + tail)


@pytest.mark.parametrize(
    "prefix", ["a/b", "a b", "caf\u00e9", "x@y", "tab\t", "new\nline", "#", "a,b"]
)
def test_listed_unsafe_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(TransactionIdError, match="NMTOKEN-safe"):
        new_transaction_id(prefix)


def test_worst_case_id_fits_max_length(monkeypatch: pytest.MonkeyPatch) -> None:
    # Largest 32-bit pid, a clock at the year 5188, the counter at its last value.
    monkeypatch.setattr(os, "getpid", lambda: 2**32 - 1)
    monkeypatch.setattr(time, "time_ns", lambda: (36**9 - 1) * 1_000_000)
    generator = TransactionIdGenerator("p" * MAX_PREFIX_LENGTH)
    generator._counter = 36**8 - 1
    worst = generator.new()
    assert len(worst) == MAX_LENGTH - 4
    assert is_nmtoken(worst)
    assert generator.new().endswith(".0")  # the counter wraps instead of growing


def test_prefix_too_long_is_refused() -> None:
    new_transaction_id("x" * MAX_PREFIX_LENGTH)
    with pytest.raises(TransactionIdError, match="at most"):
        new_transaction_id("x" * (MAX_PREFIX_LENGTH + 1))


def test_prefix_error_is_a_value_error_and_an_mm7_error() -> None:
    with pytest.raises(ValueError) as caught:
        new_transaction_id("no spaces")
    assert isinstance(caught.value, Mm7Error)
    assert "' '" in str(caught.value)


def test_generator_prefix_and_call() -> None:
    generator = TransactionIdGenerator("mmsc-1")
    assert generator.prefix == "mmsc-1"
    first, second = generator(), generator.new()
    assert first.startswith("mmsc-1-") and second.startswith("mmsc-1-")
    assert first != second
    assert first.rsplit(".", 1)[1] == "0" and second.rsplit(".", 1)[1] == "1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", True),
        ("1.2-3_4:5", True),
        (":leading-colon", True),
        ("-.", True),
        ("\u00e9t\u00e9", True),
        ("\u00b7middle", True),
        ("", False),
        ("a b", False),
        (" abc", False),
        ("abc\n", False),
        ("a/b", False),
        ("a@b", False),
        ("a,b", False),
        ("\u00d7", False),
    ],
)
def test_is_nmtoken(value: str, expected: bool) -> None:
    assert is_nmtoken(value) is expected


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))
def test_is_nmtoken_agrees_with_the_schema_on_ascii(value: str) -> None:
    schema = _SCHEMA_1_0
    assert is_nmtoken(value) is _valid_transaction_id(schema, "REL-5-MM7-1-0", value)


_SCHEMA_1_0 = _schema("REL-5-MM7-1-0")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abc", ("abc", False)),
        ("\n  abc\t", ("abc", True)),
        ("\r\nabc\r\n", ("abc", True)),
        ("abc ", ("abc", True)),
        ("a b", ("a b", False)),
        ("", ("", False)),
        (" \n\t", ("", True)),
        ("\u00a0abc", ("\u00a0abc", False)),
    ],
)
def test_normalize_transaction_id(raw: str, expected: tuple[str, bool]) -> None:
    assert normalize_transaction_id(raw) == expected


@given(st.text(alphabet=st.sampled_from([" ", "\t", "\r", "\n", "a", "b", "."])))
def test_normalize_transaction_id_properties(raw: str) -> None:
    value, changed = normalize_transaction_id(raw)
    assert changed is (value != raw)
    assert value == value.strip(" \t\r\n")
    assert value in raw
    assert normalize_transaction_id(value) == (value, False)
