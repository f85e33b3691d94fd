"""Invariant fuzzing of decode and encode over mutated real, example and encoded messages.

Seeds are the reference corpus (../shared/corpus, or MM7_SHARED), the checker examples and
messages this run encodes; each input stacks one to three mutations of the classes real
traffic and attackers produce. Every input is decoded strict and lenient, with socket
creation blocked, and must keep these invariants:

- only mm7codec's error types (Mm7Error) escape decode and encode;
- a returned message is typed: an instance of release.message_class(message_type);
- conservation: every value of the payload as sent is in the message, in its extensions or
  quoted in a finding (mm7codec.invariants, invariant b);
- a strict-accepted message re-encodes (with its attachments and Fault) to bytes that strict
  decoding reads back to an equal message with equal parts;
- a lenient message that is ``ok`` encodes (the schema accepts what lenient kept);
- nothing opens a socket;
- sampled CLI runs (``mm7 decode FILE``, ``mm7 check FILE``) never exit 2 on an existing file
  and never print a traceback.

Deterministic: input ``i`` of seed ``S`` depends on nothing else, so a run can be resumed
(``--state`` keeps the next index and the totals) or split. Violations are printed grouped by
class with a count, and the inputs saved under ``--crashes`` (with a ``.content-type``
sidecar that ``mm7 check`` reads). Long runs go in the background, under nice:

    nice -n 10 .venv/bin/python bench/fuzz.py --count 200000 --state fuzz-state.json \\
        --crashes fuzz-crashes > fuzz.log 2>&1 &
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MM7_SHARED", ROOT.parent / "shared"))

from mm7codec.codec import DecodedMessage, decode, encode, payload_element  # noqa: E402
from mm7codec.errors import Mm7Error  # noqa: E402
from mm7codec.invariants import conservation  # noqa: E402
from mm7codec.mime import Part  # noqa: E402

Seed = tuple[bytes, str | None]
Mutation = Callable[[random.Random, bytes, str | None, list[Seed]], Seed]


# -- seeds ------------------------------------------------------------------------------------


def _sidecar(path: Path) -> str | None:
    side = path.with_name(path.name + ".content-type")
    return side.read_text(encoding="utf-8").strip() if side.is_file() else None


def load_seeds(include_corpus: bool = True) -> list[Seed]:
    """Corpus files, the examples, and each example decoded leniently and encoded again."""
    paths: list[Path] = []
    corpus = SHARED / "corpus"
    if include_corpus and corpus.is_dir():
        paths += [p for p in sorted(corpus.iterdir()) if p.suffix not in (".md", "")]
    examples = ROOT / "examples"
    paths += sorted(p for p in examples.rglob("*") if p.suffix in (".xml", ".mime", ".http"))
    seeds = [(p.read_bytes(), _sidecar(p)) for p in paths if p.is_file()]
    encoded: list[Seed] = []
    for data, ctype in seeds:
        try:
            decoded = decode(data, ctype, mode="lenient")
            wire = reencode(decoded)
        except Mm7Error:
            continue
        encoded.append((wire.body, wire.content_type))
    return seeds + encoded


def reencode(decoded: DecodedMessage) -> Any:
    """encode() of what decode returned: same TransactionID, attachments and Fault."""
    fault = (decoded.fault.code[1], decoded.fault.string) if decoded.fault else None
    return encode(
        decoded.message,
        transaction_id=decoded.transaction_id or None,
        attachments=decoded.attachments,
        fault=fault,
    )


# -- mutations --------------------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def byte_flip(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    out = bytearray(data or b"\0")
    for _i in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), ctype


def truncate(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    return data[: rng.randint(0, len(data))], ctype


def duplicate_line(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return b"".join(lines), ctype


def delete_line(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines), ctype


def swap_lines(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines), ctype


def line_endings(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    choice = rng.choice([(b"\r\n", b"\n"), (b"\n", b"\r\n"), (b"\r\n", b"\r\r\n"), (b"\n", b"\r")])
    return data.replace(*choice), ctype


_BOUNDARY_PARAM = re.compile(r'boundary="?([^";]+)"?', re.I)


def boundary_damage(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    found = _BOUNDARY_PARAM.search(ctype or "")
    if found is None:
        line = re.search(rb"(?m)^--([^\r\n]+)", data)
        if line is None:
            return data, ctype
        boundary = line.group(1).rstrip(b"-")
    else:
        boundary = found.group(1).encode("utf-8", "replace")
    marker = b"--" + boundary
    kind = rng.randrange(8)
    if kind == 0:  # the closing delimiter removed
        return data.replace(marker + b"--", b""), ctype
    if kind == 1:  # more dashes, as JavaMail and Ruby mail write them
        return data.replace(marker, b"----" + boundary), ctype
    if kind == 2:  # one delimiter damaged
        spots = [m.start() for m in re.finditer(re.escape(marker), data)]
        if spots:
            spot = rng.choice(spots) + rng.randrange(len(marker))
            data = data[:spot] + bytes([rng.randrange(256)]) + data[spot + 1 :]
        return data, ctype
    if kind == 3 and ctype:  # the parameter dropped, unquoted or changed
        return data, ctype.replace(f'boundary="{boundary.decode("utf-8", "replace")}"', "")
    if kind == 4 and ctype:
        return data, _BOUNDARY_PARAM.sub(f"boundary={boundary.decode('latin-1')}x", ctype)
    if kind == 5:  # padding and junk after a delimiter
        return data.replace(marker + b"\r\n", marker + b" \t junk\r\n", 1), ctype
    if kind == 6:  # a delimiter inside content
        return data.replace(b">", b">\r\n" + marker + b"\r\n", 1), ctype
    return data.replace(marker, marker.upper()), ctype


_DIGIT_RUN = re.compile(rb"[0-9]+")


def huge_number(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    runs = list(_DIGIT_RUN.finditer(data))
    size = rng.choice([19, 40, 4_299, 4_301, 5_000, 20_000])
    digits = b"9" * size
    if not runs or rng.random() < 0.2:
        head = b"POST /mm7 HTTP/1.1\r\nContent-Type: " + (ctype or "text/xml").encode()
        return head + b"\r\nContent-Length: " + digits + b"\r\n\r\n" + data, None
    run = rng.choice(runs)
    return data[: run.start()] + digits + data[run.end() :], ctype


# Superscripts, Arabic-Indic, Devanagari, Bengali, fullwidth, mathematical, CJK, Roman, circled.
_UNICODE_DIGITS = [
    "\u00b2",
    "\u00b3",
    "\u00b9",
    "\u0663",
    "\u06f4",
    "\u096b",
    "\u09ec",
    "\uff17",
    "\U0001d7e0",
    "\u3007",
    "\u2167",
    "\u2079",
    "\u2460",
]


def unicode_digit(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    runs = list(_DIGIT_RUN.finditer(data))
    digit = rng.choice(_UNICODE_DIGITS)
    encoded = digit.encode(rng.choice(["utf-8", "latin-1"]), "ignore") or digit.encode()
    if not runs or rng.random() < 0.2:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: " + (ctype or "text/xml").encode()
        return head + b"\r\nContent-Length: " + encoded + b"\r\n\r\n" + data, None
    run = rng.choice(runs)
    spot = rng.randint(run.start(), run.end() - 1)
    return data[:spot] + encoded + data[spot + 1 :], ctype


_CHARSETS = [
    "utf-8",
    "UTF-16",
    "utf-32",
    "ks_c_5601-1987",
    "euc-kr",
    "iso-8859-1",
    "windows-1252",
    "base64",
    "rot13",
    "zlib",
    "utf-7",
    "punycode",
    "",
    "x-unknown",
    "a\x00b",
    "ü",
    "shift_jis",
]


def charset_label(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    label = rng.choice(_CHARSETS)
    if rng.random() < 0.5:
        replaced = re.sub(
            rb"""encoding=["'][^"']*["']""", b'encoding="' + label.encode() + b'"', data, count=1
        )
        if replaced == data:
            replaced = b'<?xml version="1.0" encoding="' + label.encode() + b'"?>' + data
        return replaced, ctype
    base = ctype or "text/xml"
    if "charset=" in base:
        return data, re.sub(r'charset="?[^";]*"?', f'charset="{label}"', base)
    return data, f'{base}; charset="{label}"'


_INJECTIONS = [
    b'<!DOCTYPE x [<!ENTITY e "eeeeeeeeee">]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b'<!ENTITY x SYSTEM "file:///etc/passwd">',
    b"&e;",
    b"&#0;",
    b"&#x110000;",
    b"&#99999999999999999999;",
    b"&lt;&amp;&gt;",
    b"<![CDATA[ ]]>",
    b"<?pi data?>",
    b"<!-- comment -->",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
    b'<x xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="foo:Bar"/>',
    b' xsi:schemaLocation="http://127.0.0.1:9/ x.xsd"',
]


def entity_injection(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    spots = [m.end() for m in re.finditer(rb">", data)] or [0]
    spot = rng.choice(spots)
    if rng.random() < 0.3:
        spot = data.find(b"?>") + 2 if b"?>" in data else 0
    return data[:spot] + rng.choice(_INJECTIONS) + data[spot:], ctype


def deep_nesting(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    depth = rng.choice([10, 63, 65, 200, 2_000])
    spots = [m.end() for m in re.finditer(rb"<[A-Za-z][^<>]*[^/]>", data)] or [0]
    spot = rng.choice(spots)
    if rng.random() < 0.2:  # nested multiparts
        inner = b"x"
        for level in range(min(depth, 30)):
            b = b"n%d" % level
            inner = (
                (
                    b"--"
                    + b
                    + b"\r\nContent-Type: multipart/mixed; boundary=n%d\r\n\r\n" % (level + 1)
                )
                + inner
                + b"\r\n--"
                + b
                + b"--\r\n"
            )
        return data[:spot] + inner + data[spot:], ctype
    return data[:spot] + b"<a>" * depth + b"</a>" * depth + data[spot:], ctype


def unique_names(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    tag = rng.getrandbits(64)
    names = b"".join(
        b'<n%x_%d xmlns="urn:u%x" a%x_%d="v"/>' % (tag, i, tag, tag, i)
        for i in range(rng.randint(1, 50))
    )
    spots = [m.end() for m in re.finditer(rb"<[A-Za-z][^<>]*[^/]>", data)] or [0]
    spot = rng.choice(spots)
    return data[:spot] + names + data[spot:], ctype


_HEADER_GAMES = [
    'Content-Type: application/octet-stream; name="사진.jpg"\r\n',
    'Content-Type: image/jpeg; name="a\rb"\r\n',
    "Content-Type: text/plain; name*=utf-8''%EC%82%AC%EC%A7%84.jpg\r\n",
    'Content-Type: text/plain; name*=""\r\n',
    "Content-Type: text\r/plain\r\n",
    "Content-Type: multipart/mixed\r\n",
    "Content-ID: <사진@example>\r\n",
    "Content-ID: <dup@x>\r\nContent-ID: <dup@x>\r\n",
    "Content-ID: no-brackets\r\n",
    "Content-Location: ../../etc/passwd\r\n",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n",
    "Content-Transfer-Encoding: x-uuencode\r\n",
    "X-Folded: a\r\n b\r\n\tc\r\n",
    "X-Bare-CR: a\rb\r\n",
    "not a header line\r\n",
    "X-Long: " + "a" * 70_000 + "\r\n",
]


def header_games(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    spots = [m.end() for m in re.finditer(rb"(?m)^--[^\r\n]+\r?\n", data)]
    line = rng.choice(_HEADER_GAMES).encode("utf-8")
    if not spots:
        return line + b"\r\n" + data, ctype
    spot = rng.choice(spots)
    return data[:spot] + line + data[spot:], ctype


_CTYPE_GAMES = [
    None,
    "",
    "text/xml",
    "multipart/related",
    'multipart/related; boundary=""',
    'multipart/related; type="text/xml"; start="<nope>"; boundary=',
    "text/xml; charset=utf-8; charset=latin-1",
    'multipart/related; start="<사진>"',
    "text\r/xml",
    "application/soap+xml",
    "multipart/related; start*=utf-8''%3Cmm7%3E",
    "TEXT/XML; CHARSET=UTF-8",
]


def content_type_games(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    choice = rng.choice(_CTYPE_GAMES)
    if choice is not None and ctype and rng.random() < 0.5:
        return data, ctype + "; " + choice.partition(";")[2].strip()
    return data, choice


def http_wrap(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    start = rng.choice([b"POST /mm7 HTTP/1.1", b"HTTP/1.1 200 OK", b"HTTP/1.0 500 Error"])
    headers = [start, b"Host: mmsc"]
    if ctype is not None:
        headers.append(b"Content-Type: " + ctype.encode("utf-8", "replace"))
    body = data
    kind = rng.randrange(5)
    if kind == 0:
        headers.append(b"Content-Length: %d" % (len(body) + rng.choice([0, 0, 1, -1, 1000])))
    elif kind == 1:
        size = rng.randint(1, max(1, len(body)))
        body = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (
            size,
            body[:size],
            len(body) - size,
            body[size:],
        )
        headers.append(b"Transfer-Encoding: chunked")
    elif kind == 2:
        body = gzip.compress(body, mtime=0)
        if rng.random() < 0.3:
            body = body[: rng.randint(0, len(body))]
        headers.append(b"Content-Encoding: gzip")
    elif kind == 3:
        headers.append(b"Expect: 100-continue")
        body = b"HTTP/1.1 100 Continue\r\n\r\n" + body
    sep = rng.choice([b"\r\n", b"\n"])
    return sep.join(headers) + sep + sep + body, None


def splice(rng: random.Random, data: bytes, ctype: str | None, seeds: list[Seed]) -> Seed:
    other, _ = rng.choice(seeds)
    a = rng.randint(0, len(data))
    b = rng.randint(0, len(other))
    return data[:a] + other[b : b + rng.randint(1, 400)] + data[a:], ctype


def random_bytes(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    spot = rng.randint(0, len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return data[:spot] + junk + data[spot:], ctype


def transcode(rng: random.Random, data: bytes, ctype: str | None, _: list[Seed]) -> Seed:
    encoding = rng.choice(["utf-16", "utf-16-be", "utf-32", "utf-8-sig", "euc-kr", "latin-1"])
    try:
        return data.decode("utf-8").encode(encoding), ctype
    except UnicodeError:
        return data, ctype


MUTATIONS: dict[str, Mutation] = {
    "byte_flip": byte_flip,
    "truncate": truncate,
    "duplicate_line": duplicate_line,
    "delete_line": delete_line,
    "swap_lines": swap_lines,
    "line_endings": line_endings,
    "boundary_damage": boundary_damage,
    "huge_number": huge_number,
    "unicode_digit": unicode_digit,
    "charset_label": charset_label,
    "entity_injection": entity_injection,
    "deep_nesting": deep_nesting,
    "unique_names": unique_names,
    "header_games": header_games,
    "content_type_games": content_type_games,
    "http_wrap": http_wrap,
    "splice": splice,
    "random_bytes": random_bytes,
    "transcode": transcode,
}


def make_input(seed: int, index: int, seeds: list[Seed]) -> tuple[bytes, str | None, list[str]]:
    """Input ``index`` of run ``seed``: one seed message with one to three mutations."""
    rng = random.Random(f"{seed}:{index}")
    data, ctype = rng.choice(seeds)
    applied = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        name = rng.choice(list(MUTATIONS))
        data, ctype = MUTATIONS[name](rng, data, ctype, seeds)
        applied.append(name)
    return data, ctype, applied


# -- invariants -------------------------------------------------------------------------------


class NetworkAttempt(Exception):
    """Raised by the blocked socket constructors."""


def block_sockets() -> None:
    """Make every socket creation in this process raise (the core must never open one)."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise NetworkAttempt("socket creation attempted")

    socket.socket = refuse  # type: ignore[assignment,misc]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    socket.socketpair = refuse


