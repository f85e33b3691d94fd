"""The short road (mm7codec.fastpath, generated/fast) gives exactly what the generic path gives.

The generic path (the lenient normaliser and xsdata's runtime) is the reference: on generated
conformant messages of every release x message type, on stacks of real-world deviations of
them (the catalogue in tests/deviations.py), on the examples and on the reference corpus,
decoding (strict and lenient) and encoding are compared with the short road on and
off: equal messages, equal findings, equal errors, equal bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from deviations import deviants, sample
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from xsdata.exceptions import ConverterError
from xsdata.formats.converter import converter
from xsdata.models.datatype import XmlDateTime, XmlDuration

from builders import minimal
from conftest import CORPUS, ROOT, property_settings
from mm7codec import codec, fastpath, lexical, mime, xmlparse
from mm7codec.bind import validate_transaction_id
from mm7codec.codec import decode, encode
from mm7codec.errors import LimitExceeded, Mm7Error
from mm7codec.limits import Limits
from mm7codec.releases import default_registry
from strategies import instances, transaction_ids, xml_datetimes, xml_durations, xml_text

REGISTRY = default_registry()
CASES = [(release.name, message) for release in REGISTRY for message in release.messages]
SETTINGS = property_settings()


def _ids() -> list[str]:
    return [f"{release}:{message}" for release, message in CASES]


@contextlib.contextmanager
def generic_only() -> Iterator[None]:
    saved = fastpath.GENERIC_ONLY
    fastpath.GENERIC_ONLY = True
    try:
        yield
    finally:
        fastpath.GENERIC_ONLY = saved


def outcome(run: Callable[[], Any]) -> tuple[str, Any]:
    """What a call gives, in a form two runs can be compared by: a result or an error."""
    try:
        result = run()
    except Mm7Error as error:
        return ("error", (type(error), str(error), error.status_code, error.findings))
    if hasattr(result, "findings"):  # a DecodedMessage
        return (
            "decoded",
            (
                result.release,
                result.namespace,
                result.mm7_version,
                result.transaction_id,
                result.message_type,
                result.message,
                result.findings,
                result.extensions,
                result.fault and (result.fault.code, result.fault.string, result.fault.actor),
            ),
        )
    return ("encoded", (result.body, result.content_type))


def same_both_ways(run: Callable[[], Any]) -> tuple[str, Any]:
    fast = outcome(run)
    with generic_only():
        generic = outcome(run)
    assert fast == generic
    return fast


def same_decodes(body: bytes, content_type: str | None) -> None:
    for mode in ("strict", "lenient"):
        same_both_ways(lambda mode=mode: decode(body, content_type, mode=mode))  # type: ignore[misc]


def assert_built_as_init_builds(value: Any) -> None:
    """The generated binder builds instances without __init__: each must hold exactly the
    dataclass fields, in declaration order (the __dict__ __init__ gives), all the way down."""
    if isinstance(value, list):
        for item in value:
            assert_built_as_init_builds(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert list(vars(value)) == [spec.name for spec in dataclasses.fields(value)]
        for spec in dataclasses.fields(value):
            assert_built_as_init_builds(getattr(value, spec.name))


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
@SETTINGS
@given(data=st.data())
def test_fast_equals_generic_on_generated_messages(
    release_name: str, message_type: str, data: Any
) -> None:
    release = REGISTRY.by_name(release_name)
    message = data.draw(instances(release.message_class(message_type)), label="message")
    transaction_id = data.draw(transaction_ids(release), label="transaction_id")
    kind, encoded = same_both_ways(lambda: encode(message, transaction_id=transaction_id))
    if kind == "encoded":
        same_decodes(encoded[0], encoded[1])
        bound = fastpath.bind(etree.fromstring(encoded[0])[1][0], release)
        if bound is not None:
            with generic_only():
                reference = decode(encoded[0], encoded[1], mode="lenient").message
            assert_built_as_init_builds(bound.message)
            assert repr(bound.message) == repr(reference)
    if message_type in ("RSErrorRsp", "VASPErrorRsp"):  # what travels in a SOAP Fault
        fault = (
            data.draw(st.sampled_from(["Client", "Server"]), label="faultcode"),
            data.draw(xml_text(), label="faultstring"),
        )
        kind, encoded = same_both_ways(
            lambda: encode(message, transaction_id=transaction_id, fault=fault)
        )
        if kind == "encoded":
            same_decodes(encoded[0], encoded[1])


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
@SETTINGS
@given(data=st.data())
def test_fast_equals_generic_on_deviations_from_the_catalogue(
    release_name: str, message_type: str, data: Any
) -> None:
    """Stacks of 1 to 4 real-world deviations (tests/deviations.py) of generated messages:
    whether the short road or the generic path reads them, the result is the same."""
    deviant = _draw_deviant(release_name, message_type, data)
    same_decodes(deviant.body, deviant.content_type)


def _draw_deviant(release_name: str, message_type: str, data: Any) -> Any:
    """A generated message of the type, with a stack of deviations from the catalogue."""
    release = REGISTRY.by_name(release_name)
    start = sample(
        release,
        data.draw(instances(release.message_class(message_type)), label="message"),
        data.draw(transaction_ids(release), label="transaction_id"),
    )
    return data.draw(deviants(start), label="deviant")


def _read_view(read: Any) -> tuple[Any, ...]:
    """Everything a codec._Read holds, the tree as its bytes and lines."""
    framing, xml = read.framing, read.xml
    return (
        read.findings,
        read.dump,
        read.limits,
        read.root is framing.root,
        dataclasses.astuple(framing.root),
        [dataclasses.astuple(part) for part in framing.attachments],
        framing.multipart,
        framing.findings,
        (xml.findings, xml.charset, xml.depth_checked, xml.markup),
        etree.tostring(read.parsed),
        [element.sourceline for element in read.parsed.iter()],
    )


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
@SETTINGS
@given(data=st.data())
def test_a_bare_body_reads_as_its_stages_read_it(
    release_name: str, message_type: str, data: Any
) -> None:
    """decode's shortcut for a bare text/xml envelope of plain XML builds, when the short road
    declines it, the very stage results _read builds (framing, parse, findings); and it
    takes no body those stages would say something about."""
    deviant = _draw_deviant(release_name, message_type, data)
    limits = data.draw(st.sampled_from([Limits(), Limits(max_xml_elements=40)]), label="limits")
    for body, content_type in ((deviant.body, deviant.content_type), deviant.expected):
        tree = codec._bare_tree(body, content_type, limits)
        if tree is None:
            continue
        for lenient in (False, True):
            stages = codec._read(body, content_type, None, lenient, limits)
            assert not stages.findings
            bare = codec._bare_read(body, content_type, tree, lenient, limits)
            assert _read_view(bare) == _read_view(stages)


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
def test_short_road_is_taken_on_minimal_messages(release_name: str, message_type: str) -> None:
    """Guards the property above from passing because everything fell back."""
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    body = fastpath.envelope_bytes(message, release, "t-1")
    assert body is not None
    if message_type in ("RSErrorRsp", "VASPErrorRsp"):
        assert fastpath.envelope_bytes(message, release, "t-1", ("Server", "busy")) is not None
    payload = etree.fromstring(body)[1][0]
    bound = fastpath.bind(payload, release)
    assert bound is not None
    assert bound.message == message
    assert repr(bound.message) == repr(message)
    assert_built_as_init_builds(bound.message)
    assert bound.message_type == message_type
    whole = fastpath.read_envelope(etree.fromstring(body), REGISTRY)
    if "must_understand" in release.transaction_id_class.__dataclass_fields__:
        assert whole is not None and whole.bound is not None
        assert whole.bound.message == message and whole.transaction_id == "t-1"
        if message_type in ("RSErrorRsp", "VASPErrorRsp"):
            faulted = fastpath.envelope_bytes(message, release, "t-1", ("Server", "busy"))
            assert faulted is not None
            plain = fastpath.read_envelope(etree.fromstring(faulted), REGISTRY)
            assert plain is not None and plain.bound is not None and plain.fault is not None
            assert plain.bound.message == message
            assert (plain.fault.code[1], plain.fault.string) == ("Server", "busy")
    else:  # a bare NMTOKEN TransactionID: mustUnderstand fails the envelope's schema pass
        assert whole is None  # so the generic path reads the envelope, and binds fast


def _foreign_attributes(value: Any) -> bool:
    """Whether a message holds an attribute of an xs:anyAttribute wildcard anywhere."""
    if isinstance(value, list):
        return any(_foreign_attributes(item) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return False
    return bool(getattr(value, "other_attributes", None)) or any(
        _foreign_attributes(getattr(value, spec.name)) for spec in dataclasses.fields(value)
    )


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
@SETTINGS
@given(data=st.data())
def test_short_road_takes_every_valid_generated_message(
    release_name: str, message_type: str, data: Any
) -> None:
    """The binders read children in the schema's order and refuse anything else: this holds
    them to reading every order and every optional element a valid message may have (only
    wildcard attributes are left to the generic path), not only the minimal messages."""
    release = REGISTRY.by_name(release_name)
    message = data.draw(instances(release.message_class(message_type)), label="message")
    body = encode(message, transaction_id="t-1").body
    payload = etree.fromstring(body)[1][0]
    if not release.schema.validate(payload) or _foreign_attributes(message):
        return
    bound = fastpath.bind(payload, release)
    assert bound is not None
    assert repr(bound.message) == repr(message)


_PLAIN = (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:mm7="{ns}">'
    '<soap:Header><mm7:TransactionID soap:mustUnderstand="1">t-1</mm7:TransactionID>'
    "</soap:Header><soap:Body>{payload}</soap:Body></soap:Envelope>"
)
# Each a way an envelope leaves the plain shape read_envelope takes; the generic path reads
# them, with or without findings, and must give what it gives with the short road off.
_NOT_PLAIN = {
    "envelope attribute": ("<soap:Envelope ", '<soap:Envelope soap:encodingStyle="urn:x" '),
    "header attribute": ("<soap:Header>", '<soap:Header id="h">'),
    "body attribute": ("<soap:Body>", '<soap:Body id="b">'),
    "second header entry": ("</soap:Header>", '<x:Other xmlns:x="urn:x">1</x:Other></soap:Header>'),
    "mustUnderstand true": ('soap:mustUnderstand="1"', 'soap:mustUnderstand="true"'),
    "no mustUnderstand": (' soap:mustUnderstand="1"', ""),
    "actor on the entry": ('soap:mustUnderstand="1"', 'soap:mustUnderstand="1" soap:actor="a"'),
    "padded TransactionID": (">t-1<", "> t-1 <"),
    "empty TransactionID": (">t-1<", "><"),
    "element after the Body": ("</soap:Body>", '</soap:Body><x:After xmlns:x="urn:x"/>'),
    "text in the Body": ("<soap:Body>", "<soap:Body>stray"),
    # Text anywhere between the envelope's elements (SOAP's content is element-only):
    "text in the Envelope": ("<soap:Header>", "stray<soap:Header>"),
    "text in the Header": ("<mm7:TransactionID", "stray<mm7:TransactionID"),
    "text after the entry": ("</soap:Header>", "stray</soap:Header>"),
    "text after the Header": ("<soap:Body>", "stray<soap:Body>"),
    "text after the payload": ("</soap:Body>", "stray</soap:Body>"),
    "text after the Body": ("</soap:Envelope>", "stray</soap:Envelope>"),
    "no-break space in the Body": ("<soap:Body>", "<soap:Body>\u00a0"),
    "no Header": (
        '<soap:Header><mm7:TransactionID soap:mustUnderstand="1">t-1</mm7:TransactionID>'
        "</soap:Header>",
        "",
    ),
}


@pytest.mark.parametrize("change", sorted(_NOT_PLAIN))
def test_envelopes_that_are_not_plain_take_the_generic_path(change: str) -> None:
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class("SubmitRsp"))
    payload = etree.tostring(etree.fromstring(encode(message, transaction_id="t-1").body)[1][0])
    plain = _PLAIN.format(ns=release.namespace, payload=payload.decode()).encode()
    assert (
        getattr(fastpath.read_envelope(etree.fromstring(plain), REGISTRY), "bound", None)
        is not None
    )
    old, new = _NOT_PLAIN[change]
    assert old.encode() in plain
    changed = plain.replace(old.encode(), new.encode(), 1)
    assert (
        getattr(fastpath.read_envelope(etree.fromstring(changed), REGISTRY), "bound", None) is None
    )
    same_decodes(changed, "text/xml")


def test_white_space_between_the_envelope_elements_keeps_the_short_road() -> None:
    """XML white space where SOAP wants element-only content is no deviation: a pretty-printed
    envelope is plain, and both roads read it alike."""
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class("SubmitRsp"))
    payload = etree.tostring(etree.fromstring(encode(message, transaction_id="t-1").body)[1][0])
    plain = _PLAIN.format(ns=release.namespace, payload=payload.decode())
    spaced = re.sub(
        r"(</?soap:[A-Za-z]+[^>]*>|</mm7:TransactionID>|</mm7:SubmitRsp>)", "\\1\r\n\t ", plain
    )
    assert spaced.count("\r\n\t ") == 8
    short = fastpath.read_envelope(etree.fromstring(spaced.encode()), REGISTRY)
    assert short is not None and short.bound is not None and short.bound.message == message
    same_decodes(spaced.encode(), "text/xml")


def test_a_header_of_another_release_takes_the_generic_path() -> None:
    newest, older = REGISTRY.by_name("REL-6-MM7-1-4"), REGISTRY.by_name("REL-6-MM7-1-3")
    message = minimal(newest.message_class("SubmitRsp"))
    body = encode(message, transaction_id="t-1").body
    changed = body.replace(
        b"<mm7:TransactionID", f'<o:TransactionID xmlns:o="{older.namespace}"'.encode(), 1
    ).replace(b"</mm7:TransactionID>", b"</o:TransactionID>", 1)
    assert (
        getattr(fastpath.read_envelope(etree.fromstring(changed), REGISTRY), "bound", None) is None
    )
    same_decodes(changed, "text/xml")


def _files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file() and path.suffix not in (".md", ".py", ".content-type", ".json")
    )


def _content_type(path: Path) -> str | None:
    sidecar = path.with_name(path.name + ".content-type")
    return sidecar.read_text().strip() if sidecar.exists() else None


@pytest.mark.parametrize(
    "path", _files(ROOT / "examples"), ids=lambda p: str(p.relative_to(ROOT / "examples"))
)
def test_fast_equals_generic_on_examples(path: Path) -> None:
    same_decodes(path.read_bytes(), _content_type(path))


def test_fast_equals_generic_on_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"reference corpus not found at {CORPUS} (set MM7_SHARED)")
    files = _files(CORPUS)
    assert files
    for path in files:
        same_decodes(path.read_bytes(), _content_type(path))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda xml: xml.replace(b">true<", b">True<"),
        lambda xml: xml.replace(b"<mm7:MM7Version>", b"<mm7:MM7Version> "),
        lambda xml: xml.replace(b'displayOnly="false"', b'displayOnly="0"'),
        lambda xml: xml.replace(b"<mm7:MessageID>", b"<mm7:MessageID xsi:type='xsd:string'>"),
        lambda xml: xml.replace(b"<mm7:MM7Version>", b"<!-- c --><mm7:MM7Version>"),
        lambda xml: xml.replace(b'xmlns:mm7="', b'xmlns:mm7="x'),
        lambda xml: xml.replace(b"</mm7:MessageID>", b"</mm7:MessageID><mm7:Vendor>v</mm7:Vendor>"),
    ],
    ids=["boolean", "space", "zero", "xsi-type", "comment", "namespace", "vendor"],
)
@pytest.mark.parametrize("message_type", ["DeliveryReportReq", "DeliverReq", "SubmitRsp"])
def test_fast_equals_generic_on_deviations(
    mutate: Callable[[bytes], bytes], message_type: str
) -> None:
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class(message_type))
    if hasattr(message, "delivery_report"):
        message.delivery_report = True
    xml = encode(message, transaction_id="t-1").body
    same_decodes(mutate(xml), "text/xml")


# -- the leaner secure parse -----------------------------------------------------------------


def _nested(depth: int, width: int) -> bytes:
    inner = b"<leaf/>" * width
    return b"<a>" * depth + inner + b"</a>" * depth


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    depth=st.integers(1, 12),
    width=st.integers(0, 30),
    max_depth=st.integers(1, 14),
    max_elements=st.integers(1, 45),
)
def test_limit_check_names_what_a_walk_names(
    depth: int, width: int, max_depth: int, max_elements: int
) -> None:
    """The XPath limit check refuses exactly what the walk in document order refuses, with
    the same finding."""
    data = _nested(depth, width)
    root = etree.fromstring(data)
    limits = Limits(max_xml_depth=max_depth, max_xml_elements=max_elements)

    def code(check: Callable[[], None]) -> str | None:
        try:
            check()
        except LimitExceeded as error:
            return error.findings[0].code
        return None

    walked = code(lambda: xmlparse._walk_limits(root, limits, "body"))
    assert code(lambda: xmlparse._check_limits(root, limits, "body", data.count(b"<"))) == walked


def _xml_parts() -> list[Path]:
    files = _files(ROOT / "examples")
    if CORPUS.is_dir():
        files += _files(CORPUS)
    return files


def test_one_step_utf8_parse_gives_the_careful_parse_tree() -> None:
    """Where the one-step parse takes a document, its tree is the careful path's, byte for
    byte and line for line; where the plain parse takes one as it is, that tree too."""
    taken = plain = 0
    for path in _xml_parts():
        data = path.read_bytes()
        try:
            framing = mime.parse(data, _content_type(path), lenient=True)
        except Mm7Error:
            continue
        body = framing.root.body
        quick = xmlparse._parse_utf8(body)
        if quick is None:
            continue
        taken += 1
        if xmlparse._plain(body, framing.root.charset):
            plain += 1
            assert etree.tostring(etree.fromstring(body)) == etree.tostring(quick)
        # The careful path's steps: decode, blank the declaration, parse the re-encoded text.
        text = body.decode("utf-8")
        declaration = re.match(r"<\?xml[^>]*?\?>", text, re.DOTALL)
        if declaration:
            text = " " * declaration.end() + text[declaration.end() :]
        careful = etree.fromstring(text.encode("utf-8"), xmlparse._new_parser())
        assert etree.tostring(quick) == etree.tostring(careful)
        assert [e.sourceline for e in quick.iter()] == [e.sourceline for e in careful.iter()]
    assert taken >= 30 and plain >= 20


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    declaration=st.sampled_from(
        [
            "",
            '<?xml version="1.0"?>',
            "<?xml version='1.0' encoding='utf-8'?>",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
            '<?xml version="1.0" encoding="UTF-8" ?>',
            '<?xml version="1.1"?>',
            '<?xml version="1.0" encoding="ISO-8859-1"?>',
            '<?xml  version="1.0"?>',
        ]
    ),
    between=st.sampled_from(["", "\n", "\r\n", " "]),
    value=xml_text(),
    charset=st.sampled_from([None, "utf-8", "UTF-8", "iso-8859-1"]),
)
def test_the_plain_parse_reads_what_the_careful_path_reads(
    declaration: str, between: str, value: str, charset: str | None
) -> None:
    """Whatever the declaration, charset label and text: parse_xml gives the same tree, lines
    and findings as the careful path (``_plain`` forced off)."""
    body = f"{declaration}{between}<r xmlns='urn:x'><v a='{value[:3]}'>{value}</v></r>"
    data = body.encode("utf-8")
    outcomes = []
    for plain in (xmlparse._plain, lambda data, charset: False):
        saved = xmlparse._plain
        xmlparse._plain = plain  # type: ignore[assignment]
        try:
            parsed = xmlparse.parse_xml(data, charset=charset, lenient=True)
            lines = [e.sourceline for e in parsed.root.iter()]
            outcomes.append((etree.tostring(parsed.root), lines, parsed.findings))
        except Mm7Error as error:
            outcomes.append(("error", str(error), error.findings))  # type: ignore[arg-type]
        finally:
            xmlparse._plain = saved  # type: ignore[assignment]
    assert outcomes[0] == outcomes[1]


# -- lexical converters ----------------------------------------------------------------------


def _from_xsdata(text: str) -> Any:
    try:
        return XmlDateTime.from_string(text)
    except ValueError:
        return "refused"


def _from_lexical(text: str) -> Any:
    try:
        return lexical.date_time(text)
    except lexical.Fallback:
        return "refused"


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(
    st.one_of(
        xml_datetimes().map(str),
        st.from_regex(
            r"\A-?[0-9]{4,5}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,11})?"
            r"(Z|[+-][0-9]{2}:[0-9]{2})?\s?\Z"
        ),
    )
)
def test_date_time_reads_what_xsdata_reads(text: str) -> None:
    """The one-regex dateTime reader gives xsdata's value (or refuses where it refuses), and
    writes back xsdata's text."""
    value = _from_lexical(text)
    assert value == _from_xsdata(text)
    if value != "refused":
        assert type(value) is XmlDateTime
        assert lexical.text_of(value) == str(value)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.one_of(
        xml_datetimes().map(str),
        xml_durations().map(str),
        st.from_regex(r"\A\s?-?P([0-9]{1,3}[YMD]){0,3}(T[0-9]{1,2}[HMS]){0,2}\s?\Z"),
    )
)
def test_date_time_or_duration_reads_what_xsdata_reads(text: str) -> None:
    def xsdata(text: str) -> Any:
        try:
            return converter.deserialize(text, [XmlDateTime, XmlDuration])
        except ConverterError:
            return "refused"

    def ours(text: str) -> Any:
        try:
            return lexical.date_time_or_duration(text)
        except lexical.Fallback:
            return "refused"

    value = ours(text)
    expected = xsdata(text)
    assert (type(value), value) == (type(expected), expected)
    if isinstance(value, XmlDuration):  # UserString compares the text only: the fields too
        assert vars(value) == vars(expected)
    if value != "refused":
        assert lexical.text_of(value) == converter.serialize(value)


