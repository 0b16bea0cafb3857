"""AsciiDoc (git's documentation, many projects' manuals) -> Document.

Git ships its manual pages and guides as ``.txt`` files in AsciiDoc. Read as
plain text they leaked their markup into every search and every page:
``linkgit:git-add[1]``, ``include::line-range-options.txt[]``, ``[verse]``,
``[[anchor]]``, the ``----`` fences of every example. This reader keeps what a
rendered page shows and nothing of its syntax:

- titles underlined (``====``, ``----``, ``~~~~``, ``^^^^``, ``++++``, as long as the
  title give or take two) or prefixed (``= Title``, ``== Section``); the
  document's title is the first one when the file opens with it;
- listing and literal blocks (between ``----`` or ``....`` lines) and indented
  literal paragraphs are code, lines kept; quote blocks (``____``) are quotes;
  example and sidebar fences (``====``, ``****``) only end paragraphs;
- block attributes and anchors on a line of their own (``[verse]``, ``[NOTE]``,
  ``[source,shell]``, ``[[def_commit]]``), preprocessor lines (``include::``,
  ``ifdef::``, ``endif::``), attribute entries (``:toc:``), comments (``//``) and
  list continuations (``+``) are left out;
- ``term::`` (and ``;;``) starts a defined term; ``* item`` and ``. item`` are items;
- inline: ``linkgit:git-add[1]`` reads "git-add(1)", ``link:url[text]`` and
  ``https://url[text]`` read "text" (a link mark keeps the target), ``<<id,text>>``
  reads "text", backquoted text is inline code.

A ``.txt`` file is read this way when it shows enough of these signs
(:func:`looks_like_asciidoc`); ``.adoc`` and ``.asciidoc`` always are.
"""

from __future__ import annotations

import re

from search.model import Document, normalize_title
from search.parse import lines as shape
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata
from search.parse.text import under_title, underlines

# Signs no other format here writes (reStructuredText shares "::" and "----").
_SIGNS = re.compile(
    r"linkgit:\S|^include::|^ifn?def::|^endif::|^\[\[[^\]\n]+\]\]$"
    r"|^\[(?:verse|NOTE|TIP|WARNING|IMPORTANT|CAUTION|source|listing|literal|quote|horizontal)\b[^\]\n]*\]$",
    re.MULTILINE,
)
_PREFIXED_TITLE = re.compile(r"(={1,5})\s+(\S.*?)(?:\s+=+)?$")
_BLOCK_ATTRIBUTE = re.compile(r"\[\[?[^\[\]]*\]\]?$")
_PREPROCESSOR = re.compile(r"(?:include|ifdef|ifndef|ifeval|endif)::.*\[.*\]$")
_ATTRIBUTE_ENTRY = re.compile(r":!?[\w-]+!?:(?:\s.*)?$")
_TERM = re.compile(r"(\S.*?)(?:::|;;|:::)$")
_ITEM = re.compile(r"(\*+|-|\.+|\d+\.)\s+(\S.*)$")
_FENCES = {"-": "code", ".": "code", "_": "quote", "=": "example", "*": "sidebar", "+": "passthrough"}
_FENCE = re.compile(r"(-{4,}|\.{4,}|_{4,}|={4,}|\*{4,}|\+{4,})$")

# Inline syntax, outermost first.
_INLINE = re.compile(
    r"linkgit:(?P<page>[\w.-]+)\[(?P<section>[^\]]*)\]"
    r"|(?:link:)?(?P<url>(?:https?|ftp|mailto|file):[^\s\[]+|(?<=link:)[^\s\[]+)\[(?P<label>[^\]]*)\]"
    r"|<<(?P<anchor>[^,>]+)(?:,\s*(?P<anchor_text>[^>]+))?>>"
    r"|(?P<inline_anchor>\[\[[^\[\]]*\]\])"
    r"|(?<![\w`])`(?P<code>[^`\n]+)`(?![\w`])"
    r"|(?<![\w'])'(?P<emphasis>[^'\n]+)'(?![\w'])"
)


