"""reStructuredText (``.rst``, and ``.txt`` that reads as reST) -> Document.

Read line by line, with the structure reST gives by indentation, so a folder of
Sphinx sources (Python's ``_sources/*.rst.txt``, project READMEs) reads as its
rendered pages do, without docutils:

- Section titles are underlined, or over- and underlined; their levels are the
  order in which each adornment style first appears, as reST defines them. A
  first title is the document's, and the levels under it move up one.
- Explicit markup never shows as text: comments, targets (``.. _label:``),
  substitution definitions and directive markers go. A directive's content is
  read (a note's words, a figure's caption, a function's description), except
  for directives that hold no prose (``toctree``, ``index``, ``include``,
  ``raw``...); code directives and ``::`` literal blocks are code, with their
  language where one is given; an object description (``.. function::
  spam(eggs)``) keeps its signature as a defined term; an image keeps its
  ``:alt:``.
- Bullet and enumerated lists are list items with their depth, indented
  paragraphs are quotes, tables are kept verbatim as code so their columns line up.
- Inline markup loses its syntax: ````code```` is inline code, ```text <url>`_``
  a link (target as written), ``:role:`text``` its text (``:func:`` and kin as
  inline code, ``:ref:`` and ``:doc:`` as links to their target).
"""

from __future__ import annotations

import re

from search.model import Document
from search.parse import lines as shape
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

_ADORNMENT_CHARS = "=-`:'\"~^_*+#<>.!$%&(),/;?@[\\]{|}"
_ADORNMENT = re.compile(r"([" + re.escape(_ADORNMENT_CHARS) + r"])\1{2,}\s*$")
_EXPLICIT = re.compile(r"\.\.(?:\s+|$)")
_DIRECTIVE = re.compile(r"\.\.\s+(?:\|[^|]+\|\s+)?([\w:.+-]+)::(?:\s+(.*))?$")
_TARGET = re.compile(r"\.\.\s+(?:_[^:]*:|__:|\[[^\]]+\])")
_OPTION = re.compile(r":([\w-]+):(?:\s+(.*))?$")
_BULLET = re.compile(r"([-*+\u2022\u2023\u2043])\s+")
_ENUMERATED = re.compile(r"(\d{1,9}|#|[a-zA-Z])[.)]\s+|\((\d{1,9}|#)\)\s+")
_TABLE = re.compile(r"\+[-=+]+\+\s*$|=+(?:\s+=+)+\s*$")
_FIELD = re.compile(r":([\w -]+):(?:\s+(.*))?$")

# Directives whose content is not prose for a reader.
_UNREAD = frozenset(
    "toctree index include raw only contents sectnum meta highlight default-role role "
    "currentmodule module automodule autosummary literalinclude tabularcolumns "
    "testsetup testcleanup csv-table-file moduleauthor sectionauthor codeauthor".split()
)
_CODE = frozenset("code code-block sourcecode doctest testcode testoutput productionlist".split())
# Sphinx's object descriptions: their argument is a signature, a defined term.
_OBJECT = re.compile(r"(?:\w+:)?(?:function|method|class|exception|attribute|data|module|decorator|"
                     r"decoratormethod|classmethod|staticmethod|describe|object|option|envvar|cmdoption|"
                     r"opcode|pdbcommand|2to3fixer|member|macro|type|var|var|struct|enum|enumerator|"
                     r"coroutinefunction|coroutinemethod|abstractmethod|property|program|confval)")
_VERSIONED = {
    "versionadded": "New in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "deprecated-removed": "Deprecated since version",
}
# Fields that are instructions to a builder, not words of the document.
_BUILDER_FIELDS = frozenset("orphan nocomments nosearch tocdepth".split())

_ROLE_CODE = frozenset(
    "func meth class mod attr data exc obj const command program option file envvar samp "
    "kbd code literal makevar mailheader keyword opcode type member macro var cfunc cdata "
    "ctype cmacro cmember".split()
)
_INLINE = re.compile(
    r"``(?P<code>.+?)``"
    r"|(?P<role>:[\w:+.-]+:)`(?P<rtext>[^`]+)`"
    r"|`(?P<ltext>[^`<]*?)\s*<(?P<target>[^<>`]+)>`__?"
    r"|`(?P<interp>[^`]+)`(?P<reflink>__?)?(?P<after_role>:[\w:+.-]+:)?"
    r"|\*\*(?P<strong>[^*\s](?:[^*]*[^*\s])?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
)


