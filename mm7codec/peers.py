"""Peer profiles: what one MM7 peer accepts and expects, as data that every layer reads.

A profile names the releases and MM7Versions a peer takes, the vendor status table to read its
codes with (:data:`mm7codec.status.PROFILES`), its address rule (:mod:`mm7codec.numbers`),
which refusals mean "wrong version" or "too fast", and its contract for postbacks (the
DeliveryReportReq and DeliverReq it pushes to a VASP). Compose, the client, the simulator and
the probe all take a profile, so a rule is stated once, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from mm7codec.errors import Mm7Error
from mm7codec.releases import Registry, Release, default_registry, version_key
from mm7codec.status import StatusClass, StatusInfo, describe

__all__ = [
    "PEERS",
    "PeerProfile",
    "PostbackContract",
    "UnknownPeer",
    "get_peer",
]


class UnknownPeer(Mm7Error, LookupError):
    """A peer profile was asked for by a name :data:`PEERS` does not hold."""


@dataclass(frozen=True)
class PostbackContract:
    """How a peer wants its postbacks answered, and how it retries when they are not.

    The receiver answers within ``deadline_seconds`` with HTTP ``http_status`` and the
    matching response carrying ``status_code`` and the request's TransactionID; otherwise the
    peer sends the same postback again ``retries`` times, ``retry_interval_seconds`` apart.
    ``rate_per_second`` is how fast the peer forwards postbacks (None: not documented).
    """

    http_status: int = 200
    status_code: int = 1000
    echo_transaction_id: bool = True
    deadline_seconds: float = 10.0
    retries: int = 5
    retry_interval_seconds: float = 300.0
    rate_per_second: float | None = None


@dataclass(frozen=True)
class PeerProfile:
    """A peer: the releases it accepts (by name) and the rules it holds its traffic to.

    ``min_version``/``max_version`` bound the MM7Versions it takes (None: any its releases
    accept); ``status_profile`` names its vendor status table; ``international_numbers``
    means numbers go out as international digits without ``+`` or ``00``;
    ``vasp_id_required`` means a VASP request must carry a VASPID; ``version_refusals`` and
    ``throughput_refusals`` are the status codes it answers a wrong version and a sender over
    its rate with; ``headers`` are HTTP headers it wants on every request; ``tls_required``
    means its endpoints are reached over https only (loopback excepted, for simulators).
    """

    name: str
    releases: tuple[str, ...]
    min_version: str | None = None
    max_version: str | None = None
    status_profile: str | None = None
    international_numbers: bool = False
    vasp_id_required: bool = False
    version_refusals: tuple[int, ...] = (4002,)
    throughput_refusals: tuple[int, ...] = (4006,)
    headers: tuple[tuple[str, str], ...] = ()
    tls_required: bool = False
    postback: PostbackContract = field(default_factory=PostbackContract)
    notes: str = ""

    def accepts_version(self, version: str) -> bool:
        """True when ``version`` lies within the profile's MM7Version bounds."""
        key = version_key(version)
        if self.min_version is not None and key < version_key(self.min_version):
            return False
        return self.max_version is None or key <= version_key(self.max_version)

    def release_objects(self, registry: Registry | None = None) -> list[Release]:
        """The releases of this profile that the registry knows, oldest first."""
        registry = registry or default_registry()
        return [release for release in registry if release.name in self.releases]

    def newest_release(self, registry: Registry | None = None) -> Release:
        """The newest release the peer accepts (the release to speak when nothing says else)."""
        known = self.release_objects(registry)
        if not known:
            raise UnknownPeer(f"peer {self.name!r} names no release this registry knows")
        return known[-1]

    def version_for(self, release: Release) -> str | None:
        """The newest MM7Version of ``release`` the peer takes, or None when it takes none."""
        accepted = [v for v in release.versions if self.accepts_version(v)]
        return max(accepted, key=version_key) if accepted else None

    def describe(self, code: int) -> StatusInfo:
        """A status code as this peer documents it (its vendor table, then TS 23.140)."""
        return describe(code, profile=self.status_profile)

    def retryable(self, code: int) -> bool:
        """Whether sending the same request again can succeed after this status."""
        return code in self.throughput_refusals or self.describe(code).retryable

    def is_success(self, code: int) -> bool:
        """A 1xxx status: the request was carried out (in full or in part)."""
        return self.describe(code).status_class in (
            StatusClass.SUCCESS,
            StatusClass.PARTIAL_SUCCESS,
        )

    def is_version_refusal(self, code: int) -> bool:
        return code in self.version_refusals


def _releases_between(low: str, high: str, registry: Registry) -> tuple[str, ...]:
    """Names of the releases accepting some MM7Version from ``low`` to ``high``."""
    lo, hi = version_key(low), version_key(high)
    return tuple(
        release.name
        for release in registry
        if any(lo <= version_key(v) <= hi for v in release.versions)
    )


def _profiles(registry: Registry) -> dict[str, PeerProfile]:
    every = tuple(release.name for release in registry)
    return {
        "generic": PeerProfile(
            "generic", every, notes="any release, TS 23.140 status table, no extra rules"
        ),
        # The seed service (Sinch's MM7): VASPID is the account's API key and VASID names the
        # short code (one service per short code; empty for a dedicated one). It refuses a
        # version with 4002, 2505 (missing or unsupported MM7Version) or 2507 (unsupported
        # namespace), and a sender over its throughput with 3510 or 4006.
        "sinch": PeerProfile(
            "sinch",
            _releases_between("5.3.0", "6.8.0", registry),
            min_version="5.3.0",
            max_version="6.8.0",
            status_profile="sinch",
            international_numbers=True,
            vasp_id_required=True,
            version_refusals=(4002, 2505, 2507),
            throughput_refusals=(3510, 4006),
            tls_required=True,
            postback=PostbackContract(rate_per_second=1.0),
            notes="VASPID = API key, VASID = short code service; numbers international"
            " digits without + or 00; postbacks answered 200/1000 within 10 s, else retried"
            " 5 times 5 minutes apart",
        ),
    }


PEERS: Mapping[str, PeerProfile] = MappingProxyType(_profiles(default_registry()))
"""Peer profiles shipped with mm7codec, by lower-case name."""


def get_peer(name: str | PeerProfile | None) -> PeerProfile:
    """The profile called ``name`` (case-insensitive); None gives the generic profile."""
    if isinstance(name, PeerProfile):
        return name
    key = "generic" if name is None else name.lower()
    try:
        return PEERS[key]
    except KeyError:
        known = ", ".join(sorted(PEERS))
        raise UnknownPeer(f"no peer profile {name!r} (known: {known})") from None