def test_a_comment_inside_a_value_is_joined_before_either_road_binds() -> None:
    """XSD allows a comment inside a simple value, and lxml then holds the text in two pieces.
    The generated binder reads ``c.text`` without checking for children: it relies on the
    parse joining the pieces, as it does for every tree decode binds (and on the schema,
    which refuses an element child of a simple value)."""
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class("DeliveryReportReq"))
    message.status_text = "Delivered to handset"
    xml = encode(message, transaction_id="t-1").body
    for split in (
        xml.replace(b"Delivered to", b"Delivered<!-- x --> to"),
        xml.replace(b"Delivered to", b"Delivered<?pi x?> to"),
        xml.replace(b"Delivered to", b"Delivered<![CDATA[ to]]>"),
    ):
        tree = xmlparse.parse_xml(split, lenient=True).root
        assert not [node for node in tree.iter() if not isinstance(node.tag, str)]
        decoded = decode(split, "text/xml", mode="lenient")
        assert decoded.message.status_text == "Delivered to handset"
        same_decodes(split, "text/xml")


def _required_fields(message: Any) -> list[str]:
    return [
        name
        for name, spec in type(message).__dataclass_fields__.items()
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
    ]


@pytest.mark.parametrize(("release_name", "message_type"), CASES, ids=_ids())
def test_encode_refuses_alike_both_ways(release_name: str, message_type: str) -> None:
    """A message its schema refuses (a required field left None, a value out of its facets)
    raises the same EncodeError, with the same findings, on both roads."""
    release = REGISTRY.by_name(release_name)
    message = minimal(release.message_class(message_type))
    required = _required_fields(message)
    assert required
    setattr(message, required[-1], None)
    kind, _ = same_both_ways(lambda: encode(message, transaction_id="t-1"))
    assert kind == "error"
    bad_id = minimal(release.message_class(message_type))
    kind, _ = same_both_ways(lambda: encode(bad_id, transaction_id="two words"))
    assert kind == ("error" if release.name in ("REL-5-MM7-1-0", "REL-5-MM7-1-1") else "encoded")


