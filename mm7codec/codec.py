"""The two entry points: :func:`decode` wire bytes into a typed message, :func:`encode` back.

Decode runs one direction, each stage adding findings: HTTP dump -> MIME framing -> secure
XML -> SOAP envelope -> release -> binding and schema verdict (a bare text/xml envelope none
of them would remark on goes from its tree to the short road at once). Strict decoding
refuses any error-severity finding with one :class:`DecodeError` carrying them all; lenient
decoding returns what it recovered, each repair a finding. Nothing here opens a socket.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.formats.dataclass.serializers.tree import TreeSerializer

from mm7codec import fastpath, http, mime
from mm7codec.bind import (
    CONTEXT,
    Bound,
    bind,
    choose_release,
    foreign_xsi_type,
    is_mm7_namespace,
    schema_findings,
    validate_transaction_id,
)
from mm7codec.envelope import Envelope, Fault, build_envelope, must_understand, read_envelope
from mm7codec.errors import DecodeError, EncodeError, LimitExceeded
from mm7codec.findings import Finding, Severity, finding, worst_status
from mm7codec.limits import DEFAULT_LIMITS, Limits
from mm7codec.mime import Part
from mm7codec.numbers import check_msisdn
from mm7codec.releases import Registry, Release, default_registry
from mm7codec.transactions import new_transaction_id
from mm7codec.xmlparse import (
    ParsedXml,
    check_depth,
    line_of,
    local_name,
    namespace_of,
    parse_xml,
    plain_tree,
)

Mode = Literal["strict", "lenient"]
_TREE_SERIALIZER = TreeSerializer(context=CONTEXT, config=SerializerConfig())
_SOAP_TYPES = ("text/xml", "multipart/related")  # the SOAP part's types no finding names


@dataclass
class DecodedMessage:
    """A decoded MM7 message: what it is, what it says, what came with it, what was wrong."""

    release: Release
    namespace: str | None
    mm7_version: str | None
    transaction_id: str | None
    message_type: str
    message: Any
    attachments: list[Part] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fault: Fault | None = None
    extensions: list[bytes] = field(default_factory=list)
    http: http.HttpMessage | None = None

    @property
    def ok(self) -> bool:
        """No error-severity finding is left unrepaired."""
        return not any(f.severity is Severity.ERROR and not f.repaired for f in self.findings)

    @property
    def status_code(self) -> int:
        return worst_status([f for f in self.findings if not f.repaired])

    def content_part(self) -> Part | None:
        """The attachment the message's Content href names (None without one, or when the
        href matches no part: REF_UNRESOLVED says so)."""
        href = getattr(getattr(self.message, "content", None), "href", None)
        if not href:
            return None
        parts = [nested for part in self.attachments for nested in part.walk()]
        return mime.resolve_reference(str(href), parts)[0]


@dataclass(frozen=True)
class EncodedMessage:
    """Wire bytes and the Content-Type header value to send them with."""

    body: bytes
    content_type: str


def _mode(strict: bool | None, mode: Mode | None) -> bool:
    """True for lenient."""
    if mode is not None:
        if mode not in ("strict", "lenient"):
            raise ValueError(f"mode must be 'strict' or 'lenient', not {mode!r}")
        return mode == "lenient"
    return strict is False


@dataclass
class _Read:
    """What the stages before the release choice found: HTTP, MIME, XML, envelope."""

    findings: list[Finding]
    dump: http.HttpMessage | None
    framing: mime.Framing
    root: Part
    xml: ParsedXml
    limits: Limits
    envelope: Envelope | None = None

    @property
    def parsed(self) -> etree._Element:
        return self.xml.root


def _read(
    body: bytes,
    content_type: str | None,
    headers: Mapping[str, str] | None,
    lenient: bool,
    limits: Limits,
) -> _Read:
    """HTTP dump, MIME framing and secure XML, each adding findings."""
    if not isinstance(body, bytes | bytearray):
        raise TypeError("decode() takes bytes")
    body = bytes(body)
    if len(body) > limits.max_body_bytes:
        message = f"body of {len(body)} bytes exceeds the limit of {limits.max_body_bytes}"
        raise LimitExceeded(message, findings=[finding("LIMIT_BODY_SIZE", "body", message)])
    findings: list[Finding] = []
    dump = None
    if content_type is None and headers:
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if content_type is None and http.is_http(body):
        first, *more = http.split_exchange(body)
        dump = http.parse(first, lenient=lenient, limits=limits)
        findings.extend(dump.findings)
        if more:
            starts = ", ".join(repr(m.split(b"\n", 1)[0].strip().decode("latin-1")) for m in more)
            findings.append(
                finding(
                    "HTTP_MORE_MESSAGES",
                    "HTTP dump",
                    f"{len(more)} more HTTP message(s) follow this one ({starts}); "
                    "decode each of http.split_exchange(), or let mm7 check do it",
                )
            )
        body, content_type = dump.body, dump.content_type
    framing = mime.parse(body, content_type, lenient=lenient, limits=limits)
    if content_type is None and not framing.multipart:
        # A bare envelope handed over without its HTTP head: nothing to judge the type by.
        framing.findings = [f for f in framing.findings if f.code != "MIME_NO_CONTENT_TYPE"]
    findings.extend(framing.findings)
    if (dump is not None or content_type) and framing.root.content_type not in _SOAP_TYPES:
        findings.append(_media_type_finding(framing, lenient))
    root = framing.root
    xml = _parse_root(root, lenient, limits, findings)
    return _Read(findings, dump, framing, root, xml, limits)


def _bare_tree(body: bytes, content_type: str | None, limits: Limits) -> etree._Element | None:
    """The tree of a body that framing and parsing pass without a finding, a bare text/xml
    envelope of plain XML (as most conformant traffic comes), parsed straight from the
    bytes; None for anything else, which _read takes stage by stage."""
    if type(body) is not bytes or not content_type:
        return None
    single = mime.single_part(body, content_type, limits)
    if single is None or single[0] != "text/xml":
        return None
    return plain_tree(body, single[1].get("charset"), limits)


def _bare_read(
    body: bytes, content_type: str | None, tree: etree._Element, lenient: bool, limits: Limits
) -> _Read:
    """What _read returns for a body _bare_tree parsed, built from its tree."""
    framing = mime.parse(body, content_type, lenient=lenient, limits=limits)
    return _Read([], None, framing, framing.root, ParsedXml.plain(tree, body), limits)


def _read_envelope(read: _Read, lenient: bool, registry: Registry) -> Envelope:
    """The SOAP envelope stage of the generic path, adding its findings to ``read``'s."""
    check_depth(read.xml, read.limits, read.root.where)
    envelope = read_envelope(
        read.parsed,
        lenient=lenient,
        where=read.root.where,
        is_message=lambda element: (
            is_mm7_namespace(namespace_of(element))
            or local_name(element) in registry.newest.messages
        ),
    )
    read.findings.extend(envelope.findings)
    read.envelope = envelope
    return envelope