def _where(error: BaseException) -> str:
    """The innermost mm7codec frame of a traceback, as file:function."""
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if "mm7codec" in f.filename] or frames[-1:]
    return f"{Path(inside[-1].filename).name}:{inside[-1].name}" if inside else "?"


def _short(text: str) -> str:
    """A message stripped of its particular values, so one class of violation groups."""
    text = re.sub(r"^REL-\S+ refuses this \w+: ", "", text)
    text = re.sub(r"\{[^}]*\}|'[^']*'|\"[^\"]*\"|<[^>]*>|\([^)]*\)|[0-9]+", "…", text)
    return text.splitlines()[0][:90] if text else ""


def part_shape(part: Part) -> object:
    """What a round trip must keep of a part."""
    params = {k: v for k, v in part.params.items() if k not in ("boundary", "start", "type")}
    children = [part_shape(p) for p in part.parts]
    body = b"" if part.parts else part.body
    return (part.content_type, params, part.content_id, part.content_location, body, children)


def check_input(data: bytes, ctype: str | None) -> list[str]:
    """The invariant violations of one input, as class names (empty when all hold)."""
    found: list[str] = []
    for mode in ("strict", "lenient"):
        try:
            decoded = decode(data, ctype, mode=mode)  # type: ignore[arg-type]
        except Mm7Error:
            continue
        except NetworkAttempt:
            found.append(f"network:{mode}")
            continue
        except Exception as error:  # the invariant under test
            found.append(f"escape:{mode}:{type(error).__name__}:{_where(error)}")
            continue
        try:
            typed = isinstance(decoded.message, decoded.release.message_class(decoded.message_type))
        except Mm7Error:
            typed = False
        if not typed:
            found.append(f"untyped:{mode}:{type(decoded.message).__name__}")
            continue
        found += _conserved(decoded, data, ctype, mode)
        if mode == "strict":
            found += _round_trip(decoded)
        elif decoded.ok:
            try:
                reencode(decoded)
            except Mm7Error as error:
                found.append(
                    f"lenient-ok-encode-refuses:{type(error).__name__}:{_short(str(error))}"
                )
            except Exception as error:
                found.append(f"escape:encode:{type(error).__name__}:{_where(error)}")
    return found


