"""Convert a message between MM7 releases, and negotiate which release to speak.

Conversion is driven by the bindings' own metadata: every field of the source instance is
mapped by its XML local name onto the field of the target class at the same place, nested
classes recursively (each release has its own nested classes), enumerations by value. The
only names it knows are the few elements MM7 renamed between releases (``releases.RENAMED``)
and MM7Version, which is re-chosen rather than copied when the target does not accept it.

A field the target cannot carry (it has no such element, or the value is not representable,
e.g. an MMStatus the target enumeration lacks, or a value the target's schema narrows, e.g. a
MessageID with a space where REL-5-MM7-1-0 wants an xs:NMTOKEN) is an error naming its path,
or with ``drop=True`` is left out and reported. A field the target requires and the source
lacks is always an error: the result would not be a valid message.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.models.elements import XmlVar
from xsdata.formats.dataclass.models.generics import DerivedElement
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.handlers import LxmlEventHandler

from mm7codec.bind import parse_literally
from mm7codec.codec import message_element, release_of
from mm7codec.errors import ConversionError, UnknownRelease
from mm7codec.peers import PeerProfile
from mm7codec.releases import Registry, Release, default_registry, renamed
from mm7codec.xmlparse import line_of, local_name

__all__ = [
    "NoCommonRelease",
    "PeerProfile",
    "convert",
    "default_version",
    "message_name",
    "negotiate",
    "reply_release",
]

_CONTEXT = XmlContext()
_PARSER = XmlParser(context=_CONTEXT, handler=LxmlEventHandler)
_VERSION = "MM7Version"
_TEXT = "#text"


class NoCommonRelease(UnknownRelease, ConversionError):
    """Two peers accept no release in common."""


class _Unmappable(Exception):
    """A value has no representation in the target type."""


def _release(target: Release | str, registry: Registry) -> Release:
    return target if isinstance(target, Release) else registry.get(target)


def _local(qname: str) -> str:
    return qname.rsplit("}", 1)[-1]


def _key(var: XmlVar) -> str:
    if var.is_text:
        return _TEXT
    if var.is_attribute:
        return "@" + var.local_name
    if var.is_attributes:
        return "@*"
    if var.is_wildcard:
        return "*"
    return var.local_name


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _is_default(var: XmlVar, value: Any) -> bool:
    """The value the field has when the document leaves it out (absent means the same)."""
    return var.default is not None and not callable(var.default) and value == var.default


@dataclass
class _Target:
    """Where a source field lands: the target field and, for a choice, the chosen member."""

    var: XmlVar
    member: XmlVar


class _Converter:
    def __init__(self, source: Release, target: Release) -> None:
        self.source = source
        self.target = target
        self.lost: list[str] = []
        self.missing: list[str] = []

    # -- models ---------------------------------------------------------------------------

    def model(self, obj: Any, cls: type[Any], path: str) -> Any:
        source_meta = _CONTEXT.build(type(obj))
        target_meta = _CONTEXT.build(cls)
        owner = _local(str(target_meta.qname))
        targets: dict[str, _Target] = {}
        for var in target_meta.get_all_vars():
            if var.is_elements:
                for member in var.elements.values():
                    targets[member.local_name] = _Target(var, member)
            else:
                targets[_key(var)] = _Target(var, var)
        values: dict[str, Any] = {}
        for var in source_meta.get_all_vars():
            value = getattr(obj, var.name)
            if _is_empty(value):
                continue
            if var.is_elements:
                items = value if isinstance(value, list) else [value]
                for item in items:
                    self.choice_item(var, item, targets, owner, path, values)
                continue
            key = _key(var)
            where = path if key == _TEXT else f"{path}/{key}"
            found = self.lookup(targets, owner, key)
            if found is None:
                if not _is_default(var, value):
                    self.lost.append(where)
                continue
            if var.is_attributes or var.is_wildcard:
                values[found.var.name] = value
            elif var.list_element:
                converted = [
                    self.value(item, found.var, f"{where}[{index}]")
                    for index, item in enumerate(value)
                ]
                values[found.var.name] = [item for item in converted if item is not _LOST]
            else:
                values[found.var.name] = self.value(value, found.var, where)
        values = {name: value for name, value in values.items() if value is not _LOST}
        for var in target_meta.get_all_vars():
            if var.required and var.name not in values:
                key = var.local_name if var.is_elements else _key(var)
                self.missing.append(path if key == _TEXT else f"{path}/{key}")
                values[var.name] = None
        return cls(**values)

    def lookup(self, targets: dict[str, _Target], owner: str, key: str) -> _Target | None:
        if key in targets:
            return targets[key]
        other = renamed(owner, key)
        return targets.get(other) if other is not None else None

    def choice_item(
        self,
        var: XmlVar,
        item: Any,
        targets: dict[str, _Target],
        owner: str,
        path: str,
        values: dict[str, Any],
    ) -> None:
        if isinstance(item, DerivedElement):
            name, item = _local(item.qname), item.value
        else:
            name = next(
                (m.local_name for m in var.elements.values() if type(item) in m.types),
                type(item).__name__,
            )
        where = f"{path}/{name}"
        found = self.lookup(targets, owner, name)
        if found is None:
            self.lost.append(where)
            return
        converted = self.value(item, found.member, where)
        if converted is _LOST:
            return
        if found.var.list_element:
            values.setdefault(found.var.name, []).append(converted)
        else:
            values[found.var.name] = converted

    # -- values ---------------------------------------------------------------------------

    def value(self, value: Any, var: XmlVar, path: str) -> Any:
        """The value in the target field's type, or _LOST (recorded) when it has none."""
        if isinstance(value, DerivedElement):  # an xsi:type'd value: convert what it holds
            value = value.value
        if var.local_name == _VERSION and not var.is_attribute:
            return self.version(value, var)
        try:
            return self.simple_or_model(value, var.types, path)
        except _Unmappable:
            self.lost.append(path)
            return _LOST

    def simple_or_model(self, value: Any, types: Sequence[type[Any]], path: str) -> Any:
        if _CONTEXT.class_type.is_model(value):
            model = next((tp for tp in types if _CONTEXT.class_type.is_model(tp)), None)
            if model is not None:
                return self.model(value, model, path)
            return self.simple_or_model(_text_of(value), types, path)
        raw = value.value if isinstance(value, enum.Enum) else value
        for tp in types:
            if isinstance(tp, type) and issubclass(tp, enum.Enum):
                try:
                    return tp(raw)
                except ValueError:
                    continue
            elif tp is not object and isinstance(raw, tp) and not isinstance(raw, enum.Enum):
                if tp is not bool and isinstance(raw, bool):
                    continue
                return raw
        raise _Unmappable(path)

    def version(self, value: Any, var: XmlVar) -> Any:
        raw = value.value if isinstance(value, enum.Enum) else str(value)
        chosen = raw if self.target.accepts(raw) else self.target.newest_version
        enum_type = next(
            (tp for tp in var.types if isinstance(tp, type) and issubclass(tp, enum.Enum)), None
        )
        return enum_type(chosen) if enum_type is not None else chosen


