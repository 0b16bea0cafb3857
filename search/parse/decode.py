"""Bytes -> text, for files whose encoding nobody wrote down.

The corpus is whatever people saved: UTF-8 mostly, Windows-1252 from older tools,
UTF-16 from Windows editors, and now and then a binary file that only looks like a
document by its name. Decoding never guesses wildly: a BOM is believed, then strict
UTF-8, then Windows-1252 (which every byte string decodes as, with Latin-1 filling
the five bytes Windows-1252 leaves undefined). Binary data is refused with a reason
instead of being shown as noise.

Control characters other than NUL are kept: they are data, and the UI neutralises
them when it draws text.
"""

from __future__ import annotations

import re

import codecs

from search.errors import UnreadableFile

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats that are sometimes named .txt or .html by mistake; naming them makes the
# "skipped" line in the UI tell the user something useful.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)

# Control characters that ordinary text contains: tab, newline, vertical tab, form
# feed, carriage return, and ESC (colour codes in saved terminal logs).
_TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r\x1b")
_CONTROL_RATIO = 0.10  # above this share of control characters, it is not text
_SAMPLE = 64 * 1024

# Windows-1252 for 0x80-0x9F; the five undefined bytes stay as their Latin-1 code points.
_CP1252_HIGH = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CP1252_TABLE = str.maketrans({chr(b): ch for b, ch in _CP1252_HIGH.items()})


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes to text with ``\\n`` line ends, or raise ``UnreadableFile``."""
    if not data:
        return ""
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile("binary file")
    if _mostly_controls(text):
        raise UnreadableFile("binary file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A BOM is a promise; a broken tail (a file cut mid-character) becomes
            # U+FFFD rather than a refusal.
            return data[len(bom) :].decode(encoding, errors="replace")
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(f"binary file ({name})")
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise UnreadableFile("binary file")
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252_TABLE)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by ASCII text's NUL in every other byte.

    Only a strong pattern counts (nearly every high byte NUL); a stray NUL in an
    otherwise 8-bit file means binary.
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            text = data[: len(data) // 2 * 2].decode(encoding, errors="replace")
            if "\x00" not in text:
                return text
    return None


# Control characters that text does not use: the other C0 controls, DEL, and the C1
# controls U+0080-U+009F. DEL and C1 count too because noise without NUL bytes
# (encrypted or compressed data with no header) decodes as Windows-1252 with DEL and
# the five undefined bytes left as controls: with them it is well over the ratio,
# with C0 alone most such files were just under it.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _mostly_controls(text: str) -> bool:
    sample = text[:_SAMPLE]
    # One regular-expression scan: a Python loop over every character of every
    # file was a noticeable part of a full build. Most text has none at all.
    if not _CONTROLS.search(sample):
        return False
    controls = len(_CONTROLS.findall(sample))
    # A handful of stray control characters in a short note are still text.
    return controls > max(3, _CONTROL_RATIO * len(sample))
