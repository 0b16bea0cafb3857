"""Hostile files, written by code: bad bytes, odd names, and text that attacks a terminal.

Nothing here is downloaded. Every generator is deterministic (seeded), so a failing
test shows the same file again. Two families:

- files a corpus should survive (``binary``, ``encodings``, ``big_text``, ``many_files``,
  ``odd_names``): each is skipped with a reason or read as well as it can be;
- text that tries to act on the terminal it is shown in (``TERMINAL_ATTACKS``,
  ``write_hostile_corpus``): escape sequences, C1 controls, bidi overrides and Rich
  markup in every field of a document and in its file name.

``python -m tests.hostile sync CORPUS INDEX`` syncs a corpus in a fresh process and
prints, as JSON, the time it took and the process's peak memory: the big-file tests
measure a sync on its own, not the test process around it.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

# -- files that are not text ---------------------------------------------------------


def random_bytes(size: int = 64 * 1024, seed: int = 1) -> bytes:
    """Noise, as an encrypted or compressed file without a header looks."""
    return random.Random(seed).randbytes(size)


def random_bytes_without_nul(size: int = 64 * 1024, seed: int = 2) -> bytes:
    """Noise with no NUL byte in it, so a NUL cannot give it away."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


def png_image() -> bytes:
    """A real, tiny PNG (one grey pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")


def gzip_file(text: str = "compressed words that must not be indexed\n" * 200) -> bytes:
    return gzip.compress(text.encode("utf-8"), mtime=0)


def text_with_nul(word: str) -> bytes:
    """Mostly text, with NUL bytes in it (a database dump, a corrupted save)."""
    return f"Readable start about {word}.\n".encode() + b"\x00\x00\x00 more\x00text\n" * 20


# -- text in encodings other than UTF-8 ------------------------------------------------


def invalid_utf8(word: str) -> bytes:
    """UTF-8 text with bytes that are not UTF-8 (a truncated character, stray 0xFF)."""
    return f"Broken bytes \xff\xfe around {word} and a cut ".encode("latin-1") + "é".encode()[:1] + b" end.\n"


def latin1(word: str) -> bytes:
    return f"Crème brûlée and naïve façades, {word}.\n\nSecond paragraph, déjà vu.\n".encode("latin-1")


def windows_1252(word: str) -> bytes:
    """Smart quotes, dashes and the euro sign: bytes 0x80-0x9F in Windows-1252."""
    return (
        f"The \u201cquoted\u201d words \u2018here\u2019 \u2014 {word} costs 5\u20ac\u2026\n\n"
        "A second paragraph with \u201csmartquotes\u201d again.\n"
    ).encode("cp1252")


def utf16(text: str, order: str) -> bytes:
    """UTF-16 with its byte order mark, as Windows editors save "Unicode" text."""
    bom = b"\xff\xfe" if order == "le" else b"\xfe\xff"
    return bom + text.encode("utf-16-" + order)


def with_line_ends(text: str, end: str) -> bytes:
    """``text`` (written with ``\\n``) with every line end replaced by ``end``."""
    return text.replace("\n", end).encode("utf-8")


# -- big files ----------------------------------------------------------------------

_WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def write_big_text(path: Path, size: int, *, first: str, seed: int = 3) -> int:
    """A log-like text file of about ``size`` bytes, written in chunks (never held whole).

    Lines of twelve words, a blank line every fifth line; ``first`` is the first word
    of the file. Returns the size written.
    """
    rng = random.Random(seed)
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        head = f"{first} opens this file.\n\n"
        handle.write(head)
        written += len(head)
        while written < size:
            lines = []
            for number in range(1000):
                lines.append(" ".join(rng.choice(_WORDS) for _ in range(12)))
                lines.append("\n\n" if number % 5 == 4 else "\n")
            chunk = "".join(lines)
            handle.write(chunk)
            written += len(chunk)
    return written


def write_single_line(path: Path, size: int, *, first: str) -> int:
    """One line of about ``size`` bytes: no line break anywhere, words separated by spaces."""
    unit = " ".join(_WORDS) + " "
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(first + " ")
        written = len(first) + 1
        block = unit * 4096
        while written < size:
            handle.write(block)
            written += len(block)
    return written


def write_many_files(folder: Path, count: int) -> list[str]:
    """``count`` small notes in one folder, each with a word of its own: ``noteword<n>``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(count):
        name = f"note{number:05d}.txt"
        (folder / name).write_text(f"Note {number} about noteword{number} and the shared harbour.\n", encoding="utf-8")
        names.append(name)
    return names


