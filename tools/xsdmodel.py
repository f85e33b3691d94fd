"""The content models of a release schema, read for generated code and test strategies.

A release schema and the schemas it imports, read into what each generated class may hold:
the XSD type under each element and attribute (the bindings only know the Python type),
facets and enumerations, minOccurs/maxOccurs multiplied through nested sequences, choices
and groups, attribute use and defaults. ``tools/fastpath.py`` emits the encoder's checks
from it; ``tests/strategies.py`` draws schema-valid instances from it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from mm7codec.bind import CONTEXT
from mm7codec.releases import Release, default_registry

XS = "http://www.w3.org/2001/XMLSchema"

# Builtin types: (kind, lower bound, upper bound) for the integers; the kind names the
# lexical space a strategy draws from.
_INTEGERS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_STRINGS = {"string", "normalizedString", "token", "NMTOKEN", "Name", "NCName", "ID", "IDREF"}
_OTHERS = {"boolean", "anyURI", "dateTime", "duration", "date", "anySimpleType"}


@dataclass(frozen=True)
class SimpleSpec:
    """What the schema allows for a simple value: the builtin at the root and the facets."""

    builtin: str  # an XSD builtin local name, "union" or "list"
    enumeration: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # each must match (one per derivation step)
    min_length: int | None = None
    max_length: int | None = None
    lower: int | None = None  # integer bounds, inclusive
    upper: int | None = None
    members: tuple[SimpleSpec, ...] = ()  # union members, or the list item type

    def restrict(self, facets: etree._Element) -> SimpleSpec:
        """This type narrowed by the facets of one xs:restriction."""
        enumeration = tuple(
            str(f.get("value")) for f in facets if _is(f, "enumeration") and f.get("value")
        )
        patterns = [str(f.get("value")) for f in facets if _is(f, "pattern")]
        spec: dict[str, Any] = {
            "enumeration": enumeration or self.enumeration,
            "patterns": (*self.patterns, *(("|".join(patterns),) if patterns else ())),
            "min_length": self.min_length,
            "max_length": self.max_length,
            "lower": self.lower,
            "upper": self.upper,
        }
        for facet in facets:
            if not isinstance(facet.tag, str):
                continue
            value = facet.get("value", "")
            local = etree.QName(facet).localname
            if local == "length":
                spec["min_length"] = spec["max_length"] = int(value)
            elif local == "minLength":
                spec["min_length"] = int(value)
            elif local == "maxLength":
                spec["max_length"] = int(value)
            elif local in ("minInclusive", "minExclusive"):
                spec["lower"] = int(value) + (local == "minExclusive")
            elif local in ("maxInclusive", "maxExclusive"):
                spec["upper"] = int(value) - (local == "maxExclusive")
            elif local in ("totalDigits", "fractionDigits", "whiteSpace"):
                raise NotImplementedError(f"facet {local} is not supported by the schema model")
        return SimpleSpec(self.builtin, members=self.members, **spec)


@dataclass(frozen=True)
class ElementUse:
    """One element particle of a content model, with its effective occurrence bounds."""

    name: str
    decl: etree._Element
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    choice: int | None  # id of the enclosing xs:choice, if any
    # Whether every count from min_occurs to max_occurs is allowed and no other is, whatever
    # the rest of the content holds (outside a choice): at most one particle on the way down
    # repeats, and a repeated sequence holds nothing else.
    exact: bool = True


@dataclass(frozen=True)
class ChoiceUse:
    """An xs:choice: how many members (in total) the content must hold."""

    min_occurs: int
    max_occurs: int | None
    exact: bool = True  # as ElementUse.exact, for the count of members


@dataclass(frozen=True)
class AttributeUse:
    name: str
    namespace: str | None
    spec: SimpleSpec
    required: bool
    default: str | None


@dataclass
class ComplexSpec:
    """The effective content model of a complex type (bases folded in)."""

    elements: dict[str, ElementUse] = field(default_factory=dict)
    choices: dict[int, ChoiceUse] = field(default_factory=dict)
    attributes: dict[str, AttributeUse] = field(default_factory=dict)
    any_attribute: str | None = None
    wildcard: bool = False
    simple_content: SimpleSpec | None = None
    unordered: bool = False  # xs:all


def _is(node: Any, local: str) -> bool:
    return isinstance(node.tag, str) and node.tag == f"{{{XS}}}{local}"


def _children(node: etree._Element, *locals_: str) -> Iterator[etree._Element]:
    for child in node:
        if (
            isinstance(child.tag, str)
            and etree.QName(child).namespace == XS
            and (not locals_ or etree.QName(child).localname in locals_)
        ):
            yield child


def _occurs(node: etree._Element) -> tuple[int, int | None]:
    high = node.get("maxOccurs", "1")
    return int(node.get("minOccurs", "1")), None if high == "unbounded" else int(high)


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


class SchemaModel:
    """A release schema and the schemas it imports, read into content models."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.components: dict[tuple[str, str, str], etree._Element] = {}
        self._load(release.schema_document.getroot(), Path(release.schema_path))
        self._choice_ids = 0
        self._element_types: dict[tuple[str, str], ComplexSpec | SimpleSpec] = {}

    def _load(self, root: etree._Element, path: Path) -> None:
        namespace = root.get("targetNamespace", "")
        for node in _children(root):
            name = node.get("name")
            if name is not None:
                self.components[(etree.QName(node).localname, namespace, name)] = node
        for imported in _children(root, "import", "include"):
            location = imported.get("schemaLocation")
            if location and ("schema", imported.get("namespace", ""), location) not in self:
                parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
                document = etree.parse(str(path.parent / location), parser)
                self.components[("schema", imported.get("namespace", ""), location)] = root
                self._load(document.getroot(), path.parent / location)

    def __contains__(self, key: object) -> bool:
        return key in self.components

    @staticmethod
    def qname(node: etree._Element, value: str) -> tuple[str, str]:
        prefix, _, local = value.rpartition(":")
        return node.nsmap.get(prefix or None) or "", local

    def lookup(self, kind: str, node: etree._Element, value: str) -> etree._Element:
        namespace, local = self.qname(node, value)
        return self.components[(kind, namespace, local)]

    # -- simple types ---------------------------------------------------------------------

    def simple(self, node: etree._Element, type_name: str | None) -> SimpleSpec:
        """The simple type ``type_name`` (a QName in ``node``'s scope), or node's inner one."""
        if type_name is not None:
            namespace, local = self.qname(node, type_name)
            if namespace == XS:
                return _builtin(local)
            return self._simple_type(self.components[("simpleType", namespace, local)])
        inner = next(_children(node, "simpleType"), None)
        return self._simple_type(inner) if inner is not None else _builtin("anySimpleType")

    def simple_type(self, node: etree._Element) -> SimpleSpec:
        """The spec of an xs:simpleType node."""
        return self._simple_type(node)

    def _simple_type(self, node: etree._Element) -> SimpleSpec:
        derivation = next(_children(node, "restriction", "union", "list"))
        kind = etree.QName(derivation).localname
        if kind == "restriction":
            return self.simple(derivation, derivation.get("base")).restrict(derivation)
        if kind == "list":
            return SimpleSpec(
                "list", members=(self.simple(derivation, derivation.get("itemType")),)
            )
        members = [
            self.simple(derivation, name) for name in derivation.get("memberTypes", "").split()
        ]
        members += [self._simple_type(inner) for inner in _children(derivation, "simpleType")]
        return SimpleSpec("union", members=tuple(members))

    # -- complex types --------------------------------------------------------------------

    def element_type(self, decl: etree._Element) -> ComplexSpec | SimpleSpec:
        """What an element declaration holds: a complex content model or a simple value."""
        key = self._path(decl)
        if key not in self._element_types:
            self._element_types[key] = self._element_type(decl)
        return self._element_types[key]

    @staticmethod
    def _path(node: etree._Element) -> tuple[str, str]:
        return node.getroottree().docinfo.URL or "", node.getroottree().getpath(node)

    def _element_type(self, decl: etree._Element) -> ComplexSpec | SimpleSpec:
        if decl.get("ref") is not None:
            decl = self.lookup("element", decl, str(decl.get("ref")))
        type_name = decl.get("type")
        if type_name is not None:
            namespace, local = self.qname(decl, type_name)
            if namespace == XS:
                return _builtin(local)
            if ("complexType", namespace, local) in self.components:
                return self.complex(self.components[("complexType", namespace, local)])
            return self.simple(decl, type_name)
        inner = next(_children(decl, "complexType"), None)
        if inner is not None:
            return self.complex(inner)
        return self.simple(decl, None)

    def global_element(self, name: str) -> etree._Element:
        return self.components[("element", self.release.namespace, name)]

    def named_complex(self, name: str) -> etree._Element | None:
        return self.components.get(("complexType", self.release.namespace, name))

    def complex(self, node: etree._Element) -> ComplexSpec:
        return self._complex(node)

    def _complex(self, node: etree._Element) -> ComplexSpec:
        spec = ComplexSpec()
        content = next(_children(node, "simpleContent", "complexContent"), None)
        holder = node
        if content is not None:
            derivation = next(_children(content, "extension", "restriction"))
            base = str(derivation.get("base"))
            namespace, local = self.qname(derivation, base)
            base_node = self.components.get(("complexType", namespace, local))
            simple = _is(content, "simpleContent")
            if base_node is not None and (simple or _is(derivation, "extension")):
                inherited = self._complex(base_node)
                spec.elements, spec.choices = dict(inherited.elements), dict(inherited.choices)
                spec.attributes, spec.any_attribute = (
                    dict(inherited.attributes),
                    inherited.any_attribute,
                )
                spec.simple_content, spec.unordered = inherited.simple_content, inherited.unordered
                spec.wildcard = inherited.wildcard
            elif simple:
                spec.simple_content = self.simple(derivation, base)
            if simple and _is(derivation, "restriction") and spec.simple_content is not None:
                spec.simple_content = spec.simple_content.restrict(derivation)
            holder = derivation
        for particle in _children(holder, "sequence", "choice", "all", "group"):
            self._particle(particle, spec, 1, 1, None)
        self._attributes(holder, spec)
        return spec

    def _particle(
        self,
        node: etree._Element,
        spec: ComplexSpec,
        low: int,
        high: int | None,
        choice: int | None,
        repeats: int = 0,
    ) -> None:
        """Fold one particle into ``spec``. ``repeats`` counts the particles above with other
        occurrences than (1, 1); -1 once the counts below are no longer an interval (two
        repeating particles nest, or a repeated sequence holds several particles)."""
        own_low, own_high = _occurs(node)
        low, high = low * own_low, _times(high, own_high)
        kind = etree.QName(node).localname
        inner_particles = list(_children(node, "element", "sequence", "choice", "group", "any"))
        if repeats >= 0 and (own_low, own_high) != (1, 1):
            repeats = -1 if repeats >= 1 else 1
        if repeats >= 1 and kind in ("sequence", "all") and len(inner_particles) > 1:
            repeats = -1
        if kind == "element":
            name = node.get("name") or self.qname(node, str(node.get("ref")))[1]
            spec.elements[name] = ElementUse(name, node, low, high, choice, repeats >= 0)
        elif kind == "any":
            spec.wildcard = True
        elif kind == "group":
            group = self.lookup("group", node, str(node.get("ref")))
            for inner in _children(group, "sequence", "choice", "all"):
                self._particle(inner, spec, low, high, choice, repeats)
        elif kind == "choice":
            self._choice_ids += 1
            key = self._choice_ids
            # The count of members is exact when each member is one plain element.
            plain = all(
                _is(inner, "element") and _occurs(inner) == (1, 1) for inner in inner_particles
            )
            spec.choices[key] = ChoiceUse(low, high, repeats >= 0 and plain)
            for inner in inner_particles:
                self._particle(inner, spec, 0, high, key, -1)
        else:
            spec.unordered = spec.unordered or kind == "all"
            for inner in inner_particles:
                self._particle(inner, spec, low, high, choice, repeats)

    def _attributes(self, holder: etree._Element, spec: ComplexSpec) -> None:
        for node in _children(holder, "attribute", "attributeGroup", "anyAttribute"):
            kind = etree.QName(node).localname
            if kind == "anyAttribute":
                spec.any_attribute = node.get("namespace", "##any")
            elif kind == "attributeGroup":
                self._attributes(self.lookup("attributeGroup", node, str(node.get("ref"))), spec)
            else:
                use = node
                namespace: str | None = None
                if node.get("ref") is not None:
                    namespace = self.qname(node, str(node.get("ref")))[0]
                    use = self.lookup("attribute", node, str(node.get("ref")))
                name = str(use.get("name"))
                spec.attributes[name] = AttributeUse(
                    name,
                    namespace,
                    self.simple(use, use.get("type")),
                    (node.get("use") or use.get("use")) == "required",
                    node.get("default", use.get("default")),
                )