def looks_like_rst(text: str) -> bool:
    """Whether a ``.txt`` file is reST: directives or targets at line starts, Sphinx roles, or a field first."""
    head = text[:65536]
    if re.search(r"^\.\. (?:[\w:-]+::|_[^:\n]+:|\|[^|\n]+\|)", head, re.MULTILINE):
        return True
    if re.search(r":(?:mod|ref|func|class|meth|doc|term|pep|rfc|attr|data|exc|option|program|file):`", head):
        return True  # Sphinx's roles
    first = head.lstrip("\ufeff \n")
    return bool(re.match(r":(?:orphan|tocdepth|nocomments|nosearch):", first))


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    lines = text.replace("\t", "        ").split("\n")
    blocks: list = []
    styles: dict[tuple[str, bool], int] = {}
    _read(lines, blocks, styles, top=True)
    title = meta.title
    first = next((i for i, b in enumerate(blocks) if not (b[0] == "paragraph" and shape.is_title_noise(b[1]))), None)
    if first is not None and blocks[first][0] == "heading":
        heading = blocks[first]
        if not title or title.casefold() == heading[1].casefold():
            title = heading[1]
            blocks = blocks[:first] + blocks[first + 1 :]
            if not any(b[0] == "heading" and b[2] == heading[2] for b in blocks):
                blocks = [(b[0], b[1], b[2] - 1 if b[0] == "heading" and b[2] > heading[2] else b[2], *b[3:]) for b in blocks]
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented(lines: list[str], start: int, base: int) -> tuple[list[str], int]:
    """The block of lines from ``start`` indented deeper than ``base`` (blank lines inside), dedented."""
    end = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    block = lines[start:end]
    while block and not block[-1].strip():
        block.pop()
    depth = min((_indent(line) for line in block if line.strip()), default=0)
    return [line[depth:] for line in block], end


def _is_adornment(line: str) -> bool:
    return bool(_ADORNMENT.match(line)) and _indent(line) == 0


def _read(lines: list[str], blocks: list, styles: dict, *, top: bool = False, depth: int = 0) -> None:
    """The blocks of ``lines`` (a document, or a directive's or an item's content)."""
    i = 0
    n = len(lines)
    at_start = top
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        indent = _indent(line)
        following = lines[i + 1] if i + 1 < n else ""
        # An over- and underlined title.
        if (
            top
            and _is_adornment(line)
            and i + 2 < n
            and following.strip()
            and not _is_adornment(following)
            and lines[i + 2].strip()[:1] == stripped[0]
            and _is_adornment(lines[i + 2])
        ):
            _heading(blocks, styles, following.strip(), (stripped[0], True))
            i += 3
            continue
        # An underlined title.
        if top and indent == 0 and _is_adornment(following) and len(following.strip()) >= min(len(stripped), 3) and not _is_adornment(line):
            _heading(blocks, styles, stripped, (following.strip()[0], False))
            i += 2
            continue
        if _is_adornment(line) and len(stripped) >= 4 and not _TABLE.match(stripped):
            i += 1  # a transition
            continue
        if _TABLE.match(stripped):
            table, i = _table(lines, i)
            blocks.append(("code", "\n".join(table), 0, "", ()))
            continue
        if _EXPLICIT.match(stripped):
            i = _explicit(lines, i, blocks, styles, depth)
            continue
        field = _FIELD.match(stripped) if at_start else None
        if field and indent == 0:
            if field.group(1).strip().lower() not in _BUILDER_FIELDS and field.group(2):
                blocks.append(("paragraph", f"{field.group(1)}: {field.group(2)}", 0, "", ()))
            i += 1
            continue
        at_start = False
        marker = _BULLET.match(stripped) or _ENUMERATED.match(stripped)
        if marker and indent == 0 and _list_context(lines, i, marker):
            i = _item(lines, i, marker, blocks, styles, depth)
            continue
        if indent > 0:
            quoted, i = _indented(lines, i, indent - 1)
            inner: list = []
            _read(quoted, inner, styles, depth=depth)
            blocks.extend(("quote", *b[1:]) if b[0] == "paragraph" else b for b in inner)
            continue
        paragraph: list[str] = []
        while i < n and lines[i].strip() and _indent(lines[i]) == 0:
            paragraph.append(lines[i].rstrip())
            i += 1
        if paragraph[0].startswith(">>>"):  # a doctest block: an interpreter session, as code
            blocks.append(("code", "\n".join(paragraph), 0, "pycon", ()))
            continue
        text = " ".join(line.strip() for line in paragraph)
        literal = text.endswith("::")
        if literal:  # "Text::" shows as "Text:", "Text ::" as "Text", a lone "::" not at all
            text = "" if text == "::" else text[:-3].rstrip() if text.endswith(" ::") else text[:-1]
        if text.strip():
            blocks.append(_inline_block("paragraph", text))
        if literal:
            while i < n and not lines[i].strip():
                i += 1
            if i < n and _indent(lines[i]) > 0:
                code, i = _indented(lines, i, 0)
                blocks.append(("code", "\n".join(code), 0, "", ()))