def test_a_release_without_generated_code_takes_the_generic_path() -> None:
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    elsewhere = dataclasses.replace(release, bindings_package="mm7codec.no_such_bindings")
    message = minimal(release.message_class("SubmitRsp"))
    assert fastpath.generated(elsewhere) is None
    assert fastpath.envelope_bytes(message, elsewhere, "t-1") is None
    payload = etree.fromstring(encode(message, transaction_id="t-1").body)[1][0]
    assert fastpath.bind(payload, elsewhere) is None
    assert fastpath.bind(payload, release) is not None


_NEST = "<x:n xmlns:x='urn:x'>" * 70 + "</x:n>" * 70


@pytest.mark.parametrize(
    "place",
    [
        "</mm7:MM7Version>",  # a vendor element after MM7Version
        "<mm7:StatusText>",  # inside a simple-content element
        "</mm7:TransactionID>",  # inside the header entry
        "</soap:Header>",  # a second header entry
    ],
)
def test_the_deferred_depth_check_refuses_alike_both_ways(place: str) -> None:
    """parse_xml(defer_depth=True) leaves the nesting check to the generic path: a deep nest
    anywhere is still LIMIT_XML_DEPTH, on the short road and off it."""
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class("DeliveryReportReq"))
    message.status_text = "delivered"
    body = encode(message, transaction_id="t-1").body
    assert place.encode() in body
    deep = body.replace(place.encode(), (place + _NEST).encode(), 1)
    for mode in ("strict", "lenient"):
        kind, (error_type, _, status, findings) = same_both_ways(
            lambda mode=mode: decode(deep, "text/xml", mode=mode)  # type: ignore[misc]
        )
        assert kind == "error" and error_type is LimitExceeded and status == 2007
        assert [f.code for f in findings] == ["LIMIT_XML_DEPTH"]


