"""Converting messages between releases, and negotiating the release to speak.

The matrix tests judge conversion by the serialised XML, not by the converter's own view:
every leaf (element text or attribute) of the source is either in the converted message
(under the renamed element where MM7 renamed it) or named among the dropped fields, and a
dropped field really is one the target has no place for.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from lxml import etree

from builders import CONTEXT, minimal, simple_value
from mm7codec.codec import message_element
from mm7codec.convert import (
    NoCommonRelease,
    PeerProfile,
    convert,
    default_version,
    negotiate,
    reply_release,
)
from mm7codec.errors import ConversionError, UnknownRelease
from mm7codec.releases import default_registry

REGISTRY = default_registry()
R5_0, R5_1, R5_3, R5_4 = (f"REL-5-MM7-1-{n}" for n in (0, 1, 3, 4))
R6_0, R6_1, R6_4 = (f"REL-6-MM7-1-{n}" for n in (0, 1, 4))
NMTOKEN_ERA = {R5_0, R5_1}

PAIRS = [
    (source.name, target.name, message)
    for source in REGISTRY
    for message in source.messages
    for target in REGISTRY
    if target is not source and message in target.messages
]


def full(cls: type[Any]) -> Any:
    """An instance with every field set (each choice member once); ids left out."""
    values: dict[str, Any] = {}
    for var in CONTEXT.build(cls).get_all_vars():
        if var.is_wildcard or var.is_attributes or (var.is_attribute and var.local_name == "id"):
            continue
        if var.is_elements:
            items = [_build(member.types[0]) for member in var.elements.values()]
            values[var.name] = items if var.list_element else items[0]
        else:
            value = _build(var.types[0])
            values[var.name] = [value] if var.list_element else value
    return cls(**values)


def _build(tp: type[Any]) -> Any:
    return full(tp) if CONTEXT.class_type.is_model(tp) else simple_value(tp)


def _rename(path: str) -> str:
    """The path in the other release's names (the renames MM7 made), for either direction."""
    parts = path.split("/")
    swap = {"DistributionProtection": "DistributionIndicator"}
    swap.update({v: k for k, v in swap.items()})
    parts = [swap.get(part, part) for part in parts]
    if parts[0] == "DeliveryReportReq" and len(parts) > 1:
        parts[1] = {"Date": "TimeStamp", "TimeStamp": "Date"}.get(parts[1], parts[1])
    return "/".join(parts)


def leaves(element: etree._Element, prefix: str = "") -> Counter[tuple[str, str]]:
    """(path, value) of every attribute and text-only element, MM7Version left out."""
    path = f"{prefix}/{etree.QName(element).localname}".lstrip("/")
    found: Counter[tuple[str, str]] = Counter()
    for name, value in element.attrib.items():
        found[(f"{path}/@{etree.QName(name).localname}", str(value))] += 1
    children = [child for child in element if isinstance(child.tag, str)]
    if not children and not path.endswith("/MM7Version"):
        found[(path, (element.text or "").strip())] += 1
    for child in children:
        found += leaves(child, path)
    return found


def _under(path: str, lost: list[str]) -> bool:
    return any(path == field or path.startswith(field + "/") for field in lost)


def _expected_missing(source: str, target: str, message: str, instance: Any) -> set[str]:
    """Fields the target requires that the source instance does not carry."""
    missing = set()
    if message == "SubmitRsp" and source == R5_0:
        missing.add("SubmitRsp/MessageID")  # REL-5-MM7-1-0's SubmitRsp has no MessageID
    if message == "DeliverReq" and target in NMTOKEN_ERA and instance.reply_charging_id is None:
        missing.add("DeliverReq/ReplyChargingID")  # required only in REL-5-MM7-1-0/1-1
    return missing


