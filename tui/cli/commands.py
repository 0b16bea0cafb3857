"""The commands of the command line: their arguments, and what each one does.

Each command is a function of its parsed arguments that returns the exit status;
``tui.cli.main`` runs it and turns what goes wrong into one line. Imports that cost
something stay inside the functions that need them: the app (and with it Textual)
only for browsing, ``output`` (Rich) only once there is something to print.
"""

from __future__ import annotations

import argparse
import sys

from search import __version__

COMMANDS = ("index", "search", "show", "links")
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
    elif command == "search":
        parser = _Parser(prog="readingroom search", description="Search the corpus and print ranked hits.")
        parser.add_argument("query", metavar="QUERY")
        parser.add_argument("-c", "--corpus", action="append", metavar="PATH", help="a folder or file (repeatable)")
        parser.add_argument("--limit", type=int, default=10, metavar="N", help="hits to print (default 10)")
        parser.add_argument(
            "--as-typed", action="store_true", help="search the words as typed, even when a spelling fix finds more"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
    elif command == "show":
        parser = _Parser(prog="readingroom show", description="Print one document, its sections and related links.")
        parser.add_argument("doc", metavar="DOC", help="a doc_id or a file path")
        parser.add_argument("-c", "--corpus", action="append", metavar="PATH", help="a folder or file (repeatable)")
        parser.add_argument("--json", action="store_true", help="print JSON")
    elif command == "links":
        parser = _Parser(
            prog="readingroom links",
            description="List the links of one document and the documents linking to it, or (--broken) "
            "every link in the corpus that leads to no document. With --broken the status is 1 when one is found.",
        )
        parser.add_argument("doc", nargs="?", metavar="DOC", help="a doc_id or a file path")
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
        parser.add_argument("--version", action="version", version=f"readingroom {__version__}")
    _common(parser)
    return parser


def fail(message: str) -> int:
    """Say what went wrong in one line on stderr; the exit status of a usage error."""
    from ..sanitize import visible

    sys.stderr.write(f"readingroom: {visible(message)}\n")
    return EXIT_USAGE


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
    report = _sync(library, verbose=True, rebuild=args.rebuild)
    output.print_sync_report(report, library)
    if report.message and report.message.startswith("interrupted"):
        return EXIT_INTERRUPTED
    # An index kept in memory dies with this command: for ``index`` that is a failure.
    return EXIT_USAGE if report.write_failed or library.mode == "memory" else 0


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
        if not args.json:
            return fail(result.error)
        return EXIT_USAGE
    return 0


def _show(args) -> int:
    from . import output

    library = _library(args.corpus, args.index_dir)
    _sync(library, verbose=False)
    document, related = _healed(library, lambda: _document_and_related(library, args.doc))
    if args.json:
        output.print_document_json(document, related.similar, related.backlinks, related.links)
    else:
        output.print_document(document, related.similar, related.backlinks, related.links)
    return 0


def _links(args) -> int:
    """One document's links and backlinks, or every broken link of the corpus (status 1 when there is one)."""
    from . import output

    if args.broken == bool(args.doc):
        return fail("links: give a document, or --broken for the whole corpus")
    library = _library(args.corpus, args.index_dir)
    _sync(library, verbose=False)
    if args.broken:
        broken = _healed(library, library.broken_links)
        output.print_broken_links(broken, as_json=args.json)
        return 1 if broken else 0
    document = _healed(library, lambda: library.document(args.doc))
    output.print_links(document, library.links(document.doc_id), library.backlinks(document.doc_id), as_json=args.json)
    return 0


def _document_and_related(library, doc: str):
    document = library.document(doc)
    return document, library.related(document)


def _browse(args) -> int:
    try:
        from ..app import ReadingRoom
    except ImportError as error:
        return fail(f"the browser cannot start: {error}")
    app = ReadingRoom(paths=args.paths or None, index_dir=args.index_dir, query=args.query)
    app.run()
    return app.return_code or 0

