"""libxml2's name dictionary is replaced every PARSES_PER_DICTIONARY documents, in the
caller's own thread, and trees parsed before a replacement stay usable.

The memory effect over 100,000 hostile documents is measured by bench/soak_decode.py; the
smaller subprocess run here proves, on the lxml installed, that the mechanism bounds it.
"""

from __future__ import annotations

import gc
import multiprocessing
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest
from lxml import etree

from mm7codec import xmlparse
from mm7codec.errors import DecodeError

DOCUMENT = b'<?xml version="1.0"?><r xmlns="urn:x"><a b="1">text</a><c/></r>'


def test_a_fresh_dictionary_replaces_lxmls_thread_state() -> None:
    state = xmlparse._thread_state() if xmlparse._thread_state is not None else None
    if state is None:
        pytest.skip("PyThreadState_GetDict is not reachable on this interpreter")
    xmlparse.parse_xml(DOCUMENT)
    before = state[xmlparse._LXML_THREAD_KEY]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the mechanism must work on the lxml installed
        xmlparse.fresh_dictionary()
    assert state[xmlparse._LXML_THREAD_KEY] is not before


def test_parses_run_in_the_callers_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    original = etree.fromstring

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(threading.get_ident())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(etree, "fromstring", spy)
    xmlparse.parse_xml(DOCUMENT)
    assert seen and set(seen) == {threading.get_ident()}


def test_trees_from_replaced_dictionaries_stay_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlparse, "PARSES_PER_DICTIONARY", 2)
    parsers = set()
    roots = []
    for number in range(7):
        roots.append(xmlparse.parse_xml(DOCUMENT.replace(b"<c/>", b"<c%d/>" % number)).root)
        parsers.add(id(xmlparse._local.parser))
    assert len(parsers) >= 3  # a fresh parser (and dictionary) every two parses
    gc.collect()
    gathered = etree.Element("{urn:x}all")
    for number, root in enumerate(roots):
        root[0].tag = "{urn:x}renamed"
        copy = etree.fromstring(etree.tostring(root))
        assert copy[1].tag == f"{{urn:x}}c{number}"
        assert copy[0].tag == "{urn:x}renamed" and copy[0].get("b") == "1"
        gathered.append(root[1])  # moved between documents of different dictionaries
    assert [child.tag for child in gathered] == [f"{{urn:x}}c{n}" for n in range(7)]
    assert etree.fromstring(etree.tostring(gathered))[6].tag == "{urn:x}c6"


def test_syntax_errors_reach_the_caller_as_typed_refusals() -> None:
    with pytest.raises(DecodeError) as refused:
        xmlparse.parse_xml(b"<r><unclosed></r>")
    assert [f.code for f in refused.value.findings] == ["XML_NOT_WELL_FORMED"]


def test_threads_parse_at_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlparse, "PARSES_PER_DICTIONARY", 3)
    results: list[str] = []

    def work() -> None:
        for number in range(20):
            document = DOCUMENT.replace(b"<c/>", b"<t%d/>" % (threading.get_ident() + number))
            results.append(xmlparse.local_name(xmlparse.parse_xml(document).root))

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert results == ["r"] * 80


def _decode_in_child(queue: multiprocessing.Queue[str]) -> None:
    queue.put(xmlparse.local_name(xmlparse.parse_xml(DOCUMENT).root))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_a_forked_child_parses() -> None:
    xmlparse.parse_xml(DOCUMENT)
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_decode_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == "r"


_GROWTH = """
import gc, sys
from mm7codec import xmlparse
xmlparse.PARSES_PER_DICTIONARY = int(sys.argv[1])
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20
def hostile(k):
    names = "".join(f'<u{k:x}e{i} xmlns="urn:s:{k:x}:{i}" u{k:x}a{i}="v"/>' for i in range(50))
    return f"<r>{names}</r>".encode()
for k in range(200):
    xmlparse.parse_xml(hostile(k))
gc.collect()
start = rss()
for k in range(200, 10_200):
    xmlparse.parse_xml(hostile(k))
gc.collect()
print(rss() - start)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_the_dictionary_stays_bounded_on_unbounded_new_names() -> None:
    def growth(every: int) -> float:
        run = subprocess.run(
            [sys.executable, "-c", _GROWTH, str(every)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return float(run.stdout)

    kept, replaced = growth(0), growth(1_000)
    # 10,000 documents with 150 new names each: one dictionary kept grows by tens of MiB
    # (45 MiB measured with lxml 6.1); replaced every 1,000 documents it stays small.
    assert kept > 20, f"the kept dictionary grew only {kept:.1f} MiB: the test proves nothing"
    assert replaced < kept / 3, f"grew {replaced:.1f} MiB with replacement, {kept:.1f} without"


def test_an_unreachable_thread_state_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlparse, "_thread_state", None)
    monkeypatch.setattr(xmlparse, "_unreachable_warned", False)
    with pytest.warns(RuntimeWarning, match="fresh name dictionary"):
        xmlparse.fresh_dictionary()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parser = xmlparse.fresh_dictionary()  # said once, then quiet
    assert etree.fromstring(DOCUMENT, parser).tag == "{urn:x}r"