def _check_pair(source_name: str, target_name: str, message: str, build: Any) -> None:
    source, target = REGISTRY.by_name(source_name), REGISTRY.by_name(target_name)
    original = build(source.message_class(message))
    expected_missing = _expected_missing(source_name, target_name, message, original)
    if expected_missing:
        with pytest.raises(ConversionError) as raised:
            convert(original, target, drop=True)
        assert set(raised.value.fields) == expected_missing
        return
    converted, lost = convert(original, target, drop=True)
    assert type(converted) is target.message_class(message)
    target.schema.assertValid(message_element(converted))

    before = leaves(message_element(original))
    after = leaves(message_element(converted))
    kept = Counter({leaf: n for leaf, n in before.items() if not _under(leaf[0], lost)})
    renamed: Counter[tuple[str, str]] = Counter()
    target_paths = {path for path, _ in after}
    for (path, value), count in kept.items():
        other = _rename(path)
        renamed[(other if path not in target_paths and other in target_paths else path, value)] += (
            count
        )
    assert after == renamed, "a field both releases have was changed or lost"

    # Every dropped field really has no place in the target: some leaf under it has no path
    # that the target's fullest instance has.
    possible = {path for path, _ in leaves(message_element(full(target.message_class(message))))}
    for field in lost:
        under = [path for path, _ in before if _under(path, [field])]
        assert under, f"{field} is reported dropped but the source does not carry it"
        assert any(_rename(path) not in possible and path not in possible for path in under), (
            f"{field} was dropped though {target_name} can carry it"
        )

    missing_back = _expected_missing(target_name, source_name, message, converted)
    if missing_back:  # what was dropped is required on the way back
        with pytest.raises(ConversionError) as raised:
            convert(converted, source)
        assert set(raised.value.fields) == missing_back
        return
    back, lost_back = convert(converted, source)
    assert lost_back == []
    assert type(back) is type(original)
    assert leaves(message_element(back)) == kept


@pytest.mark.parametrize(("source", "target", "message"), PAIRS)
def test_minimal_message_converts_and_back(source: str, target: str, message: str) -> None:
    _check_pair(source, target, message, minimal)


@pytest.mark.parametrize(("source", "target", "message"), PAIRS)
def test_full_message_converts_and_back(source: str, target: str, message: str) -> None:
    _check_pair(source, target, message, full)


def test_full_instances_are_valid() -> None:
    # The oracle above is only as good as its instances: each must be a valid message.
    for release in REGISTRY:
        for message in release.messages:
            release.schema.assertValid(message_element(full(release.message_class(message))))


def test_matrix_covers_every_shared_message() -> None:
    # 9 other releases for each of the 14 common messages of each of the 10 releases.
    assert len(PAIRS) == 10 * 14 * 9


def _submit(release: str, **fields: Any) -> Any:
    message = minimal(REGISTRY.by_name(release).message_class("SubmitReq"))
    for name, value in fields.items():
        setattr(message, name, value)
    return message


def test_distribution_protection_becomes_distribution_indicator() -> None:
    old = _submit(R5_0, distribution_protection=True)
    new, lost = convert(old, R5_1)
    assert lost == []
    assert new.distribution_indicator is True
    assert "DistributionIndicator" in etree.tostring(message_element(new)).decode()
    back, _ = convert(new, R5_0)
    assert back.distribution_protection is True


def test_deliveryreport_date_and_timestamp_map_both_ways() -> None:
    report = minimal(REGISTRY.by_name(R5_3).message_class("DeliveryReportReq"))
    date = report.date
    stamped, lost = convert(report, R5_4)
    assert lost == []
    assert stamped.time_stamp == date
    dated, _ = convert(stamped, R6_0)
    assert dated.date == date
    stamped_again, _ = convert(dated, "REL-6-MM7-1-1")
    assert stamped_again.time_stamp == date


def test_timestamp_is_not_renamed_outside_delivery_reports() -> None:
    # SubmitReq has TimeStamp in every release and no Date: the rename must not touch it.
    submit = _submit(
        R5_4,
        time_stamp=minimal(REGISTRY.by_name(R5_4).message_class("DeliveryReportReq")).time_stamp,
    )
    converted, lost = convert(submit, R5_3)
    assert lost == []
    assert converted.time_stamp == submit.time_stamp


def test_drm_content_cannot_go_to_rel_5_1_0() -> None:
    submit = _submit(R6_4, drmcontent=True)
    with pytest.raises(ConversionError) as raised:
        convert(submit, R5_0)
    assert raised.value.fields == ("SubmitReq/DRMContent",)
    assert "DRMContent" in str(raised.value)
    converted, lost = convert(submit, R5_0, drop=True)
    assert lost == ["SubmitReq/DRMContent"]
    assert "DRMContent" not in etree.tostring(message_element(converted)).decode()
    REGISTRY.by_name(R5_0).schema.assertValid(message_element(converted))


