from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import ForwardRef

from xsdata.models.datatype import XmlDateTime, XmlDuration

__NAMESPACE__ = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


class MMStatusExtensionType(Enum):
    REJECTION_BY_MMSRECIPIENT = "RejectionByMMSRecipient"
    REJECTION_BY_OTHER_RS = "RejectionByOtherRS"


@dataclass(kw_only=True)
class TransactionID:
    """
    MM7 transaction identifier, carried in the SOAP Header.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"

    value: str = field(default="")
    must_understand: None | str = field(
        default=None,
        metadata={
            "name": "mustUnderstand",
            "type": "Attribute",
            "namespace": "http://schemas.xmlsoap.org/soap/envelope/",
            "pattern": r"0|1",
        },
    )
    encoding_style: list[str] = field(
        default_factory=list,
        metadata={
            "name": "encodingStyle",
            "type": "Attribute",
            "namespace": "http://schemas.xmlsoap.org/soap/envelope/",
            "tokens": True,
        },
    )
    actor: None | str = field(
        default=None,
        metadata={
            "type": "Attribute",
            "namespace": "http://schemas.xmlsoap.org/soap/envelope/",
        },
    )


class AddressCodingType(Enum):
    ENCRYPTED = "encrypted"
    OBFUSCATED = "obfuscated"


@dataclass(kw_only=True)
class AnyDataType:
    class Meta:
        name = "anyDataType"

    any_element: list[object] = field(
        default_factory=list,
        metadata={
            "type": "Wildcard",
            "namespace": "##any",
        },
    )


@dataclass(kw_only=True)
class CapabilitiesType:
    class Meta:
        name = "capabilitiesType"

    uaprof: None | str = field(
        default=None,
        metadata={
            "name": "UAProf",
            "type": "Attribute",
        },
    )
    time_stamp: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Attribute",
        },
    )


class ChargedPartyType(Enum):
    SENDER = "Sender"
    RECIPIENT = "Recipient"
    BOTH = "Both"
    NEITHER = "Neither"
    THIRD_PARTY = "ThirdParty"


class ContentClassType(Enum):
    TEXT = "text"
    IMAGE_BASIC = "image-basic"
    IMAGE_RICH = "image-rich"
    VIDEO_BASIC = "video-basic"
    VIDEO_RICH = "video-rich"
    MEGAPIXEL = "megapixel"
    CONTENT_BASIC = "content-basic"
    CONTENT_RICH = "content-rich"


@dataclass(kw_only=True)
class ContentReferenceType:
    """
    Reference (href) to the MIME part that holds the content.
    """

    class Meta:
        name = "contentReferenceType"

    href: str = field(
        metadata={
            "type": "Attribute",
        }
    )
    allow_adaptations: bool = field(
        default=True,
        metadata={
            "name": "allowAdaptations",
            "type": "Attribute",
        },
    )


@dataclass(kw_only=True)
class DeliveryConditionType:
    class Meta:
        name = "deliveryConditionType"

    dc: list[int] = field(
        default_factory=list,
        metadata={
            "name": "DC",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class ExtendedcancelresponseStatusType:
    class Meta:
        name = "extendedcancelresponseStatusType"

    status_code: int = field(
        metadata={
            "name": "StatusCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


class MessageClassType(Enum):
    PERSONAL = "Personal"
    INFORMATIONAL = "Informational"
    ADVERTISEMENT = "Advertisement"
    AUTO = "Auto"


class MmDeliveryStatusType(Enum):
    """
    MMStatus values of a delivery report.
    """

    EXPIRED = "Expired"
    RETRIEVED = "Retrieved"
    REJECTED = "Rejected"
    INDETERMINATE = "Indeterminate"
    FORWARDED = "Forwarded"
    UNRECOGNISED = "Unrecognised"
    DEFERRED = "Deferred"
    DELIVERY_CONDITION_NOT_MET = "DeliveryConditionNotMet"


class MmReadStatusType(Enum):
    """
    MMStatus values of a read report.
    """

    INDETERMINATE = "Indeterminate"
    READ = "Read"
    DELETED = "Deleted"


class PriorityType(Enum):
    NORMAL = "Normal"
    HIGH = "High"
    LOW = "Low"


@dataclass(kw_only=True)
class ServiceCodeType:
    """
    Service code, for billing.
    """

    class Meta:
        name = "serviceCodeType"

    value: str = field(default="")
    other_attributes: dict[str, str] = field(
        default_factory=dict,
        metadata={
            "type": "Attributes",
            "namespace": "##other",
        },
    )


@dataclass(kw_only=True)
class UserAgentDateTimeType:
    class Meta:
        name = "userAgentDateTimeType"

    value: XmlDateTime | XmlDuration = field()
    sequence: None | int = field(
        default=None,
        metadata={
            "type": "Attribute",
        },
    )


class VersionType(Enum):
    """
    MM7Version values this release accepts.
    """

    VALUE_6_8_0 = "6.8.0"
    VALUE_6_6_0 = "6.6.0"
    VALUE_6_5_0 = "6.5.0"
    VALUE_6_4_0 = "6.4.0"
    VALUE_6_3_0 = "6.3.0"
    VALUE_5_10_0 = "5.10.0"
    VALUE_5_8_0 = "5.8.0"
    VALUE_5_6_0 = "5.6.0"
    VALUE_5_5_0 = "5.5.0"
    VALUE_5_3_0 = "5.3.0"


@dataclass(kw_only=True)
class AddressType:
    class Meta:
        name = "addressType"

    rfc2822_address_or_number_or_short_code: (
        None | AddressType.RFC2822Address | AddressType.Number | AddressType.ShortCode
    ) = field(
        default=None,
        metadata={
            "type": "Elements",
            "choices": (
                {
                    "name": "RFC2822Address",
                    "type": ForwardRef("AddressType.RFC2822Address"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "Number",
                    "type": ForwardRef("AddressType.Number"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "ShortCode",
                    "type": ForwardRef("AddressType.ShortCode"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
            ),
        },
    )

    @dataclass(kw_only=True)
    class RFC2822Address:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )

    @dataclass(kw_only=True)
    class Number:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )

    @dataclass(kw_only=True)
    class ShortCode:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )


@dataclass(kw_only=True)
class ExtendedcancelRspType:
    class Meta:
        name = "extendedcancelRspType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    status: ExtendedcancelresponseStatusType = field(
        metadata={
            "name": "Status",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class ExtendedreplaceReqType:
    class Meta:
        name = "extendedreplaceReqType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    vaspid: None | str = field(
        default=None,
        metadata={
            "name": "VASPID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    vasid: None | str = field(
        default=None,
        metadata={
            "name": "VASID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    replace_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplaceID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    earliest_delivery_time: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "EarliestDeliveryTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    expiry_date: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "ExpiryDate",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    read_reply: None | bool = field(
        default=None,
        metadata={
            "name": "ReadReply",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    delivery_report: None | bool = field(
        default=None,
        metadata={
            "name": "DeliveryReport",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class ExtendedreplaceRspType:
    class Meta:
        name = "extendedreplaceRspType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    status: ExtendedcancelresponseStatusType = field(
        metadata={
            "name": "Status",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class GenericRSReqType:
    """
    Base of every request from the MMSC (Relay/Server) to the VASP.
    """

    class Meta:
        name = "genericRSReqType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    mmsrelay_server_id: None | str = field(
        default=None,
        metadata={
            "name": "MMSRelayServerID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class MultiAddressType:
    class Meta:
        name = "multiAddressType"

    rfc2822_address_or_number_or_short_code: list[
        MultiAddressType.RFC2822Address | MultiAddressType.Number | MultiAddressType.ShortCode
    ] = field(
        default_factory=list,
        metadata={
            "type": "Elements",
            "choices": (
                {
                    "name": "RFC2822Address",
                    "type": ForwardRef("MultiAddressType.RFC2822Address"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "Number",
                    "type": ForwardRef("MultiAddressType.Number"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "ShortCode",
                    "type": ForwardRef("MultiAddressType.ShortCode"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
            ),
        },
    )

    @dataclass(kw_only=True)
    class RFC2822Address:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )

    @dataclass(kw_only=True)
    class Number:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )

    @dataclass(kw_only=True)
    class ShortCode:
        value: str = field(default="")
        display_only: bool = field(
            default=False,
            metadata={
                "name": "displayOnly",
                "type": "Attribute",
            },
        )
        address_coding: None | AddressCodingType = field(
            default=None,
            metadata={
                "name": "addressCoding",
                "type": "Attribute",
            },
        )
        id: None | str = field(
            default=None,
            metadata={
                "type": "Attribute",
            },
        )


@dataclass(kw_only=True)
class PreviouslySentByDateTime:
    class Meta:
        name = "previouslySentByDateTime"

    date_time: list[UserAgentDateTimeType] = field(
        default_factory=list,
        metadata={
            "name": "DateTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class ResponseStatusType:
    class Meta:
        name = "responseStatusType"

    status_code: int = field(
        metadata={
            "name": "StatusCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    status_text: str = field(
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    details: None | AnyDataType = field(
        default=None,
        metadata={
            "name": "Details",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class DeliveryReportReqType(GenericRSReqType):
    class Meta:
        name = "deliveryReportReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    recipient: AddressType = field(
        metadata={
            "name": "Recipient",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    date: XmlDateTime = field(
        metadata={
            "name": "Date",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    mmstatus: MmDeliveryStatusType = field(
        metadata={
            "name": "MMStatus",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    mmstatus_extension: None | MMStatusExtensionType = field(
        default=None,
        metadata={
            "name": "MMStatusExtension",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    status_text: None | str = field(
        default=None,
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    uacapabilities: None | CapabilitiesType = field(
        default=None,
        metadata={
            "name": "UACapabilities",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class ExtendedCancelRsp(ExtendedcancelRspType):
    """
    MMSC to VASP: answer to extendedCancelReq.
    """

    class Meta:
        name = "extendedCancelRsp"
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ExtendedReplaceReq(ExtendedreplaceReqType):
    """
    VASP to MMSC: replace a message by its replace ID.
    """

    class Meta:
        name = "extendedReplaceReq"
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ExtendedReplaceRsp(ExtendedreplaceRspType):
    """
    MMSC to VASP: answer to extendedReplaceReq.
    """

    class Meta:
        name = "extendedReplaceRsp"
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class GenericResponseType:
    """
    A response that carries only a status.
    """

    class Meta:
        name = "genericResponseType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    status: ResponseStatusType = field(
        metadata={
            "name": "Status",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class ReadReplyReqType(GenericRSReqType):
    class Meta:
        name = "readReplyReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    recipient: AddressType = field(
        metadata={
            "name": "Recipient",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    time_stamp: XmlDateTime = field(
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    mmstatus: MmReadStatusType = field(
        metadata={
            "name": "MMStatus",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    status_text: None | str = field(
        default=None,
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class RecipientsType:
    class Meta:
        name = "recipientsType"

    to_or_cc_or_bcc: list[RecipientsType.To | RecipientsType.Cc | RecipientsType.Bcc] = field(
        default_factory=list,
        metadata={
            "type": "Elements",
            "choices": (
                {
                    "name": "To",
                    "type": ForwardRef("RecipientsType.To"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "Cc",
                    "type": ForwardRef("RecipientsType.Cc"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
                {
                    "name": "Bcc",
                    "type": ForwardRef("RecipientsType.Bcc"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
                },
            ),
        },
    )

    @dataclass(kw_only=True)
    class To(MultiAddressType):
        pass

    @dataclass(kw_only=True)
    class Cc(MultiAddressType):
        pass

    @dataclass(kw_only=True)
    class Bcc(MultiAddressType):
        pass


@dataclass(kw_only=True)
class SenderIDType:
    class Meta:
        name = "senderIDType"

    vaspid: None | str = field(
        default=None,
        metadata={
            "name": "VASPID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    vasid: None | str = field(
        default=None,
        metadata={
            "name": "VASID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    sender_address: None | AddressType = field(
        default=None,
        metadata={
            "name": "SenderAddress",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class UserAgentInfoType(AddressType):
    class Meta:
        name = "userAgentInfoType"

    sequence: None | int = field(
        default=None,
        metadata={
            "type": "Attribute",
        },
    )


@dataclass(kw_only=True)
class CancelRsp(GenericResponseType):
    """
    MMSC to VASP: answer to CancelReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class DeliveryReportReq(DeliveryReportReqType):
    """
    MMSC to VASP: delivery report for one recipient.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class DeliveryReportRsp(GenericResponseType):
    """
    VASP to MMSC: answer to a report.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class RSErrorRsp(GenericResponseType):
    """
    MMSC to VASP: error answer to any request.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ReadReplyReq(ReadReplyReqType):
    """
    MMSC to VASP: read report of one recipient.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ReadReplyRsp(GenericResponseType):
    """
    VASP to MMSC: answer to a read report.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ReplaceRsp(GenericResponseType):
    """
    MMSC to VASP: answer to ReplaceReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class VASPErrorRsp(GenericResponseType):
    """
    VASP to MMSC: error answer to any request.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class DeliverRspType(GenericResponseType):
    class Meta:
        name = "deliverRspType"

    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class GenericVASPRequestType:
    """
    Base of every request from the VASP to the MMSC.
    """

    class Meta:
        name = "genericVASPRequestType"

    mm7_version: VersionType = field(
        metadata={
            "name": "MM7Version",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    sender_identification: SenderIDType = field(
        metadata={
            "name": "SenderIdentification",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class PreviouslySentByType:
    class Meta:
        name = "previouslySentByType"

    user_agent: list[UserAgentInfoType] = field(
        default_factory=list,
        metadata={
            "name": "UserAgent",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class SubmitRspType(GenericResponseType):
    class Meta:
        name = "submitRspType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class DeliverRsp(DeliverRspType):
    """
    VASP to MMSC: answer to DeliverReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class SubmitRsp(SubmitRspType):
    """
    MMSC to VASP: answer to SubmitReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class CancelReqType(GenericVASPRequestType):
    class Meta:
        name = "cancelReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class DeliverReqType(GenericRSReqType):
    class Meta:
        name = "deliverReqType"

    vaspid: None | str = field(
        default=None,
        metadata={
            "name": "VASPID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    vasid: None | str = field(
        default=None,
        metadata={
            "name": "VASID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    linked_id: None | str = field(
        default=None,
        metadata={
            "name": "LinkedID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    recipients: None | RecipientsType = field(
        default=None,
        metadata={
            "name": "Recipients",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    previouslysentby: None | PreviouslySentByType = field(
        default=None,
        metadata={
            "name": "Previouslysentby",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    previouslysentdateandtime: None | PreviouslySentByDateTime = field(
        default=None,
        metadata={
            "name": "Previouslysentdateandtime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    sender_spi: None | str = field(
        default=None,
        metadata={
            "name": "SenderSPI",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    recipient_spi: None | str = field(
        default=None,
        metadata={
            "name": "RecipientSPI",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_charging_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyChargingID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    priority: None | PriorityType = field(
        default=None,
        metadata={
            "name": "Priority",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    subject: None | str = field(
        default=None,
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    uacapabilities: None | CapabilitiesType = field(
        default=None,
        metadata={
            "name": "UACapabilities",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class ExtendedcancelReqType(GenericVASPRequestType):
    class Meta:
        name = "extendedcancelReqType"

    cancel_id: str = field(
        metadata={
            "name": "CancelID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )


@dataclass(kw_only=True)
class ReplaceReqType(GenericVASPRequestType):
    class Meta:
        name = "replaceReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    read_reply: None | bool = field(
        default=None,
        metadata={
            "name": "ReadReply",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    earliest_delivery_time: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "EarliestDeliveryTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    distribution_indicator: None | bool = field(
        default=None,
        metadata={
            "name": "DistributionIndicator",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content_class: None | ContentClassType = field(
        default=None,
        metadata={
            "name": "ContentClass",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    drmcontent: None | bool = field(
        default=None,
        metadata={
            "name": "DRMContent",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )


@dataclass(kw_only=True)
class SubmitReqType(GenericVASPRequestType):
    class Meta:
        name = "submitReqType"

    recipients: RecipientsType = field(
        metadata={
            "name": "Recipients",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        }
    )
    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    linked_id: None | str = field(
        default=None,
        metadata={
            "name": "LinkedID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    message_class: None | MessageClassType = field(
        default=None,
        metadata={
            "name": "MessageClass",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_charging: None | SubmitReqType.ReplyCharging = field(
        default=None,
        metadata={
            "name": "ReplyCharging",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    earliest_delivery_time: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "EarliestDeliveryTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    expiry_date: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "ExpiryDate",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    delivery_report: None | bool = field(
        default=None,
        metadata={
            "name": "DeliveryReport",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    read_reply: None | bool = field(
        default=None,
        metadata={
            "name": "ReadReply",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    priority: None | PriorityType = field(
        default=None,
        metadata={
            "name": "Priority",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    subject: None | str = field(
        default=None,
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    charged_party: None | ChargedPartyType = field(
        default=None,
        metadata={
            "name": "ChargedParty",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    charged_party_id: None | str = field(
        default=None,
        metadata={
            "name": "ChargedPartyID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    distribution_indicator: None | bool = field(
        default=None,
        metadata={
            "name": "DistributionIndicator",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    delivery_condition: None | DeliveryConditionType = field(
        default=None,
        metadata={
            "name": "DeliveryCondition",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    reply_applic_id: None | str = field(
        default=None,
        metadata={
            "name": "ReplyApplicID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    aux_applic_info: None | str = field(
        default=None,
        metadata={
            "name": "AuxApplicInfo",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content_class: None | ContentClassType = field(
        default=None,
        metadata={
            "name": "ContentClass",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    drmcontent: None | bool = field(
        default=None,
        metadata={
            "name": "DRMContent",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        },
    )

    @dataclass(kw_only=True)
    class ReplyCharging:
        reply_charging_size: None | int = field(
            default=None,
            metadata={
                "name": "replyChargingSize",
                "type": "Attribute",
            },
        )
        reply_deadline: None | XmlDateTime | XmlDuration = field(
            default=None,
            metadata={
                "name": "replyDeadline",
                "type": "Attribute",
            },
        )


@dataclass(kw_only=True)
class CancelReq(CancelReqType):
    """
    VASP to MMSC: cancel a submitted message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class DeliverReq(DeliverReqType):
    """
    MMSC to VASP: deliver a multimedia message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ReplaceReq(ReplaceReqType):
    """
    VASP to MMSC: replace a submitted message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class SubmitReq(SubmitReqType):
    """
    VASP to MMSC: submit a multimedia message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"


@dataclass(kw_only=True)
class ExtendedCancelReq(ExtendedcancelReqType):
    """
    VASP to MMSC: cancel a message by its cancel ID.
    """

    class Meta:
        name = "extendedCancelReq"
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"
