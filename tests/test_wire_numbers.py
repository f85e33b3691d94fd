"""Numbers read from the wire: ASCII digits only, bounded before conversion, typed errors.

str.isdigit() and int() accept Unicode digits ('²' passes isdigit() and then int() raises;
'٣' converts silently) and int() refuses numbers of more than 4,300 digits: each of these
escaped decode() as a ValueError before numbers were checked where they are read.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import property_settings
from mm7codec.codec import decode
from mm7codec.errors import Mm7Error
from mm7codec.limits import MAX_WIRE_DIGITS, wire_int
from mm7codec.releases import release_key, version_key
from mm7codec.responses import encode_fault

pytestmark = pytest.mark.usefixtures("no_network")

PREFIX = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/"
TEMPLATE = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    '<soap:Header><mm7:TransactionID xmlns:mm7="{ns}" soap:mustUnderstand="1">t1'
    '</mm7:TransactionID></soap:Header><soap:Body><mm7:DeliveryReportRsp xmlns:mm7="{ns}">'
    "<mm7:MM7Version>{version}</mm7:MM7Version><mm7:Status><mm7:StatusCode>{status}"
    "</mm7:StatusCode><mm7:StatusText>ok</mm7:StatusText></mm7:Status>"
    "</mm7:DeliveryReportRsp></soap:Body></soap:Envelope>"
)


def envelope(release: str = "REL-6-MM7-1-4", version: str = "6.8.0", status: str = "1000") -> bytes:
    return TEMPLATE.format(ns=PREFIX + release, version=version, status=status).encode()


# What a hostile or broken peer writes where a number belongs: other scripts' digits,
# superscripts, fullwidth digits, numbers longer than int() converts, and mixes of them.
_UNICODE_DIGITS = st.characters(categories=["Nd", "No"], exclude_characters="0123456789")
numbers_text = st.one_of(
    st.text(_UNICODE_DIGITS, min_size=1, max_size=4),
    st.integers(4_290, 4_400).map(lambda n: "9" * n),
    st.integers(MAX_WIRE_DIGITS + 1, 40).map(lambda n: "1" * n),
    st.tuples(
        st.text("0123456789", max_size=3), _UNICODE_DIGITS, st.text("0123456789", max_size=3)
    ).map("".join),
)


def _decodes_typed_or_refuses(data: bytes, content_type: str | None) -> None:
    """The property: a typed message or an Mm7Error, in both modes; never anything else."""
    for mode in ("strict", "lenient"):
        try:
            decoded = decode(data, content_type, mode=mode)  # type: ignore[arg-type]
        except Mm7Error as error:
            assert error.findings, "a refusal names what was wrong"
        else:
            cls = decoded.release.message_class(decoded.message_type)
            assert isinstance(decoded.message, cls)


def _latin1_or_utf8(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


@property_settings()
@given(number=numbers_text)
def test_content_length_that_is_no_ascii_number(number: str) -> None:
    body = envelope()
    head = b"POST /mm7 HTTP/1.1\r\nContent-Type: text/xml\r\nContent-Length: "
    dump = head + _latin1_or_utf8(number) + b"\r\n\r\n" + body
    _decodes_typed_or_refuses(dump, None)
    decoded = decode(dump, None, mode="lenient")
    assert any(f.code == "HTTP_CONTENT_LENGTH" for f in decoded.findings)


@property_settings()
@given(number=numbers_text)
def test_chunk_size_and_status_code_that_are_no_ascii_numbers(number: str) -> None:
    body = envelope()
    chunked = (
        b"POST /mm7 HTTP/1.1\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
        + _latin1_or_utf8(number)
        + b"\r\n"
        + body
        + b"\r\n0\r\n\r\n"
    )
    _decodes_typed_or_refuses(chunked, None)
    status = b"HTTP/1.1 " + _latin1_or_utf8(number[:3]) + b" OK\r\nContent-Type: text/xml\r\n\r\n"
    _decodes_typed_or_refuses(status + body, None)


@property_settings()
@given(
    number=numbers_text,
    field=st.sampled_from(["major", "minor", "version", "status"]),
)
def test_release_and_version_numbers_that_are_no_ascii_numbers(number: str, field: str) -> None:
    if field == "major":
        data = envelope(release=f"REL-{number}-MM7-1-0")
    elif field == "minor":
        data = envelope(release=f"REL-6-MM7-1-{number}")
    elif field == "version":
        data = envelope(version=f"{number}.8.0")
    else:
        data = envelope(status=number)
    _decodes_typed_or_refuses(data, "text/xml")
    with pytest.raises(Mm7Error):
        decode(data, "text/xml", mode="strict")


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("0", 10, 0),
        ("1234", 10, 1234),
        (b"42", 10, 42),
        ("ff", 16, 255),
        ("9" * MAX_WIRE_DIGITS, 10, 10**MAX_WIRE_DIGITS - 1),
        ("9" * (MAX_WIRE_DIGITS + 1), 10, None),
        ("9" * 5000, 10, None),
        ("²", 10, None),
        ("١٢٣", 10, None),
        ("\uff11\uff12", 10, None),  # fullwidth digits
        ("", 10, None),
        (" 1", 10, None),
        ("+1", 10, None),
        ("-1", 10, None),
        ("1_000", 10, None),
        ("ff", 10, None),
        ("0x10", 16, None),
        (b"\xb2", 10, None),
    ],
)
def test_wire_int(text: str | bytes, base: int, expected: int | None) -> None:
    assert wire_int(text, base=base) == expected  # type: ignore[arg-type]


def test_release_and_version_keys_read_ascii_digits_only() -> None:
    assert release_key("REL-6-MM7-1-4") == (6, 1, 4)
    assert release_key("REL-٦-MM7-1-4") == release_key("")  # not REL-6: an unknown shape
    assert release_key("REL-" + "9" * 5000 + "-MM7-1-0") == release_key("")
    assert version_key("5.10.0") == (5, 10, 0)
    assert version_key("\u0665.3.0") == version_key("9" * 5000 + ".0") == (-1,)


@pytest.mark.parametrize("status", ["9" * 5000, "x", "1e3"])
def test_a_fault_for_a_status_code_kept_as_text_is_a_typed_error(status: str) -> None:
    decoded = decode(envelope(status=status), "text/xml", mode="lenient")
    error = decoded.release.message_class("RSErrorRsp")(
        mm7_version="6.8.0", status=decoded.message.status
    )
    with pytest.raises(Mm7Error):
        encode_fault(error, "t1")