def _heading(blocks: list, styles: dict, title: str, style: tuple[str, bool]) -> None:
    level = styles.setdefault(style, len(styles) + 1)
    text, _ = _inline_text(title)
    blocks.append(("heading", text, level, "", ()))


def _list_context(lines: list[str], i: int, marker: re.Match) -> bool:
    """A list marker starts an item unless it begins a plain paragraph's wrapped line."""
    return i == 0 or not lines[i - 1].strip() or bool(_BULLET.match(lines[i - 1].strip()) or _ENUMERATED.match(lines[i - 1].strip()))


def _item(lines: list[str], i: int, marker: re.Match, blocks: list, styles: dict, depth: int) -> int:
    stripped = lines[i].strip()
    width = marker.end()
    body, end = _indented(lines, i + 1, 0)
    content = [" " * width + stripped[width:]] + [" " * width + line if line.strip() else "" for line in body]
    content = [line[width:] for line in content]
    if marker.re is _BULLET:
        sign = "\u2022"
    else:
        number = marker.group(1) or marker.group(2)
        sign = f"{number}." if number != "#" else f"{sum(1 for b in blocks if b[0] == 'item' and b[3] == str(depth + 1)) + 1}."
    inner: list = []
    _read(content, inner, styles, depth=depth + 1)
    first = True
    for block in inner:
        if block[0] in ("paragraph", "quote"):
            prefix = sign + " " if first else ""
            first = False
            marks = tuple((s + len(prefix), e + len(prefix), k, v) for s, e, k, v in block[4])
            blocks.append(("item", prefix + block[1], 0, str(depth + 1), marks))
        else:
            blocks.append(block)
    return end


def _table(lines: list[str], i: int) -> tuple[list[str], int]:
    end = i
    while end < len(lines) and lines[end].strip():
        end += 1
    return [line.rstrip() for line in lines[i:end]], end


