"""Secure XML parsing of the SOAP part: no DTD, no entities, no network, bounded size.

Charset repairs happen here, before libxml2 sees the bytes: a byte order mark decides the
encoding, else the declared charsets (XML declaration, then the MIME charset parameter, then
UTF-8) are tried against the bytes, aliases such as ks_c_5601-1987 are named, and the text is
handed to lxml as UTF-8. Structure is never guessed: what is not well-formed after the charset,
namespace-URI whitespace and trailing-data repairs is refused.
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, cast

from lxml import etree

from mm7codec.errors import DecodeError, LimitExceeded
from mm7codec.findings import Finding, finding
from mm7codec.limits import DEFAULT_LIMITS, Limits

_DECLARATION = re.compile(rb"^<\?xml[^>]*?\?>", re.DOTALL)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_TEXT_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# The declarations machine-written MM7 starts with: libxml2 reads a document that begins
# with one exactly as it reads the same document with the declaration blanked.
_PLAIN_DECLARATION = re.compile(
    rb"""<\?xml version=(["'])1\.0\1(?: encoding=(["'])(?i:utf-8)\2)?"""
    rb"""(?: standalone=(["'])(?:yes|no)\3)? ?\?>"""
)
# The commonest of them, looked up before the pattern is tried.
_COMMON_DECLARATIONS = frozenset(
    f"<?xml version={q}1.0{q} encoding={q}{label}{q}?>".encode()
    for q in "'\""
    for label in ("UTF-8", "utf-8")
)
_XMLNS_VALUE = re.compile(r"""(\sxmlns(?::[^\s=/>]+)?\s*=\s*)(["'])([^"'<>]*)\2""")
_TEXT_ENCODING = re.compile(r"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Byte order marks, longest first (a UTF-32LE mark begins with the UTF-16LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UNMARKED = ((b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))

# Names peers use for a charset other than its preferred MIME name (RFC 2978 / IANA).
CHARSET_ALIASES = {
    "ksc5601": "euc-kr",
    "ks_c_5601": "euc-kr",
    "ks_c_5601-1987": "euc-kr",
    "ks_c_5601_1987": "euc-kr",
    "utf8": "utf-8",
    "latin1": "iso-8859-1",
    "latin-1": "iso-8859-1",
}

PARSES_PER_DICTIONARY = 1_000
"""Documents a thread parses before its libxml2 name dictionary is replaced by a fresh one.

0 never replaces it: for a short-lived process that never meets unbounded new names.
"""

# lxml keeps each thread's parser state, and with it the name dictionary, under this key of
# the interpreter's per-thread state dictionary (lxml/parser.pxi, unchanged since lxml 2).
_LXML_THREAD_KEY = "_ParserDictionaryContext"


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _thread_state_getter() -> Callable[[], dict[str, Any] | None] | None:
    """CPython's PyThreadState_GetDict, None where ctypes cannot reach it (PyPy, no ctypes)."""
    try:
        import ctypes

        address = ctypes.PYFUNCTYPE(ctypes.c_void_p)(("PyThreadState_GetDict", ctypes.pythonapi))
    except (ImportError, AttributeError, OSError):
        return None

    def state() -> dict[str, Any] | None:
        # The result is a borrowed reference: cast() takes a reference of its own, where a
        # py_object restype would steal one the interpreter still counts on.
        pointer = address()
        if not pointer:
            return None
        return cast(dict[str, Any], ctypes.cast(pointer, ctypes.py_object).value)

    return state


_thread_state = _thread_state_getter()


class _ThreadParser(threading.local):
    """This thread's parser and how many documents it has read since its dictionary was new."""

    parser: etree.XMLParser | None = None
    parses = 0


_local = _ThreadParser()


def fresh_dictionary() -> etree.XMLParser:
    """A parser for this thread that reads into a new, empty libxml2 name dictionary.

    libxml2 interns every element, attribute and namespace name it reads in a dictionary
    that lxml keeps per thread and never shrinks: a long-lived receiver, or a checker over
    an archive, fed new names in every document would grow without bound and slow down.
    Dropping lxml's per-thread parser state makes lxml adopt the dictionary of the next
    parser that runs in this thread, so a new parser reads one tiny document at once: its
    own new dictionary is adopted, not an old one some other lxml object still holds. The
    old dictionary is freed with the last tree that uses it; those trees stay usable.
    Where the state cannot be reached (not CPython, or an lxml that keeps it elsewhere) a
    RuntimeWarning says so once and the dictionary grows as lxml would have it.
    """
    global _unreachable_warned
    parser = _new_parser()
    state = _thread_state() if _thread_state is not None else None
    before = state.pop(_LXML_THREAD_KEY, None) if state is not None else None
    etree.fromstring(b"<fresh/>", parser)
    # lxml must have made new state for this thread where the old one was (or first state).
    replaced = state is not None and state.get(_LXML_THREAD_KEY) not in (None, before)
    if not replaced and not _unreachable_warned:
        _unreachable_warned = True
        warnings.warn(
            "mm7codec cannot give lxml a fresh name dictionary here; libxml2's dictionary "
            "grows with every new name parsed",
            RuntimeWarning,
            stacklevel=2,
        )
    return parser


_unreachable_warned = False


def _fromstring(payload: bytes) -> Any:
    """Parse ``payload`` in this thread, with a fresh name dictionary when one is due."""
    local = _local
    parser, parses = local.parser, local.parses
    if parser is None or 0 < PARSES_PER_DICTIONARY <= parses:
        local.parser = parser = fresh_dictionary()
        parses = 0
    local.parses = parses + 1
    return etree.fromstring(payload, parser)


@dataclass
class ParsedXml:
    """The root element of the SOAP part and what parsing it found."""

    root: etree._Element
    findings: list[Finding] = field(default_factory=list)
    charset: str = "utf-8"
    depth_checked: bool = True
    markup: int = 0  # at least the number of elements (the number of '<', say)

    @classmethod
    def plain(cls, root: etree._Element, data: bytes) -> ParsedXml:
        """What parse_xml returns, depth check deferred, for the tree plain_tree gave."""
        return cls(root, [], "utf-8", False, len(data) // 4)


def children(element: etree._Element) -> list[etree._Element]:
    """Every child of an element (comments too), in one list lxml builds in one C call:
    iterating the element calls back into Python once per child."""
    return element[:]  # type: ignore[index,return-value]  # lxml-stubs type int indexes only


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (string work: etree.QName costs several times more)."""
    return str(element.tag).rpartition("}")[2]


def namespace_of(element: etree._Element) -> str | None:
    """The tag's namespace URI, None for an unqualified element."""
    tag = str(element.tag)
    return tag[1 : tag.index("}")] if tag[:1] == "{" else None


def located(where: str, element: etree._Element) -> str:
    """A finding location: the part, and the element's line when known."""
    return f"{where} line {element.sourceline}" if element.sourceline else where


def line_of(element: Any) -> int:
    """The source line of an element, 0 when unknown (lxml's stubs type it loosely)."""
    return int(element.sourceline or 0)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARATION.match(data)
    if match:
        encoding = _ENCODING.search(match.group(0))
        if encoding:
            return encoding.group(1).decode("ascii").lower()
    return None


def _sniff(data: bytes) -> str | None:
    """The encoding the first bytes prove (XML 1.0 appendix F): a byte order mark, or a
    UTF-16 '<?' without one. RFC 7303 lets these win over any declared charset."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    for start, encoding in _UNMARKED:
        if data.startswith(start):
            return encoding
    return None


@functools.lru_cache(maxsize=64)
def _family(name: str) -> str:
    """utf-16 for utf-16, UTF-16LE, utf_16_be; the codec name otherwise (unknown: as given)."""
    try:
        codec = codecs.lookup(CHARSET_ALIASES.get(name.lower(), name)).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return name.lower()
    return re.sub(r"-(sig|le|be)$", "", codec)


def _decode_sniffed(
    data: bytes, sniffed: str, declared: str | None, where: str, lenient: bool
) -> tuple[str, str, list[Finding]]:
    """Text of a part whose first bytes name its encoding, and a finding if the label lies."""
    try:
        text = data.decode(sniffed)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"{where}: bytes start as {sniffed} but are not ({error})",
            findings=[finding("XML_CHARSET_MISMATCH", where, str(error))],
        ) from None
    text = text.lstrip("\ufeff")
    match = _TEXT_ENCODING.match(text)
    labels = {label for label in (declared, match.group(1) if match else None) if label}
    found: list[Finding] = []
    for label in sorted(label for label in labels if _family(label) != _family(sniffed)):
        found.append(
            finding(
                "XML_CHARSET_MISMATCH",
                where,
                f"declared {label!r} but the bytes are {_family(sniffed).upper()} "
                "(their first bytes say so)",
                repaired=lenient,
            )
        )
    return text, _family(sniffed), found


def _label(name: str, where: str, lenient: bool, found: list[Finding]) -> str | None:
    """The codec name for a declared charset (aliases named), None if Python has no codec."""
    name = name.lower()
    preferred = CHARSET_ALIASES.get(name, name)
    if preferred != name:
        found.append(
            finding(
                "XML_CHARSET_ALIAS",
                where,
                f"charset {name!r} is an alias; the preferred MIME name is {preferred!r}",
                repaired=lenient,
            )
        )
    try:
        # A NUL in the name is a ValueError. Lookup alone also accepts codecs that are no
        # charset (base64, zlib, rot13); bytes.decode() refuses those by this same flag.
        if not getattr(codecs.lookup(preferred), "_is_text_encoding", True):
            raise LookupError(preferred)
    except (LookupError, ValueError):
        found.append(
            finding("XML_CHARSET_MISMATCH", where, f"unknown charset {name!r}", repaired=lenient)
        )
        return None
    return preferred


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(
    data: bytes, declared: str | None, other: str | None, where: str, lenient: bool
) -> tuple[str, str, list[Finding]]:
    """Text of the part, the charset used, and the charset findings.

    ``declared`` is the XML declaration's charset (else the MIME one), ``other`` a MIME
    charset that names something else. The first that decodes the bytes wins, then UTF-8;
    falling back past the declared charset is XML_CHARSET_MISMATCH (repaired in lenient).
    """
    sniffed = _sniff(data)
    if sniffed is not None:
        return _decode_sniffed(data, sniffed, declared or other, where, lenient)
    found: list[Finding] = []
    first = _label(declared, where, lenient, found) if declared else None
    second = _label(other, where, lenient, found) if other else None
    primary = first or "utf-8"
    if _family(primary) != "utf-8" and not data.isascii() and _is_utf8(data):
        # Non-ASCII bytes that form valid UTF-8 are UTF-8 (text in Latin-1, GBK or EUC-KR
        # almost never does): decoding them as labelled would swap every value for mojibake.
        found.append(
            finding(
                "XML_CHARSET_MISMATCH",
                where,
                f"declared {primary!r} but the non-ASCII bytes are UTF-8 sequences",
                repaired=lenient,
            )
        )
        return data.decode("utf-8"), "utf-8", found
    failures: list[str] = []
    for candidate in dict.fromkeys([primary, *([second] if second else []), "utf-8"]):
        if _family(candidate) in ("utf-16", "utf-32"):
            # Its bytes would have started with a byte order mark or "<\0?\0" (sniffed
            # above); decoding ASCII as UTF-16 succeeds and yields nonsense, so never try.
            failures.append(f"the bytes do not start as {candidate}")
            continue
        try:
            text = data.decode(candidate)
        except UnicodeError as error:  # punycode and its kin raise the base class
            at = f"byte {error.start}" if isinstance(error, UnicodeDecodeError) else "the text"
            failures.append(f"{at} is not {candidate}")
            continue
        if failures:
            origin = "the MIME charset" if candidate == second else "UTF-8"
            found.append(
                finding(
                    "XML_CHARSET_MISMATCH",
                    where,
                    f"declared {primary!r} but the bytes are {candidate} ({origin}; {failures[0]})",
                    repaired=lenient,
                )
            )
        return text, candidate, found
    tried = ", ".join(dict.fromkeys([primary, *([second] if second else []), "utf-8"]))
    raise DecodeError(
        f"{where}: the bytes are none of {tried} ({'; '.join(failures)})",
        findings=[
            *found,
            finding(
                "XML_CHARSET_MISMATCH",
                where,
                f"the bytes are none of {tried}: {'; '.join(failures)}",
            ),
        ],
    )


_COUNT_ELEMENTS = etree.XPath("count(//*)")


@functools.lru_cache(maxsize=8)
def _deeper_than(depth: int) -> etree.XPath:
    """An XPath true when some element sits deeper than ``depth`` (the root is at 1)."""
    return etree.XPath("boolean(" + "/*" * (depth + 1) + ")")


def _check_limits(
    root: etree._Element, limits: Limits, where: str, markup: int, *, depth: bool = True
) -> None:
    """Refuse a tree over the element count or (unless ``depth`` is false) the nesting limit.

    ``markup`` (the number of '<' in the text) bounds both, so small documents are not
    measured at all; larger ones are measured by XPath expressions libxml2 evaluates in C.
    Only a document over both limits is walked, to name the one it meets first, as a walk
    in document order does.
    """
    too_many = (
        markup > limits.max_xml_elements
        and cast(float, _COUNT_ELEMENTS(root)) > limits.max_xml_elements
    )
    too_deep = (
        depth and markup > limits.max_xml_depth and bool(_deeper_than(limits.max_xml_depth)(root))
    )
    if too_many and too_deep:
        _walk_limits(root, limits, where)
    if too_many:
        message = f"more than {limits.max_xml_elements} XML elements"
        raise LimitExceeded(
            message, status_code=2007, findings=[finding("LIMIT_XML_ELEMENTS", where, message)]
        )
    if too_deep:
        _refuse_depth(limits, where)


def check_depth(parsed: ParsedXml, limits: Limits = DEFAULT_LIMITS, where: str = "body") -> None:
    """The nesting check ``parse_xml(defer_depth=True)`` left for later, if it left it."""
    if not parsed.depth_checked:
        _check_limits(parsed.root, limits, where, parsed.markup)
        parsed.depth_checked = True


def _refuse_depth(limits: Limits, where: str) -> NoReturn:
    message = f"XML nesting deeper than {limits.max_xml_depth}"
    raise LimitExceeded(
        message, status_code=2007, findings=[finding("LIMIT_XML_DEPTH", where, message)]
    )


def _walk_limits(root: etree._Element, limits: Limits, where: str) -> None:
    count = depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        count += 1
        depth += 1
        if count > limits.max_xml_elements:
            message = f"more than {limits.max_xml_elements} XML elements"
            raise LimitExceeded(
                message, status_code=2007, findings=[finding("LIMIT_XML_ELEMENTS", where, message)]
            )
        if depth > limits.max_xml_depth:
            _refuse_depth(limits, where)


def _not_well_formed(where: str, error: etree.XMLSyntaxError, found: list[Finding]) -> DecodeError:
    line, column = error.position
    detail = finding("XML_NOT_WELL_FORMED", f"{where} line {line} column {column}", error.msg)
    return DecodeError(f"{where}: not well-formed XML: {error.msg}", findings=[*found, detail])


def _namespace_whitespace(text: str, where: str, lenient: bool, found: list[Finding]) -> str:
    """Namespace URIs with whitespace in them (a URI wrapped over lines in documentation)
    closed up; the line breaks move behind the attribute, so line numbers stay true.

    No URI contains whitespace, so this changes no meaning; libxml2 refuses such a
    declaration outright, which would lose an otherwise readable message.
    """

    def close_up(match: re.Match[str]) -> str:
        prefix, quote, uri = match.group(1), match.group(2), match.group(3)
        if not any(c.isspace() for c in uri):
            return match.group(0)
        closed = "".join(uri.split())
        line = text.count("\n", 0, match.start(3)) + 1
        found.append(
            finding(
                "XML_NAMESPACE_URI",
                f"{where} line {line}",
                f"namespace URI {uri!r} contains whitespace; read as {closed!r}",
                repaired=lenient,
            )
        )
        return f"{prefix}{quote}{closed}{quote}" + "\n" * uri.count("\n")

    return _XMLNS_VALUE.sub(close_up, text)


def _doctype(where: str) -> DecodeError:
    return DecodeError(
        f"{where}: DOCTYPE or entity declaration refused",
        findings=[
            finding("XML_DOCTYPE", where, "DTDs and entity declarations are never processed")
        ],
    )


def parse_xml(
    data: bytes,
    *,
    charset: str | None = None,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    where: str = "body",
    defer_depth: bool = False,
) -> ParsedXml:
    """Parse the SOAP part securely; raise DecodeError with the exact defect if we cannot.

    ``defer_depth`` lets a plain document (see ``_plain``) skip the nesting check, which
    costs as much as the parse of a typical message: a caller that finds the tree valid
    against an MM7 schema (whose nesting is far below any depth limit) never needs it, and
    any other calls ``check_depth`` before walking the tree.
    """
    if defer_depth and _countable(data, limits):
        root = plain_tree(data, charset, limits)
        if root is not None:
            return ParsedXml.plain(root, data)
    elif _plain(data, charset):
        try:
            root = _fromstring(data)
        except etree.XMLSyntaxError:
            pass  # the careful path below names the defect
        else:
            markup = data.count(b"<")
            _check_limits(root, limits, where, markup, depth=not defer_depth)
            return ParsedXml(root, [], "utf-8", not defer_depth, markup)
    if _DOCTYPE.search(data):
        raise _doctype(where)
    leading: list[Finding] = []
    stripped = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    if stripped[:1].isspace() and stripped.lstrip().startswith(b"<?xml"):
        # An XML declaration must be the very first thing (XML 1.0 section 2.8).
        skipped = len(stripped) - len(stripped.lstrip())
        leading.append(
            finding(
                "XML_LEADING_DATA",
                where,
                f"{skipped} whitespace bytes before the XML declaration",
                repaired=lenient,
            )
        )
        data = stripped.lstrip()
    mime_charset = charset.lower() if charset else None
    declared = _declared_charset(data) or mime_charset
    other = (
        mime_charset if mime_charset and _family(mime_charset) != _family(declared or "") else None
    )
    if declared in (None, "utf-8") and other is None:
        root = _parse_utf8(data)
        if root is not None:
            _check_limits(root, limits, where, data.count(b"<"))
            if b"<!--" in data or data.count(b"<?") > data.startswith(b"<?xml"):
                _drop_comments_and_instructions(root, where, lenient, leading)
            return ParsedXml(root, leading, "utf-8")
    text, used, found = _decode(data, declared, other, where, lenient)
    if _TEXT_DOCTYPE.search(text):  # the byte check cannot see one written in UTF-16 or 32
        raise _doctype(where)
    found[:0] = leading
    # Hand libxml2 UTF-8 with the declaration removed, so it cannot re-decode differently.
    # Blank the declaration rather than drop it, so line and column numbers stay true.
    match = re.match(r"^\ufeff?<\?xml[^>]*?\?>", text, re.DOTALL)
    if match:
        text = " " * len(match.group(0)) + text[match.end() :]
    root = _parse_repairing(text.lstrip("\ufeff"), where, lenient, found)
    _check_limits(root, limits, where, text.count("<"))
    if "<?" in text or "<!--" in text:
        _drop_comments_and_instructions(root, where, lenient, found)
    return ParsedXml(root, found, used)


def plain_tree(
    data: bytes, charset: str | None, limits: Limits = DEFAULT_LIMITS
) -> etree._Element | None:
    """The tree of a plain document (see ``_plain``) too short to break the element limit,
    parsed as it is: what ``parse_xml(..., defer_depth=True)`` returns without a finding.
    None where parse_xml must look closer (not plain, longer, or not well-formed)."""
    if not (_countable(data, limits) and _plain(data, charset)):
        return None
    try:
        root: etree._Element = _fromstring(data)
    except etree.XMLSyntaxError:
        return None  # parse_xml's careful path names the defect
    return root


def _countable(data: bytes, limits: Limits) -> bool:
    """Whether the document is too short to hold more elements than the limit allows: every
    element takes four bytes at least ("<a/>"). Most are; the depth is the caller's check."""
    return len(data) <= 4 * limits.max_xml_elements


def _drop_comments_and_instructions(
    root: etree._Element, where: str, lenient: bool, found: list[Finding]
) -> None:
    """Remove comments and processing instructions, joining the text around them.

    ``<StatusCode><!-- c -->2002</StatusCode>`` has text only after the comment, which a
    binder reading the element's text would lose; XSD validation ignores both. SOAP 1.1
    (section 3) forbids processing instructions: each is a finding naming its content.
    """
    before = list(root.itersiblings(etree.ProcessingInstruction, preceding=True))
    after = list(root.itersiblings(etree.ProcessingInstruction))
    for instruction in [*reversed(before), *root.iter(etree.ProcessingInstruction), *after]:
        target = getattr(instruction, "target", "")  # lxml's stubs type the items as elements
        content = f"<?{target} {instruction.text or ''}".rstrip() + "?>"
        found.append(
            finding(
                "XML_PROCESSING_INSTRUCTION",
                located(where, instruction),
                f"processing instruction {content[:80]!r} dropped",
                repaired=lenient,
            )
        )
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)


def _plain(data: bytes, charset: str | None) -> bool:
    """Whether libxml2 may read the bytes as they are, with nothing for the careful path to
    find: UTF-8 by every label (none, or the MIME charset and a plain XML 1.0 declaration
    saying so), starting at its first '<' (no byte order mark, no UTF-16, no leading data),
    with no '<!' (DOCTYPE, entity, comment, CDATA) and no processing instruction."""
    if data[:1] != b"<" or data[1:2] == b"\x00":
        return False
    if charset is not None and charset != "utf-8" and charset.lower() != "utf-8":
        return False
    start = 0
    if data.startswith(b"<?"):
        start = data.find(b"?>") + 2
        if data[:start] not in _COMMON_DECLARATIONS:
            declaration = _PLAIN_DECLARATION.match(data)
            if declaration is None:
                return False
            start = declaration.end()
    # One-byte searches first (by the byte's value: memchr): '<' is everywhere in XML, so
    # searching for '<!' or '<?' stops at every tag, while '!' and '?' are rare outside them.
    if 33 in data and b"<!" in data:  # 33: '!'
        return False
    if data.find(63, start) != -1 and data.find(b"<?", start) != -1:  # 63: '?'
        return False
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _parse_utf8(data: bytes) -> Any:
    """The common case in one step: UTF-8 that says so (or says nothing), with no byte order
    mark, parsed as it is, its declaration blanked as below. None when anything needs the
    careful path (which then reports exactly what it always did)."""
    if _sniff(data) is not None:
        return None
    try:
        data.decode("utf-8")  # what the careful path would decode, or refuse to
    except UnicodeDecodeError:
        return None
    match = _DECLARATION.match(data)
    if match:
        if not match.group(0).isascii():
            return None  # blanked by characters there, so columns would differ
        data = b" " * match.end() + data[match.end() :]
    try:
        return _fromstring(data)
    except etree.XMLSyntaxError:
        return None


def _parse_repairing(text: str, where: str, lenient: bool, found: list[Finding]) -> Any:
    """Parse; on the two defects that are not structure (a namespace URI with whitespace,
    bytes after the root element) repair, report and parse again; otherwise refuse."""
    payload = text.encode("utf-8")
    try:
        return _fromstring(payload)
    except etree.XMLSyntaxError as error:
        if "is not a valid URI" in error.msg:
            closed = _namespace_whitespace(text, where, lenient, found)
            if closed != text:
                return _parse_repairing(closed, where, lenient, found)
        trimmed = _without_trailing_data(payload, error)
        if trimmed is None:
            raise _not_well_formed(where, error, found) from None
        try:
            root = _fromstring(trimmed)
        except etree.XMLSyntaxError:
            raise _not_well_formed(where, error, found) from None
        line, column = error.position
        found.append(
            finding(
                "XML_TRAILING_DATA",
                f"{where} line {line} column {column}",
                f"{len(payload) - len(trimmed)} bytes after the end of the envelope",
                repaired=lenient,
            )
        )
        return root


def _without_trailing_data(payload: bytes, error: etree.XMLSyntaxError) -> bytes | None:
    """The document up to the end of its root element, if the error is extra content."""
    if "Extra content at the end of the document" not in error.msg:
        return None
    line, column = error.position
    lines = payload.split(b"\n")
    if line < 1 or line > len(lines):
        return None
    offset = sum(len(text) + 1 for text in lines[: line - 1])
    # libxml2 counts columns in characters from 1, and the line may hold non-ASCII text
    # (machine-written XML is one line): count them as the UTF-8 bytes they are.
    before = lines[line - 1].decode("utf-8", "replace")[: max(column - 1, 0)]
    prefix = payload[: offset + len(before.encode("utf-8"))]
    return prefix if prefix.strip() else None