def _conserved(decoded: DecodedMessage, data: bytes, ctype: str | None, mode: str) -> list[str]:
    """Invariant b, one class per kind of value lost (the place, not the value)."""
    payload = payload_element(data, ctype)
    if payload is None:
        return []
    lost = conservation(decoded, payload)
    return [f"lost:{mode}:{_short(line.split(' ', 1)[0])}" for line in lost]


def _round_trip(decoded: DecodedMessage) -> list[str]:
    try:
        wire = reencode(decoded)
    except Mm7Error as error:
        return [f"strict-accepted-encode-refuses:{_short(str(error))}"]
    except Exception as error:
        return [f"escape:encode:{type(error).__name__}:{_where(error)}"]
    try:
        again = decode(wire.body, wire.content_type)
    except Mm7Error as error:
        codes = sorted({f.code for f in error.findings if not f.repaired})
        return [f"reencode-refused:{','.join(codes)}"]
    except Exception as error:
        return [f"escape:redecode:{type(error).__name__}:{_where(error)}"]
    if again.message != decoded.message:
        return ["reencode-message-differs"]
    if [part_shape(p) for p in again.attachments] != [part_shape(p) for p in decoded.attachments]:
        return ["reencode-parts-differ"]
    return []


_CLI = "import sys; from mm7codec.cli import main; sys.exit(main())"


