"""Bytes -> text: encodings, line ends, and what counts as binary."""

from __future__ import annotations

import codecs
import os

import pytest

from search.errors import UnreadableFile
from search.parse.decode import decode_bytes

TEXT = "Korea\u2019s \u201cbiggest enemy\u201d \u2014 caf\u00e9"


def test_utf8():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_bom_is_removed():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom(bom, encoding):
    assert decode_bytes(bom + (TEXT + "\r\nline two").encode(encoding)) == TEXT + "\nline two"


def test_utf16_without_bom():
    assert decode_bytes("plain ascii text in UTF-16".encode("utf-16-le")) == "plain ascii text in UTF-16"


def test_cp1252_smart_quotes():
    data = "\u201cQuoted\u201d \u2013 it\u2019s \u20ac5".encode("cp1252")
    assert decode_bytes(data) == "\u201cQuoted\u201d \u2013 it\u2019s \u20ac5"


def test_invalid_utf8_falls_back_to_cp1252():
    assert decode_bytes(b"caf\xc3\xa9 and caf\xe9") == "caf\u00c3\u00a9 and caf\u00e9"


def test_latin1_and_bytes_cp1252_leaves_undefined():
    assert decode_bytes("na\u00efve \u00fcber".encode("latin-1")) == "na\u00efve \u00fcber"
    assert decode_bytes(b"x\x81y\x9dz\xff") == "x\x81y\x9dz\u00ff"


def test_crlf_and_lone_cr_become_lf():
    assert decode_bytes(b"one\r\ntwo\rthree\n\rfour") == "one\ntwo\nthree\n\nfour"


def test_control_characters_other_than_nul_are_kept():
    assert decode_bytes(b"bell\x07 and escape \x1b[31mred\x1b[0m") == "bell\x07 and escape \x1b[31mred\x1b[0m"


def test_nul_bytes_mean_binary():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(b"text with a \x00 NUL byte in it")


def test_random_binary_is_refused():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(os.urandom(4096))


def test_control_bytes_without_nul_are_binary():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 50)


def test_known_binary_formats_are_named():
    with pytest.raises(UnreadableFile, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)


def test_empty():
    assert decode_bytes(b"") == ""
