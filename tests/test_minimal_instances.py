"""Every global element of every release: build from the bindings, serialise, validate."""

from __future__ import annotations

import pytest
from lxml import etree
from xsdata.formats.dataclass.serializers import XmlSerializer

from builders import minimal
from mm7codec.releases import default_registry

REGISTRY = default_registry()
CASES = [
    (release.name, element)
    for release in REGISTRY
    for element in ("TransactionID", *release.messages)
]


def test_matrix_covers_every_global_element() -> None:
    # 15 global elements in each release but the newest, 19 in REL-6-MM7-1-4.
    counts = {name: 0 for name in (release.name for release in REGISTRY)}
    for name, _ in CASES:
        counts[name] += 1
    assert counts.pop("REL-6-MM7-1-4") == 19
    assert set(counts.values()) == {15}


@pytest.mark.parametrize(("release_name", "element"), CASES)
def test_minimal_instance_validates(release_name: str, element: str) -> None:
    release = REGISTRY.by_name(release_name)
    cls = (
        release.transaction_id_class
        if element == "TransactionID"
        else release.message_class(element)
    )
    instance = minimal(cls)
    xml = XmlSerializer().render(instance).encode()
    document = etree.fromstring(xml)
    assert etree.QName(document).localname == element
    assert etree.QName(document).namespace == release.namespace
    release.schema.assertValid(document)


def test_validation_can_fail() -> None:
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    instance = minimal(release.message_class("SubmitReq"))
    instance.recipients.to_or_cc_or_bcc.clear()
    document = etree.fromstring(XmlSerializer().render(instance).encode())
    assert not release.schema.validate(document)
