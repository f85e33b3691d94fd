"""MSISDN normalisation to international format without + or 00, and its finding."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mm7codec.errors import Mm7Error
from mm7codec.findings import Severity
from mm7codec.numbers import (
    E164_MAX_DIGITS,
    NumberFormatError,
    check_msisdn,
    normalize_msisdn,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("447700900123", "447700900123"),
        ("+447700900123", "447700900123"),
        ("00447700900123", "447700900123"),
        ("+44 7700 900123", "447700900123"),
        ("+44-7700-900-123", "447700900123"),
        ("+44.7700.900.123", "447700900123"),
        ("+44 (0)7700 900123", "447700900123"),
        ("0044(0)7700900123", "447700900123"),
        ("+1 (0) 201 555 0123", "12015550123"),
        ("+4477(0)00900123", "4477000900123"),
        ("+4477 00(0)900123", "4477000900123"),
        ("+1 (201) 555-0123", "12015550123"),
        ("tel:+447700900123", "447700900123"),
        ("TEL:+447700900123", "447700900123"),
        ("+447700900123/TYPE=PLMN", "447700900123"),
        ("+447700900123/type=plmn", "447700900123"),
        ("tel:+44 7700 900123/TYPE=PLMN", "447700900123"),
        ("  447700900123\n", "447700900123"),
        ("\t00 1 201 555 0123", "12015550123"),
        ("123456789012345", "123456789012345"),
    ],
)
def test_normalises(text: str, expected: str) -> None:
    assert normalize_msisdn(text) == expected


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("07700 900123", "44", "447700900123"),
        ("07700900123", "+44", "447700900123"),
        ("0201 555 0123", "1", "12015550123"),
        ("+447700900123", "33", "447700900123"),
        ("447700900123", "33", "447700900123"),
    ],
)
def test_default_country_code(text: str, country: str, expected: str) -> None:
    assert normalize_msisdn(text, default_country_code=country) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "holds no number"),
        ("  - . ", "holds no number"),
        ("+", "not only digits"),
        ("tel:", "holds no number"),
        ("44770090012A", "'A'"),
        ("+44 7700 CALL ME", "'ACELM'"),
        ("alice@example.com", "not a phone number"),
        ("+44+7700900123", "'+'"),
        ("447700900123#", "'#'"),
        ("44\u0663", "not only digits"),
        ("1234567890123456", "16 digits"),
        ("+44 7700 900123 4567", "16 digits"),
        ("+0447700900123", "country code cannot start with 0"),
        ("000447700900123", "country code cannot start with 0"),
        ("07700900123", "national number"),
    ],
)
def test_rejects(text: str, why: str) -> None:
    with pytest.raises(NumberFormatError, match=why.replace("+", r"\+")):
        normalize_msisdn(text)


def test_error_is_a_value_error_and_an_address_error() -> None:
    with pytest.raises(ValueError) as caught:
        normalize_msisdn("not a number")
    assert isinstance(caught.value, Mm7Error)
    assert caught.value.status_code == 2002


@pytest.mark.parametrize("country", ["", "0", "044", "1234", "4a", "+"])
def test_bad_default_country_code(country: str) -> None:
    with pytest.raises(NumberFormatError, match="default country code"):
        normalize_msisdn("07700900123", default_country_code=country)


def test_national_number_longer_than_e164_after_country_code() -> None:
    with pytest.raises(NumberFormatError, match="16 digits"):
        normalize_msisdn("0" + "1" * 14, default_country_code="44")


def test_check_accepts_normalised_number() -> None:
    assert check_msisdn("447700900123", "SubmitReq/Recipients/To/Number") is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("+447700900123", "a leading +"),
        ("00447700900123", "a leading 00"),
        ("tel:447700900123", "a tel: prefix"),
        ("447700900123/TYPE=PLMN", "/TYPE=PLMN suffix"),
        ("44 7700 900123", "separators"),
        (" 447700900123", "surrounding whitespace"),
    ],
)
def test_check_flags_repairable_number(text: str, names: str) -> None:
    found = check_msisdn(text, "SubmitReq/Recipients/To/Number")
    assert found is not None
    assert found.code == "MM7_NUMBER_FORMAT"
    assert found.severity is Severity.WARNING
    assert found.status_code == 2002
    assert found.where == "SubmitReq/Recipients/To/Number"
    assert names in found.message
    assert found.message.endswith("normalised: 447700900123")
    assert found.repaired is False


def test_check_flags_national_number_with_country_code() -> None:
    found = check_msisdn("07700900123", "Sender", default_country_code="44")
    assert found is not None
    assert "trunk 0" in found.message
    assert found.message.endswith("normalised: 447700900123")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("44770090012A", "not only digits"),
        ("1234567890123456", "at most 15"),
        ("07700900123", "national number"),
    ],
)
def test_check_flags_unrepairable_number(text: str, why: str) -> None:
    found = check_msisdn(text, "Sender")
    assert found is not None
    assert found.code == "MM7_NUMBER_FORMAT"
    assert why in found.message
    assert "no normalised form" in found.message


INTERNATIONAL = st.from_regex(r"[1-9][0-9]{6,14}", fullmatch=True)
SEPARATOR = st.sampled_from(["", " ", "-", ".", "(", ")", "  "])


@given(INTERNATIONAL)
def test_normalised_numbers_are_fixed_points(number: str) -> None:
    assert normalize_msisdn(number) == number
    assert check_msisdn(number, "x") is None


@given(INTERNATIONAL, st.sampled_from(["+", "00", "tel:+", "tel:00"]), st.data())
def test_decorated_numbers_normalise_back(number: str, lead: str, data: st.DataObject) -> None:
    seps = data.draw(st.lists(SEPARATOR, min_size=len(number), max_size=len(number)))
    body = "".join(digit + sep for digit, sep in zip(number, seps, strict=True))
    suffix = data.draw(st.sampled_from(["", "/TYPE=PLMN"]))
    decorated = f"{lead}{body}{suffix}"
    assume("(0)" not in decorated[: len(lead) + 12])  # that reads as a trunk marker
    assert normalize_msisdn(decorated) == number
    found = check_msisdn(decorated, "x")
    assert found is not None
    assert found.message.endswith(f"normalised: {number}")


@given(st.text(max_size=25))
def test_result_is_always_e164_digits(text: str) -> None:
    try:
        result = normalize_msisdn(text)
    except NumberFormatError:
        return
    assert result.isascii() and result.isdigit()
    assert 1 <= len(result) <= E164_MAX_DIGITS
    assert not result.startswith("0")
