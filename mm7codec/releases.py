"""The release registry: which MM7 releases exist, what each accepts, where its bindings live.

Built from ``schemas/catalogue.json`` (derived from the schemas by ``tools/schemas.py``) and
the generated packages, so adding a release is adding a schema and regenerating: no code here
names a release. Look a release up by namespace, by name or by MM7Version; an MM7Version is
accepted by several schemas, so that lookup answers a list, newest release first.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

from mm7codec.errors import UnknownRelease

MM7_NAMESPACE_PREFIX = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XS = "http://www.w3.org/2001/XMLSchema"

# Elements MM7 renamed between releases: (owning element or None for anywhere, name) -> the
# name another release gives it. Conversion maps through it; lenient decoding reads a field
# under the other release's name.
RENAMED: dict[tuple[str | None, str], str] = {
    (None, "DistributionProtection"): "DistributionIndicator",
    (None, "DistributionIndicator"): "DistributionProtection",
    ("DeliveryReportReq", "Date"): "TimeStamp",
    ("DeliveryReportReq", "TimeStamp"): "Date",
}


def renamed(owner: str, name: str) -> str | None:
    """The other release's name for element ``name`` inside ``owner``, if MM7 renamed it."""
    return RENAMED.get((owner, name)) or RENAMED.get((None, name))


