"""What the command line prints: Rich renderings for people, JSON for programs.

Every piece of document text goes through ``sanitize.visible`` and into a
``rich.text.Text`` (never markup), so a title like ``[bold]x[/]`` prints as typed and
an escape sequence in a file prints as ␛[2J rather than clearing the screen.
"""

from __future__ import annotations

import signal
import sys
import threading

from rich.console import Console
from rich.text import Text

from search import DocLink, Document, Similar, SyncReport, to_dict
from search.model import SearchResult

from ..sanitize import json_dumps, visible, visible_block, visible_path

HIGHLIGHT = "bold reverse"
WAIT_FOR_OTHER = 24 * 3600.0  # `readingroom index` waits for another sync as long as it takes


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich's own answer is SystemExit(1); ``tui.cli.main`` makes a closed pipe status 0.
        raise BrokenPipeError


def _console(stderr: bool = False) -> Console:
    """A console that prints text as typed: on a terminal it wraps at its width; into a
    pipe or a file it never wraps, so each line (a snippet, an error) stays one line
    for grep, cut and ``head``."""
    console = _Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=False)
    if not console.is_terminal:
        console.soft_wrap = True
    return console


# -- sync --------------------------------------------------------------------------


def sync_with_progress(library, *, verbose: bool, rebuild: bool = False, bar: bool = True) -> SyncReport:
    """Run a sync; on a terminal (and unless ``bar`` is false), show a progress bar once there is work to show.

    Ctrl+C sets the cancel event instead of tearing the writer down mid-record: the
    sync commits what it has, and the next one carries on from there.
    """
    cancel = threading.Event()
    console = _console(stderr=True)
    show_bar = bar and console.is_terminal
    state = {"progress": None, "task": None}

    def on_interrupt(signum, frame):
        cancel.set()

    def progress(done: int, total: int, doc_id: str) -> None:
        if not show_bar:
            return
        if state["progress"] is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(
                TextColumn("indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            state["progress"] = bar
            state["task"] = bar.add_task("indexing", total=total)
        state["progress"].update(state["task"], completed=done, total=total)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        # Ctrl+C, and a termination or hang-up (``timeout``, a closed terminal):
        # the sync stops at its next commit and keeps what it has indexed.
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, on_interrupt)
    try:
        report = library.sync(progress=progress, cancel=cancel, rebuild=rebuild)
        if verbose and report.message and report.message.startswith("Another readingroom"):
            console.print(Text("readingroom: another readingroom is indexing this corpus; waiting for it (Ctrl+C stops)"))
            report = library.sync(progress=progress, cancel=cancel, rebuild=rebuild, wait=WAIT_FOR_OTHER)
    finally:
        if state["progress"] is not None:
            state["progress"].stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    if cancel.is_set():
        from dataclasses import replace

        report = replace(report, message="interrupted: what was indexed is kept; run again to finish")
    if library.problem and not (report.message or "").startswith(library.problem):
        console.print(Text(f"readingroom: {visible(library.problem)}"))
    if not verbose and report.message:
        console.print(Text(f"readingroom: {visible(report.message)}"))
    if not verbose and report.skipped and report.changed:
        console.print(Text(f"readingroom: {len(report.skipped)} file(s) skipped (readingroom index lists them)"))
    return report


def print_sync_report(report: SyncReport, library) -> None:
    console = _console()
    total = library.count("full")
    line = Text()
    if library.mode == "memory":
        # Nothing reached the disk: naming the index folder would say it did.
        line.append(f"{total:,} documents read, none saved: no index folder could be written\n")
    else:
        line.append(f"{total:,} documents in {visible_path(str(library.index_dir))}\n")
    line.append(
        f"{report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
        f"{report.unchanged:,} unchanged, {len(report.skipped):,} skipped"
    )
    if report.rebuilt:
        line.append(" (rebuilt)")
    console.print(line)
    if report.message:
        _console(stderr=True).print(Text(f"readingroom: {report.message}"))
    for item in report.skipped:
        console.print(Text(f"  skipped {visible_path(item.path)}: {visible(item.reason)}", style="yellow"))


def print_sync_report_json(report: SyncReport, library) -> None:
    """The report of ``readingroom index --json``; its ``message`` also goes to stderr, as in text."""
    saved = library.mode != "memory"
    data = {
        "documents": library.count("full"),
        "index_dir": str(library.index_dir) if saved else None,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "skipped": [{"path": item.path, "reason": item.reason} for item in report.skipped],
        "rebuilt": report.rebuilt,
        "message": report.message,
        "write_failed": report.write_failed,
    }
    sys.stdout.write(json_dumps(data, indent=2) + "\n")
    if report.message:
        _console(stderr=True).print(Text(f"readingroom: {visible(report.message)}"))


# -- search ------------------------------------------------------------------------


def _highlighted(snippet: str, spans) -> Text:
    """The snippet made visible, the highlights still on their words.

    ``visible`` drops bidi controls, which would move every offset after one, so
    the snippet is made visible piece by piece between highlight boundaries.
    """
    size = len(snippet)
    spans = [(max(0, start), min(size, end)) for start, end in spans if min(size, end) > max(0, start)]
    cuts = sorted({0, size, *(offset for span in spans for offset in span)})
    text = Text()
    for start, end in zip(cuts, cuts[1:]):
        inside = any(low <= start and end <= high for low, high in spans)
        text.append(visible(snippet[start:end]), style=HIGHLIGHT if inside else None)
    return text


def print_search(result: SearchResult) -> None:
    console = _console()
    if result.error:
        return
    header = Text(f"{result.total:,} result{'s' if result.total != 1 else ''}, {result.took_ms:.0f} ms", style="bold")
    console.print(header)
    if result.notice:
        console.print(Text(visible(result.notice), style="yellow"))
    if result.searched:
        console.print(
            Text("Showing results for ")
            + Text(visible(result.searched), style="bold")
            + Text("; search for ")
            + Text(visible(result.query), style="bold")
            + Text(" instead with --as-typed")
        )
    if result.suggestion:
        console.print(Text("Did you mean: ") + Text(visible(result.suggestion), style="bold"))
    for number, hit in enumerate(result.hits, 1):
        console.print()
        title = Text(f"{number}. ", style="dim") + Text(visible(hit.title) or visible(hit.doc_id), style="bold")
        console.print(title)
        meta = " · ".join(x for x in (hit.date, hit.type, hit.kind if hit.kind == "summary" else "") if x)
        where = visible_path(hit.doc_id)
        if hit.section and hit.section.title:
            where += " > " + visible(hit.section.title)
        console.print(Text(f"   {where}" + (f"  ({visible(meta)})" if meta else ""), style="dim"))
        if hit.snippet:
            console.print(Text("   ") + _highlighted(hit.snippet, hit.highlights))


def print_search_json(result: SearchResult) -> None:
    data = {
        "query": result.query,
        "total": result.total,
        "took_ms": result.took_ms,
        "suggestion": result.suggestion,
        "searched": result.searched or result.query,
        "corrected": result.searched is not None,
        "relaxed": result.relaxed,
        "notice": result.notice,
        "error": result.error,
        "hits": [
            {
                "doc_id": hit.doc_id,
                "title": hit.title,
                "path": hit.path,
                "kind": hit.kind,
                "date": hit.date,
                "type": hit.type,
                "topics": list(hit.topics),
                "score": hit.score,
                "section": {"id": hit.section.id, "title": hit.section.title} if hit.section else None,
                "snippet": hit.snippet,
                "highlights": [list(span) for span in hit.highlights],
                "section_matches": [list(item) for item in hit.section_matches],
                "sections": [{"id": ref.id, "title": ref.title} for ref in hit.sections],
            }
            for hit in result.hits
        ],
    }
    sys.stdout.write(json_dumps(data, indent=2) + "\n")


# -- show --------------------------------------------------------------------------


def _link_dict(link: DocLink) -> dict:
    """A link for JSON: as written (text, target, the section holding it) and where it leads now."""
    resolved = link.resolved
    data = {"text": link.text, "target": link.target, "in_section": link.section_id, "kind": resolved.kind}
    if resolved.kind == "document":
        data.update(doc_id=resolved.doc_id, section_id=resolved.section_id)
    elif resolved.kind == "external":
        data["url"] = resolved.url
    else:
        data["reason"] = resolved.reason
    return data


def _similar_dicts(items: list[Similar]) -> list[dict]:
    return [{"doc_id": s.doc_id, "title": s.title, "score": s.score} for s in items]


def print_document_json(
    document: Document, similar: list[Similar], backlinks: list[Similar], links: list[DocLink] = ()
) -> None:
    data = to_dict(document)
    data["links"] = [_link_dict(link) for link in links]
    data["more_like_this"] = _similar_dicts(similar)
    data["backlinks"] = _similar_dicts(backlinks)
    sys.stdout.write(json_dumps(data, indent=2) + "\n")


def _where(link: DocLink) -> Text:
    resolved = link.resolved
    if resolved.kind == "document":
        shown = visible_path(resolved.doc_id) + (f"#{visible(resolved.section_id)}" if resolved.section_id else "")
        return Text(f"  → {shown}", style="dim")
    if resolved.kind == "external":
        return Text(f"  → {visible(resolved.url)}", style="dim")
    return Text(f"  ✗ missing: {visible(resolved.reason)}", style="dim")


def _print_link_list(console: Console, links: list[DocLink]) -> None:
    console.print(Text(f"Links ({len(links)})", style="bold underline"))
    for link in links:
        console.print(Text("  • ") + Text(visible(link.text) or visible(link.target)) + _where(link))


def print_links(document: Document, links: list[DocLink], backlinks: list[Similar], *, as_json: bool) -> None:
    if as_json:
        data = {"doc_id": document.doc_id, "title": document.title, "links": [_link_dict(link) for link in links]}
        data["backlinks"] = _similar_dicts(backlinks)
        sys.stdout.write(json_dumps(data, indent=2) + "\n")
        return
    console = _console()
    console.print(Text(visible(document.title) or visible_path(document.doc_id), style="bold"))
    _print_link_list(console, links)
    console.print(Text(f"Linked from ({len(backlinks)})", style="bold underline"))
    for item in backlinks:
        console.print(Text("  • ") + Text(visible(item.title)) + Text(f"  ({visible_path(item.doc_id)})", style="dim"))


def print_broken_links(broken: list[tuple[str, DocLink]], *, as_json: bool) -> None:
    if as_json:
        rows = [{"doc_id": doc_id, **_link_dict(link)} for doc_id, link in broken]
        sys.stdout.write(json_dumps({"broken": rows, "count": len(rows)}, indent=2) + "\n")
        return
    console = _console()
    for doc_id, link in broken:
        console.print(
            Text(visible_path(doc_id), style="bold") + Text(": ") + Text(visible(link.target))
            + Text(f"  ({visible(link.resolved.reason)})", style="dim")
        )
    console.print(Text(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''}", style="dim"))


def print_document(
    document: Document, similar: list[Similar], backlinks: list[Similar], links: list[DocLink] = ()
) -> None:
    console = _console()
    console.print(Text(visible(document.title) or visible_path(document.doc_id), style="bold"))
    meta = [
        visible(x)
        for x in (document.date, ", ".join(document.authors), document.type, "; ".join(document.topics), document.url)
        if x
    ]
    if meta:
        console.print(Text(" · ".join(meta), style="dim"))
    console.print(Text(visible_path(document.doc_id) + (" (summary)" if document.kind == "summary" else ""), style="dim"))
    captions: dict[str, list[str]] = {}
    for caption in document.captions:
        captions.setdefault(caption.section_id, []).append(caption.text)
    for section in document.sections:
        console.print()
        if section.title:
            console.print(Text(visible(section.title), style="bold underline"))
        for caption in captions.get(section.id, ()):
            console.print(Text(visible(caption), style="dim italic"))
        console.print(Text(visible_block(section.text)))
    if document.related:
        console.print()
        console.print(Text("Related", style="bold underline"))
        for link in document.related:
            line = Text("  • ") + Text(visible(link.title), style="bold")
            detail = " · ".join(visible(x) for x in (link.date, link.type, "; ".join(link.topics)) if x)
            if detail:
                line.append(f"  ({detail})", style="dim")
            if link.target:
                line.append(f"  → {visible_path(link.target)}", style="dim")
            console.print(line)
    if links:
        console.print()
        _print_link_list(console, links)
    for heading, items in (("More like this", similar), ("Linked from", backlinks)):
        if items:
            console.print()
            console.print(Text(heading, style="bold underline"))
            for item in items:
                console.print(Text("  • ") + Text(visible(item.title)) + Text(f"  ({visible_path(item.doc_id)})", style="dim"))
