"""The parser thread: libxml2's name dictionary dies with it, and its trees outlive it.

The memory effect itself (flat RSS over 100,000 documents with unique names) is measured by
bench/soak_decode.py, not asserted here; these tests pin the mechanism it relies on.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading

import pytest
from lxml import etree

from mm7codec import xmlparse
from mm7codec.errors import DecodeError

DOCUMENT = b'<?xml version="1.0"?><r xmlns="urn:x"><a b="1">text</a><c/></r>'


def _thread_names() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "mm7codec-xml-parser"}


def test_parses_run_outside_the_callers_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    original = etree.fromstring

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(threading.get_ident())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(etree, "fromstring", spy)
    xmlparse.parse_xml(DOCUMENT)
    assert seen and threading.get_ident() not in seen


def test_a_retired_thread_is_replaced_and_its_trees_stay_usable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xmlparse, "PARSES_PER_THREAD", 2)
    threads = []
    roots = []
    for number in range(7):
        roots.append(xmlparse.parse_xml(DOCUMENT.replace(b"<c/>", b"<c%d/>" % number)).root)
        if xmlparse._parser_thread not in threads:
            threads.append(xmlparse._parser_thread)
    assert len(threads) == 4  # a new thread took over every two parses
    gc.collect()
    for number, root in enumerate(roots):
        # Trees whose thread has ended are still read, changed and written from here.
        root[0].tag = "{urn:x}renamed"
        copy = etree.fromstring(etree.tostring(root))
        assert copy[1].tag == f"{{urn:x}}c{number}"
        assert copy[0].tag == "{urn:x}renamed" and copy[0].get("b") == "1"
    assert len(_thread_names()) <= 2


def test_syntax_errors_reach_the_caller_as_typed_refusals() -> None:
    with pytest.raises(DecodeError) as refused:
        xmlparse.parse_xml(b"<r><unclosed></r>")
    assert [f.code for f in refused.value.findings] == ["XML_NOT_WELL_FORMED"]


def test_threads_parse_at_the_same_time() -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(20):
            results.append(xmlparse.local_name(xmlparse.parse_xml(DOCUMENT).root))

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
def test_a_forked_child_parses_with_a_thread_of_its_own() -> None:
    xmlparse.parse_xml(DOCUMENT)  # the parent has a parser thread, which a child lacks
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_decode_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == "r"


def test_zero_parses_in_the_calling_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    original = etree.fromstring

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(threading.get_ident())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(etree, "fromstring", spy)
    monkeypatch.setattr(xmlparse, "PARSES_PER_THREAD", 0)
    assert xmlparse.local_name(xmlparse.parse_xml(DOCUMENT).root) == "r"
    assert seen == [threading.get_ident()]
