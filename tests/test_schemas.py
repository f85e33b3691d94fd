"""schemas/: emitted from the project's model, structurally equal to the published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from conftest import OFFICIAL_XSD, ROOT, requires_shared
from tools import mm7model, schemas

SCHEMAS = ROOT / "schemas"
RELEASES = [spec.name for spec in mm7model.RELEASES]


def test_ten_releases_modelled() -> None:
    assert len(RELEASES) == 10
    assert RELEASES[0] == "REL-5-MM7-1-0" and RELEASES[-1] == "REL-6-MM7-1-4"


@requires_shared
@pytest.mark.parametrize("release", RELEASES)
def test_release_matches_published_schema(release: str) -> None:
    ours, published = SCHEMAS / f"{release}.xsd", OFFICIAL_XSD / f"{release}.xsd"
    assert schemas.first_difference(ours, published) is None


@requires_shared
def test_envelope_matches_published_schema() -> None:
    name = mm7model.ENVELOPE_FILE
    assert schemas.first_difference(SCHEMAS / name, OFFICIAL_XSD / name) is None


MUTATIONS = [
    # (what a careless edit would do, the text it replaces, the replacement)
    (
        "swap two particles",
        '<xs:element name="VASPID" type="tns:entityIDType" minOccurs="0"/>\n'
        '      <xs:element name="VASID" type="tns:entityIDType" minOccurs="0"/>',
        '<xs:element name="VASID" type="tns:entityIDType" minOccurs="0"/>\n'
        '      <xs:element name="VASPID" type="tns:entityIDType" minOccurs="0"/>',
    ),
    (
        "make an element required",
        '<xs:element name="Subject" type="xs:string" minOccurs="0"/>',
        '<xs:element name="Subject" type="xs:string"/>',
    ),
    ("drop an enumeration", '<xs:enumeration value="Forwarded"/>', ""),
    (
        "change a base",
        '<xs:restriction base="xs:positiveInteger"/>',
        '<xs:restriction base="xs:integer"/>',
    ),
    ("drop an attribute default", 'use="optional" default="true"', 'use="optional"'),
    ("rename a type reference", 'type="tns:recipientsType"', 'type="tns:multiAddressType"'),
]


@requires_shared
@pytest.mark.parametrize(("what", "old", "new"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_comparison_catches_mutation(tmp_path: Path, what: str, old: str, new: str) -> None:
    text = (SCHEMAS / "REL-6-MM7-1-4.xsd").read_text()
    assert old in text, what
    mutated = tmp_path / "mutated.xsd"
    mutated.write_text(text.replace(old, new, 1))
    assert schemas.first_difference(mutated, OFFICIAL_XSD / "REL-6-MM7-1-4.xsd") is not None


def test_schemas_are_current() -> None:
    assert schemas.stale() == []


def test_catalogue_versions_read_from_enumeration() -> None:
    catalogue = json.loads((SCHEMAS / "catalogue.json").read_text())
    assert [entry["name"] for entry in catalogue["releases"]] == RELEASES
    for entry in catalogue["releases"]:
        # An independent reader (xmlschema) of the same file gives the same versions.
        schema = xmlschema.XMLSchema10(str(SCHEMAS / entry["file"]))
        version_type = schema.types["versionType"]
        assert list(version_type.enumeration) == entry["versions"], entry["name"]
        assert entry["namespace"].endswith("/" + entry["name"])


@requires_shared
def test_catalogue_versions_match_published_schemas() -> None:
    catalogue = json.loads((SCHEMAS / "catalogue.json").read_text())
    for entry in catalogue["releases"]:
        tree = etree.parse(str(OFFICIAL_XSD / entry["file"]))
        published = tree.xpath(
            "//xs:simpleType[@name='versionType']//xs:enumeration/@value",
            namespaces={"xs": mm7model.XS},
        )
        assert entry["versions"] == published


@pytest.mark.parametrize("release", RELEASES)
def test_schemas_compile_offline(release: str, no_network: None) -> None:
    path = SCHEMAS / f"{release}.xsd"
    etree.XMLSchema(etree.parse(str(path)))
    xmlschema.XMLSchema10(str(path), allow="local")


def test_envelope_import_is_local() -> None:
    for release in RELEASES:
        tree = etree.parse(str(SCHEMAS / f"{release}.xsd"))
        imports = tree.xpath("//xs:import/@schemaLocation", namespaces={"xs": mm7model.XS})
        # REL-5-MM7-1-0/1-1 give TransactionID no SOAP attributes, so they import nothing.
        expected = (
            [] if release in ("REL-5-MM7-1-0", "REL-5-MM7-1-1") else ["soap-envelope-1.1.xsd"]
        )
        assert imports == expected, release


def test_release_differences_the_model_states() -> None:
    def element_type(release: str, complex_type: str, name: str) -> list[str]:
        tree = mm7model.build_schema(release)
        return tree.xpath(
            f"xs:complexType[@name='{complex_type}']//xs:element[@name='{name}']/@type",
            namespaces={"xs": mm7model.XS},
        )

    # DeliveryReportReq: Date except in REL-5-MM7-1-4 and REL-6-MM7-1-1, which say TimeStamp.
    with_timestamp = [r for r in RELEASES if element_type(r, "deliveryReportReqType", "TimeStamp")]
    with_date = [r for r in RELEASES if element_type(r, "deliveryReportReqType", "Date")]
    assert with_timestamp == ["REL-5-MM7-1-4", "REL-6-MM7-1-1"]
    assert len(with_date) == 8
    assert element_type("REL-5-MM7-1-0", "submitReqType", "DistributionProtection")
    assert element_type("REL-5-MM7-1-1", "submitReqType", "DistributionIndicator")
