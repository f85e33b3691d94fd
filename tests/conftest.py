"""Shared test fixtures: where the reference material is, and skipping when it is absent."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MM7_SHARED", ROOT.parent / "shared"))
OFFICIAL_XSD = SHARED / "mm7-xsd"
CORPUS = SHARED / "corpus"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test: the codec never touches the network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


requires_shared = pytest.mark.skipif(
    not OFFICIAL_XSD.is_dir(),
    reason=f"reference material not found at {SHARED} (set MM7_SHARED to its location)",
)


# -- Hypothesis profiles for the property tests (tests/test_properties.py) ---------------------
#
# MM7_HYPOTHESIS_PROFILE picks one (default "ci"): "ci" runs a few derandomised examples per
# property, so the whole file stays well under two minutes; "campaign" runs many, with no
# deadline (MM7_CAMPAIGN_EXAMPLES sets how many per test). Only the property tests apply the
# profile (through property_settings()), so other modules keep their own example counts.

from hypothesis import HealthCheck, settings  # noqa: E402

HYPOTHESIS_PROFILE = os.environ.get("MM7_HYPOTHESIS_PROFILE", "ci")
settings.register_profile(
    "ci",
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "campaign",
    max_examples=int(os.environ.get("MM7_CAMPAIGN_EXAMPLES", "200")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def property_settings() -> settings:
    """The settings of the selected profile, to decorate a property test with."""
    return settings.get_profile(HYPOTHESIS_PROFILE)
