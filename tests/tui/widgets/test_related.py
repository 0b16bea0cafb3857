"""The related pane: related links, "More like this", "Linked from" and the document's own links, filled in later."""

from __future__ import annotations

from textual import on

from search.model import DocLink, Document, LinkTarget, RelatedLink, Similar
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
        related.set_links([])
        await pilot.pause()
        text = text_of(related)
        assert "More like this  2\nKenya after the vote\nx.txt\nLinked from\nnone\nLinks\nnone" in text
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


# -- the document's own links ------------------------------------------------------------

OWN_LINKS = [
    DocLink("the other note", "other.md#second-heading", "lead", LinkTarget("document", "other.md", "second-heading")),
    DocLink("further down", "#plan", "congress", LinkTarget("document", "sanctions.txt", "plan")),
    DocLink("site", "https://example.org", "lead", LinkTarget("external", url="https://example.org")),
    DocLink("gone", "nowhere.md", "plan", LinkTarget("missing", reason="no document for nowhere.md in this corpus")),
    DocLink("", "untitled.md", "plan", LinkTarget("document", "untitled.md")),
]


class LinkHost(Host):
    @on(RelatedPane.FollowLink)
    def collect_link(self, message) -> None:
        self.messages.append(message)


async def test_links_group_lists_the_documents_own_links_and_where_they_lead():
    related = RelatedPane()
    app = LinkHost(related)
    async with app.run_test(size=(80, 60)) as pilot:
        related.show_document(DOCUMENT)
        related.focus()
        await pilot.pause()
        assert lines_of(related)[11:13] == ["Links", "…"]  # pending until the engine answers
        related.set_more_like_this([])
        related.set_backlinks([Similar("kenya-2.txt", "Kenya after the vote")])
        related.set_links(OWN_LINKS, {"other.md": "The Other Note"})
        await pilot.pause()
        lines = lines_of(related)
        start = lines.index("Links  5")
        assert "Linked from  1" in lines and "More like this" in lines
        assert lines[start + 1 : start + 11] == [
            "the other note",
            "The Other Note #second-heading",
            "further down",
            "this document #plan",
            "site",
            "https://example.org",
            "gone",
            "missing: no document for nowhere.md in this corpus",
            "untitled.md",
            "untitled.md",
        ]
        assert related.highlighted_doc_id == "climate.txt"  # the cursor stays where it was
        await pilot.press("G")
        assert related.highlighted_doc_id == "untitled.md"
        await pilot.press("k")
        assert related.highlighted_doc_id is None  # a missing link leads to no document
        await pilot.press("enter", "k", "enter", "k", "enter")
        await pilot.pause()
        followed = [m.link for m in app.posted(RelatedPane.FollowLink)]
        assert [link.target for link in followed] == ["nowhere.md", "https://example.org", "#plan"]
        assert app.posted(RelatedPane.Follow) == []


async def test_links_group_with_hostile_text_targets_and_reasons_shows_them_inert():
    related = RelatedPane()
    app = LinkHost(related)
    async with app.run_test(size=(80, 40)) as pilot:
        related.show_document(DOCUMENT)
        related.set_links(
            [
                DocLink(HOSTILE, "x.md", "lead", LinkTarget("document", "x\x1b[2J.md", HOSTILE)),
                DocLink("out", HOSTILE, "lead", LinkTarget("external", url="https://e.org/\x1b]52;c;aGk=\x07[b]")),
                DocLink("", HOSTILE, "lead", LinkTarget("missing", reason=HOSTILE)),
            ],
            {"x\x1b[2J.md": HOSTILE},
        )
        await pilot.pause()
        text = text_of(related)
        assert "Links  3" in text
        assert text.count("[bold]x[/]") >= 4 and "[b]" in text
        assert not UNSAFE.search(text)


async def test_a_document_without_links_says_none():
    related = RelatedPane()
    app = LinkHost(related)
    async with app.run_test(size=(80, 40)) as pilot:
        related.show_document(Document("none.txt", "none.txt"))
        related.set_links([])
        await pilot.pause()
        assert "Linked from\n…\nLinks\nnone" in text_of(related)
        related.clear()
        related.set_links(OWN_LINKS)  # late answer for a closed document
        await pilot.pause()
        assert lines_of(related)[0] == "No document open"