_NOT_PLAIN_FAULTS = {
    "qualified faultcode": (
        "<faultcode>soap:Server</faultcode>",
        "<soap:faultcode>soap:Server</soap:faultcode>",
    ),
    "faultcode without prefix": (
        "<faultcode>soap:Server</faultcode>",
        "<faultcode>Server</faultcode>",
    ),
    "faultcode in another namespace": (
        "<faultcode>soap:Server</faultcode>",
        '<faultcode xmlns:e="urn:e">e:Server</faultcode>',
    ),
    "no faultstring": ("<faultstring>busy</faultstring>", ""),
    "actor after detail": ("</detail>", "</detail><faultactor>urn:a</faultactor>"),
    "fault attribute": ("<soap:Fault>", '<soap:Fault id="f">'),
    "second detail entry": ("</detail>", '<x:More xmlns:x="urn:x"/></detail>'),
    "text in detail": ("<detail>", "<detail>see below"),
    "empty detail": ("<detail>", "<detail/><unused>"),
}


@pytest.mark.parametrize("change", sorted(_NOT_PLAIN_FAULTS))
def test_faults_that_are_not_plain_take_the_generic_path(change: str) -> None:
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    message = minimal(release.message_class("RSErrorRsp"))
    plain = encode(message, transaction_id="t-1", fault=("Server", "busy")).body
    read = fastpath.read_envelope(etree.fromstring(plain), REGISTRY)
    assert read is not None and read.bound is not None and read.fault is not None
    old, new = _NOT_PLAIN_FAULTS[change]
    assert old.encode() in plain
    changed = plain.replace(old.encode(), new.encode(), 1)
    if change == "empty detail":  # the message moves out of the Fault's detail
        changed = changed.replace(b"</detail>", b"</unused>", 1)
    with contextlib.suppress(etree.XMLSyntaxError):
        read = fastpath.read_envelope(etree.fromstring(changed), REGISTRY)
        assert getattr(read, "bound", None) is None
    same_decodes(changed, "text/xml")


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(
    xml_datetimes(),
    st.integers(-20_000, 20_000),
    st.none() | st.integers(-2000, 2000),
)
def test_date_time_text_is_xsdata_text_or_none(
    value: XmlDateTime, year: int, offset: int | None
) -> None:
    """The writers' dateTime text is xsdata's, for every value in the range every validator
    takes, and None (the writer is unsure) outside it."""
    for changed in ({}, {"year": year, "offset": offset}):
        try:
            moved = value.replace(**changed)
        except ValueError:
            continue
        text = lexical.date_time_text(moved)
        if 1 <= moved.year <= 9999 and (moved.offset is None or abs(moved.offset) < 840):
            assert text == str(moved)
        else:
            assert text is None


