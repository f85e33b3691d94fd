"""Build minimal instances of generated MM7 classes from the bindings' own metadata.

Required fields get the simplest schema-valid value of their type; optional ones keep their
defaults. One fact the metadata lacks: a repeated xs:choice (recipients, addresses) loses its
minOccurs, and in MM7 every such choice needs at least one member, so one is always built.
"""

from __future__ import annotations

import enum
from typing import Any

from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.models.elements import XmlVar
from xsdata.models.datatype import XmlDate, XmlDateTime, XmlDuration

CONTEXT = XmlContext()


def simple_value(tp: type[Any]) -> Any:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    if tp is bool:
        return True
    if tp is int:
        return 1
    if tp is XmlDateTime:
        return XmlDateTime.from_string("2026-11-23T10:00:00Z")
    if tp is XmlDate:
        return XmlDate.from_string("2026-11-23")
    if tp is XmlDuration:
        return XmlDuration("P1D")
    if tp is str:
        return "x1"
    raise TypeError(f"no minimal value for {tp!r}")


def _value_for(var: XmlVar) -> Any:
    if var.is_elements:
        choice = _value_for(next(iter(var.elements.values())))
        return [choice] if var.list_element else choice
    tp = var.types[0]
    return minimal(tp) if CONTEXT.class_type.is_model(tp) else simple_value(tp)


def minimal(cls: type[Any]) -> Any:
    """The smallest schema-valid instance of a generated class."""
    meta = CONTEXT.build(cls)
    values: dict[str, Any] = {}
    for var in meta.get_all_vars():
        if var.is_text:
            tp = var.types[0]
            values[var.name] = simple_value(tp)
        elif var.is_elements or var.required:
            values[var.name] = _value_for(var)
    return cls(**values)