def test_mmstatus_deferred_is_not_in_rel_6_1_0() -> None:
    release = REGISTRY.by_name(R6_4)
    report = minimal(release.message_class("DeliveryReportReq"))
    report.mmstatus = release.bindings.MmDeliveryStatusType("Deferred")
    with pytest.raises(ConversionError) as raised:
        convert(report, R6_0)
    assert raised.value.fields == ("DeliveryReportReq/MMStatus",)
    converted, _ = convert(report, R6_1)
    assert converted.mmstatus.value == "Deferred"


def test_mm7version_kept_when_accepted_else_newest() -> None:
    source = REGISTRY.by_name(R6_4)
    versions = source.bindings.VersionType
    submit = _submit(R6_4, mm7_version=versions("5.3.0"))
    assert convert(submit, R6_0)[0].mm7_version.value == "5.3.0"
    submit.mm7_version = versions("6.8.0")
    assert convert(submit, R6_0)[0].mm7_version.value == "6.3.0"
    assert convert(submit, R5_0)[0].mm7_version.value == "5.3.0"


def test_sender_address_string_and_address_type() -> None:
    later = REGISTRY.by_name("REL-5-MM7-1-2").bindings
    submit = _submit("REL-5-MM7-1-2")
    submit.sender_identification.sender_address = later.AddressType(
        rfc2822_address_or_number_or_short_code=later.AddressType.Number(value="4477")
    )
    # An address of one kind and no attributes is carried as REL-5-MM7-1-0's plain string...
    old, lost = convert(submit, R5_0)
    assert lost == []
    assert old.sender_identification.sender_address == "4477"
    # ...but a plain string does not say which kind of address it is.
    with pytest.raises(ConversionError) as raised:
        convert(old, "REL-5-MM7-1-2")
    assert raised.value.fields == ("SubmitReq/SenderIdentification/SenderAddress",)
    # displayOnly="true" has no place in a plain string.
    number = submit.sender_identification.sender_address.rfc2822_address_or_number_or_short_code
    number.display_only = True
    with pytest.raises(ConversionError):
        convert(submit, R5_0)


def test_message_the_target_lacks() -> None:
    release = REGISTRY.by_name(R6_4)
    cancel = minimal(release.message_class("extendedCancelReq"))
    with pytest.raises(ConversionError) as raised:
        convert(cancel, "REL-6-MM7-1-3")
    assert raised.value.fields == ("extendedCancelReq",)


def test_unknown_target_release() -> None:
    with pytest.raises(UnknownRelease):
        convert(_submit(R6_4), "REL-9-MM7-9-9")


def test_negotiate_picks_newest_common_release() -> None:
    peer = PeerProfile("mmsc", (R5_0, R5_3, R6_0, R6_1))
    assert negotiate([R5_3, R6_0, R6_4], peer).name == R6_0
    assert negotiate(PeerProfile("vasp", (R5_0, R5_3)), peer).name == R5_3
    # Order of the lists does not matter; names nobody knows are ignored.
    assert negotiate([R6_1, "REL-9-MM7-9-9", R5_0], peer).name == R6_1


def test_negotiate_without_common_release() -> None:
    with pytest.raises(NoCommonRelease) as raised:
        negotiate([R6_4], PeerProfile("old", (R5_0,)))
    assert isinstance(raised.value, UnknownRelease)
    assert isinstance(raised.value, ConversionError)
    with pytest.raises(UnknownRelease):
        negotiate(["REL-9-MM7-9-9"], PeerProfile("future", ("REL-9-MM7-9-9",)))


def test_reply_release_and_default_version() -> None:
    release = REGISTRY.by_name(R5_4)
    assert reply_release(release) is release
    assert reply_release(R6_1) is REGISTRY.by_name(R6_1)
    assert default_version(release) == "5.8.0"
    assert default_version(R6_4) == "6.8.0"
    assert default_version(R5_0) == "5.3.0"


def test_a_foreign_attribute_value_survives_dropping_a_misfit() -> None:
    """Dropping a value the target narrows (LinkedID "a b", no xs:NMTOKEN in REL-5-MM7-1-0)
    binds the pruned document again: ServiceCode's foreign attribute "mm7:0" stays as
    written, not read as a QName of the mm7 prefix in scope."""
    release = REGISTRY.by_name(R6_4)
    service = release.bindings.ServiceCodeType(value="s", other_attributes={"{urn:o}A": "mm7:0"})
    submit = _submit(R6_4, linked_id="a b", service_code=service)
    converted, lost = convert(submit, R5_0, drop=True)
    assert lost == ["SubmitReq/LinkedID"]
    assert converted.service_code.other_attributes == {"{urn:o}A": "mm7:0"}
