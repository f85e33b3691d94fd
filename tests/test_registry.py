"""The release registry: lookups, and a new release added with no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from mm7codec.cli import main
from mm7codec.errors import UnknownRelease
from mm7codec.releases import MM7_NAMESPACE_PREFIX, Registry, default_registry, version_key
from tools import bindings, schemas

REGISTRY = default_registry()


def test_lookup_by_namespace_and_name() -> None:
    release = REGISTRY.by_namespace(MM7_NAMESPACE_PREFIX + "REL-6-MM7-1-2")
    assert release.name == "REL-6-MM7-1-2"
    assert REGISTRY.by_name("REL-6-MM7-1-2") is release
    assert REGISTRY.get(release.namespace) is release


def test_lookup_by_version_lists_newest_first() -> None:
    names = [release.name for release in REGISTRY.by_version("5.8.0")]
    assert names == [
        "REL-6-MM7-1-4",
        "REL-6-MM7-1-3",
        "REL-6-MM7-1-2",
        "REL-6-MM7-1-1",
        "REL-5-MM7-1-4",
    ]
    assert [r.name for r in REGISTRY.by_version("6.8.0")] == ["REL-6-MM7-1-4"]
    assert len(REGISTRY.by_version("5.3.0")) == 10


@pytest.mark.parametrize("bad", ["6.7.0", "1.0", ""])
def test_unknown_version_raises_typed_error(bad: str) -> None:
    with pytest.raises(UnknownRelease) as raised:
        REGISTRY.by_version(bad)
    assert raised.value.status_code == 4002


def test_unknown_namespace_and_name() -> None:
    with pytest.raises(UnknownRelease):
        REGISTRY.by_namespace(MM7_NAMESPACE_PREFIX + "REL-5-MM7-1-5")
    with pytest.raises(UnknownRelease):
        REGISTRY.by_name("REL-9-MM7-9-9")


def test_nearest_release() -> None:
    # REL-5-MM7-1-5 has no public schema: read through the newest release not newer than it.
    assert REGISTRY.nearest(MM7_NAMESPACE_PREFIX + "REL-5-MM7-1-5").name == "REL-5-MM7-1-4"
    assert REGISTRY.nearest("REL-7-MM7-1-0").name == "REL-6-MM7-1-4"
    assert REGISTRY.nearest("REL-4-MM7-1-0").name == "REL-5-MM7-1-0"
    assert REGISTRY.nearest("urn:vendor:mm7", "6.3.0").name == "REL-6-MM7-1-4"
    assert REGISTRY.nearest("REL-6-MM7-1-2", "6.6.0").name == "REL-6-MM7-1-3"


def test_newest_version_and_ordering() -> None:
    assert REGISTRY.by_name("REL-6-MM7-1-2").newest_version == "6.5.0"
    assert REGISTRY.by_name("REL-5-MM7-1-3").newest_version == "5.6.0"
    assert version_key("5.10.0") > version_key("5.8.0")
    assert next(r.name for r in REGISTRY) == "REL-5-MM7-1-0"


def test_delivery_statuses_per_release() -> None:
    assert "Deferred" not in REGISTRY.by_name("REL-6-MM7-1-0").delivery_statuses
    assert "Deferred" in REGISTRY.by_name("REL-6-MM7-1-1").delivery_statuses
    assert REGISTRY.by_name("REL-6-MM7-1-4").delivery_statuses[-1] == "DeliveryConditionNotMet"
    assert len(REGISTRY.by_name("REL-5-MM7-1-0").delivery_statuses) == 5


def test_new_release_needs_no_code_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A maintainer receives REL-7-MM7-1-0 (here: REL-6-MM7-1-4 under a new namespace and one
    # more MM7Version), adopts it with tools/schemas.py add, regenerates, and the registry has it.
    source = tmp_path / "incoming.xsd"
    text = (ROOT / "schemas" / "REL-6-MM7-1-4.xsd").read_text()
    text = text.replace("REL-6-MM7-1-4", "REL-7-MM7-1-0").replace(
        '<xs:enumeration value="6.8.0"/>',
        '<xs:enumeration value="7.0.0"/>\n      <xs:enumeration value="6.8.0"/>',
    )
    source.write_text(text)
    directory = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", directory)
    entry = schemas.add_release(source, directory)
    assert entry["name"] == "REL-7-MM7-1-0"
    bindings.generate(directory, tmp_path / "pkg" / "drill_bindings")
    monkeypatch.syspath_prepend(str(tmp_path / "pkg"))

    registry = Registry.from_directory(directory, bindings_package="drill_bindings")
    assert len(registry) == 11
    new = registry.newest
    assert new.name == "REL-7-MM7-1-0"
    assert new.newest_version == "7.0.0"
    assert [r.name for r in registry.by_version("7.0.0")] == ["REL-7-MM7-1-0"]
    submit = new.message_class("SubmitReq")
    assert submit.Meta.namespace == MM7_NAMESPACE_PREFIX + "REL-7-MM7-1-0"
    assert new.schema is not None


def test_cli_versions_prints_every_release(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + len(REGISTRY)
    last = out[-1].split()
    assert last[0] == "REL-6-MM7-1-4"
    assert last[1] == "6.8.0,"