def check_cli(data: bytes, ctype: str | None) -> list[str]:
    """Run ``mm7 decode FILE`` and ``mm7 check FILE`` on the input, as a user would."""
    found = []
    with tempfile.TemporaryDirectory(prefix="mm7fuzz") as tmp:
        path = Path(tmp) / "input.mime"
        path.write_bytes(data)
        if ctype is not None:
            Path(tmp, "input.mime.content-type").write_bytes(ctype.encode("utf-8", "replace"))
        for command in (["decode", str(path)], ["check", str(path)]):
            run = subprocess.run(
                [sys.executable, "-c", _CLI, *command],
                capture_output=True,
                timeout=120,
                check=False,
            )
            if run.returncode == 2:
                found.append(f"cli:{command[0]}:exit-2")
            if b"Traceback" in run.stderr:
                found.append(f"cli:{command[0]}:traceback")
    return found


# -- the campaign -----------------------------------------------------------------------------


@dataclass
class Totals:
    """Counts a run keeps (and a resumed run carries on)."""

    seed: int
    next_index: int = 0
    inputs: int = 0
    cli_runs: int = 0
    seconds: float = 0.0
    classes: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    examples: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "next_index": self.next_index,
            "inputs": self.inputs,
            "cli_runs": self.cli_runs,
            "seconds": round(self.seconds, 1),
            "classes": dict(self.classes),
            "mutations": dict(self.mutations),
            "examples": self.examples,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Totals:
        return cls(
            seed=data["seed"],
            next_index=data["next_index"],
            inputs=data["inputs"],
            cli_runs=data.get("cli_runs", 0),
            seconds=data.get("seconds", 0.0),
            classes=Counter(data.get("classes", {})),
            mutations=Counter(data.get("mutations", {})),
            examples=data.get("examples", {}),
        )


