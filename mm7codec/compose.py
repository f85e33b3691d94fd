"""Compose MM7 requests from plain Python values, in any release.

``submit(to=["+1 774 319 9144"], sender="12345", subject="Hi", files=["cat.jpg"])`` gives the
typed SubmitReq of the chosen release and its attachments, ready for :func:`mm7codec.encode`.
Everything is read off the bindings' metadata: a keyword becomes the field of that name (or
the name another release gives it, ``releases.RENAMED``), a plain value becomes the field's
type (enumerations by value, datetimes, durations, addresses, nested types from dicts), and a
field the release does not have, or a value it cannot hold, is a :class:`ComposeError` naming
the field. No code here names a release.

Addresses are classed by their syntax: an ``@`` makes an e-mail address (RFC2822Address),
bare digits up to :data:`SHORT_CODE_MAX_DIGITS` long a short code, anything else a number;
:class:`Address` states the kind outright. A peer profile that wants international numbers
(:mod:`mm7codec.peers`) has each number normalised or refused (:func:`numbers.msisdn_to_send`).

Content: each part gets a generated Content-ID; several parts (or ``smil=True``) travel in one
multipart (multipart/related with a generated SMIL presentation as its start, else
multipart/mixed), and the message's Content href names that part or the single one, so it
always resolves. Media types come from file names (:mod:`mimetypes`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import mimetypes
import os
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from xsdata.formats.dataclass.models.elements import XmlVar
from xsdata.models.datatype import XmlDateTime, XmlDuration

from mm7codec.bind import CONTEXT
from mm7codec.codec import EncodedMessage, encode
from mm7codec.errors import ComposeError
from mm7codec.findings import Finding
from mm7codec.mime import Part, make_part
from mm7codec.numbers import msisdn_to_send
from mm7codec.peers import PeerProfile, get_peer
from mm7codec.releases import Registry, Release, default_registry, renamed, version_key
from mm7codec.transactions import new_transaction_id

__all__ = [
    "SHORT_CODE_MAX_DIGITS",
    "Address",
    "Composed",
    "Media",
    "cancel",
    "classify",
    "compose",
    "deliver",
    "delivery_report",
    "extended_cancel",
    "extended_replace",
    "read_reply",
    "replace",
    "smil_for",
    "submit",
]

AddressKind = Literal["Number", "RFC2822Address", "ShortCode"]
ADDRESS_KINDS: tuple[AddressKind, ...] = ("Number", "RFC2822Address", "ShortCode")

SHORT_CODE_MAX_DIGITS = 6
"""Bare digits up to this many are a short code (US, UK and most short codes have 4 to 6);
longer runs of digits are numbers. Use :class:`Address` to say otherwise."""

_OCTET_STREAM = "application/octet-stream"
_SMIL = "application/smil"
_SMIL_ELEMENT = {"image": "img", "text": "text", "audio": "audio", "video": "video"}


@dataclass(frozen=True)
class Address:
    """An address whose kind is stated, not guessed from its syntax."""

    value: str
    kind: AddressKind | None = None
    display_only: bool | None = None


@dataclass(frozen=True)
class Media:
    """One piece of content: its bytes, media type and (file) name.

    ``content_type`` None takes the type from ``name`` (:mod:`mimetypes`), else
    application/octet-stream; the name travels as the part's Content-Location.
    """

    data: bytes
    content_type: str | None = None
    name: str | None = None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], content_type: str | None = None) -> Media:
        source = Path(path)
        return cls(source.read_bytes(), content_type, source.name)

    @classmethod
    def text(cls, text: str, name: str | None = None) -> Media:
        return cls(text.encode("utf-8"), "text/plain; charset=utf-8", name)

    @property
    def media_type(self) -> str:
        if self.content_type:
            return self.content_type
        guessed = mimetypes.guess_type(self.name)[0] if self.name else None
        return guessed.lower() if guessed else _OCTET_STREAM  # mimetypes says "audio/AMR"


ContentItem = Media | Part | str


@dataclass(frozen=True)
class Composed:
    """A composed request: the typed message, its attachments, release and TransactionID."""

    message: Any
    attachments: tuple[Part, ...]
    release: Release
    transaction_id: str
    findings: tuple[Finding, ...] = ()

    @property
    def message_type(self) -> str:
        return str(getattr(type(self.message).Meta, "name", type(self.message).__name__))

    def encode(self, *, validate: bool = True) -> EncodedMessage:
        """Wire bytes (bare envelope, or SwA with the attachments) and their Content-Type."""
        return encode(
            self.message,
            transaction_id=self.transaction_id,
            attachments=self.attachments,
            validate=validate,
        )


def classify(text: str) -> AddressKind:
    """The kind of address ``text`` is by its syntax (see the module docstring)."""
    value = text.strip()
    if "@" in value:
        return "RFC2822Address"
    if value.isascii() and value.isdigit() and len(value) <= SHORT_CODE_MAX_DIGITS:
        return "ShortCode"
    return "Number"


# -- the engine: plain values into generated classes -------------------------------------------


@dataclass
class _Context:
    release: Release
    profile: PeerProfile
    default_country_code: str | None
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Recipients:
    """To, Cc and Bcc lists, built into the release's recipients type."""

    to: tuple[Any, ...]
    cc: tuple[Any, ...]
    bcc: tuple[Any, ...]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _owner(cls: type[Any]) -> str:
    return str(CONTEXT.build(cls).qname).rsplit("}", 1)[-1]