# "[[id]]" or "[[id,reftext]]": a name for a link to use ("<<id>>"), on its own line or in one.
_ANCHOR_NAME = re.compile(r"\[\[([A-Za-z_:][\w:.-]*)(?:,[^\[\]]*)?\]\]")
_LINE_ANCHOR = re.compile(r"^(?:\[\[[^\[\]]+\]\]\s*)+$")


def looks_like_asciidoc(text: str) -> bool:
    """Whether a ``.txt`` file is AsciiDoc: three signs of its syntax in its first 64 KB."""
    if "content-type: text/asciidoc" in text[:2048].lower():
        return True
    found = 0
    for _ in _SIGNS.finditer(text[:65536]):
        found += 1
        if found >= 3:
            return True
    return False


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    blocks = _blocks(text.split("\n"))
    title = meta.title
    # A HOWTO opens with mail headers ("Date:", "From:", "Subject:") before its title.
    at = 0
    while at < min(2, len(blocks) - 1) and blocks[at][0] == "paragraph" and shape.is_title_noise(blocks[at][1].split("\n", 1)[0]):
        at += 1
    first = blocks[at] if blocks else None
    if first is not None and first[0] == "heading":
        if not title or normalize_title(first[1]) == normalize_title(title):
            title = first[1]
            blocks = under_title(title, blocks[:at] + blocks[at + 1 :])
    if not title:
        for block in blocks[:6]:
            line = block[1].split("\n", 1)[0]
            if not shape.is_title_noise(line):
                title = shape.title_from_sentence(line)
                break
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta, first_line_only=True)


def inline(text: str) -> tuple[str, tuple]:
    """``text`` without AsciiDoc's inline syntax, and the marks of its code and links."""
    if not any(sign in text for sign in ("linkgit:", "[", "<<", "`", "'")):
        return text, ()
    parts: list[str] = []
    marks: list[tuple[int, int, str, str]] = []
    size = at = 0
    for match in _INLINE.finditer(text):
        parts.append(text[at : match.start()])
        size += match.start() - at
        at = match.end()
        kind, info = "", ""
        if match.group("page"):
            shown = f"{match.group('page')}({match.group('section')})" if match.group("section") else match.group("page")
            kind, info = "link", f"linkgit:{match.group('page')}"
        elif match.group("url"):
            shown = match.group("label") or match.group("url")
            kind, info = "link", match.group("url")
        elif match.group("anchor"):
            shown = (match.group("anchor_text") or match.group("anchor")).strip()
            kind, info = "link", "#" + match.group("anchor").strip()
        elif match.group("inline_anchor"):
            shown = ""  # "Title[[ID]]": an id to link to, not text
        elif match.group("code"):
            shown, kind = match.group("code"), "icode"
        else:
            shown = match.group("emphasis")
        parts.append(shown)
        if kind:
            marks.append((size, size + len(shown), kind, info))
        size += len(shown)
    parts.append(text[at:])
    return "".join(parts), tuple(marks)


