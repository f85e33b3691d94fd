"""The project's own description of the MM7 releases, from which schemas/ is emitted.

One model covers all ten published schemas (REL-5-MM7-1-0 to REL-6-MM7-1-4). Every component
and particle says which releases have it (``when``); where a release changes a type, the
model says so at that place. Reading this file top to bottom is reading how MM7 evolved:

- REL-5-MM7-1-0/1-1 type TransactionID, message IDs, entity IDs and Number/ShortCode as
  xs:NMTOKEN and give TransactionID no SOAP attributes (so those two import no envelope).
- DistributionProtection was renamed DistributionIndicator in REL-5-MM7-1-1.
- DeliveryReportReq carries ``Date`` except in REL-5-MM7-1-4 and REL-6-MM7-1-1 (``TimeStamp``).
- REL-6-MM7-1-4 adds the extendedCancel/extendedReplace messages and the application IDs.

``tools/schemas.py`` turns this into XSD; ``tests/test_schemas.py`` proves each emitted
schema has the content model of the published one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
MM7_PREFIX = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/"
ENVELOPE_FILE = "soap-envelope-1.1.xsd"


@dataclass(frozen=True)
class ReleaseSpec:
    """A release as the model knows it: its name and the MM7Version values it accepts."""

    name: str
    versions: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return MM7_PREFIX + self.name


# Oldest first. Version lists are in the order each schema enumerates them.
RELEASES: tuple[ReleaseSpec, ...] = (
    ReleaseSpec("REL-5-MM7-1-0", ("5.3.0",)),
    ReleaseSpec("REL-5-MM7-1-1", ("5.3.0",)),
    ReleaseSpec("REL-5-MM7-1-2", ("5.3.0",)),
    ReleaseSpec("REL-5-MM7-1-3", ("5.6.0", "5.5.0", "5.3.0")),
    ReleaseSpec("REL-5-MM7-1-4", ("5.8.0", "5.6.0", "5.5.0", "5.3.0")),
    ReleaseSpec("REL-6-MM7-1-0", ("6.3.0", "5.6.0", "5.5.0", "5.3.0")),
    ReleaseSpec("REL-6-MM7-1-1", ("6.4.0", "6.3.0", "5.8.0", "5.6.0", "5.5.0", "5.3.0")),
    ReleaseSpec(
        "REL-6-MM7-1-2",
        ("6.5.0", "6.4.0", "6.3.0", "5.10.0", "5.8.0", "5.6.0", "5.5.0", "5.3.0"),
    ),
    ReleaseSpec(
        "REL-6-MM7-1-3",
        ("6.6.0", "6.5.0", "6.4.0", "6.3.0", "5.10.0", "5.8.0", "5.6.0", "5.5.0", "5.3.0"),
    ),
    ReleaseSpec(
        "REL-6-MM7-1-4",
        ("6.8.0", "6.6.0", "6.5.0", "6.4.0", "6.3.0", "5.10.0", "5.8.0", "5.6.0", "5.5.0", "5.3.0"),
    ),
)
_ORDER = [spec.name for spec in RELEASES]

Releases = frozenset[str]
ALL: Releases = frozenset(_ORDER)


def since(name: str) -> Releases:
    """This release and every later one."""
    return frozenset(_ORDER[_ORDER.index(name) :])


def before(name: str) -> Releases:
    """Every release older than this one."""
    return frozenset(_ORDER[: _ORDER.index(name)])


def only(*names: str) -> Releases:
    for name in names:
        _ORDER.index(name)
    return frozenset(names)


# -- building blocks -------------------------------------------------------------------------
# A node is a function of the release that returns an XSD element, or None when the release
# does not have it. Plain helpers keep the description close to how XSD reads.

Node = Callable[[str], "etree._Element | None"]


def _node(
    tag: str,
    attrs: dict[str, str],
    children: Sequence[Node] = (),
    when: Releases = ALL,
    doc: str | None = None,
) -> Node:
    def build(release: str) -> etree._Element | None:
        if release not in when:
            return None
        element = etree.Element(f"{{{XS}}}{tag}", attrs)
        if doc:
            annotation = etree.SubElement(element, f"{{{XS}}}annotation")
            etree.SubElement(annotation, f"{{{XS}}}documentation").text = doc
        for child in children:
            built = child(release)
            if built is not None:
                element.append(built)
        return element

    return build


def _occurs(min_occurs: int, max_occurs: int | None) -> dict[str, str]:
    attrs = {}
    if min_occurs != 1:
        attrs["minOccurs"] = str(min_occurs)
    if max_occurs != 1:
        attrs["maxOccurs"] = "unbounded" if max_occurs is None else str(max_occurs)
    return attrs


def el(
    name: str,
    type_: str | None = None,
    *,
    opt: bool = False,
    many: bool = False,
    default: str | None = None,
    inline: Node | None = None,
    when: Releases = ALL,
    doc: str | None = None,
) -> Node:
    """An element particle (or a global element at schema level)."""
    attrs = {"name": name}
    if type_ is not None:
        attrs["type"] = type_
    if default is not None:
        attrs["default"] = default
    attrs.update(_occurs(0 if opt else 1, None if many else 1))
    return _node("element", attrs, [inline] if inline else [], when, doc)


def switch(*cases: tuple[Releases, Node]) -> Node:
    """Whichever node the release falls under: one place where a particle changes."""

    def build(release: str) -> etree._Element | None:
        for releases, node in cases:
            if release in releases:
                return node(release)
        return None

    return build


def seq(*items: Node, many: bool = False, when: Releases = ALL) -> Node:
    return _node("sequence", _occurs(1, None if many else 1), items, when)


def choice(*items: Node) -> Node:
    return _node("choice", {}, items)


def all_(*items: Node) -> Node:
    return _node("all", {}, items)


def group_ref(name: str) -> Node:
    return _node("group", {"ref": f"tns:{name}"})


def group(name: str, body: Node) -> Node:
    return _node("group", {"name": name}, [body])


def attr(
    name: str,
    type_: str,
    *,
    required: bool = False,
    default: str | None = None,
    when: Releases = ALL,
) -> Node:
    attrs = {"name": name, "type": type_, "use": "required" if required else "optional"}
    if default is not None:
        attrs["default"] = default
    return _node("attribute", attrs, when=when)


def attr_ref(ref: str) -> Node:
    return _node("attribute", {"ref": ref})


def attr_group_ref(name: str, when: Releases = ALL) -> Node:
    return _node("attributeGroup", {"ref": f"tns:{name}"}, when=when)


def attr_group(name: str, *items: Node, when: Releases = ALL) -> Node:
    return _node("attributeGroup", {"name": name}, items, when)


def any_attribute(namespace: str) -> Node:
    return _node("anyAttribute", {"namespace": namespace, "processContents": "lax"})


def complex_type(
    name: str | None, *items: Node, when: Releases = ALL, doc: str | None = None
) -> Node:
    return _node("complexType", {"name": name} if name else {}, items, when, doc)


def extends(base: str, *items: Node, simple: bool = False) -> Node:
    """complexContent (or simpleContent) extension of ``base``."""
    content = "simpleContent" if simple else "complexContent"
    return _node(content, {}, [_node("extension", {"base": base}, items)])


def simple_type(
    name: str | None,
    base: str,
    values: Iterable[str] | Callable[[str], Iterable[str]] = (),
    *,
    when: Releases = ALL,
    doc: str | None = None,
) -> Node:
    """A restriction of ``base``, optionally an enumeration (fixed, or per release)."""

    def enumerations(release: str) -> list[Node]:
        chosen = values(release) if callable(values) else values
        return [_node("enumeration", {"value": value}) for value in chosen]

    def build(release: str) -> etree._Element | None:
        restriction = _node("restriction", {"base": base}, enumerations(release))
        return _node("simpleType", {"name": name} if name else {}, [restriction], when, doc)(
            release
        )

    return build


def union(name: str, members: str, doc: str | None = None) -> Node:
    return _node("simpleType", {"name": name}, [_node("union", {"memberTypes": members})], doc=doc)


def versions_of(release: str) -> tuple[str, ...]:
    return next(spec.versions for spec in RELEASES if spec.name == release)


# -- the MM7 content model -------------------------------------------------------------------

R5_1, R5_2 = "REL-5-MM7-1-1", "REL-5-MM7-1-2"
R6_0, R6_1, R6_2, R6_3, R6_4 = (
    "REL-6-MM7-1-0",
    "REL-6-MM7-1-1",
    "REL-6-MM7-1-2",
    "REL-6-MM7-1-3",
    "REL-6-MM7-1-4",
)
NMTOKEN_ERA = before(R5_2)  # REL-5-MM7-1-0/1-1: identifiers are xs:NMTOKEN


def _id_base(release: str) -> str:
    return "xs:NMTOKEN" if release in NMTOKEN_ERA else "xs:string"


def _id_type(name: str, doc: str) -> Node:
    def build(release: str) -> etree._Element | None:
        return simple_type(name, _id_base(release), doc=doc)(release)

    return build


def _application_ids(when: Releases) -> list[Node]:
    return [
        el("ApplicID", "xs:string", opt=True, when=when),
        el("ReplyApplicID", "xs:string", opt=True, when=when),
        el("AuxApplicInfo", "xs:string", opt=True, when=when),
    ]


def _address_kind(name: str, base_of: Callable[[str], str]) -> Node:
    def build(release: str) -> etree._Element | None:
        content = extends(
            base_of(release),
            attr("displayOnly", "xs:boolean", default="false"),
            attr_group_ref("addressSecurity", when=since(R6_0)),
            simple=True,
        )
        return el(name, inline=complex_type(None, content))(release)

    return build


_distribution = switch(
    (before(R5_1), el("DistributionProtection", "xs:boolean", opt=True)),
    (since(R5_1), el("DistributionIndicator", "xs:boolean", opt=True)),
)


def _transaction_id(release: str) -> etree._Element | None:
    doc = "MM7 transaction identifier, carried in the SOAP Header"
    if release in NMTOKEN_ERA:
        return el("TransactionID", "xs:NMTOKEN", doc=doc)(release)
    soap_attrs = extends(
        "xs:string",
        attr_ref("soap:mustUnderstand"),
        attr_ref("soap:encodingStyle"),
        attr_ref("soap:actor"),
        simple=True,
    )
    return el("TransactionID", inline=complex_type(None, soap_attrs), doc=doc)(release)


def _response_extension(base: str, *items: Node, since_release: str) -> Node:
    """An extension of a response type that is empty before ``since_release``."""
    return switch(
        (before(since_release), extends(base)),
        (since(since_release), extends(base, seq(*items))),
    )


_STATUS_CODE = el("StatusCode", inline=simple_type(None, "tns:statusCodeType"))

GLOBALS: tuple[Node, ...] = (
    _transaction_id,
    el("SubmitReq", "tns:submitReqType", doc="VASP to MMSC: submit a multimedia message"),
    el("SubmitRsp", "tns:submitRspType", doc="MMSC to VASP: answer to SubmitReq"),
    el("DeliverReq", "tns:deliverReqType", doc="MMSC to VASP: deliver a multimedia message"),
    el("DeliverRsp", "tns:deliverRspType", doc="VASP to MMSC: answer to DeliverReq"),
    el("CancelReq", "tns:cancelReqType", doc="VASP to MMSC: cancel a submitted message"),
    el("CancelRsp", "tns:genericResponseType", doc="MMSC to VASP: answer to CancelReq"),
    el("ReplaceReq", "tns:replaceReqType", doc="VASP to MMSC: replace a submitted message"),
    el("ReplaceRsp", "tns:genericResponseType", doc="MMSC to VASP: answer to ReplaceReq"),
    el(
        "extendedCancelReq",
        "tns:extendedcancelReqType",
        when=only(R6_4),
        doc="VASP to MMSC: cancel a message by its cancel ID",
    ),
    el(
        "extendedCancelRsp",
        "tns:extendedcancelRspType",
        when=only(R6_4),
        doc="MMSC to VASP: answer to extendedCancelReq",
    ),
    el(
        "extendedReplaceReq",
        "tns:extendedreplaceReqType",
        when=only(R6_4),
        doc="VASP to MMSC: replace a message by its replace ID",
    ),
    el(
        "extendedReplaceRsp",
        "tns:extendedreplaceRspType",
        when=only(R6_4),
        doc="MMSC to VASP: answer to extendedReplaceReq",
    ),
    el(
        "DeliveryReportReq",
        "tns:deliveryReportReqType",
        doc="MMSC to VASP: delivery report for one recipient",
    ),
    el("DeliveryReportRsp", "tns:genericResponseType", doc="VASP to MMSC: answer to a report"),
    el("ReadReplyReq", "tns:readReplyReqType", doc="MMSC to VASP: read report of one recipient"),
    el("ReadReplyRsp", "tns:genericResponseType", doc="VASP to MMSC: answer to a read report"),
    el("RSErrorRsp", "tns:genericResponseType", doc="MMSC to VASP: error answer to any request"),
    el("VASPErrorRsp", "tns:genericResponseType", doc="VASP to MMSC: error answer to any request"),
    complex_type(
        "senderIDType",
        seq(
            el("VASPID", "tns:entityIDType", opt=True),
            el("VASID", "tns:entityIDType", opt=True),
            switch(
                (NMTOKEN_ERA, el("SenderAddress", "xs:string", opt=True)),
                (since(R5_2), el("SenderAddress", "tns:addressType", opt=True)),
            ),
        ),
    ),
    complex_type(
        "submitReqType",
        extends(
            "tns:genericVASPRequestType",
            seq(
                el("Recipients", "tns:recipientsType"),
                el("ServiceCode", "tns:serviceCodeType", opt=True),
                el("LinkedID", "tns:messageIDType", opt=True),
                el("MessageClass", "tns:messageClassType", opt=True, default="Informational"),
                el("TimeStamp", "xs:dateTime", opt=True),
                el(
                    "ReplyCharging",
                    opt=True,
                    inline=complex_type(
                        None,
                        attr("replyChargingSize", "xs:positiveInteger"),
                        attr("replyDeadline", "tns:relativeOrAbsoluteDateType"),
                    ),
                ),
                el("EarliestDeliveryTime", "tns:relativeOrAbsoluteDateType", opt=True),
                el("ExpiryDate", "tns:relativeOrAbsoluteDateType", opt=True),
                el("DeliveryReport", "xs:boolean", opt=True),
                el("ReadReply", "xs:boolean", opt=True),
                el("Priority", "tns:priorityType", opt=True),
                el("Subject", "xs:string", opt=True),
                el("ChargedParty", "tns:chargedPartyType", opt=True),
                el("ChargedPartyID", "tns:chargedPartyIDType", opt=True, when=since(R6_0)),
                _distribution,
                switch(
                    (only(R6_3), el("DeliveryCondition", "xs:string", opt=True)),
                    (only(R6_4), el("DeliveryCondition", "tns:deliveryConditionType", opt=True)),
                ),
                *_application_ids(only(R6_4)),
                el("ContentClass", "tns:contentClassType", opt=True, when=only(R6_4)),
                el("DRMContent", "xs:boolean", opt=True, when=only(R6_4)),
                el("Content", "tns:contentReferenceType", opt=True),
            ),
        ),
    ),
    complex_type(
        "submitRspType",
        _response_extension(
            "tns:genericResponseType", el("MessageID", "tns:messageIDType"), since_release=R5_1
        ),
    ),
    complex_type(
        "deliverReqType",
        extends(
            "tns:genericRSReqType",
            seq(
                el("VASPID", "tns:entityIDType", opt=True, when=only(R6_4)),
                el("VASID", "tns:entityIDType", opt=True, when=only(R6_4)),
                el("LinkedID", "tns:messageIDType", opt=True),
                el("Sender", "tns:addressType"),
                el("Recipients", "tns:recipientsType", opt=True),
                el("Previouslysentby", "tns:previouslySentByType", opt=True, when=since(R6_0)),
                el(
                    "Previouslysentdateandtime",
                    "tns:previouslySentByDateTime",
                    opt=True,
                    when=since(R6_0),
                ),
                el("SenderSPI", "tns:serviceProviderIDType", opt=True, when=since(R6_0)),
                el("RecipientSPI", "tns:serviceProviderIDType", opt=True, when=since(R6_0)),
                el("TimeStamp", "xs:dateTime", opt=True),
                switch(
                    (NMTOKEN_ERA, el("ReplyChargingID", "tns:messageIDType")),
                    (since(R5_2), el("ReplyChargingID", "tns:messageIDType", opt=True)),
                ),
                el("Priority", "tns:priorityType", opt=True),
                el("Subject", "xs:string", opt=True),
                *_application_ids(only(R6_4)),
                el("UACapabilities", "tns:capabilitiesType", opt=True, when=only(R6_4)),
                el("Content", "tns:contentReferenceType", opt=True),
            ),
        ),
    ),
    complex_type(
        "deliverRspType",
        _response_extension(
            "tns:genericResponseType",
            el("ServiceCode", "tns:serviceCodeType", opt=True),
            since_release=R5_1,
        ),
    ),
    complex_type(
        "cancelReqType",
        extends(
            "tns:genericVASPRequestType",
            seq(el("MessageID", "tns:messageIDType"), *_application_ids(only(R6_4))),
        ),
    ),
    complex_type(
        "extendedcancelReqType",
        extends("tns:genericVASPRequestType", seq(el("CancelID", "tns:messageIDType"))),
        when=only(R6_4),
    ),
    complex_type(
        "extendedcancelRspType",
        seq(
            el("MM7Version", "tns:versionType"),
            el("Status", "tns:extendedcancelresponseStatusType"),
        ),
        when=only(R6_4),
    ),
    complex_type(
        "replaceReqType",
        extends(
            "tns:genericVASPRequestType",
            seq(
                el("MessageID", "tns:messageIDType"),
                el("ServiceCode", "tns:serviceCodeType", opt=True),
                el("TimeStamp", "xs:dateTime", opt=True),
                el("ReadReply", "xs:boolean", opt=True),
                el("EarliestDeliveryTime", "tns:relativeOrAbsoluteDateType", opt=True),
                _distribution,
                el("ContentClass", "tns:contentClassType", opt=True, when=only(R6_4)),
                el("DRMContent", "xs:boolean", opt=True, when=only(R6_4)),
                *_application_ids(only(R6_4)),
                el("Content", "tns:contentReferenceType", opt=True),
            ),
        ),
    ),
    complex_type(
        "extendedreplaceReqType",
        seq(
            el("MM7Version", "tns:versionType"),
            el("VASPID", "tns:entityIDType", opt=True),
            el("VASID", "tns:entityIDType", opt=True),
            el("ServiceCode", "tns:serviceCodeType", opt=True),
            el("ReplaceID", "tns:messageIDType", opt=True),
            el("TimeStamp", "xs:dateTime", opt=True),
            el("EarliestDeliveryTime", "tns:relativeOrAbsoluteDateType", opt=True),
            el("ExpiryDate", "tns:relativeOrAbsoluteDateType", opt=True),
            el("ReadReply", "xs:boolean", opt=True),
            el("DeliveryReport", "xs:boolean", opt=True),
            el("Content", "tns:contentReferenceType", opt=True),
        ),
        when=only(R6_4),
    ),
    complex_type(
        "extendedreplaceRspType",
        seq(
            el("MM7Version", "tns:versionType"),
            el("MessageID", "tns:messageIDType"),
            el("Status", "tns:extendedcancelresponseStatusType"),
        ),
        when=only(R6_4),
    ),
    complex_type(
        "deliveryReportReqType",
        extends(
            "tns:genericRSReqType",
            seq(
                el("MessageID", "tns:messageIDType"),
                el("Recipient", "tns:addressType"),
                el("Sender", "tns:addressType"),
                # The report's date element flips between Date and TimeStamp across releases.
                switch(
                    (only("REL-5-MM7-1-4", R6_1), el("TimeStamp", "xs:dateTime")),
                    (ALL, el("Date", "xs:dateTime")),
                ),
                el("MMStatus", "tns:mmDeliveryStatusType"),
                el("MMStatusExtension", "tns:MMStatusExtensionType", opt=True, when=since(R6_0)),
                el("StatusText", "xs:string", opt=True),
                *_application_ids(only(R6_4)),
                el("UACapabilities", "tns:capabilitiesType", opt=True, when=only(R6_4)),
            ),
        ),
    ),
    complex_type(
        "readReplyReqType",
        extends(
            "tns:genericRSReqType",
            seq(
                el("MessageID", "tns:messageIDType"),
                el("Recipient", "tns:addressType"),
                el("Sender", "tns:addressType"),
                el("TimeStamp", "xs:dateTime"),
                el("MMStatus", "tns:mmReadStatusType"),
                el("StatusText", "xs:string", opt=True),
                *_application_ids(only(R6_4)),
            ),
        ),
    ),
    complex_type(
        "genericRSReqType",
        seq(
            el("MM7Version", "tns:versionType"),
            el("MMSRelayServerID", "tns:entityIDType", opt=True),
        ),
        doc="Base of every request from the MMSC (Relay/Server) to the VASP",
    ),
    complex_type(
        "genericVASPRequestType",
        seq(
            el("MM7Version", "tns:versionType"),
            el("SenderIdentification", "tns:senderIDType"),
        ),
        doc="Base of every request from the VASP to the MMSC",
    ),
    complex_type(
        "genericResponseType",
        seq(el("MM7Version", "tns:versionType"), el("Status", "tns:responseStatusType")),
        doc="A response that carries only a status",
    ),
    complex_type(
        "responseStatusType",
        all_(
            _STATUS_CODE,
            el("StatusText", "tns:statusTextType"),
            el("Details", "tns:anyDataType", opt=True),
        ),
    ),
    complex_type("extendedcancelresponseStatusType", all_(_STATUS_CODE), when=only(R6_4)),
    simple_type(
        "mmDeliveryStatusType",
        "xs:string",
        lambda release: [
            "Expired",
            "Retrieved",
            "Rejected",
            "Indeterminate",
            "Forwarded",
            *(["Unrecognised", "Deferred"] if release in since(R6_1) else []),
            *(["DeliveryConditionNotMet"] if release in since(R6_3) else []),
        ],
        doc="MMStatus values of a delivery report",
    ),
    simple_type(
        "mmReadStatusType",
        "xs:string",
        ["Indeterminate", "Read", "Deleted"],
        doc="MMStatus values of a read report",
    ),
    _id_type("messageIDType", "Message identifier assigned by the MMSC"),
    group(
        "AddressGroup",
        choice(
            _address_kind("RFC2822Address", lambda release: "xs:string"),
            _address_kind("Number", _id_base),
            _address_kind("ShortCode", _id_base),
        ),
    ),
    complex_type("multiAddressType", seq(group_ref("AddressGroup"), many=True)),
    complex_type("addressType", group_ref("AddressGroup")),
    attr_group(
        "addressSecurity",
        attr("addressCoding", "tns:addressCodingType"),
        attr("id", "xs:ID"),
        when=since(R6_0),
    ),
    simple_type("addressCodingType", "xs:string", ["encrypted", "obfuscated"], when=since(R6_0)),
    complex_type(
        "previouslySentByType",
        seq(el("UserAgent", "tns:userAgentInfoType", opt=True, many=True)),
        when=since(R6_0),
    ),
    complex_type(
        "previouslySentByDateTime",
        seq(el("DateTime", "tns:userAgentDateTimeType", opt=True, many=True)),
        when=since(R6_0),
    ),
    complex_type(
        "userAgentInfoType",
        extends("tns:addressType", attr("sequence", "xs:positiveInteger")),
        when=since(R6_0),
    ),
    complex_type(
        "userAgentDateTimeType",
        extends(
            "tns:relativeOrAbsoluteDateType", attr("sequence", "xs:positiveInteger"), simple=True
        ),
        when=since(R6_0),
    ),
    simple_type("serviceProviderIDType", "xs:string", when=since(R6_0)),
    simple_type("chargedPartyIDType", "xs:string", when=since(R6_0)),
    simple_type(
        "MMStatusExtensionType",
        "xs:string",
        ["RejectionByMMSRecipient", "RejectionByOtherRS"],
        when=since(R6_0),
    ),
    complex_type(
        "serviceCodeType",
        extends("xs:string", any_attribute("##other"), simple=True),
        doc="Service code, for billing",
    ),
    _id_type("entityIDType", "Identifies a VAS, a VASP or an MMSC"),
    complex_type(
        "recipientsType",
        seq(
            choice(
                el("To", "tns:multiAddressType"),
                el("Cc", "tns:multiAddressType"),
                el("Bcc", "tns:multiAddressType"),
            ),
            many=True,
        ),
    ),
    simple_type(
        "messageClassType", "xs:string", ["Personal", "Informational", "Advertisement", "Auto"]
    ),
    simple_type("priorityType", "xs:string", ["Normal", "High", "Low"]),
    union(
        "relativeOrAbsoluteDateType",
        "xs:dateTime xs:duration",
        doc="An absolute date-time or a duration from now",
    ),
    complex_type(
        "deliveryConditionType",
        seq(el("DC", "xs:positiveInteger", opt=True, many=True)),
        when=only(R6_4),
    ),
    simple_type(
        "chargedPartyType",
        "xs:string",
        lambda release: [
            "Sender",
            "Recipient",
            "Both",
            "Neither",
            *(["ThirdParty"] if release in since(R6_2) else []),
        ],
    ),
    simple_type(
        "contentClassType",
        "xs:string",
        [
            "text",
            "image-basic",
            "image-rich",
            "video-basic",
            "video-rich",
            "megapixel",
            "content-basic",
            "content-rich",
        ],
        when=only(R6_4),
    ),
    simple_type(
        "versionType", "xs:string", versions_of, doc="MM7Version values this release accepts"
    ),
    simple_type("statusCodeType", "xs:positiveInteger"),
    complex_type(
        "contentReferenceType",
        attr("href", "xs:anyURI", required=True),
        switch(
            (before(R6_1), attr("allowAdaptations", "xs:boolean")),
            (since(R6_1), attr("allowAdaptations", "xs:boolean", default="true")),
        ),
        doc="Reference (href) to the MIME part that holds the content",
    ),
    complex_type(
        "capabilitiesType",
        attr("UAProf", "xs:string"),
        attr("TimeStamp", "tns:relativeOrAbsoluteDateType"),
        when=only(R6_4),
    ),
    complex_type(
        "anyDataType",
        _node(
            "complexContent",
            {},
            [
                _node(
                    "restriction",
                    {"base": "xs:anyType"},
                    [seq(_node("any", {"processContents": "lax", **_occurs(0, None)}))],
                )
            ],
        ),
    ),
    simple_type("statusTextType", "xs:string"),
)


def build_schema(release: str) -> etree._Element:
    """The XSD of one release, as an lxml tree."""
    spec = next(spec for spec in RELEASES if spec.name == release)
    nsmap = {"xs": XS, "tns": spec.namespace, "soap": SOAP_ENV}
    root = etree.Element(
        f"{{{XS}}}schema",
        {
            "targetNamespace": spec.namespace,
            "elementFormDefault": "qualified",
            "attributeFormDefault": "unqualified",
        },
        nsmap=nsmap,
    )
    if release not in NMTOKEN_ERA:
        etree.SubElement(
            root, f"{{{XS}}}import", {"namespace": SOAP_ENV, "schemaLocation": ENVELOPE_FILE}
        )
    for node in GLOBALS:
        built = node(release)
        if built is not None:
            root.append(built)
    return root