# ASCII digits, at most six: a namespace is the peer's text, and int() reads other scripts'
# digits and refuses numbers of over 4,300 digits. A longer number is an unknown shape.
_RELEASE_NAME = re.compile(r"REL-([0-9]{1,6})-MM7-([0-9]{1,6})-([0-9]{1,6})(?![0-9])")
_VERSION = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6}){0,5}")


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of an MM7Version: '5.10.0' sorts after '5.8.0'."""
    if not _VERSION.fullmatch(version):
        return (-1,)
    return tuple(int(part) for part in version.split("."))


def release_key(name: str) -> tuple[int, ...]:
    """Sort key of a release name: REL-6-MM7-1-4 -> (6, 1, 4); unknown shapes sort last."""
    match = _RELEASE_NAME.search(name)
    return tuple(int(part) for part in match.groups()) if match else (1_000_000,)


def _secure_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True, eq=False)
class Release:
    """One MM7 schema release: its namespace, the versions it accepts, its bindings."""

    name: str
    namespace: str
    schema_path: Path
    package: str
    versions: tuple[str, ...]
    messages: tuple[str, ...]
    bindings_package: str = field(default="mm7codec.bindings", repr=False)

    def __repr__(self) -> str:
        return f"<Release {self.name}>"

    @property
    def key(self) -> tuple[int, ...]:
        return release_key(self.name)

    @property
    def newest_version(self) -> str:
        """The MM7Version written by default for this release: the newest it accepts."""
        return max(self.versions, key=version_key)

    def accepts(self, version: str) -> bool:
        return version in self.versions

    @functools.cached_property
    def bindings(self) -> ModuleType:
        """The generated package for this release."""
        return importlib.import_module(f"{self.bindings_package}.{self.package}")

    @functools.cached_property
    def element_classes(self) -> dict[str, type[Any]]:
        """Global element name -> generated class (extendedCancelReq -> ExtendedCancelReq)."""
        found: dict[str, type[Any]] = {}
        for cls in vars(self.bindings).values():
            meta = getattr(cls, "Meta", None)
            if isinstance(cls, type) and getattr(meta, "namespace", None) == self.namespace:
                found[getattr(meta, "name", cls.__name__)] = cls
        return found

    def message_class(self, name: str) -> type[Any]:
        """The generated dataclass of a message (a global element), e.g. 'SubmitReq'."""
        if name not in self.messages:
            raise UnknownRelease(f"{self.name} has no message {name!r}")
        return self.element_classes[name]

    @property
    def transaction_id_class(self) -> type[Any]:
        return self.element_classes["TransactionID"]

    @functools.cached_property
    def schema_document(self) -> etree._ElementTree:
        return etree.parse(str(self.schema_path), _secure_parser())

    @functools.cached_property
    def schema(self) -> etree.XMLSchema:
        """The compiled XSD (the SOAP envelope import resolves to the local file)."""
        return etree.XMLSchema(self.schema_document)

    def enumeration(self, simple_type: str) -> tuple[str, ...]:
        """The values a named simple type of this release enumerates (empty if none)."""
        values = self.schema_document.xpath(
            "xs:simpleType[@name=$name]//xs:enumeration/@value",
            namespaces={"xs": XS},
            name=simple_type,
        )
        return tuple(str(value) for value in values)  # type: ignore[union-attr]

    @property
    def delivery_statuses(self) -> tuple[str, ...]:
        """MMStatus values a DeliveryReportReq of this release may carry."""
        return self.enumeration("mmDeliveryStatusType")


class Registry:
    """The releases known to this process, looked up by namespace, name or MM7Version."""

    def __init__(self, releases: Sequence[Release]) -> None:
        self._releases = tuple(sorted(releases, key=lambda release: release.key))
        self._by_namespace = {release.namespace: release for release in self._releases}
        self._by_name = {release.name: release for release in self._releases}

    @classmethod
    def from_directory(
        cls, directory: Path, bindings_package: str = "mm7codec.bindings"
    ) -> Registry:
        """A registry from a schemas directory holding catalogue.json."""
        catalogue = json.loads((directory / "catalogue.json").read_text(encoding="utf-8"))
        return cls(
            [
                Release(
                    name=entry["name"],
                    namespace=entry["namespace"],
                    schema_path=directory / entry["file"],
                    package=entry["package"],
                    versions=tuple(entry["versions"]),
                    messages=tuple(entry["messages"]),
                    bindings_package=bindings_package,
                )
                for entry in catalogue["releases"]
            ]
        )

    def __iter__(self) -> Iterator[Release]:
        return iter(self._releases)

    def __len__(self) -> int:
        return len(self._releases)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def newest(self) -> Release:
        return self._releases[-1]

    def by_namespace(self, namespace: str) -> Release:
        try:
            return self._by_namespace[namespace]
        except KeyError:
            raise UnknownRelease(f"no MM7 release has namespace {namespace!r}") from None

    def in_namespace(self, namespace: str) -> Release | None:
        """The release of this namespace, None when no release has it (no exception: the
        decoder asks this of every message)."""
        return self._by_namespace.get(namespace)

    def by_name(self, name: str) -> Release:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownRelease(f"no MM7 release is called {name!r}") from None

    def by_version(self, version: str) -> list[Release]:
        """Every release whose schema accepts this MM7Version, newest first."""
        found = [release for release in reversed(self._releases) if release.accepts(version)]
        if not found:
            raise UnknownRelease(f"no MM7 release accepts MM7Version {version!r}")
        return found

    def get(self, ident: str) -> Release:
        """A release by name or namespace."""
        if ident in self._by_name:
            return self._by_name[ident]
        return self.by_namespace(ident)

    def nearest(self, namespace_or_name: str, version: str | None = None) -> Release:
        """The known release to read an unknown one through.

        The newest known release not newer than the one named (REL-5-MM7-1-5 is read as
        REL-5-MM7-1-4), preferring one that accepts ``version``; with no usable name, the
        newest release that accepts ``version``, else the newest release.
        """
        candidates = list(reversed(self._releases))
        if version is not None:
            accepting = [release for release in candidates if release.accepts(version)]
            candidates = accepting or candidates
        wanted = release_key(namespace_or_name)
        if wanted != release_key(""):
            older = [release for release in candidates if release.key <= wanted]
            if older:
                return older[0]
            return candidates[-1]
        return candidates[0]


def _schema_directory() -> Path:
    return Path(str(resources.files("mm7codec.schemas")))


@functools.cache
def default_registry() -> Registry:
    """The registry of the releases shipped with mm7codec."""
    return Registry.from_directory(_schema_directory())


@functools.cache
def soap_envelope_schema() -> etree.XMLSchema:
    """SOAP 1.1's envelope schema alone, for what it says of SOAP's own elements (a Fault)."""
    path = _schema_directory() / "soap-envelope-1.1.xsd"
    return etree.XMLSchema(etree.parse(str(path), _secure_parser()))