def _vars(cls: type[Any]) -> dict[str, XmlVar]:
    return {var.name: var for var in CONTEXT.build(cls).get_all_vars()}


def _field_for(cls: type[Any], key: str, variables: dict[str, XmlVar]) -> XmlVar | None:
    """The field ``key`` names: itself, or the field another release's name maps to."""
    if key in variables:
        return variables[key]
    owner = _owner(cls)
    for var in variables.values():
        other = renamed(owner, var.local_name)
        if other is not None and _snake(other) == key:
            return var
    return None


def _fill(cls: type[Any], values: Mapping[str, Any], path: str, ctx: _Context) -> Any:
    variables = _vars(cls)
    built: dict[str, Any] = {}
    unknown = []
    for key, value in values.items():
        var = _field_for(cls, key, variables)
        if var is None:
            unknown.append(key)
            continue
        if value is None:
            continue
        built[var.name] = _coerce(value, var, f"{path}/{var.local_name}", ctx)
    if unknown:
        fields = [f"{path}/{key}" for key in unknown]
        raise ComposeError(
            f"{ctx.release.name} cannot carry {', '.join(fields)}: {path} has no such field",
            fields=fields,
        )
    missing = [
        f
        for f in dataclasses.fields(cls)
        if f.name not in built
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        fields = [f"{path}/{variables[f.name].local_name}" for f in missing]
        named = ", ".join(f"{f.name} ({variables[f.name].local_name})" for f in missing)
        raise ComposeError(f"{ctx.release.name} {path} requires {named}", fields=fields)
    return cls(**built)


def _choice_members(var: XmlVar) -> dict[str, XmlVar]:
    return {member.local_name: member for member in var.elements.values()}


def _address_choice(cls: type[Any]) -> XmlVar | None:
    """The choice of RFC2822Address/Number/ShortCode an address type holds, if it is one."""
    for var in CONTEXT.build(cls).get_all_vars():
        if var.is_elements and set(_choice_members(var)) <= set(ADDRESS_KINDS):
            return var
    return None


def _address_text(value: Any, path: str, ctx: _Context) -> tuple[str, AddressKind, bool | None]:
    if isinstance(value, Address):
        text, kind, display = value.value, value.kind or classify(value.value), value.display_only
    elif isinstance(value, str):
        text, kind, display = value, classify(value), None
    else:
        raise ComposeError(f"{path}: an address is a str or Address, not {value!r}", fields=[path])
    if kind not in ADDRESS_KINDS:
        raise ComposeError(f"{path}: address kind {kind!r} is not one of {ADDRESS_KINDS}")
    text = text.strip()
    if kind == "Number" and ctx.profile.international_numbers:
        text, issue = msisdn_to_send(text, path, default_country_code=ctx.default_country_code)
        if issue is not None:
            ctx.findings.append(issue)
    return text, kind, display


def _address_item(choice: XmlVar, value: Any, path: str, ctx: _Context) -> Any:
    text, kind, display = _address_text(value, path, ctx)
    member = _choice_members(choice).get(kind)
    if member is None:
        raise ComposeError(f"{ctx.release.name} cannot carry a {kind} at {path}", fields=[path])
    cls = member.types[0]
    names = _vars(cls)
    values: dict[str, Any] = {"value": text}
    if display is not None:
        if "display_only" not in names:
            raise ComposeError(
                f"{ctx.release.name} cannot carry displayOnly at {path}/{kind}",
                fields=[f"{path}/{kind}/@displayOnly"],
            )
        values["display_only"] = display
    return cls(**values)


def _address(cls: type[Any], value: Any, path: str, ctx: _Context) -> Any:
    choice = _address_choice(cls)
    assert choice is not None
    if choice.list_element:
        items = [value] if isinstance(value, str | Address) else list(value)
        if not items:
            raise ComposeError(f"{path}: no address given", fields=[path])
        built = [_address_item(choice, item, path, ctx) for item in items]
        return cls(**{choice.name: built})
    return cls(**{choice.name: _address_item(choice, value, path, ctx)})


def _recipients(cls: type[Any], value: _Recipients, path: str, ctx: _Context) -> Any:
    choice = next(var for var in CONTEXT.build(cls).get_all_vars() if var.is_elements)
    members = _choice_members(choice)
    built = []
    for name, addresses in (("To", value.to), ("Cc", value.cc), ("Bcc", value.bcc)):
        if not addresses:
            continue
        member = members.get(name)
        if member is None:
            raise ComposeError(f"{ctx.release.name} has no {path}/{name}", fields=[path])
        built.append(_address(member.types[0], list(addresses), f"{path}/{name}", ctx))
    if not built:
        raise ComposeError(f"{path}: no recipient given (to, cc or bcc)", fields=[path])
    return cls(**{choice.name: built})


def _text_var(cls: type[Any]) -> XmlVar | None:
    return next((var for var in CONTEXT.build(cls).get_all_vars() if var.is_text), None)


def _coerce(value: Any, var: XmlVar, path: str, ctx: _Context) -> Any:
    scalar = isinstance(value, str | bytes | Mapping | _Recipients)
    if var.list_element and not scalar and isinstance(value, Iterable):
        return [_one(item, var, f"{path}[{i}]", ctx) for i, item in enumerate(value)]
    value = _one(value, var, path, ctx)
    return [value] if var.list_element else value


def _one(value: Any, var: XmlVar, path: str, ctx: _Context) -> Any:
    types = [tp for tp in var.types if tp is not object]
    if var.local_name == "SenderAddress" and types == [str]:  # a plain string in REL-5-MM7-1-0
        return _address_text(value, path, ctx)[0]
    if any(isinstance(tp, type) and isinstance(value, tp) for tp in types) and not (
        isinstance(value, bool) and bool not in types
    ):
        return value
    models = [tp for tp in types if CONTEXT.class_type.is_model(tp)]
    if models:
        return _model(models[0], value, path, ctx)
    return _simple(value, types, path, ctx)


def _model(cls: type[Any], value: Any, path: str, ctx: _Context) -> Any:
    if isinstance(value, _Recipients):
        return _recipients(cls, value, path, ctx)
    if _address_choice(cls) is not None:
        return _address(cls, value, path, ctx)
    if isinstance(value, Mapping):
        return _fill(cls, value, path, ctx)
    text = _text_var(cls)
    if text is not None:
        return cls(**{text.name: _simple(value, text.types, path, ctx)})
    raise ComposeError(
        f"{path}: cannot make a {cls.__name__} of {value!r}; give a dict of its fields",
        fields=[path],
    )


def _simple(value: Any, types: Sequence[type[Any]], path: str, ctx: _Context) -> Any:
    raw = value.value if isinstance(value, enum.Enum) else value
    for tp in types:
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            for member in tp:
                if member.value == raw or (
                    isinstance(raw, str) and str(member.value).lower() == raw.lower()
                ):
                    return member
        elif tp is XmlDateTime and isinstance(raw, dt.datetime):
            if raw.tzinfo is None:
                raise ComposeError(
                    f"{path}: {raw!r} has no time zone; give an aware datetime", fields=[path]
                )
            return XmlDateTime.from_datetime(raw)
        elif tp is XmlDuration and isinstance(raw, dt.timedelta):
            return _duration(raw)
        elif tp in (XmlDateTime, XmlDuration) and isinstance(raw, str):
            try:
                return tp.from_string(raw) if tp is XmlDateTime else XmlDuration(raw)
            except ValueError:
                continue
        elif tp in (bool, int, str) and type(raw) is tp:
            return raw
    wanted = ", ".join(getattr(tp, "__name__", str(tp)) for tp in types)
    choices = [
        str(member.value)
        for tp in types
        if isinstance(tp, type) and issubclass(tp, enum.Enum)
        for member in tp
    ]
    also = f" (one of {choices})" if choices else ""
    raise ComposeError(
        f"{ctx.release.name} cannot carry {value!r} at {path}: wants {wanted}{also}",
        fields=[path],
    )


def _duration(delta: dt.timedelta) -> XmlDuration:
    if delta <= dt.timedelta(0):
        raise ComposeError(f"a relative time must be positive, not {delta}")
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    clock += f"{secs}S" if secs else ""
    return XmlDuration(text + ("T" + clock if clock else ""))


# -- content -----------------------------------------------------------------------------------


def _content_id(index: int) -> str:
    return f"part{index}.{secrets.token_hex(6)}@mm7codec"


def _as_part(item: ContentItem, index: int) -> Part:
    if isinstance(item, Part):
        if item.content_id is None and not item.is_multipart:
            return dataclasses.replace(item, content_id=_content_id(index))
        return item
    media = Media.text(item) if isinstance(item, str) else item
    return make_part(
        media.media_type,
        media.data,
        content_id=_content_id(index),
        content_location=media.name,
    )


def smil_for(parts: Sequence[Part]) -> bytes:
    """A SMIL presentation showing ``parts`` one per slide (images above text)."""
    smil = etree.Element("smil")
    layout = etree.SubElement(etree.SubElement(smil, "head"), "layout")
    etree.SubElement(layout, "root-layout", width="100%", height="100%")
    etree.SubElement(layout, "region", id="Image", top="0%", left="0%", width="100%", height="70%")
    etree.SubElement(layout, "region", id="Text", top="70%", left="0%", width="100%", height="30%")
    body = etree.SubElement(smil, "body")
    for part in parts:
        par = etree.SubElement(body, "par", dur="5000ms")
        major = part.content_type.split("/", 1)[0]
        name = _SMIL_ELEMENT.get(major, "ref")
        attributes = {"src": f"cid:{part.content_id}"}
        if name in ("img", "video"):
            attributes["region"] = "Image"
        elif name == "text":
            attributes["region"] = "Text"
        etree.SubElement(par, name, attributes)
    return bytes(etree.tostring(smil, xml_declaration=True, encoding="UTF-8"))


def _content(items: Sequence[ContentItem], smil: bool) -> tuple[list[Part], str]:
    """The attachments and the Content-ID the Content href names."""
    parts = [_as_part(item, index) for index, item in enumerate(items, 1)]
    given_smil = [p for p in parts if p.content_type == _SMIL]
    if smil and not given_smil:
        media = [p for p in parts if not p.is_multipart]
        smil_part = make_part(
            f"{_SMIL}; charset=utf-8",
            smil_for(media),
            content_id=_content_id(0),
            content_location="presentation.smil",
        )
        parts.insert(0, smil_part)
        given_smil = [smil_part]
    if len(parts) == 1:
        only = parts[0]
        if only.content_id is None:
            raise ComposeError("the content part has no Content-ID for the href to name")
        return parts, only.content_id
    if given_smil:
        start = given_smil[0]
        ordered = [start, *(p for p in parts if p is not start)]
        container = make_part(
            "multipart/related",
            content_id=_content_id(len(parts) + 1),
            parts=ordered,
            parameters={"start": f"<{start.content_id}>"},
        )
    else:
        container = make_part(
            "multipart/mixed", content_id=_content_id(len(parts) + 1), parts=parts
        )
    assert container.content_id is not None
    return [container], container.content_id


# -- the public builders -----------------------------------------------------------------------


def _release(release: Release | str | None, profile: PeerProfile, registry: Registry) -> Release:
    if isinstance(release, Release):
        chosen = release
    elif release is None:
        chosen = profile.newest_release(registry)
    elif release in registry:
        chosen = registry.by_name(release)
    else:  # an MM7Version: the newest release accepting it
        chosen = registry.by_version(release)[0]
    if chosen.name not in profile.releases:
        raise ComposeError(
            f"peer {profile.name!r} does not take {chosen.name}"
            f" (it takes {', '.join(profile.releases)})",
            fields=["release"],
        )
    return chosen


def _message_class(release: Release, message_type: str) -> type[Any]:
    if message_type not in release.messages:
        raise ComposeError(f"{release.name} has no message {message_type}", fields=[message_type])
    return release.message_class(message_type)


def _version(release: Release, version: str | None, profile: PeerProfile) -> str:
    if version is None:
        chosen = profile.version_for(release)
        if chosen is None:
            raise ComposeError(f"peer {profile.name!r} takes no MM7Version of {release.name}")
        return chosen
    if not release.accepts(version):
        accepted = sorted(release.versions, key=version_key)
        raise ComposeError(
            f"{release.name} does not accept MM7Version {version} (it accepts {accepted})",
            fields=["MM7Version"],
        )
    if not profile.accepts_version(version):
        raise ComposeError(f"peer {profile.name!r} does not take MM7Version {version}")
    return version


def compose(
    message_type: str,
    *,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    parts: Sequence[ContentItem] = (),
    files: Sequence[str | os.PathLike[str]] = (),
    smil: bool = False,
    transaction_id: str | None = None,
    default_country_code: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """Any request (or message) of ``message_type``, its fields given by binding field name.

    ``release`` is a release name, a Release or an MM7Version (default: the newest release
    the profile takes); ``version`` the MM7Version to write (default: the newest the release
    and profile both take). ``parts`` and ``files`` become the content.
    """
    registry = registry or default_registry()
    peer = get_peer(profile)
    chosen = _release(release, peer, registry)
    if isinstance(release, str) and release not in registry and version is None:
        version = release  # an MM7Version named the release: write that version
    cls = _message_class(chosen, message_type)
    ctx = _Context(chosen, peer, default_country_code)
    values = dict(fields)
    attachments: list[Part] = []
    items: list[ContentItem] = [*parts, *(Media.from_file(path) for path in files)]
    if items:
        if "content" not in _vars(cls):
            raise ComposeError(
                f"{chosen.name} {message_type} carries no content", fields=[f"{message_type}"]
            )
        attachments, content_id = _content(items, smil)
        values["content"] = {"href": f"cid:{content_id}"}
    if "mm7_version" in _vars(cls):
        values["mm7_version"] = _version(chosen, version, peer)
    message = _fill(cls, values, message_type, ctx)
    return Composed(
        message,
        tuple(attachments),
        chosen,
        transaction_id or new_transaction_id(),
        tuple(ctx.findings),
    )


def _identify(
    message_type: str,
    release: Release | str | None,
    profile: PeerProfile | str | None,
    registry: Registry | None,
    vasp_id: str | None,
    vas_id: str | None,
    sender: Any,
    fields: dict[str, Any],
) -> None:
    """Put VASPID, VASID and sender where the message type keeps them in its release."""
    registry = registry or default_registry()
    peer = get_peer(profile)
    cls = _message_class(_release(release, peer, registry), message_type)
    variables = _vars(cls)
    if "sender_identification" in variables:
        if peer.vasp_id_required and not vasp_id:
            raise ComposeError(
                f"peer {peer.name!r} requires vasp_id (VASPID) on a {message_type}",
                fields=[f"{message_type}/SenderIdentification/VASPID"],
            )
        identification = {"vaspid": vasp_id, "vasid": vas_id, "sender_address": sender}
        fields["sender_identification"] = {k: v for k, v in identification.items() if v is not None}
        return
    fields.update({"vaspid": vasp_id, "vasid": vas_id, "sender": sender})


def _common(
    message_type: str,
    *,
    release: Release | str | None,
    profile: PeerProfile | str | None,
    registry: Registry | None,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    sender: Any = None,
    fields: dict[str, Any],
) -> dict[str, Any]:
    _identify(message_type, release, profile, registry, vasp_id, vas_id, sender, fields)
    return {key: value for key, value in fields.items() if value is not None}


def _listed(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str | Address) else tuple(value)


def submit(
    to: Any = (),
    *,
    cc: Any = (),
    bcc: Any = (),
    sender: str | Address | None = None,
    subject: str | None = None,
    parts: Sequence[ContentItem] = (),
    files: Sequence[str | os.PathLike[str]] = (),
    smil: bool = False,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    service_code: str | None = None,
    delivery_report: bool | None = True,
    read_reply: bool | None = None,
    priority: str | None = None,
    expiry: dt.datetime | dt.timedelta | str | None = None,
    earliest_delivery: dt.datetime | dt.timedelta | str | None = None,
    linked_id: str | None = None,
    transaction_id: str | None = None,
    default_country_code: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A SubmitReq (VASP to MMSC): recipients, sender, subject, content and options."""
    values = _common(
        "SubmitReq",
        release=release,
        profile=profile,
        registry=registry,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        fields={
            "recipients": _Recipients(_listed(to), _listed(cc), _listed(bcc)),
            "subject": subject,
            "service_code": service_code,
            "delivery_report": delivery_report,
            "read_reply": read_reply,
            "priority": priority,
            "expiry_date": expiry,
            "earliest_delivery_time": earliest_delivery,
            "linked_id": linked_id,
            **fields,
        },
    )
    return compose(
        "SubmitReq",
        release=release,
        version=version,
        profile=profile,
        parts=parts,
        files=files,
        smil=smil,
        transaction_id=transaction_id,
        default_country_code=default_country_code,
        registry=registry,
        **values,
    )


def deliver(
    to: Any = (),
    *,
    sender: str | Address,
    cc: Any = (),
    bcc: Any = (),
    subject: str | None = None,
    parts: Sequence[ContentItem] = (),
    files: Sequence[str | os.PathLike[str]] = (),
    smil: bool = False,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    linked_id: str | None = None,
    priority: str | None = None,
    time_stamp: dt.datetime | str | None = None,
    transaction_id: str | None = None,
    default_country_code: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A DeliverReq (MMSC to VASP): an MO message from ``sender`` to the VASP's ``to``."""
    recipients = _Recipients(_listed(to), _listed(cc), _listed(bcc))
    values = _common(
        "DeliverReq",
        release=release,
        profile=profile,
        registry=registry,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        fields={
            "recipients": recipients if recipients.to or recipients.cc or recipients.bcc else None,
            "subject": subject,
            "linked_id": linked_id,
            "priority": priority,
            "time_stamp": time_stamp,
            **fields,
        },
    )
    return compose(
        "DeliverReq",
        release=release,
        version=version,
        profile=profile,
        parts=parts,
        files=files,
        smil=smil,
        transaction_id=transaction_id,
        default_country_code=default_country_code,
        registry=registry,
        **values,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def delivery_report(
    message_id: str,
    *,
    recipient: str | Address,
    sender: str | Address,
    status: str = "Retrieved",
    date: dt.datetime | str | None = None,
    status_text: str | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    default_country_code: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A DeliveryReportReq (MMSC to VASP): what became of ``message_id`` for ``recipient``.

    ``date`` (default: now) lands in Date or TimeStamp, whichever the release calls it.
    """
    values = {
        "message_id": message_id,
        "recipient": recipient,
        "sender": sender,
        "mmstatus": status,
        "date": date or _now(),
        "status_text": status_text,
        **fields,
    }
    return compose(
        "DeliveryReportReq",
        release=release,
        version=version,
        profile=profile,
        transaction_id=transaction_id,
        default_country_code=default_country_code,
        registry=registry,
        **{key: value for key, value in values.items() if value is not None},
    )


def read_reply(
    message_id: str,
    *,
    recipient: str | Address,
    sender: str | Address,
    status: str = "Read",
    time_stamp: dt.datetime | str | None = None,
    status_text: str | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    default_country_code: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A ReadReplyReq (MMSC to VASP): whether ``recipient`` read ``message_id``."""
    values = {
        "message_id": message_id,
        "recipient": recipient,
        "sender": sender,
        "mmstatus": status,
        "time_stamp": time_stamp or _now(),
        "status_text": status_text,
        **fields,
    }
    return compose(
        "ReadReplyReq",
        release=release,
        version=version,
        profile=profile,
        transaction_id=transaction_id,
        default_country_code=default_country_code,
        registry=registry,
        **{key: value for key, value in values.items() if value is not None},
    )


def _vasp_request(
    message_type: str,
    *,
    release: Release | str | None,
    version: str | None,
    profile: PeerProfile | str | None,
    vasp_id: str | None,
    vas_id: str | None,
    sender: str | Address | None,
    parts: Sequence[ContentItem],
    files: Sequence[str | os.PathLike[str]],
    smil: bool,
    transaction_id: str | None,
    registry: Registry | None,
    fields: dict[str, Any],
) -> Composed:
    values = _common(
        message_type,
        release=release,
        profile=profile,
        registry=registry,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        fields=fields,
    )
    return compose(
        message_type,
        release=release,
        version=version,
        profile=profile,
        parts=parts,
        files=files,
        smil=smil,
        transaction_id=transaction_id,
        registry=registry,
        **values,
    )


def cancel(
    message_id: str,
    *,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    sender: str | Address | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A CancelReq (VASP to MMSC): withdraw ``message_id`` before it is delivered."""
    return _vasp_request(
        "CancelReq",
        release=release,
        version=version,
        profile=profile,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        parts=(),
        files=(),
        smil=False,
        transaction_id=transaction_id,
        registry=registry,
        fields={"message_id": message_id, **fields},
    )


def replace(
    message_id: str,
    *,
    parts: Sequence[ContentItem] = (),
    files: Sequence[str | os.PathLike[str]] = (),
    smil: bool = False,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    sender: str | Address | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """A ReplaceReq (VASP to MMSC): new content for ``message_id`` not yet delivered."""
    return _vasp_request(
        "ReplaceReq",
        release=release,
        version=version,
        profile=profile,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        parts=parts,
        files=files,
        smil=smil,
        transaction_id=transaction_id,
        registry=registry,
        fields={"message_id": message_id, **fields},
    )


def extended_cancel(
    cancel_id: str,
    *,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    sender: str | Address | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """An extendedCancelReq (REL-6-MM7-1-4 on): cancel a message even once delivered."""
    return _vasp_request(
        "extendedCancelReq",
        release=release,
        version=version,
        profile=profile,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=sender,
        parts=(),
        files=(),
        smil=False,
        transaction_id=transaction_id,
        registry=registry,
        fields={"cancel_id": cancel_id, **fields},
    )


def extended_replace(
    replace_id: str,
    *,
    parts: Sequence[ContentItem] = (),
    files: Sequence[str | os.PathLike[str]] = (),
    smil: bool = False,
    vasp_id: str | None = None,
    vas_id: str | None = None,
    release: Release | str | None = None,
    version: str | None = None,
    profile: PeerProfile | str | None = None,
    transaction_id: str | None = None,
    registry: Registry | None = None,
    **fields: Any,
) -> Composed:
    """An extendedReplaceReq (REL-6-MM7-1-4 on): replace a message even once delivered."""
    return _vasp_request(
        "extendedReplaceReq",
        release=release,
        version=version,
        profile=profile,
        vasp_id=vasp_id,
        vas_id=vas_id,
        sender=None,
        parts=parts,
        files=files,
        smil=smil,
        transaction_id=transaction_id,
        registry=registry,
        fields={"replace_id": replace_id, **fields},
    )
