"""Links written in documents: what each one points at, and which documents point here.

A link is kept as its document wrote it (a ``link`` mark: its words and its target,
``model.Mark``). To follow it, or to find backlinks, both sides are reduced to keys:

- a path link (``other.md``, ``../guide/``, ``/docs/intro.html``) becomes ``p:`` and
  the corpus-relative path it names, lowercased, without a document extension, so
  ``Intro.html``, ``intro.md`` and ``intro`` meet the one file ``intro.md``: sites saved
  as HTML, Markdown books and wikis write the same link in each of these ways. A
  folder (``guide/``) names its ``index`` or ``README``.
- a wikilink (``[[Other note]]``, ``[[Other note|alias]]``, ``[[Other note#Heading]]``)
  becomes ``n:`` and the name, lowercased, as note tools match it: by file name
  anywhere in the corpus, or by title. One that holds a ``/`` is a path from the root.

Every document has the keys of its own path and names (``document_keys``). The
store keeps both sets of keys (``Store.put_links``), so following a link and listing
backlinks are lookups by key, and a sync that changes one file rewrites only that
file's rows: nothing else is resolved again, and a link to a file that appears later
resolves as soon as it is there. Anchors are resolved when a link is followed,
against the target's sections (heading slugs, the ids the document gave them).

URLs with a scheme (``https:``, ``mailto:``) are external: kept as URLs, never opened
as files, and neither is a ``file:`` URL or a path that climbs out of the corpus.
git's ``linkgit:git-commit[1]`` names the page beside the one that writes it.
reStructuredText's references by label (``:ref:``, ``:term:``) name no file; they are
kept, said not to be followed, and not counted as broken.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator, Protocol
from urllib.parse import unquote

from .model import DocLink, Document, LinkTarget, Section


class Store(Protocol):
    """What resolving needs of ``storage.store.Store``, which imports this module for its keys."""

    def document(self, doc_id: str, *, marks: bool = True) -> Document | None: ...
    def document_with_key(self, key: str) -> str | None: ...
    def has_document(self, doc_id: str) -> bool: ...
    def documents_linking_to(self, keys: list[str]) -> list[str]: ...
    def sources_of_unresolved_links(self) -> list[str]: ...

# Extensions a link may give or leave out for the same document.
DOCUMENT_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".txt", ".rst", ".adoc", ".asciidoc", ".org")
FOLDER_PAGES = ("index", "readme")  # the page a link to a folder opens
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
OUTSIDE = "x:"  # the key of a path that cannot be in the corpus: no document has it, so it is listed as broken
LABEL = re.compile(r"^:(?:ref|term|numref):`")  # reStructuredText's cross-references by label (``parse.rst``)
WIKILINK = re.compile(r"^\[\[(?P<name>[^\[\]|#]*)(?:#(?P<anchor>[^\[\]|]*))?(?:\|[^\[\]]*)?\]\]$")


@dataclass(frozen=True)
class Written:
    """A link target reduced to what resolves it: a key (or a URL) and an anchor."""

    key: str = ""  # "p:..." or "n:..."; "" for a link to the same document or an external one
    anchor: str = ""
    url: str = ""  # an external link's URL
    outside: str = ""  # why a path cannot be in the corpus ("climbs out of the corpus")
    label: str = ""  # a cross-reference by label or glossary term: not a path, and not followed
    path: str = ""  # the corpus path exactly as written, which wins when that file is there


def _without_extension(path: str) -> str:
    lowered = path.lower()
    for extension in DOCUMENT_EXTENSIONS:
        if lowered.endswith(extension) and len(lowered) > len(extension):
            return path[: -len(extension)]
    return path


def _path_key(path: str) -> str:
    return "p:" + _without_extension(path).lower()


def name_key(name: str) -> str:
    return "n:" + " ".join(_without_extension(name.strip()).lower().split())


def document_keys(doc_id: str, title: str = "") -> list[str]:
    """The keys links may use for a document: its path (and its folder's, for an index page), its names."""
    keys = [_path_key(doc_id)]
    folder, _, file_name = doc_id.rpartition("/")
    stem = _without_extension(file_name)
    if stem.lower() in FOLDER_PAGES:
        keys.append("p:" + folder.lower())
    keys.append(name_key(stem))
    if title and name_key(title) != keys[-1]:
        keys.append(name_key(title))
    return list(dict.fromkeys(keys))


def read_target(source_id: str, target: str) -> Written:
    """What a target written in document ``source_id`` names, before the corpus is asked."""
    target = target.strip()
    if LABEL.match(target):
        return Written(label=target)
    if target.startswith("linkgit:"):  # AsciiDoc as git writes it: a manual page beside this one
        target = target[len("linkgit:") :]
    wiki = WIKILINK.match(target)
    if wiki:
        name, anchor = wiki.group("name").strip(), (wiki.group("anchor") or "").strip()
        if not name:
            return Written(anchor=anchor)
        if "/" in name:
            return Written(_path_key(posixpath.normpath(name.lstrip("/"))), anchor)
        return Written(name_key(name), anchor)
    if target.startswith("//") or (_SCHEME.match(target) and not re.match(r"^[A-Za-z]:[\\/]", target)):
        if target.lower().startswith("file:"):
            return Written(outside="a file: URL is not a document of the corpus")
        return Written(url=target)
    path, _, anchor = target.partition("#")
    path = unquote(path.partition("?")[0])
    anchor = unquote(anchor)
    if not path:
        return Written(anchor=anchor)
    folder = posixpath.dirname(source_id)
    is_folder = path.endswith("/")
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    normal = posixpath.normpath(joined)
    if normal == ".." or normal.startswith("../"):
        return Written(outside=f"{target} climbs out of the corpus")
    if normal == ".":
        normal = ""
    if is_folder or not normal:
        return Written("p:" + normal.lower(), anchor)
    return Written(_path_key(normal), anchor, path=normal)


def links_of(document: Document) -> Iterator[tuple[Section, str, str]]:
    """(section, link text, target) of every link the document wrote, in document order."""
    for section in document.sections:
        for mark in section.marks:
            if mark.kind == "link" and mark.info:
                yield section, section.text[mark.start : mark.end], mark.info


def stored_links(document: Document) -> list[tuple[int, str, str]]:
    """(position, key, section id) of each link into the corpus, for the store's backlinks and broken links."""
    rows = []
    for pos, (section, _text, target) in enumerate(links_of(document)):
        written = read_target(document.doc_id, target)
        if written.key or written.outside:
            rows.append((pos, written.key or OUTSIDE, section.id))
    return rows


def _slug(text: str) -> str:
    from .parse.sections import slug

    return slug(text)


def _anchors(document: Document) -> dict[str, str]:
    """Each name an anchor may use for a section of the document -> the section's id."""
    names: dict[str, str] = {}
    for section in document.sections:
        for name in (section.id, section.id.lower(), _slug(section.title) if section.title else ""):
            if name:
                names.setdefault(name, section.id)
    for name, section_id in document.anchors:
        names.setdefault(name, section_id)
    if document.sections and document.title:  # the page's own heading, made its title: the top
        names.setdefault(_slug(document.title), document.sections[0].id)
    return names


class _Resolver:
    """Resolution of many links of one document: each key looked up, each target document read, once.

    A table of contents links to thousands of anchors in a few hundred pages.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.keys: dict[str, str | None] = {}
        self.anchors: dict[str, dict[str, str]] = {}
        self.exists: dict[str, bool] = {}

    def resolve(self, source_id: str, target: str) -> LinkTarget:
        written = read_target(source_id, target)
        if written.url:
            return LinkTarget("external", url=written.url)
        if written.outside:
            return LinkTarget("missing", reason=written.outside)
        if written.label:
            return LinkTarget("missing", reason=f"{target} is a cross-reference by label, which is not followed")
        if written.path and self._exists(written.path):  # git-commit.html, beside git-commit.txt
            doc_id = written.path
        else:
            doc_id = self._document(written.key) if written.key else source_id
        if doc_id is None:
            return LinkTarget("missing", reason=f"no document for {target} in this corpus")
        section = None
        if written.anchor:
            anchors = self.anchors.get(doc_id)
            if anchors is None:
                document = self.store.document(doc_id, marks=False)
                anchors = self.anchors[doc_id] = _anchors(document) if document is not None else {}
            section = anchors.get(written.anchor) or anchors.get(_slug(written.anchor))
        return LinkTarget("document", doc_id, section)

    def _exists(self, doc_id: str) -> bool:
        if doc_id not in self.exists:
            self.exists[doc_id] = self.store.has_document(doc_id)
        return self.exists[doc_id]

    def _document(self, key: str) -> str | None:
        if key not in self.keys:
            self.keys[key] = self.store.document_with_key(key)
        return self.keys[key]


def resolve(store: Store, source_id: str, target: str) -> LinkTarget:
    """Where a link written in ``source_id`` leads in the corpus now."""
    return _Resolver(store).resolve(source_id, target)


def outgoing(store: Store, document: Document, resolver: _Resolver | None = None) -> list[DocLink]:
    """Every link of the document, each resolved against the corpus now."""
    resolver = resolver or _Resolver(store)
    found: dict[str, LinkTarget] = {}
    out = []
    for section, text, target in links_of(document):
        resolved = found.get(target)
        if resolved is None:
            resolved = found[target] = resolver.resolve(document.doc_id, target)
        out.append(DocLink(" ".join(text.split()), target, section.id, resolved))
    return out


def linking_documents(store: Store, document: Document) -> list[str]:
    """The documents that link to this one by path or by name, by doc_id, itself left out."""
    return [src for src in store.documents_linking_to(document_keys(document.doc_id, document.title)) if src != document.doc_id]



def broken(store: Store) -> Iterator[tuple[str, DocLink]]:
    """Every link into the corpus that leads to no document, with the document that wrote it."""
    resolver = _Resolver(store)
    for src in store.sources_of_unresolved_links():
        document = store.document(src)
        if document is None:
            continue
        for link in outgoing(store, document, resolver):
            written = read_target(src, link.target)
            if link.resolved.kind == "missing" and (written.key or written.outside):
                yield src, link


MENTION_CHARS = 40  # longer inline code is an expression, not a name


def mentions(document: Document) -> set[str]:
    """The names a document writes as inline code, lowercased: ``grep`` in "See also: `grep`".

    A link by name, for corpora that write few links (tldr-pages, man pages, API
    notes): how many documents name a page's command is how central the page is.
    """
    found: set[str] = set()
    for section in document.sections:
        text = section.text
        for mark in section.marks:
            if mark.kind == "icode" and mark.end - mark.start <= MENTION_CHARS:
                word = _MENTION_DRESS.sub("", text[mark.start : mark.end].strip().lower())
                if word and not any(c.isspace() for c in word):
                    found.add(word)
    return found


# What dresses a name written as code: a dotfile's dot, a call's or a manual section's
# brackets, punctuation around it ("`.gitignore`", "`len()`", "`git-commit(1)`").
_MENTION_DRESS = re.compile(r"^[.\"'(\[]+|(?:\(\d*\w?\))?[\"',;:.)\]]*$")


def name_of(doc_id: str) -> str:
    """The name a document's command or module goes by: its file name without the extension, lowercased.

    An index or README page goes by its folder's name ("tmux/README": ``tmux``); one
    at the top of the corpus by none.
    """
    folder, _, file_name = doc_id.rpartition("/")
    stem = _without_extension(file_name).lower()
    if stem in FOLDER_PAGES:
        return folder.rpartition("/")[2].lower()
    return stem