_LOST: Any = object()


def _text_of(model: Any) -> Any:
    """The text of a model that carries nothing but text (an address in its one choice)."""
    meta = _CONTEXT.build(type(model))
    text: Any = None
    for var in meta.get_all_vars():
        value = getattr(model, var.name)
        if _is_empty(value) or _is_default(var, value):
            continue
        if var.is_text:
            text = value
        elif var.is_elements and not isinstance(value, list):
            inner = value.value if isinstance(value, DerivedElement) else value
            text = _text_of(inner) if _CONTEXT.class_type.is_model(inner) else inner
        else:
            raise _Unmappable(var.local_name)
    if text is None:
        raise _Unmappable(meta.qname)
    return text


def message_name(message: Any) -> str:
    """The global element a generated message instance is (SubmitReq, extendedCancelReq...)."""
    return _local(str(_CONTEXT.build(type(message)).qname))


def convert(
    message: Any,
    target: Release | str,
    *,
    drop: bool = False,
    registry: Registry | None = None,
) -> tuple[Any, list[str]]:
    """The same message in release ``target``, and the paths of the fields it dropped.

    Raises :class:`ConversionError` (``fields`` naming the paths) when the target has no
    such message, when a field the target requires is absent from the source, or, unless
    ``drop``, when the target cannot carry a field the source has.
    """
    registry = registry or default_registry()
    source = release_of(message, registry)
    destination = _release(target, registry)
    name = message_name(message)
    if name not in destination.messages:
        raise ConversionError(f"{destination.name} has no message {name}", fields=[name])
    converter = _Converter(source, destination)
    cls = destination.message_class(name)
    converted = converter.model(message, cls, name)
    if converter.missing:
        raise ConversionError(
            f"{destination.name} requires fields the {source.name} message lacks: "
            + ", ".join(converter.missing),
            fields=converter.missing,
        )
    document, misfits = _misfits(converted, destination)
    lost = [*converter.lost, *misfits]
    if lost and not drop:
        raise ConversionError(f"{destination.name} cannot carry: " + ", ".join(lost), fields=lost)
    if misfits:
        for element in misfits.values():
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        _, still = _misfits(document, destination)
        if still or not destination.schema.validate(document):
            required = sorted(misfits)
            raise ConversionError(
                f"{destination.name} requires fields whose values it cannot carry: "
                + ", ".join(required),
                fields=required,
            )
        converted = parse_literally(_PARSER, document, cls)
    return converted, lost