def save_crash(directory: Path, name: str, data: bytes, ctype: str | None) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
    path = directory / f"{slug}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
    path.write_bytes(data)
    if ctype is not None:
        path.with_name(path.name + ".content-type").write_bytes(ctype.encode("utf-8", "replace"))


def run(
    seeds: list[Seed],
    totals: Totals,
    count: int,
    *,
    cli_every: int = 0,
    crashes: Path | None = None,
    report_every: int = 10_000,
    on_report: Callable[[Totals, float], None] | None = None,
) -> Totals:
    """Fuzz ``count`` inputs from ``totals.next_index`` on, adding to ``totals``."""
    began = time.perf_counter()
    window_start, window_inputs = began, 0
    for index in range(totals.next_index, totals.next_index + count):
        data, ctype, applied = make_input(totals.seed, index, seeds)
        totals.mutations.update(applied)
        violations = check_input(data, ctype)
        if cli_every and index % cli_every == 0:
            violations += check_cli(data, ctype)
            totals.cli_runs += 1
        for name in dict.fromkeys(violations):
            totals.classes[name] += 1
            totals.examples.setdefault(name, index)
            if crashes is not None and totals.classes[name] <= 5:
                save_crash(crashes, name, data, ctype)
        totals.inputs += 1
        totals.next_index = index + 1
        window_inputs += 1
        if report_every and totals.inputs % report_every == 0 and on_report is not None:
            now = time.perf_counter()
            on_report(totals, window_inputs / max(now - window_start, 1e-9))
            window_start, window_inputs = now, 0
    totals.seconds += time.perf_counter() - began
    return totals


