"""A JSON view of MM7 messages with the schema's own names, and its inverse.

An element with only text becomes its text; otherwise an object whose keys are child element
names (a repeated child becomes a list), ``@name`` for attributes and ``#text`` for text.
Children are grouped by name in first-appearance order, so the interleaving of different
repeated names (To, Cc, To) is not kept: encode writes them in schema order. A key that is no
XML name or a value XML cannot carry (a NUL) is an :class:`EncodeError` naming its path.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from mm7codec.errors import EncodeError
from mm7codec.xmlparse import local_name


def element_to_json(element: etree._Element) -> Any:
    children = [child for child in element if isinstance(child.tag, str)]
    text = (element.text or "").strip()
    if not children and not element.attrib:
        return element.text or ""
    view: dict[str, Any] = {f"@{etree.QName(k).localname}": v for k, v in element.attrib.items()}
    if text:
        view["#text"] = text
    for child in children:
        name = local_name(child)
        value = element_to_json(child)
        if name in view:
            existing = view[name]
            view[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            view[name] = value
    return view


def json_to_element(
    name: str, value: Any, namespace: str, *, where: str = "message"
) -> etree._Element:
    """The element ``value`` describes; EncodeError naming the path of what XML refuses."""
    try:
        element = etree.Element(f"{{{namespace}}}{name}")
    except ValueError as error:
        raise EncodeError(f"{where}: {name!r} is not an element name ({error})") from None
    _fill(element, value, namespace, f"{where}: {name}")
    return element


def _fill(element: etree._Element, value: Any, namespace: str, path: str) -> None:
    try:
        if not isinstance(value, dict):
            element.text = _text(value)
            return
        for key, item in value.items():
            if key.startswith("@"):
                element.set(key[1:], _text(item))
            elif key == "#text":
                element.text = _text(item)
            else:
                for one in item if isinstance(item, list) else [item]:
                    child = etree.SubElement(element, f"{{{namespace}}}{key}")
                    _fill(child, one, namespace, f"{path}.{key}")
    except ValueError as error:  # lxml: no XML name, or a character XML cannot carry
        raise EncodeError(f"{path}: {error}") from None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