def test_number_warnings_are_the_same_both_ways() -> None:
    """check_numbers reads the payload on the short road as the generic path does."""
    release = REGISTRY.by_name("REL-6-MM7-1-4")
    b = release.bindings
    message = minimal(release.message_class("DeliverReq"))
    numbers = [b.MultiAddressType.Number(value=v) for v in ("+447900000001", "00447900000002")]
    message.recipients = b.RecipientsType(
        to_or_cc_or_bcc=[b.RecipientsType.To(rfc2822_address_or_number_or_short_code=numbers)]
    )
    body = encode(message, transaction_id="t-1").body
    kind, result = same_both_ways(lambda: decode(body, "text/xml", check_numbers=True))
    assert kind == "decoded"
    assert [f.code for f in result[6]] == ["MM7_NUMBER_FORMAT"] * 2, result[6]


_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
_ODD_IDS = st.sampled_from(["", " t-1 ", "a b", "\u0660x", "t\u00e9"])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.sampled_from(list(REGISTRY)).flatmap(
        lambda release: st.tuples(
            st.just(release), st.one_of(transaction_ids(release), xml_text(), _ODD_IDS)
        )
    ),
    st.sampled_from(
        [
            {f"{{{_SOAP}}}mustUnderstand": "1"},
            {f"{{{_SOAP}}}mustUnderstand": "true"},
            {f"{{{_SOAP}}}mustUnderstand": "0"},
            {},
            {f"{{{_SOAP}}}mustUnderstand": "1", "id": "x"},
            {f"{{{_SOAP}}}mustUnderstand": "1", f"{{{_SOAP}}}actor": "a"},
        ]
    ),
    st.booleans(),
)
def test_a_proven_transaction_id_is_one_the_schema_pass_accepts(
    drawn: tuple[Any, str], attributes: dict[str, str], child: bool
) -> None:
    """The generated TransactionID check stands in for validate_transaction_id's copy and
    schema pass only where that pass would find nothing."""
    release, text = drawn
    element = etree.Element(f"{{{release.namespace}}}TransactionID", attributes)
    element.text = text or None
    if child:
        etree.SubElement(element, f"{{{release.namespace}}}Extra")
    if fastpath.proven_transaction_id(element, release):
        assert validate_transaction_id(element, release, "body") == []


@pytest.mark.parametrize("release_name", [release.name for release in REGISTRY])
def test_the_usual_transaction_id_is_proven_on_the_short_road_only(release_name: str) -> None:
    release = REGISTRY.by_name(release_name)
    element = etree.Element(
        f"{{{release.namespace}}}TransactionID", {f"{{{_SOAP}}}mustUnderstand": "1"}
    )
    element.text = "t-1"
    assert fastpath.proven_transaction_id(element, release)
    assert validate_transaction_id(element, release, "body") == []
    with generic_only():
        assert not fastpath.proven_transaction_id(element, release)
