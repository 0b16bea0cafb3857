"""The commands of the command line: their arguments, and what each one does.

Each command is a function of its parsed arguments that returns the exit status;
``tui.cli.main`` runs it and turns what goes wrong into one line. Imports that cost
something stay inside the functions that need them: the app (and with it Textual)
only for browsing, ``output`` (Rich) only once there is something to print.

The statuses are the shell's: 0 done (``search`` found something), 1 nothing found
(``search`` with no hit, ``links --broken`` with a broken link: grep's and link
checkers' habit), 2 an error (one line on stderr), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys

from search import __version__

COMMANDS = ("index", "search", "show", "links")
EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and status 2 like every other error."""

    def error(self, message: str):  # noqa: D401 - argparse's name
        self.exit(EXIT_USAGE, f"readingroom: {message}\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index-dir",
        metavar="DIR",
        help="where the index lives (default: per corpus in the user cache directory; "
        "or $READINGROOM_INDEX_DIR)",
    )


def build_parser(command: str | None) -> argparse.ArgumentParser:
    if command == "index":
        parser = _Parser(prog="readingroom index", description="Build or update the index of a corpus.")
        parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files (default: the bundled seeds)")
        parser.add_argument("--rebuild", action="store_true", help="forget the index and build it again")
        parser.add_argument("--json", action="store_true", help="print the report as JSON (no progress bar)")
    elif command == "search":
        parser = _Parser(
            prog="readingroom search",
            description="Search the corpus and print ranked hits. The status is 0 when something is found, "
            "1 when nothing is, 2 on an error (as grep's).",
        )
        parser.add_argument("query", metavar="QUERY")
        parser.add_argument("-c", "--corpus", action="append", metavar="PATH", help="a folder or file (repeatable)")
        parser.add_argument("--limit", type=int, default=10, metavar="N", help="hits to print (default 10)")
        parser.add_argument(
            "--as-typed", action="store_true", help="search the words as typed, even when a spelling fix finds more"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
    elif command == "show":
        parser = _Parser(
            prog="readingroom show",
            description="Print one document, its sections and related links. A file path without -c is looked up "
            "in the nearest folder above it that has an index, else in the file's own folder.",
        )
        parser.add_argument("doc", metavar="DOC", help="a doc_id or a file path")
        parser.add_argument("-c", "--corpus", action="append", metavar="PATH", help="a folder or file (repeatable)")
        parser.add_argument("--json", action="store_true", help="print JSON")
    elif command == "links":
        parser = _Parser(
            prog="readingroom links",
            description="List the links of one document and the documents linking to it, or (--broken) "
            "every link in the corpus that leads to no document. With --broken the status is 1 when one is found.",
        )
        parser.add_argument("doc", nargs="?", metavar="DOC", help="a doc_id or a file path (found as show finds it)")
        parser.add_argument("-c", "--corpus", action="append", metavar="PATH", help="a folder or file (repeatable)")
        parser.add_argument("--broken", action="store_true", help="list the corpus's broken links instead")
        parser.add_argument("--json", action="store_true", help="print JSON")
    else:
        parser = _Parser(
            prog="readingroom",
            description="A reading room for a folder of documents. Commands: index, search, show, links "
            "(readingroom COMMAND --help).",
        )
        parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files (default: the bundled seeds)")
        parser.add_argument("-q", "--query", metavar="QUERY", help="open with this query's results")
        parser.add_argument("--resume", action="store_true", help="open the document read last, where it was left")
        parser.add_argument("--version", action="version", version=f"readingroom {__version__}")
    _common(parser)
    return parser


def fail(message: str) -> int:
    """Say what went wrong in one line on stderr; the exit status of a usage error."""
    from ..sanitize import visible

    sys.stderr.write(f"readingroom: {visible(message)}\n")
    return EXIT_USAGE


def _looks_like_a_path(word: str) -> bool:
    return os.sep in word or "/" in word or word.startswith(("~", "."))


def not_a_command(word: str) -> str | None:
    """Why ``readingroom WORD ...`` cannot go on when WORD is neither a command nor an
    existing folder or file, or None when it is a path that exists."""
    if os.path.exists(os.path.expanduser(word)):
        return None
    if _looks_like_a_path(word):
        return f"no such folder or file: {word}"
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "commands: " + ", ".join(COMMANDS)
    return f"{word} is not a command ({hint}) nor a folder or file"


def _missing(paths) -> str | None:
    """The first of ``paths`` that names nothing on disk, or None."""
    for path in paths or ():
        if not os.path.exists(os.path.expanduser(path)):
            return path
    return None


def _library(paths, index_dir):
    from search import Library

    return Library(paths or None, index_dir=index_dir)


def _sync(library, *, verbose: bool, rebuild: bool = False):
    """Sync with a progress bar on a terminal; silent otherwise unless asked."""
    from . import output

    return output.sync_with_progress(library, verbose=verbose, rebuild=rebuild)


def _healed(library, call):
    """``call()``; if it finds the index damaged (set aside, ``IndexRebuilding``), rebuild it and call again."""
    from search import IndexRebuilding

    try:
        return call()
    except IndexRebuilding:
        _sync(library, verbose=False)  # says why, in one line (the library's problem)
        return call()


def run(command: str | None, args: argparse.Namespace) -> int:
    """Run one command (None: browse) with its parsed arguments; the exit status."""
    missing = _missing(args.paths if command in (None, "index") else args.corpus)
    if missing is not None:
        return fail(f"no such folder or file: {missing}")
    if command == "index":
        return _index(args)
    if command == "search":
        return _search(args)
    if command == "show":
        return _show(args)
    if command == "links":
        return _links(args)
    return _browse(args)


def _index(args) -> int:
    from . import output

    library = _library(args.paths, args.index_dir)
    report = output.sync_with_progress(library, verbose=True, rebuild=args.rebuild, bar=not args.json)
    if args.json:
        output.print_sync_report_json(report, library)
    else:
        output.print_sync_report(report, library)
    if report.message and report.message.startswith("interrupted"):
        return EXIT_INTERRUPTED
    # An index kept in memory dies with this command: for ``index`` that is a failure.
    return EXIT_USAGE if report.write_failed or library.mode == "memory" else EXIT_OK


def _search(args) -> int:
    from . import output

    if args.limit < 1:
        return fail("--limit must be at least 1")
    library = _library(args.corpus, args.index_dir)
    _sync(library, verbose=False)
    result = _healed(library, lambda: library.search(args.query, limit=args.limit, as_typed=args.as_typed))
    if args.json:
        output.print_search_json(result)
    else:
        output.print_search(result)
    if result.error:
        return fail(result.error)  # after the JSON, which carries it too
    return EXIT_OK if result.total else EXIT_NOTHING


def _show(args) -> int:
    from . import output

    library = _library(args.corpus or _corpus_of(args.doc, args.index_dir), args.index_dir)
    _sync(library, verbose=False)
    document, related = _healed(library, lambda: _document_and_related(library, args.doc))
    if args.json:
        output.print_document_json(document, related.similar, related.backlinks, related.links)
    else:
        output.print_document(document, related.similar, related.backlinks, related.links)
    return EXIT_OK


def _corpus_of(doc: str, index_dir) -> list[str] | None:
    """The corpus of a document named by its file path without ``-c``: the nearest
    folder above the file that has an index of its own (as ``readingroom index
    FOLDER`` made it), else the file's own folder. None when DOC is no file: a doc_id
    of the default corpus.

    A folder has an index when the index folder ``Library`` maps it to (by default or
    under ``--index-dir``) holds a manifest; making a ``Library`` opens nothing, so the
    walk up only looks at a few names and writes nothing. The folders above the path
    as given are tried first, then those above its real path (symlinks resolved).
    """
    path = os.path.expanduser(doc)
    if not os.path.isfile(path):
        return None
    from search import Library

    seen: set[str] = set()
    for start in (os.path.abspath(path), os.path.realpath(path)):
        folder = os.path.dirname(start)
        while folder not in seen:
            seen.add(folder)
            if (Library([folder], index_dir=index_dir).index_dir / "library.sqlite").is_file():
                return [folder]
            folder = os.path.dirname(folder)
    return [os.path.dirname(os.path.abspath(path))]


def _links(args) -> int:
    """One document's links and backlinks, or every broken link of the corpus (status 1 when there is one)."""
    from . import output

    if args.broken == bool(args.doc):
        return fail("links: give a document, or --broken for the whole corpus")
    library = _library(args.corpus or (None if args.broken else _corpus_of(args.doc, args.index_dir)), args.index_dir)
    _sync(library, verbose=False)
    if args.broken:
        broken = _healed(library, library.broken_links)
        output.print_broken_links(broken, as_json=args.json)
        return 1 if broken else EXIT_OK  # a link checker's habit: 1 when something is found
    document = _healed(library, lambda: library.document(args.doc))
    output.print_links(document, library.links(document.doc_id), library.backlinks(document.doc_id), as_json=args.json)
    return EXIT_OK


def _document_and_related(library, doc: str):
    document = library.document(doc)
    return document, library.related(document)


def _browse(args) -> int:
    try:
        from ..app import ReadingRoom
    except ImportError as error:
        return fail(f"the browser cannot start: {error}")
    app = ReadingRoom(paths=args.paths or None, index_dir=args.index_dir, query=args.query, resume=args.resume)
    app.run()
    return app.return_code or 0

