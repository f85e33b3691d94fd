"""Every file of the reference corpus against expectations written from reading its bytes.

tests/corpus_expectations.py was written by reading each file (not by running the codec):
the strict verdict with the codes strict must report, and what lenient decoding recovers.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS
from corpus_expectations import EXPECTATIONS, Expectation
from mm7codec import DecodeError, Mm7Error, decode

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set MM7_SHARED)"
)


def _leaves(decoded: object) -> int:
    parts = getattr(decoded, "attachments", [])
    return sum(1 for part in parts for leaf in part.walk() if not leaf.is_multipart)


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir()} - {"MANIFEST.md", "SHA256SUMS"}
    assert files == set(EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_strict_verdict(name: str) -> None:
    expected: Expectation = EXPECTATIONS[name]
    data = (CORPUS / name).read_bytes()
    if expected.strict_ok:
        decoded = decode(data, mode="strict")
        assert decoded.ok, decoded.findings
        return
    with pytest.raises(Mm7Error) as refused:
        decode(data, mode="strict")
    codes = {f.code for f in refused.value.findings}
    assert expected.strict_codes <= codes, (
        f"{expected.why}\nmissing: {expected.strict_codes - codes}"
    )


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_lenient_recovery(name: str) -> None:
    expected = EXPECTATIONS[name]
    data = (CORPUS / name).read_bytes()
    if not expected.lenient_ok:
        with pytest.raises(DecodeError) as refused:
            decode(data, mode="lenient")
        assert refused.value.status_code == 2007
        return
    decoded = decode(data, mode="lenient")
    got = (decoded.message_type, decoded.release.name, decoded.transaction_id, _leaves(decoded))
    want = (
        expected.message_type,
        expected.release,
        expected.transaction_id,
        expected.attachment_leaves,
    )
    assert got == want, expected.why
