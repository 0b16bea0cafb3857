"""The related pane: related links, "More like this" and "Linked from", filled in later."""

from __future__ import annotations

from search.model import Document, RelatedLink, Similar
from tui.widgets.related import RelatedPane

from .lists_host import DOCUMENT, HOSTILE, UNSAFE, Host, lines_of, text_of


async def test_related_groups_and_cursor_skips_headers():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.show_document(DOCUMENT)
        related.focus()
        await pilot.pause()
        lines = lines_of(related)
        assert lines[:8] == [
            "Related  3",
            "Climate Security in the Pacific",
            "2024-03-01 · Report",
            "Not yet resolved",
            "2023-01-01 · Analysis",
            "Elections in Kenya",
            "2022-08-09 · Analysis",
            "More like this",
        ]
        assert lines[8:11] == ["…", "Linked from", "…"]
        assert related.highlighted_doc_id == "climate.txt"
        await pilot.press("j")  # the unresolved link is shown but cannot be chosen
        assert related.highlighted_doc_id == "summary:elections in kenya"
        await pilot.press("k", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(RelatedPane.Follow)] == ["climate.txt"]


async def test_related_fills_in_later_and_keeps_the_cursor():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.show_document(DOCUMENT)
        related.focus()
        await pilot.press("j")
        assert related.highlighted_doc_id == "summary:elections in kenya"
        related.set_more_like_this([Similar("kenya-2.txt", "Kenya after the vote", 3.0), Similar("x.txt", "", 1.0)])
        await pilot.pause()
        assert related.highlighted_doc_id == "summary:elections in kenya"
        related.set_backlinks([])
        await pilot.pause()
        text = text_of(related)
        assert "More like this  2\nKenya after the vote\nx.txt\nLinked from\nnone" in text
        assert "…" not in text
        await pilot.press("j", "j")
        assert related.highlighted_doc_id == "x.txt"
        related.set_backlinks([Similar("sanctions-2.txt", "Sanctions revisited")])
        await pilot.pause()
        assert related.highlighted_doc_id == "x.txt"
        await pilot.press("G", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(RelatedPane.Follow)] == ["sanctions-2.txt"]


async def test_related_empty_groups_and_clear():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.focus()
        await pilot.pause()
        assert lines_of(related)[0] == "No document open"
        bare = Document("bare.txt", "bare.txt", related=(RelatedLink(HOSTILE, "", "\x1b[0m", target="t.txt"),))
        related.show_document(bare)
        await pilot.pause()
        text = text_of(related)
        assert "[bold]x[/]" in text and not UNSAFE.search(text)
        related.show_document(Document("none.txt", "none.txt"))
        related.set_more_like_this([])
        related.set_backlinks([])
        await pilot.pause()
        assert lines_of(related)[:6] == ["Related", "none", "More like this", "none", "Linked from", "none"]
        await pilot.press("j", "g", "G", "enter")
        await pilot.pause()
        assert app.posted(RelatedPane.Follow) == []
        related.clear()
        related.set_backlinks([Similar("a.txt", "A")])  # late answer for a closed document
        await pilot.pause()
        assert lines_of(related)[0] == "No document open"