def payload_element(
    body: bytes,
    content_type: str | None = None,
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> etree._Element | None:
    """The MM7 payload element as the peer sent it (read leniently, before release choice
    and normalisation): what the conservation invariant counts values in."""
    read = _read(body, content_type, None, True, limits)
    return _read_envelope(read, True, registry or default_registry()).payload


def decode(
    body: bytes,
    content_type: str | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    mode: Mode = "strict",
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check_numbers: bool = False,
) -> DecodedMessage:
    """Decode an MM7 message: a bare envelope, a SwA body, or a whole HTTP dump.

    ``content_type`` (or a Content-Type in ``headers``) frames the body; without one the body
    is sniffed. Raises :class:`DecodeError` (strict: on any error; lenient: when nothing can
    be recovered) or :class:`LimitExceeded`; every error carries findings and a status code.
    ``check_numbers`` adds a warning for every Number that is not international format
    without ``+`` or ``00`` (a service policy, not an MM7 rule, so it is off by default).
    """
    lenient = False if mode == "strict" else _mode(None, mode)
    registry = registry or default_registry()
    tree = _bare_tree(body, content_type, limits)
    short = None if tree is None else fastpath.read_envelope(tree, registry)
    if (
        short is not None
        and (plain := short.bound) is not None
        and not check_numbers
        and not _reference_findings(plain.message, [], lenient)
    ):
        # A bare envelope, plain and valid: no stage has anything to say, so none of their
        # objects is built.
        namespace = plain.release.namespace
        return _result(plain, namespace, short.transaction_id, [], [], None, short.fault, lenient)
    if tree is None:
        read = _read(body, content_type, headers, lenient, limits)
        short = fastpath.read_envelope(read.parsed, registry)
    else:
        read = _bare_read(body, content_type, tree, lenient, limits)
    findings, framing, root = read.findings, read.framing, read.root
    if short is not None and (plain := short.bound) is not None:
        # A plain, valid envelope: what the generic path reads without a finding.
        if check_numbers:
            findings.extend(_number_findings(short.payload, root.where))
        findings.extend(_reference_findings(plain.message, framing.attachments, lenient))
        namespace = plain.release.namespace
        return _result(
            plain,
            namespace,
            short.transaction_id,
            findings,
            framing.attachments,
            read.dump,
            short.fault,
            lenient,
        )
    envelope = _read_envelope(read, lenient, registry)
    if envelope.payload is None:  # a Fault without an MM7 detail (SOAP_FAULT_DETAIL says so)
        refusal = _refusal("no MM7 message in the SOAP Fault", findings)
        refusal.fault = envelope.fault
        raise refusal
    tid_element = envelope.transaction_id
    header_ns = namespace_of(tid_element) if tid_element is not None else None
    declared_ns = namespace_of(envelope.payload)
    release, _, chosen = choose_release(
        envelope.payload, header_ns, registry, lenient=lenient, where=root.where
    )
    findings.extend(chosen)
    if check_numbers:
        findings.extend(_number_findings(envelope.payload, root.where))
    # The short road (generated code) when the generic path would find nothing to say.
    declined = short is not None  # the generated code has seen this payload already
    bound = None if chosen or declined else fastpath.bind(envelope.payload, release)
    if bound is None:
        # An MM7Version the release refuses is kept as sent: its finding says so, once.
        refused = any(f.code == "MM7_VERSION_NOT_ACCEPTED" for f in chosen)
        explained = {
            child
            for child in (envelope.payload if refused else ())
            if isinstance(child.tag, str) and local_name(child) == "MM7Version"
        }
        bound = bind(
            envelope.payload,
            release,
            lenient=lenient,
            where=root.where,
            declared=declared_ns,
            explained=explained,
            generated=fastpath.valid_binder(release),
        )
    findings.extend(bound.findings)
    transaction_id = None
    if tid_element is not None:
        transaction_id = (tid_element.text or "").strip()
        findings.extend(_transaction_findings(tid_element, release, root.where, lenient))
    findings.extend(_reference_findings(bound.message, framing.attachments, lenient))
    return _result(
        bound,
        declared_ns,
        transaction_id,
        findings,
        framing.attachments,
        read.dump,
        envelope.fault,
        lenient,
    )


def _result(
    bound: Bound,
    namespace: str | None,
    transaction_id: str | None,
    findings: list[Finding],
    attachments: list[Part],
    dump: http.HttpMessage | None,
    fault: Fault | None,
    lenient: bool,
) -> DecodedMessage:
    """The decoded message, or (strict) the refusal of one with an unrepaired error."""
    # Positional, in the order of DecodedMessage's fields: eleven keywords cost more than
    # the rest of building it.
    decoded = DecodedMessage(
        bound.release,
        namespace,
        bound.mm7_version,
        transaction_id,
        bound.message_type,
        bound.message,
        attachments,
        findings,
        fault,
        bound.extensions,
        dump,
    )
    if not lenient and findings and not decoded.ok:
        refusal = _refusal("message does not conform", findings)
        refusal.fault = fault
        raise refusal
    return decoded


def _refusal(message: str, findings: list[Finding], status: int | None = None) -> DecodeError:
    errors = [f for f in findings if f.severity is Severity.ERROR and not f.repaired]
    summary = "; ".join(f"{f.code} at {f.where}" for f in errors[:5])
    return DecodeError(
        f"{message}: {summary}" if summary else message,
        status_code=status or worst_status(errors),
        findings=findings,
    )


def _parse_root(root: Part, lenient: bool, limits: Limits, findings: list[Finding]) -> ParsedXml:
    try:
        parsed = parse_xml(
            root.body,
            charset=root.charset,
            lenient=lenient,
            limits=limits,
            where=root.where,
            defer_depth=True,  # the short road's schema pass bounds the depth; else _read_envelope
        )
    except DecodeError as error:
        error.findings = (*findings, *error.findings)
        raise
    findings.extend(parsed.findings)
    return parsed


def _media_type_finding(framing: mime.Framing, lenient: bool) -> Finding:
    root = framing.root
    return finding(
        "HTTP_CONTENT_TYPE",
        root.where,
        f"SOAP part is {root.content_type}; SOAP 1.1 uses text/xml",
        repaired=lenient,
    )


def _transaction_findings(
    element: Any, release: Release, where: str, lenient: bool
) -> list[Finding]:
    found = []
    if "must_understand" in release.transaction_id_class.__dataclass_fields__ and (
        must_understand(element) != "1"
    ):
        value = must_understand(element)
        found.append(
            finding(
                "MM7_MUST_UNDERSTAND",
                f"{where} line {element.sourceline}",
                f'mustUnderstand is {value!r}, MM7 requires "1"'
                if value is not None
                else "TransactionID has no mustUnderstand attribute",
                repaired=lenient,
            )
        )
    if namespace_of(element) is None:
        found.append(
            finding(
                "MM7_UNQUALIFIED",
                f"{where} line {element.sourceline}",
                f"TransactionID is in no namespace; read as {release.name}'s",
                repaired=lenient,
            )
        )
    xsi_type = foreign_xsi_type(element, release.namespace)
    if xsi_type is not None:
        found.append(
            finding(
                "MM7_XSI_TYPE",
                f"{where} line {element.sourceline}",
                f"TransactionID carries xsi:type={xsi_type!r}, no type of {release.name}; ignored",
                repaired=lenient,
            )
        )
    if not fastpath.proven_transaction_id(element, release):  # else a copy and a schema pass
        found.extend(validate_transaction_id(element, release, where))
    return found


def _number_findings(payload: Any, where: str) -> list[Finding]:
    found = []
    for element in payload.iter():
        if isinstance(element.tag, str) and local_name(element) == "Number":
            issue = check_msisdn(element.text or "", f"{where} line {line_of(element)}")
            if issue is not None:
                found.append(issue)
    return found


def _reference_findings(message: Any, attachments: list[Part], lenient: bool) -> list[Finding]:
    """REF_SYNTAX and REF_UNRESOLVED for the Content href, resolved among the attachments
    and the parts nested in them. A href whose syntax is forgiven and that names a part is
    rewritten as a plain ``cid:`` URI in the message (the finding keeps what was sent); one
    that names nothing is kept as sent."""
    content = getattr(message, "content", None)
    href = getattr(content, "href", None)
    if not href:
        return []
    href = str(href)
    parts = [nested for part in attachments for nested in part.walk()]
    part, problems = mime.resolve_reference(href, parts)
    canonical = None
    if href[:4].lower() == "cid:" and problems:
        canonical = "cid:" + href[4:].strip().removeprefix("<").removesuffix(">").strip()
    elif part is None and href[:4].lower() != "cid:":
        part, _ = mime.resolve_reference(f"cid:{href}", parts)
        if part is not None:
            problems = ["names a Content-ID without cid:"]
            canonical = f"cid:{href}"
    repaired = lenient and part is not None and canonical is not None
    if repaired and content is not None:
        content.href = canonical
    found = [
        finding(
            "REF_SYNTAX",
            "Content/@href",
            f"{href!r} {problem}" + (f"; read as {canonical!r}" if repaired else "; kept as sent"),
            repaired=repaired,
        )
        for problem in problems
    ]
    if part is None:
        ids = sorted(p.content_id for p in parts if p.content_id)
        locations = sorted(p.content_location for p in parts if p.content_location)
        have = f"Content-IDs: {ids}" if href[:4].lower() == "cid:" else f"have: {locations}"
        found.append(
            finding("REF_UNRESOLVED", "Content/@href", f"{href!r} matches no part ({have})")
        )
    return found


# -- encode ----------------------------------------------------------------------------------


def release_of(message: Any, registry: Registry | None = None) -> Release:
    """The release a generated message instance belongs to."""
    registry = registry or default_registry()
    namespace = getattr(getattr(type(message), "Meta", None), "namespace", None)
    if namespace is None:
        raise EncodeError(f"{type(message).__name__} is not a generated MM7 message")
    return registry.by_namespace(namespace)


def message_element(message: Any) -> etree._Element:
    """The payload element of a generated message, with a clean mm7 prefix."""
    tree: Any = _TREE_SERIALIZER.render(message, ns_map={"mm7": release_of(message).namespace})
    element: etree._Element = tree.getroot()
    return element


def encode(
    message: Any,
    *,
    transaction_id: str | None = None,
    attachments: Sequence[Part] = (),
    fault: tuple[str, str] | None = None,
    registry: Registry | None = None,
    validate: bool = True,
) -> EncodedMessage:
    """Wire bytes for a generated message: a bare envelope, or SwA with ``attachments``.

    ``fault`` = (faultcode local name, faultstring) wraps the message (RSErrorRsp or
    VASPErrorRsp) in a SOAP Fault. The TransactionID carries mustUnderstand="1". Unless
    ``validate`` is false, a message or TransactionID its release's schema refuses (a
    required field left None, an identifier that is no NMTOKEN in REL-5-MM7-1-0/1-1) raises
    EncodeError with the schema's findings: what goes on the wire is valid MM7.
    """
    release = release_of(message, registry)
    transaction_id = transaction_id or new_transaction_id()
    # The generated writers know only generated classes: what they write needs no check.
    xml = fastpath.envelope_bytes(message, release, transaction_id, fault) if validate else None
    if xml is None:
        if not dataclasses.is_dataclass(message):
            raise EncodeError("encode() takes a generated MM7 message instance")
        payload = message_element(message)
        envelope = build_envelope(payload, transaction_id, release.namespace, fault=fault)
        if validate:
            _refuse_invalid(release, envelope, payload)
        etree.cleanup_namespaces(
            envelope, top_nsmap={"soap": envelope.nsmap["soap"], "mm7": release.namespace}
        )
        xml = etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")
    if not attachments:
        return EncodedMessage(xml, 'text/xml; charset="utf-8"')
    body, content_type = mime.build(xml, attachments)
    return EncodedMessage(body, content_type)


def _refuse_invalid(release: Release, envelope: Any, payload: etree._Element) -> None:
    header_entry = envelope[0][0]
    found = [
        *validate_transaction_id(header_entry, release, "TransactionID"),
        *schema_findings(release, payload, local_name(payload)),
    ]
    if found:
        problems = "; ".join(f.message for f in found[:3])
        raise EncodeError(
            f"{release.name} refuses this {local_name(payload)}: {problems}", findings=found
        )
