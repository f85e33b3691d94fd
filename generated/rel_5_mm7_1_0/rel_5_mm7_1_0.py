from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import ForwardRef

from xsdata.models.datatype import XmlDateTime, XmlDuration

__NAMESPACE__ = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class TransactionID:
    """
    MM7 transaction identifier, carried in the SOAP Header.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"

    value: str = field(default="")


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
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "Number",
                    "type": ForwardRef("AddressType.Number"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "ShortCode",
                    "type": ForwardRef("AddressType.ShortCode"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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


class ChargedPartyType(Enum):
    SENDER = "Sender"
    RECIPIENT = "Recipient"
    BOTH = "Both"
    NEITHER = "Neither"


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
    allow_adaptations: None | bool = field(
        default=None,
        metadata={
            "name": "allowAdaptations",
            "type": "Attribute",
        },
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


class MmReadStatusType(Enum):
    """
    MMStatus values of a read report.
    """

    INDETERMINATE = "Indeterminate"
    READ = "Read"
    DELETED = "Deleted"


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
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "Number",
                    "type": ForwardRef("MultiAddressType.Number"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "ShortCode",
                    "type": ForwardRef("MultiAddressType.ShortCode"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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


class PriorityType(Enum):
    NORMAL = "Normal"
    HIGH = "High"
    LOW = "Low"


@dataclass(kw_only=True)
class SenderIDType:
    class Meta:
        name = "senderIDType"

    vaspid: None | str = field(
        default=None,
        metadata={
            "name": "VASPID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    vasid: None | str = field(
        default=None,
        metadata={
            "name": "VASID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    sender_address: None | str = field(
        default=None,
        metadata={
            "name": "SenderAddress",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )


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


class VersionType(Enum):
    """
    MM7Version values this release accepts.
    """

    VALUE_5_3_0 = "5.3.0"


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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    mmsrelay_server_id: None | str = field(
        default=None,
        metadata={
            "name": "MMSRelayServerID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    sender_identification: SenderIDType = field(
        metadata={
            "name": "SenderIdentification",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
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
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "Cc",
                    "type": ForwardRef("RecipientsType.Cc"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
                },
                {
                    "name": "Bcc",
                    "type": ForwardRef("RecipientsType.Bcc"),
                    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
class ResponseStatusType:
    class Meta:
        name = "responseStatusType"

    status_code: int = field(
        metadata={
            "name": "StatusCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    status_text: str = field(
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    details: None | AnyDataType = field(
        default=None,
        metadata={
            "name": "Details",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )


@dataclass(kw_only=True)
class CancelReqType(GenericVASPRequestType):
    class Meta:
        name = "cancelReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )


@dataclass(kw_only=True)
class DeliverReqType(GenericRSReqType):
    class Meta:
        name = "deliverReqType"

    linked_id: None | str = field(
        default=None,
        metadata={
            "name": "LinkedID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    recipients: None | RecipientsType = field(
        default=None,
        metadata={
            "name": "Recipients",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    reply_charging_id: str = field(
        metadata={
            "name": "ReplyChargingID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    priority: None | PriorityType = field(
        default=None,
        metadata={
            "name": "Priority",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    subject: None | str = field(
        default=None,
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    recipient: AddressType = field(
        metadata={
            "name": "Recipient",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    date: XmlDateTime = field(
        metadata={
            "name": "Date",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    mmstatus: MmDeliveryStatusType = field(
        metadata={
            "name": "MMStatus",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    status_text: None | str = field(
        default=None,
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )


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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    status: ResponseStatusType = field(
        metadata={
            "name": "Status",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    recipient: AddressType = field(
        metadata={
            "name": "Recipient",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    sender: AddressType = field(
        metadata={
            "name": "Sender",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    time_stamp: XmlDateTime = field(
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    mmstatus: MmReadStatusType = field(
        metadata={
            "name": "MMStatus",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    status_text: None | str = field(
        default=None,
        metadata={
            "name": "StatusText",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )


@dataclass(kw_only=True)
class ReplaceReqType(GenericVASPRequestType):
    class Meta:
        name = "replaceReqType"

    message_id: str = field(
        metadata={
            "name": "MessageID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    read_reply: None | bool = field(
        default=None,
        metadata={
            "name": "ReadReply",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    earliest_delivery_time: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "EarliestDeliveryTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    distribution_protection: None | bool = field(
        default=None,
        metadata={
            "name": "DistributionProtection",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        }
    )
    service_code: None | ServiceCodeType = field(
        default=None,
        metadata={
            "name": "ServiceCode",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    linked_id: None | str = field(
        default=None,
        metadata={
            "name": "LinkedID",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    message_class: None | MessageClassType = field(
        default=None,
        metadata={
            "name": "MessageClass",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    time_stamp: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "TimeStamp",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    reply_charging: None | SubmitReqType.ReplyCharging = field(
        default=None,
        metadata={
            "name": "ReplyCharging",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    earliest_delivery_time: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "EarliestDeliveryTime",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    expiry_date: None | XmlDateTime | XmlDuration = field(
        default=None,
        metadata={
            "name": "ExpiryDate",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    delivery_report: None | bool = field(
        default=None,
        metadata={
            "name": "DeliveryReport",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    read_reply: None | bool = field(
        default=None,
        metadata={
            "name": "ReadReply",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    priority: None | PriorityType = field(
        default=None,
        metadata={
            "name": "Priority",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    subject: None | str = field(
        default=None,
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    charged_party: None | ChargedPartyType = field(
        default=None,
        metadata={
            "name": "ChargedParty",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    distribution_protection: None | bool = field(
        default=None,
        metadata={
            "name": "DistributionProtection",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
        },
    )
    content: None | ContentReferenceType = field(
        default=None,
        metadata={
            "name": "Content",
            "type": "Element",
            "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0",
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
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class CancelRsp(GenericResponseType):
    """
    MMSC to VASP: answer to CancelReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class DeliverReq(DeliverReqType):
    """
    MMSC to VASP: deliver a multimedia message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class DeliveryReportReq(DeliveryReportReqType):
    """
    MMSC to VASP: delivery report for one recipient.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class DeliveryReportRsp(GenericResponseType):
    """
    VASP to MMSC: answer to a report.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class RSErrorRsp(GenericResponseType):
    """
    MMSC to VASP: error answer to any request.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class ReadReplyReq(ReadReplyReqType):
    """
    MMSC to VASP: read report of one recipient.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class ReadReplyRsp(GenericResponseType):
    """
    VASP to MMSC: answer to a read report.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class ReplaceReq(ReplaceReqType):
    """
    VASP to MMSC: replace a submitted message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class ReplaceRsp(GenericResponseType):
    """
    MMSC to VASP: answer to ReplaceReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class SubmitReq(SubmitReqType):
    """
    VASP to MMSC: submit a multimedia message.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class VASPErrorRsp(GenericResponseType):
    """
    VASP to MMSC: error answer to any request.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class DeliverRspType(GenericResponseType):
    class Meta:
        name = "deliverRspType"


@dataclass(kw_only=True)
class SubmitRspType(GenericResponseType):
    class Meta:
        name = "submitRspType"


@dataclass(kw_only=True)
class DeliverRsp(DeliverRspType):
    """
    VASP to MMSC: answer to DeliverReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"


@dataclass(kw_only=True)
class SubmitRsp(SubmitRspType):
    """
    MMSC to VASP: answer to SubmitReq.
    """

    class Meta:
        namespace = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0"