def _builtin(local: str) -> SimpleSpec:
    if local in _INTEGERS:
        lower, upper = _INTEGERS[local]
        return SimpleSpec("integer", lower=lower, upper=upper)
    if local in _STRINGS or local in _OTHERS:
        return SimpleSpec(local)
    raise NotImplementedError(f"xs:{local} is not supported by the schema model")


@functools.cache
def schema_model(release: Release) -> SchemaModel:
    return SchemaModel(release)


def release_of_class(cls: type[Any]) -> Release:
    """The release whose bindings module defines ``cls``."""
    namespace = getattr(sys.modules[cls.__module__], "__NAMESPACE__", None)
    return default_registry().by_namespace(str(namespace))


@functools.cache
def complex_spec(cls: Any) -> ComplexSpec:
    """The content model the schema gives a generated class (a global element, a named type,
    or the anonymous type of a local element, found through the class that nests it)."""
    model = schema_model(release_of_class(cls))
    local = etree.QName(str(CONTEXT.build(cls).qname)).localname
    meta = getattr(cls, "Meta", None)
    outer_name, _, _ = cls.__qualname__.rpartition(".")
    if outer_name:
        outer = getattr(sys.modules[cls.__module__], outer_name.split(".")[0])
        for part in outer_name.split(".")[1:]:
            outer = getattr(outer, part)
        use = complex_spec(outer).elements[local]
        found = model.element_type(use.decl)
    elif (
        getattr(meta, "namespace", None)
        and (
            "element",
            model.release.namespace,
            local,
        )
        in model.components
    ):
        found = model.element_type(model.global_element(local))
    else:
        node = model.named_complex(local)
        if node is None:
            raise LookupError(f"no schema component for {cls.__qualname__}")
        found = model.complex(node)
    if isinstance(found, SimpleSpec):
        # An element of a simple type (TransactionID in REL-5-MM7-1-0/1-1): the class holds
        # its text.
        return ComplexSpec(simple_content=found)
    return found


def element_spec(cls: Any, name: str) -> ComplexSpec | SimpleSpec:
    """What the element ``name`` inside ``cls`` holds, per the schema."""
    use = complex_spec(cls).elements[name]
    return schema_model(release_of_class(cls)).element_type(use.decl)
