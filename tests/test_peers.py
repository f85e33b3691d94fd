"""Peer profiles: the sinch rules as data, read through the status table and the registry."""

from __future__ import annotations

import pytest

from mm7codec import convert
from mm7codec.errors import Mm7Error
from mm7codec.peers import PEERS, PeerProfile, PostbackContract, UnknownPeer, get_peer
from mm7codec.releases import default_registry, version_key

SINCH = PEERS["sinch"]


def test_sinch_takes_every_release_that_accepts_a_version_from_5_3_0_to_6_8_0() -> None:
    # every shipped schema accepts 5.3.0 (../shared/README.md), so all ten qualify
    assert SINCH.releases == tuple(release.name for release in default_registry())
    assert SINCH.newest_release().name == "REL-6-MM7-1-4"


@pytest.mark.parametrize(
    ("version", "taken"),
    [("5.3.0", True), ("6.8.0", True), ("5.10.0", True), ("5.2.0", False), ("6.9.0", False)],
)
def test_sinch_version_bounds(version: str, taken: bool) -> None:
    assert SINCH.accepts_version(version) is taken


def test_version_for_is_the_newest_the_release_and_the_peer_both_take() -> None:
    bounded = PeerProfile("old", SINCH.releases, max_version="5.6.0")
    for release in default_registry():
        chosen = bounded.version_for(release)
        assert chosen is not None and release.accepts(chosen)
        assert version_key(chosen) <= version_key("5.6.0")
        assert all(
            version_key(v) <= version_key(chosen) or version_key(v) > version_key("5.6.0")
            for v in release.versions
        )


@pytest.mark.parametrize(
    ("code", "retry"),
    [(3510, True), (4006, True), (3000, True), (3500, True), (2551, False), (3001, False)],
)
def test_sinch_retryable_statuses(code: int, retry: bool) -> None:
    assert SINCH.retryable(code) is retry


def test_throughput_and_version_refusals() -> None:
    assert set(SINCH.throughput_refusals) == {3510, 4006}
    assert all(SINCH.is_version_refusal(code) for code in (4002, 2505, 2507))
    assert not SINCH.is_version_refusal(2002)
    assert get_peer(None).version_refusals == (4002,)


def test_sinch_postback_contract() -> None:
    assert SINCH.postback == PostbackContract(
        http_status=200,
        status_code=1000,
        echo_transaction_id=True,
        deadline_seconds=10.0,
        retries=5,
        retry_interval_seconds=300.0,
        rate_per_second=1.0,
    )
    assert SINCH.international_numbers and SINCH.vasp_id_required


def test_lookup() -> None:
    assert get_peer("SINCH") is SINCH and get_peer(SINCH) is SINCH
    with pytest.raises(UnknownPeer, match="known: generic, sinch") as caught:
        get_peer("acme")
    assert isinstance(caught.value, Mm7Error | LookupError)
    assert convert.PeerProfile is PeerProfile  # negotiation reads the same profiles
    assert convert.negotiate(["REL-5-MM7-1-3"], SINCH).name == "REL-5-MM7-1-3"