def _explicit(lines: list[str], i: int, blocks: list, styles: dict, depth: int) -> int:
    """A directive, comment, target or footnote at ``lines[i]``; the index after its content."""
    line = lines[i].strip()
    body, end = _indented(lines, i + 1, _indent(lines[i]))
    directive = _DIRECTIVE.match(line)
    if not directive:
        footnote = re.match(r"\.\.\s+\[([^\]]+)\]\s+(.*)$", line)
        if footnote:  # a footnote or citation: its text is the document's
            text = " ".join([footnote.group(2)] + [b.strip() for b in body if b.strip()])
            label = footnote.group(1)  # auto-numbered ones ("#name", "*") have no label a reader sees
            blocks.append(_inline_block("paragraph", text if label[:1] in "#*" else f"[{label}] {text}"))
        return end  # a comment or a target: nothing to read
    name, argument = directive.group(1).lower(), (directive.group(2) or "").strip()
    options: dict[str, str] = {}
    content_start = 0
    arguments = [argument] if argument else []
    while content_start < len(body) and body[content_start].strip():
        option = _OPTION.match(body[content_start].strip())
        if not option:
            if not options and name not in _CODE:  # the argument goes on
                arguments.append(body[content_start].strip())
                content_start += 1
                continue
            break
        options[option.group(1).lower()] = (option.group(2) or "").strip()
        content_start += 1
    content = body[content_start:]
    short = name.split(":")[-1]
    # Lines ending in a backslash go on on the next; other lines are one argument each (signatures).
    signatures: list[str] = []
    for part in arguments:
        if signatures and signatures[-1].endswith("\\"):
            signatures[-1] = signatures[-1][:-1].rstrip() + " " + part
        else:
            signatures.append(part)
    argument = " ".join(signatures)
    if short in _UNREAD or "|" in line.split("::")[0]:
        if short in ("only",):
            _read(content, blocks, styles, depth=depth)
        return end
    if short in _CODE:
        language = argument.split()[0] if argument else ("pycon" if short == "doctest" else "")
        while content and not content[0].strip():
            content.pop(0)
        if content:
            blocks.append(("code", "\n".join(content), 0, language, ()))
        return end
    if short in ("image", "figure"):
        if options.get("alt"):
            blocks.append(("paragraph", options["alt"], 0, "", ()))
        _read(content, blocks, styles, depth=depth)
        return end
    if _OBJECT.fullmatch(name):
        for signature in signatures:
            blocks.append(("term", signature, 0, "", ()))
    elif short in _VERSIONED:
        blocks.append(_inline_block("paragraph", f"{_VERSIONED[short]} {argument}".strip() + ("." if not content else ":")))
    elif argument and short not in ("note", "warning", "tip", "hint", "important", "caution", "danger", "error", "attention", "seealso"):
        blocks.append(_inline_block("paragraph", argument))  # an admonition's title, a version, a topic
    if options.get("caption"):
        blocks.append(("paragraph", options["caption"], 0, "", ()))
    _read(content, blocks, styles, depth=depth)
    return end


def _inline_block(kind: str, text: str) -> tuple:
    text, marks = _inline_text(text)
    return (kind, text, 0, "", marks)


_FOOTNOTE_REFERENCE = re.compile(r"\s*\[(?:#[\w.-]*|\*|\d+|[\w.-]+)\]_(?!\w)")


def _inline_text(text: str) -> tuple[str, tuple]:
    """``text`` without reST's inline syntax, and its icode and link marks."""
    if "]_" in text:
        text = _FOOTNOTE_REFERENCE.sub("", text)
    if "`" not in text and "*" not in text:
        return text, ()
    out: list[str] = []
    marks: list[tuple[int, int, str, str]] = []
    size = 0
    at = 0
    for match in _INLINE.finditer(text):
        before = text[at : match.start()]
        out.append(before)
        size += len(before)
        piece, mark = _inline_piece(match)
        if mark and piece:
            marks.append((size, size + len(piece), *mark))
        out.append(piece)
        size += len(piece)
        at = match.end()
    out.append(text[at:])
    return "".join(out), tuple(marks)


def _inline_piece(match: re.Match) -> tuple[str, tuple[str, str] | None]:
    group = match.groupdict()
    if group["code"] is not None:
        return group["code"], ("icode", "")
    if group["role"] is not None:
        role = group["role"].strip(":").split(":")[-1]
        inner = group["rtext"]
        target = re.search(r"<([^<>]+)>\s*$", inner)
        label = inner[: target.start()].strip() if target else inner
        label = label.lstrip("~!")
        if role == "doc":
            return label or inner, ("link", target.group(1) if target else inner)
        if role in ("ref", "term", "numref"):
            # A label or a glossary term, not a path: kept as written (``doclinks`` says it is not followed).
            return label or inner, ("link", f":{role}:`{target.group(1) if target else inner}`")
        if role in ("rfc", "pep"):
            return f"{role.upper()} {label}", None
        if role in _ROLE_CODE:
            if group["rtext"].startswith("~") and not target:
                label = label.rsplit(".", 1)[-1]
            return label, ("icode", "")
        return label, None
    if group["target"] is not None:
        label = group["ltext"].strip() or group["target"]
        return label, ("link", group["target"].strip())
    if group["interp"] is not None:
        return group["interp"], None
    if group["strong"] is not None:
        return group["strong"], None
    return group["em"], None
