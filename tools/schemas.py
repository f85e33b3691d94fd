"""Own the MM7 schemas: emit them from the model, keep the catalogue, compare, add releases.

    python tools/schemas.py emit              write schemas/*.xsd and schemas/catalogue.json
    python tools/schemas.py check             exit 1 if either is stale
    python tools/schemas.py compare A.xsd B.xsd
                                              first structural difference, or none (exit 0)
    python tools/schemas.py add NEW.xsd       adopt a published schema as a new release

The catalogue is derived, never typed: each release's name, namespace, file, bindings package,
the MM7Version values read from the schema's own versionType enumeration, and its messages
(the global elements other than TransactionID).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
if not __package__:  # run as a script: make `tools` importable
    sys.path.insert(0, str(ROOT))

from tools import mm7model  # noqa: E402

SCHEMAS = ROOT / "schemas"
CATALOGUE = "catalogue.json"
XS = mm7model.XS
_RELEASE_NAME = re.compile(r"REL-(\d+)-MM7-(\d+)-(\d+)$")


# -- emission --------------------------------------------------------------------------------


def render(tree: etree._Element) -> bytes:
    """Serialise a schema tree the way every emitted file is written."""
    etree.indent(tree, space="  ")
    body: bytes = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    return body + b"\n"


def emitted_files() -> dict[str, bytes]:
    """File name -> bytes for every release the model describes."""
    return {
        f"{spec.name}.xsd": render(mm7model.build_schema(spec.name)) for spec in mm7model.RELEASES
    }


def release_sort_key(name: str) -> tuple[int, ...]:
    match = _RELEASE_NAME.search(name)
    return tuple(int(part) for part in match.groups()) if match else (1_000_000,)


def package_name(release: str) -> str:
    """Python subpackage for a release: REL-6-MM7-1-4 -> rel_6_mm7_1_4."""
    return re.sub(r"[^0-9a-z]+", "_", release.lower()).strip("_")


def _strings(result: object) -> list[str]:
    """The values of an XPath that selects attributes or text."""
    return [str(item) for item in result] if isinstance(result, list) else []


def read_release(path: Path) -> dict[str, object] | None:
    """Catalogue entry for one XSD, or None if it is not an MM7 release schema."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    namespace = root.get("targetNamespace", "")
    versions = _strings(
        root.xpath(
            "xs:simpleType[@name='versionType']//xs:enumeration/@value", namespaces={"xs": XS}
        )
    )
    if not versions:
        return None
    name = namespace.rstrip("/").rsplit("/", 1)[-1]
    messages = _strings(root.xpath("xs:element/@name", namespaces={"xs": XS}))
    return {
        "name": name,
        "namespace": namespace,
        "file": path.name,
        "package": package_name(name),
        "versions": versions,
        "messages": [m for m in messages if m != "TransactionID"],
    }


def build_catalogue(directory: Path) -> dict[str, object]:
    releases = [entry for path in directory.glob("*.xsd") if (entry := read_release(path))]
    releases.sort(key=lambda entry: release_sort_key(str(entry["name"])))
    return {
        "envelope": {"namespace": mm7model.SOAP_ENV, "file": mm7model.ENVELOPE_FILE},
        "releases": releases,
    }


def render_catalogue(catalogue: dict[str, object]) -> bytes:
    return (json.dumps(catalogue, indent=2) + "\n").encode()


def emit(directory: Path = SCHEMAS) -> None:
    for name, data in emitted_files().items():
        (directory / name).write_bytes(data)
    (directory / CATALOGUE).write_bytes(render_catalogue(build_catalogue(directory)))


def stale(directory: Path = SCHEMAS) -> list[str]:
    """Files in ``directory`` that differ from what emit would write."""
    wanted = emitted_files()
    problems = [name for name, data in wanted.items() if _read(directory / name) != data]
    catalogue = render_catalogue(build_catalogue(directory))
    if _read(directory / CATALOGUE) != catalogue:
        problems.append(CATALOGUE)
    return problems


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


# -- structural comparison -------------------------------------------------------------------

# Attributes whose values are QNames (or lists of them): compared by expanded name.
_QNAME_ATTRS = {"type", "base", "ref", "itemType", "memberTypes", "substitutionGroup"}
# Attribute values equal to the XSD default say nothing: drop them before comparing.
_DEFAULTS = {
    "minOccurs": "1",
    "maxOccurs": "1",
    "use": "optional",
    "processContents": "strict",
}
_GLOBAL_KEYED = {"element", "complexType", "simpleType", "group", "attributeGroup", "attribute"}


def _expand(element: etree._Element, value: str) -> str:
    prefix, _, local = value.rpartition(":")
    namespace = element.nsmap.get(prefix or None, "")
    return f"{{{namespace}}}{local}"


