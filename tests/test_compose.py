"""compose: requests from plain values, in every release, decoded back by the strict decoder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import property_settings
from mm7codec import compose as c
from mm7codec.bind import CONTEXT
from mm7codec.codec import DecodedMessage, decode
from mm7codec.errors import ComposeError
from mm7codec.numbers import NumberFormatError
from mm7codec.releases import default_registry

REGISTRY = default_registry()
RELEASES = [release.name for release in REGISTRY]
NEWEST = REGISTRY.newest.name


def _requires(release: str, message: str, element: str) -> bool:
    cls = REGISTRY.by_name(release).message_class(message)
    return any(v.local_name == element and v.required for v in CONTEXT.build(cls).get_all_vars())


def _roundtrip(composed: c.Composed) -> DecodedMessage:
    wire = composed.encode()
    decoded = decode(wire.body, wire.content_type)  # strict: any deviation raises
    assert decoded.message_type == composed.message_type
    assert decoded.transaction_id == composed.transaction_id
    assert decoded.release is composed.release
    return decoded


def _xml(decoded: DecodedMessage, composed: c.Composed) -> etree._Element:
    wire = composed.encode()
    body = wire.body
    if decoded.attachments:
        start = body.index(b"<?xml")
        body = body[start : body.index(b"</soap:Envelope>") + len(b"</soap:Envelope>")]
    return etree.fromstring(body)


def _texts(root: etree._Element, name: str) -> list[str]:
    return [str(e.text) for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith(name)]


@pytest.mark.parametrize("release", RELEASES)
def test_every_request_composes_and_decodes_strictly_in_every_release(release: str) -> None:
    media = [c.Media(b"GIF89a\x01\x00", name="cat.gif"), "hello"]
    built = [
        c.submit(to="447700900123", sender="12345", subject="s", parts=media, release=release),
        c.deliver(
            to="12345",
            sender="447700900123",
            parts=["mo"],
            release=release,
            # REL-5-MM7-1-0/1-1 make ReplyChargingID mandatory in DeliverReq; later ones do not
            **(
                {"reply_charging_id": "rc1"}
                if _requires(release, "DeliverReq", "ReplyChargingID")
                else {}
            ),
        ),
        c.delivery_report("m1", recipient="447700900123", sender="12345", release=release),
        c.read_reply("m1", recipient="447700900123", sender="12345", release=release),
        c.cancel("m1", vasp_id="vasp", release=release),
        c.replace("m1", vasp_id="vasp", parts=["new"], release=release),
    ]
    if "extendedCancelReq" in REGISTRY.by_name(release).messages:
        built.append(c.extended_cancel("m1", vasp_id="vasp", release=release))
        built.append(c.extended_replace("m1", vasp_id="vasp", parts=["x"], release=release))
    for composed in built:
        decoded = _roundtrip(composed)
        if composed.attachments:
            assert decoded.content_part() is not None, composed.message_type


def test_extended_messages_are_refused_where_the_release_lacks_them() -> None:
    older = [r.name for r in REGISTRY if "extendedCancelReq" not in r.messages]
    assert older
    for release in older:
        with pytest.raises(ComposeError) as caught:
            c.extended_cancel("m1", vasp_id="v", release=release)
        assert caught.value.fields == ("extendedCancelReq",)


def _optional_submit_fields(release: str) -> set[str]:
    cls = REGISTRY.by_name(release).message_class("SubmitReq")
    return {var.name for var in CONTEXT.build(cls).get_all_vars()}


@pytest.mark.parametrize("release", RELEASES[:-1])
def test_a_field_the_release_lacks_is_a_typed_error_naming_it(release: str) -> None:
    missing = sorted(_optional_submit_fields(NEWEST) - _optional_submit_fields(release))
    missing = [name for name in missing if not name.startswith("distribution")]  # renamed
    if not missing:
        pytest.skip(f"{release} SubmitReq has every field {NEWEST} has")
    # a value of the right type for each field, taken from a composed newest-release message
    for name in missing:
        with pytest.raises(ComposeError) as caught:
            c.submit(to="447700900123", release=release, **{name: "x"})
        assert caught.value.fields == (f"SubmitReq/{name}",), name


def test_renamed_field_lands_under_the_release_name() -> None:
    old = c.submit(to="447700900123", release="REL-5-MM7-1-0", distribution_indicator=True)
    new = c.submit(to="447700900123", release=NEWEST, distribution_protection=True)
    assert "DistributionProtection" in old.encode().body.decode()
    assert "DistributionIndicator" in new.encode().body.decode()


@pytest.mark.parametrize("release", RELEASES)
def test_delivery_report_date_lands_in_date_or_timestamp(release: str) -> None:
    when = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    composed = c.delivery_report(
        "m1", recipient="447700900123", sender="12345", date=when, release=release
    )
    decoded = _roundtrip(composed)
    root = _xml(decoded, composed)
    written = _texts(root, "}Date") + _texts(root, "}TimeStamp")
    assert written and written[0].startswith("2026-11-23T10:00:00")


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ComposeError, match="time zone"):
        c.submit(to="447700900123", expiry=dt.datetime(2026, 1, 1))


def test_relative_expiry_becomes_a_duration() -> None:
    composed = c.submit(to="447700900123", expiry=dt.timedelta(days=1, hours=2))
    root = _xml(_roundtrip(composed), composed)
    assert _texts(root, "}ExpiryDate") == ["P1DT2H"]


def test_enumeration_by_value_any_case_and_refusal_lists_the_values() -> None:
    composed = c.submit(to="447700900123", priority="high")
    assert _texts(_xml(_roundtrip(composed), composed), "}Priority") == ["High"]
    with pytest.raises(ComposeError, match="Normal") as caught:
        c.submit(to="447700900123", priority="urgent")
    assert caught.value.fields == ("SubmitReq/Priority",)


def test_version_and_release_choice() -> None:
    by_version = _roundtrip(c.submit(to="447700900123", release="5.8.0"))
    assert (by_version.release.name, by_version.mm7_version) == (NEWEST, "5.8.0")
    assert c.submit(to="447700900123").release.name == NEWEST
    composed = c.submit(to="447700900123", release="REL-6-MM7-1-0", version="5.6.0")
    assert _roundtrip(composed).mm7_version == "5.6.0"
    with pytest.raises(ComposeError) as caught:
        c.submit(to="447700900123", release="REL-5-MM7-1-0", version="6.8.0")
    assert caught.value.fields == ("MM7Version",)


# -- addresses ---------------------------------------------------------------------------------


_emails = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(com|org|net)", fullmatch=True)
_short_codes = st.from_regex(r"[1-9][0-9]{2,5}", fullmatch=True)
_numbers = st.from_regex(r"[1-9][0-9]{7,13}", fullmatch=True)


def _recipients(decoded: DecodedMessage) -> list[tuple[str, str, str]]:
    """(To/Cc/Bcc, kind, value) as decoded, in order."""
    found = []
    for group in decoded.message.recipients.to_or_cc_or_bcc:
        for address in group.rfc2822_address_or_number_or_short_code:
            found.append((type(group).__name__, type(address).__name__, address.value))
    return found


@property_settings()
@given(
    to=st.lists(st.one_of(_emails, _short_codes, _numbers), min_size=1, max_size=3),
    cc=st.lists(st.one_of(_emails, _numbers), max_size=2),
    bcc=st.lists(_numbers, max_size=2),
    release=st.sampled_from(RELEASES),
)
def test_addresses_are_classed_by_syntax_and_kept_in_order(
    to: list[str], cc: list[str], bcc: list[str], release: str
) -> None:
    decoded = _roundtrip(c.submit(to=to, cc=cc, bcc=bcc, release=release))

    def kind(text: str) -> str:
        if "@" in text:
            return "RFC2822Address"
        return "ShortCode" if len(text) <= c.SHORT_CODE_MAX_DIGITS else "Number"

    expected = [("To", kind(t), t) for t in to] + [("Cc", kind(t), t) for t in cc]
    expected += [("Bcc", kind(t), t) for t in bcc]
    assert _recipients(decoded) == expected


def test_stated_kind_wins_over_syntax() -> None:
    decoded = _roundtrip(c.submit(to=[c.Address("1234", kind="Number")]))
    assert _recipients(decoded) == [("To", "Number", "1234")]


def test_no_recipient_is_refused() -> None:
    with pytest.raises(ComposeError, match="no recipient"):
        c.submit(to=[])


# -- the sinch profile's number rule ----------------------------------------------------------


def test_sinch_normalises_an_international_number_and_says_so() -> None:
    composed = c.submit(to="+1 (774) 319-9144", sender="12345", profile="sinch", vasp_id="api-key")
    assert _recipients(_roundtrip(composed)) == [("To", "Number", "17743199144")]
    assert [(f.code, f.repaired) for f in composed.findings] == [("MM7_NUMBER_FORMAT", True)]
    assert "17743199144" in composed.findings[0].message


@pytest.mark.parametrize(
    "text",
    ["(774) 319-9144", "774 319 9144", "07700 900123", "+0 774 319", "not a number"],
)
def test_sinch_refuses_a_number_it_could_route_to_the_wrong_country(text: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        c.submit(to=c.Address(text, kind="Number"), profile="sinch", vasp_id="api-key")
    assert caught.value.status_code == 2002
    assert [f.code for f in caught.value.findings] == ["MM7_NUMBER_FORMAT"]


def test_sinch_national_number_with_a_country_code_given() -> None:
    composed = c.submit(to="07700 900123", profile="sinch", vasp_id="k", default_country_code="44")
    assert _recipients(_roundtrip(composed)) == [("To", "Number", "447700900123")]


def test_generic_profile_leaves_numbers_as_written() -> None:
    composed = c.submit(to="+447700900123")
    assert _recipients(_roundtrip(composed)) == [("To", "Number", "+447700900123")]
    assert composed.findings == ()


def test_sinch_requires_the_vaspid() -> None:
    with pytest.raises(ComposeError) as caught:
        c.submit(to="447700900123", profile="sinch")
    assert caught.value.fields == ("SubmitReq/SenderIdentification/VASPID",)


def test_sinch_sender_identification_carries_vaspid_vasid_and_short_code() -> None:
    composed = c.submit(to="447700900123", sender="12345", vasp_id="key", vas_id="svc")
    ident = _roundtrip(composed).message.sender_identification
    assert (ident.vaspid, ident.vasid) == ("key", "svc")
    address = ident.sender_address.rfc2822_address_or_number_or_short_code
    assert (type(address).__name__, address.value) == ("ShortCode", "12345")


# -- content -----------------------------------------------------------------------------------

_media = st.builds(
    c.Media,
    data=st.binary(min_size=1, max_size=64),
    name=st.sampled_from(["a.jpg", "b.png", "c.gif", "d.txt", "e.amr", "f.mp4", "g.bin"]),
)


@property_settings()
@given(
    media=st.lists(_media, min_size=1, max_size=4),
    smil=st.booleans(),
    release=st.sampled_from(RELEASES),
)
def test_content_href_resolves_and_every_part_arrives_intact(
    media: list[c.Media], smil: bool, release: str
) -> None:
    composed = c.submit(to="447700900123", parts=media, smil=smil, release=release)
    decoded = _roundtrip(composed)
    content = decoded.content_part()
    assert content is not None
    leaves = [part for part in content.walk() if not part.is_multipart]
    smil_parts = [part for part in leaves if part.content_type == "application/smil"]
    media_parts = [part for part in leaves if part.content_type != "application/smil"]
    assert [part.body for part in media_parts] == [m.data for m in media]
    assert [part.content_location for part in media_parts] == [m.name for m in media]
    assert [part.content_type for part in media_parts] == [m.media_type for m in media]
    if smil:
        assert content.content_type == "multipart/related"
        (presentation,) = smil_parts
        sources = [e.get("src") for e in etree.fromstring(presentation.body).iter() if e.get("src")]
        assert sources == [f"cid:{part.content_id}" for part in media_parts]
    else:
        assert not smil_parts


def test_media_types_come_from_file_names(tmp_path: Any) -> None:
    picture = tmp_path / "photo.jpeg"
    picture.write_bytes(b"\xff\xd8\xff")
    composed = c.submit(to="447700900123", files=[picture])
    part = _roundtrip(composed).content_part()
    assert part is not None
    assert (part.content_type, part.content_location, part.body) == (
        "image/jpeg",
        "photo.jpeg",
        b"\xff\xd8\xff",
    )


def test_content_on_a_message_without_content_is_refused() -> None:
    with pytest.raises(ComposeError, match="carries no content"):
        c.compose("CancelReq", parts=["x"], message_id="m", sender_identification={})


@st.composite
def _decorated(draw: st.DrawFn) -> tuple[str, str]:
    """An international number and a way of writing it with + or 00 and separators."""
    digits = draw(st.from_regex(r"[1-9][0-9]{7,13}", fullmatch=True))
    prefix = draw(st.sampled_from(["+", "00", "tel:+"]))
    pieces, rest = [], digits
    while rest:
        size = draw(st.integers(min_value=1, max_value=4))
        pieces.append(rest[:size])
        rest = rest[size:]
    separator = draw(st.sampled_from([" ", "-", ".", ""]))
    return digits, prefix + separator.join(pieces)


@property_settings()
@given(number=_decorated())
def test_sinch_normalises_any_international_writing_to_its_digits(
    number: tuple[str, str],
) -> None:
    digits, written = number
    composed = c.submit(to=c.Address(written, kind="Number"), profile="sinch", vasp_id="k")
    assert _recipients(_roundtrip(composed)) == [("To", "Number", digits)]


@property_settings()
@given(digits=st.from_regex(r"[1-9][0-9]{7,13}", fullmatch=True), cut=st.integers(1, 6))
def test_sinch_refuses_separated_digits_without_a_prefix(digits: str, cut: int) -> None:
    written = f"{digits[:cut]} {digits[cut:]}"
    with pytest.raises(NumberFormatError):
        c.submit(to=c.Address(written, kind="Number"), profile="sinch", vasp_id="k")