def _misfits(message: Any, release: Release) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The message as ``release``'s schema sees it, and the simple values the schema refuses
    by path: a value of a type the target narrowed (a MessageID "m 1" where REL-5-MM7-1-0
    wants an xs:NMTOKEN). Facets are the schema's; the bindings' metadata does not hold them."""
    element = message if isinstance(message, etree._Element) else message_element(message)
    document = etree.fromstring(etree.tostring(element, encoding="utf-8", pretty_print=True))
    if release.schema.validate(document):
        return document, {}
    by_line: dict[int, etree._Element] = {}
    for node in document.iter():
        if isinstance(node.tag, str) and line_of(node):
            by_line.setdefault(line_of(node), node)
    misfits: dict[str, etree._Element] = {}
    for error in cast(Iterable[Any], release.schema.error_log):
        found = by_line.get(error.line)
        if found is not None and not any(isinstance(child.tag, str) for child in found):
            misfits[_path(found)] = found
    return document, misfits


def _path(element: etree._Element) -> str:
    """Local names from the message down, indexed where a name repeats among siblings."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = local_name(node)
        parent = node.getparent()
        same = [] if parent is None else [c for c in parent if c.tag == node.tag]
        steps.append(f"{name}[{same.index(node)}]" if len(same) > 1 else name)
        node = parent
    return "/".join(reversed(steps))


# -- negotiation ----------------------------------------------------------------------------


def negotiate(
    ours: Iterable[str] | PeerProfile,
    theirs: PeerProfile,
    registry: Registry | None = None,
) -> Release:
    """The newest release both sides accept (names the registry does not know are ignored)."""
    registry = registry or default_registry()
    mine = ours.releases if isinstance(ours, PeerProfile) else tuple(ours)
    common = [
        registry.by_name(name) for name in set(mine) & set(theirs.releases) if name in registry
    ]
    if not common:
        raise NoCommonRelease(
            f"no release in common with {theirs.name}: ours {sorted(mine)}, "
            f"theirs {sorted(theirs.releases)}"
        )
    return max(common, key=lambda release: release.key)


def reply_release(request_release: Release | str, registry: Registry | None = None) -> Release:
    """The release to answer a request in: always the request's own."""
    return _release(request_release, registry or default_registry())


def default_version(release: Release | str, registry: Registry | None = None) -> str:
    """The MM7Version to write in a release: the newest it accepts."""
    return _release(release, registry or default_registry()).newest_version