def _iter_report(totals: Totals) -> Iterator[str]:
    yield f"classes found: {len(totals.classes)}"
    for name, number in totals.classes.most_common():
        yield f"  {number:8d}  {name}  (first at input {totals.examples[name]})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=10_000, help="inputs to run (default 10000)")
    parser.add_argument("--start", type=int, default=0, help="first input index (default 0)")
    parser.add_argument("--state", type=Path, help="JSON file to resume from and save to")
    parser.add_argument("--crashes", type=Path, help="directory to save violating inputs in")
    parser.add_argument("--cli-every", type=int, default=20_000, help="CLI sample period (0: off)")
    parser.add_argument("--no-corpus", action="store_true", help="leave ../shared/corpus out")
    args = parser.parse_args(argv)

    logging.getLogger("xsdata").setLevel(logging.ERROR)  # its notes on unbound raw XML
    seeds = load_seeds(include_corpus=not args.no_corpus)
    block_sockets()
    if args.state is not None and args.state.is_file():
        totals = Totals.from_json(json.loads(args.state.read_text()))
    else:
        totals = Totals(seed=args.seed, next_index=args.start)
    print(
        f"fuzz: {len(seeds)} seeds, seed {totals.seed}, inputs {totals.next_index}.."
        f"{totals.next_index + args.count - 1}, {len(MUTATIONS)} mutation classes",
        flush=True,
    )

    def report(current: Totals, rate: float) -> None:
        print(
            f"  {current.inputs:9d} inputs  {rate:7.1f} inputs/s  "
            f"{len(current.classes)} classes  {sum(current.classes.values())} violating",
            flush=True,
        )
        if args.state is not None:
            args.state.write_text(json.dumps(current.as_json(), indent=1))

    began_inputs, began = totals.inputs, time.perf_counter()
    run(
        seeds,
        totals,
        args.count,
        cli_every=args.cli_every,
        crashes=args.crashes,
        on_report=report,
    )
    elapsed = time.perf_counter() - began
    if args.state is not None:
        args.state.write_text(json.dumps(totals.as_json(), indent=1))
    done = totals.inputs - began_inputs
    print(f"this run: {done} inputs in {elapsed:.1f} s = {done / max(elapsed, 1e-9):.1f} inputs/s")
    print(f"total: {totals.inputs} inputs, {totals.cli_runs} CLI samples, {totals.seconds:.0f} s")
    for line in _iter_report(totals):
        print(line)
    return 1 if totals.classes else 0


if __name__ == "__main__":
    sys.exit(main())