def _attributes(element: etree._Element) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for key, value in element.attrib.items():
        name = str(key)
        text = str(value)
        if _DEFAULTS.get(name) == text or (name == "schemaLocation"):
            continue
        if name in _QNAME_ATTRS:
            text = " ".join(_expand(element, item) for item in text.split())
        attrs[name] = text
    if etree.QName(element).localname == "any" and attrs.get("namespace") == "##any":
        del attrs["namespace"]
    return attrs


def _children(element: etree._Element) -> list[etree._Element]:
    return [
        child
        for child in element
        if isinstance(child.tag, str)
        and child.tag != f"{{{XS}}}annotation"
        and etree.QName(child).namespace == XS
    ]


def _label(element: etree._Element, index: int | None = None) -> str:
    local = etree.QName(element).localname
    name = element.get("name") or element.get("ref")
    if name:
        return f"{local}[{name}]"
    return f"{local}[{index}]" if index is not None else local


def _diff(ours: etree._Element, ref: etree._Element, path: str) -> Iterator[str]:
    if ours.tag != ref.tag:
        yield f"{path}: {etree.QName(ours).localname} here, {etree.QName(ref).localname} there"
        return
    mine, theirs = _attributes(ours), _attributes(ref)
    if mine != theirs:
        yield f"{path}: attributes {mine} here, {theirs} there"
        return
    a, b = _children(ours), _children(ref)
    if etree.QName(ours).localname == "schema":
        yield from _diff_globals(a, b, path)
        return
    if len(a) != len(b):
        here = [_label(c) for c in a]
        there = [_label(c) for c in b]
        yield f"{path}: children {here} here, {there} there"
        return
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        yield from _diff(x, y, f"{path}/{_label(x, index)}")


def _global_key(element: etree._Element) -> tuple[str, str]:
    local = etree.QName(element).localname
    return (local, element.get("name") or element.get("namespace") or "")


def _diff_globals(a: list[etree._Element], b: list[etree._Element], path: str) -> Iterator[str]:
    mine = {_global_key(x): x for x in a}
    theirs = {_global_key(y): y for y in b}
    for key in sorted(set(mine) | set(theirs)):
        if key not in theirs:
            yield f"{path}: {key[0]} {key[1]!r} only here"
        elif key not in mine:
            yield f"{path}: {key[0]} {key[1]!r} only there"
        else:
            yield from _diff(mine[key], theirs[key], f"{path}/{key[0]}[{key[1]}]")


def first_difference(ours: Path, reference: Path) -> str | None:
    """The first structural difference between two XSD files, or None if they agree.

    Agreement means: the same target namespace, global components, particles in the same
    order with the same occurrences, attributes and attribute groups, simple-type bases,
    facets and enumerations. Annotations, comments, prefixes, attribute order and
    attributes spelled at their default value do not count, nor where an import points.
    """
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True)
    a = etree.parse(str(ours), parser).getroot()
    b = etree.parse(str(reference), parser).getroot()
    return next(_diff(a, b, "schema"), None)


# -- adding a release ------------------------------------------------------------------------


def add_release(source: Path, directory: Path = SCHEMAS) -> dict[str, object]:
    """Adopt a published MM7 schema: copy it in with its envelope import made local."""
    entry = read_release(source)
    if entry is None:
        raise SystemExit(f"{source}: no versionType enumeration: not an MM7 release schema")
    target = directory / f"{entry['name']}.xsd"
    if target.exists():
        raise SystemExit(f"{target} exists already")
    text = source.read_text(encoding="utf-8")
    text = re.sub(
        r'schemaLocation="http://schemas\.xmlsoap\.org/soap/envelope/?"',
        f'schemaLocation="{mm7model.ENVELOPE_FILE}"',
        text,
    )
    target.write_text(text, encoding="utf-8")
    if not (directory / mm7model.ENVELOPE_FILE).exists():
        shutil.copy(SCHEMAS / mm7model.ENVELOPE_FILE, directory / mm7model.ENVELOPE_FILE)
    (directory / CATALOGUE).write_bytes(render_catalogue(build_catalogue(directory)))
    return {**entry, "file": target.name}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("emit")
    sub.add_parser("check")
    compare = sub.add_parser("compare")
    compare.add_argument("ours", type=Path)
    compare.add_argument("reference", type=Path)
    add = sub.add_parser("add")
    add.add_argument("schema", type=Path)
    add.add_argument("--dir", type=Path, default=SCHEMAS)
    args = parser.parse_args(argv)
    if args.command == "emit":
        emit()
        return 0
    if args.command == "check":
        problems = stale()
        for name in problems:
            print(f"stale: schemas/{name} (run: python tools/schemas.py emit)")
        return 1 if problems else 0
    if args.command == "compare":
        difference = first_difference(args.ours, args.reference)
        print(difference or "structurally identical")
        return 1 if difference else 0
    entry = add_release(args.schema, args.dir)
    print(f"added {entry['name']} ({', '.join(map(str, entry['versions']))})")  # type: ignore[call-overload]
    print("now run: python tools/bindings.py generate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