def _blocks(lines: list[str]) -> list[tuple]:
    blocks: list[tuple] = []
    levels: dict[str, int] = {}
    paragraph: list[str] = []
    kind = ["paragraph", ""]  # of the paragraph being read, and its info

    def flush() -> None:
        if paragraph:
            joined = "\n".join(paragraph)
            if kind[0] == "code":
                blocks.append(("code", joined, 0, "", ()))
            else:
                content, marks = inline(joined)
                blocks.append((kind[0], content, 0, kind[1], marks))
            paragraph.clear()
        kind[0], kind[1] = "paragraph", ""

    numbers: dict[int, int] = {}  # depth -> the last number of the ordered list being read
    defining = False  # indented lines now are a term's definition, not a literal block
    fence = ""  # the delimiter line that opened the block being read, if any
    fenced_kind = ""
    pending: list[str] = []  # anchors on lines of their own, for the block that follows
    i = 0
    count = len(lines)
    while i < count:
        raw = lines[i]
        line = raw.strip()
        if fence:
            if line == fence:
                flush()
                fence = ""
            elif fenced_kind == "code":
                paragraph.append(raw.rstrip())
                kind[0] = "code"
            elif line:
                paragraph.append(line)
                kind[0] = "quote" if fenced_kind == "quote" else kind[0]
            else:
                flush()
            i += 1
            continue
        following = lines[i + 1].strip() if i + 1 < count else ""
        named = _ANCHOR_NAME.findall(line) if "[[" in line else []
        if line and not _FENCE.match(line) and following and _underlines(following, line):
            flush()
            level = levels.setdefault(following[0], len(levels) + 1)
            blocks.append(("heading", inline(line)[0].strip(), level))
            blocks.extend(("anchor", name, 0) for name in [*pending, *named])
            pending = []
            i += 2
            continue
        prefixed = _PREFIXED_TITLE.match(line) if line.startswith("=") else None
        if prefixed:
            flush()
            blocks.append(("heading", inline(prefixed.group(2))[0].strip(), len(prefixed.group(1))))
            blocks.extend(("anchor", name, 0) for name in [*pending, *named])
            pending = []
            i += 1
            continue
        if named and _LINE_ANCHOR.match(line):
            pending.extend(named)  # "[[id]]" over a heading names it; over anything else, its section
            i += 1
            continue
        if line and pending:
            blocks.extend(("anchor", name, 0) for name in pending)
            pending = []
        if named:
            blocks.extend(("anchor", name, 0) for name in named)  # "[[def_commit]]commit::": an id in the text
        if line and raw[:1] not in (" ", "\t"):
            defining = False  # a line at the margin ends a definition (a term sets it again)
        fenced = _FENCE.match(line)
        if fenced:
            flush()
            fence, fenced_kind = line, _FENCES[line[0]]
            i += 1
            continue
        indented = raw[:1] in (" ", "\t")
        item = _ITEM.match(line) if line else None
        if not line:
            flush()
        elif not item and numbers and not paragraph:
            numbers.clear()  # a list ends at the first block that is not one of its items
            continue
        elif line.startswith("//") or line == "+" or _PREPROCESSOR.match(line) or _ATTRIBUTE_ENTRY.match(line):
            if line == "+":
                flush()
        elif _BLOCK_ATTRIBUTE.match(line):
            flush()
        elif indented and defining and not item and kind[0] != "code":
            paragraph.append(line)  # a term's definition, indented under it
        elif indented and not item and (not paragraph or kind[0] == "code"):
            if kind[0] != "code":
                flush()
            kind[0] = "code"  # an indented paragraph is a literal one
            paragraph.append(raw.rstrip())
        else:
            if kind[0] == "code":
                flush()
            term = None if item else _TERM.match(line)
            if term and not line.startswith(("http", "link")):
                flush()
                content, marks = inline(term.group(1))
                blocks.append(("term", content, 0, "", marks))
                defining = True
            elif item:
                flush()
                marker = item.group(1)
                depth = len(marker) if marker[0] in "*." else 1
                if marker[0] in "*-":
                    bullet = "•"
                else:
                    numbers[depth] = int(marker[:-1]) if marker[0].isdigit() else numbers.get(depth, 0) + 1
                    bullet = f"{numbers[depth]}."
                paragraph.append(f"{bullet} {item.group(2)}")
                kind[0], kind[1] = "item", str(depth)
            elif line[0] == "." and line[1:2].isalnum():
                flush()  # a block's title (".Example"): a line of its own
                paragraph.append(line[1:])
            else:
                paragraph.append(line)
        i += 1
    flush()
    return blocks


def _underlines(candidate: str, title: str) -> bool:
    """A two-line title: the underline as long as the title, give or take two (AsciiDoc's rule)."""
    return (
        candidate[0] in "=-~^+"
        and abs(len(candidate) - len(title)) <= 2
        and underlines(candidate, title)
    )