# -- file names -----------------------------------------------------------------------

ODD_NAMES: dict[str, bytes] = {
    # label -> the file name, as bytes (a name is bytes on Linux, not necessarily UTF-8)
    "spaces": b"  a name with   spaces .txt",
    "newline": b"first line\nsecond line.txt",
    "invalid-utf8": b"caf\xe9 \xff\xfe.txt",
    "invalid-utf8-folder": b"folder \xff/inner note.txt",
    "backslash": b"back\\slash.txt",
}


def write_named(folder: Path, name: bytes, content: bytes) -> bytes:
    """Write a file whose name is given as bytes; returns its full path as bytes."""
    path = os.path.join(os.fsencode(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)
    return path


# -- text that attacks the terminal ----------------------------------------------------

TERMINAL_ATTACKS: dict[str, str] = {
    "csi": "\x1b[2J\x1b[31m",  # clear the screen, red text
    "osc52": "\x1b]52;c;aGVsbG8=\x07",  # write "hello" to the clipboard
    "osc8": "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\",  # a hyperlink
    "osc0": "\x1b]0;pwned\x07",  # set the window title
    "dcs": "\x1bPq#0;2;0;0;0\x1b\\",  # a device control string (sixel)
    "bel": "\x07",
    "backspace": "\x08",
    "c1": "\x9b2J\x9d0;pwned\x9c",  # 8-bit CSI, OSC, ST
    "bidi": "\u202e",  # right-to-left override
    "markup": "[bold red]x[/] [link=file:///etc/passwd]y[/link] [/]",
}
"""Each attack by name. Together they are ``ATTACK``."""

ATTACK = "".join(TERMINAL_ATTACKS.values())

# What a file name may hold of them (no "/" and no NUL on Linux).
NAME_ATTACK = "\x1b]0;pwned\x07\x1b[2J\x9b2J\x08\u202e[bold red]n[link=file:x]"

WORD = "zorblax"
"""The word every hostile field contains, so a search finds them all."""

MARKUP_LITERALS = ("[bold red]x[/]", "[link=file:///etc/passwd]y[/link]", "[/]")
"""Markup that must show as typed, brackets and all."""


def shown(text: str) -> str:
    """How ``tui.sanitize`` shows ``text`` on one line (the expected placeholders)."""
    from tui.sanitize import visible

    return visible(text)


PLACEHOLDERS = ("\u241b", "\u2407", "\u2408", "\ufffd")
"""ESC, BEL and BS as control pictures, and U+FFFD for C1 controls."""

# Anything a terminal could obey: C0 controls but tab/newline/CR, DEL, C1, bidi controls.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_controls(text: str) -> list[str]:
    """The characters of ``text`` a terminal would act on (or read backwards)."""
    return _TERMINAL_CONTROL.findall(text)


def raw_controls(data: bytes) -> list[str]:
    """What in raw output bytes could act on a terminal: ESC, BEL, BS, C1 and bidi.

    The bytes are read as UTF-8 (what the CLI writes); a C1 control would be the
    two bytes C2 80..C2 9F, and a lone 0x80-0x9F byte is reported too.
    """
    found = [f"byte {b:#04x}" for b in (0x1B, 0x07, 0x08) if bytes([b]) in data]
    text = data.decode("utf-8", "surrogateescape")
    found += [f"U+{ord(ch):04X}" for ch in terminal_controls(text) if ord(ch) >= 0x80]
    found += [f"byte {ord(ch) - 0xDC00:#04x}" for ch in text if 0xDC80 <= ord(ch) <= 0xDC9F]
    return found


@dataclass
class HostileCorpus:
    folder: Path
    article_id: str  # the scraped article with an attack in every field
    article_title: str
    notes_id: str  # a Markdown note with attacks in its headings
    binary_id: str  # a file that is skipped, with an attack in its name
    related_title: str
    related_summary: str
    heading: str
    caption: str
    body: str
    type: str
    author: str
    topic: str


def write_hostile_corpus(folder: Path) -> HostileCorpus:
    """A corpus whose every field (and file name) carries ``ATTACK``.

    - an article in the seed's format, named with ``NAME_ATTACK``, with a sidecar: the
      title, type, author and topic, the lead, a question heading, its body, a photo
      caption, and a related entry (title and summary) all hold the attack;
    - a Markdown note with the attack in its headings and text;
    - a binary file with the attack in its name (skipped, and listed as skipped);
    - a plain neighbour, so a test sees the rest of the corpus is fine.
    """
    folder.mkdir(parents=True, exist_ok=True)
    title = f"Hostile {WORD} title {ATTACK} end"
    heading = f"Why does {WORD} {ATTACK} attack?"
    body = f"Body text with {WORD} {ATTACK} inside the section."
    caption = f"Photo of the {WORD} {ATTACK} scene"
    related_title = f"Linked {WORD} {ATTACK} publication"
    related_summary = f"Summary of {WORD} {ATTACK} for readers."
    kind, author, topic = f"Analysis {ATTACK}", f"Ada {ATTACK} Park", f"Topic {ATTACK}"
    text = "\n\n".join(
        [
            f"Lead paragraph about {WORD} {ATTACK} and what follows.",
            heading,
            body,
            "A second paragraph of plain prose keeps this section readable.",
            caption,
            caption,  # a doubled line of three words or more is a photo caption
            "More prose after the photo, about the harbour and the quay.",
            "",
            "Related Publications",
            related_title,
            related_title,
            "Monday, January 1, 2024",
            related_summary,
            "Type: Analysis",
            "Global PolicyView All Publications",
        ]
    )
    stem = f"article {NAME_ATTACK}"
    (folder / f"{stem}.txt").write_text(text + "\n", encoding="utf-8")
    meta = {"title": title, "type": kind, "authors": [author], "topics": [topic], "date": "2024-02-03"}
    (folder / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    notes = (
        f"# Notes {WORD} {ATTACK}\n\n"
        f"Notes text about {WORD} {ATTACK} here, and about the harbour.\n\n"
        f"## Second {ATTACK} heading\n\n"
        f"More {WORD} words {ATTACK} in the second section of the notes.\n"
    )
    (folder / "notes.md").write_text(notes, encoding="utf-8")
    binary_name = f"binary {NAME_ATTACK}.txt"
    (folder / binary_name).write_bytes(b"\x00\x01\x02 not text \x00" * 10)
    (folder / "neighbour.txt").write_text("A plain neighbour about the harbour and the quay.\n", encoding="utf-8")
    return HostileCorpus(
        folder=folder,
        article_id=f"{stem}.txt",
        article_title=title,
        notes_id="notes.md",
        binary_id=binary_name,
        related_title=related_title,
        related_summary=related_summary,
        heading=heading,
        caption=caption,
        body=body,
        type=kind,
        author=author,
        topic=topic,
    )


# -- a sync measured in a process of its own -------------------------------------------


def measured_sync(corpus: str, index_dir: str) -> dict:
    """Sync ``corpus`` into ``index_dir`` here; the time and this process's peak memory."""
    import resource
    import time

    from search import Library

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    library = Library([corpus], index_dir=index_dir)
    report = library.sync()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    library.close()
    return {
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "baseline_mb": before / 1024,
        "added": report.added,
        "skipped": [[s.path, s.reason] for s in report.skipped],
    }


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "sync":
        print(json.dumps(measured_sync(argv[1], argv[2])))
        return 0
    print("usage: python -m tests.hostile sync CORPUS INDEX_DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
