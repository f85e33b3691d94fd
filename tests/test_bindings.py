"""generated/: current, reproducible, and the same bindings the published schemas give."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import os
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

from conftest import OFFICIAL_XSD, ROOT, requires_shared
from mm7codec.releases import default_registry
from tools import bindings, schemas

REGISTRY = default_registry()


def test_generated_is_current() -> None:
    assert bindings.check() == []


def test_generation_ignores_hash_seed(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    command = [sys.executable, "tools/bindings.py", "generate", "--output", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    assert bindings.differences(out, ROOT / "generated") == []


def test_check_reports_a_hand_edit(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    bindings.generate(output=copy)
    target = copy / "rel_6_mm7_1_4" / "rel_6_mm7_1_4.py"
    target.write_text(target.read_text() + "\n# edited by hand\n")
    assert bindings.differences(copy, ROOT / "generated") == ["rel_6_mm7_1_4/rel_6_mm7_1_4.py"]


def test_generator_warning_fails(tmp_path: Path) -> None:
    # An envelope import that cannot be resolved makes xsdata warn: that must fail the run.
    schemas_dir = tmp_path / "schemas"
    schemas_dir.mkdir()
    text = (ROOT / "schemas" / "REL-6-MM7-1-4.xsd").read_text()
    (schemas_dir / "REL-6-MM7-1-4.xsd").write_text(
        text.replace('schemaLocation="soap-envelope-1.1.xsd"', 'schemaLocation="missing.xsd"')
    )
    (schemas_dir / "catalogue.json").write_bytes(
        schemas.render_catalogue(schemas.build_catalogue(schemas_dir))
    )
    with pytest.raises(bindings.GenerationError):
        bindings.generate(schemas_dir, tmp_path / "out")


def test_class_names_keep_schema_spelling() -> None:
    module = REGISTRY.by_name("REL-6-MM7-1-4").bindings
    for name in ("SubmitReq", "RSErrorRsp", "VASPErrorRsp", "SenderIDType", "ExtendedCancelReq"):
        assert hasattr(module, name), name


def test_must_understand_keeps_its_type() -> None:
    for release in REGISTRY:
        fields = {f.name: f for f in dataclasses.fields(release.transaction_id_class)}
        if release.name in ("REL-5-MM7-1-0", "REL-5-MM7-1-1"):
            assert set(fields) == {"value"}  # NMTOKEN element: no SOAP attributes
            continue
        meta = fields["must_understand"].metadata
        assert meta["namespace"] == "http://schemas.xmlsoap.org/soap/envelope/"
        assert meta["pattern"] == "0|1", release.name


def test_repeated_choices_are_ordered_compound_fields() -> None:
    module = REGISTRY.by_name("REL-6-MM7-1-4").bindings
    fields = {f.name: f for f in dataclasses.fields(module.RecipientsType)}
    assert fields["to_or_cc_or_bcc"].metadata["type"] == "Elements"
    names = [choice["name"] for choice in fields["to_or_cc_or_bcc"].metadata["choices"]]
    assert names == ["To", "Cc", "Bcc"]


def _signature(module: ModuleType) -> dict[str, object]:
    """Classes, bases and fields (names, types, metadata) of a bindings module, no docs."""

    def describe(cls: type) -> object:
        if issubclass(cls, enum.Enum):
            return [(member.name, member.value) for member in cls]
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]), dict(vars(cls)))
        fields = [
            (f.name, str(hints[f.name]), sorted((k, repr(v)) for k, v in f.metadata.items()))
            for f in dataclasses.fields(cls)
        ]
        inner = {
            n: describe(v) for n, v in vars(cls).items() if isinstance(v, type) and n != "Meta"
        }
        meta = {
            k: v for k, v in vars(getattr(cls, "Meta", object)).items() if not k.startswith("_")
        }
        return [b.__name__ for b in cls.__bases__], fields, inner, meta

    def plain(value: object) -> object:
        return repr(value).replace(module.__name__, "PKG")

    return {
        name: plain(describe(value))
        for name, value in sorted(vars(module).items())
        if isinstance(value, type) and value.__module__.startswith(module.__name__)
    }


@requires_shared
def test_bindings_equal_those_of_the_published_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compile the published schemas (import made local) into a package of their own, and
    # compare every class, base and field with ours: only docstrings may differ.
    published = tmp_path / "published"
    published.mkdir()
    for release in REGISTRY:
        schemas.add_release(OFFICIAL_XSD / release.schema_path.name, published)
    out = tmp_path / "pkg" / "published_bindings"
    bindings.generate(published, out)
    monkeypatch.syspath_prepend(str(tmp_path / "pkg"))
    for release in REGISTRY:
        theirs = importlib.import_module(f"published_bindings.{release.package}")
        ours = release.bindings
        mine, other = _signature(ours), _signature(theirs)
        assert mine.keys() == other.keys(), release.name
        for name in mine:
            assert mine[name] == other[name], f"{release.name}: {name}"
