"""HTML from real kinds of sites: a Sphinx page, an MkDocs page, a scraped news story.

The fixtures are written for these tests in the shape such generators give their
pages (chrome around a marked content element), so each checks what a reader of
that site would notice: the chrome is gone, the document's text, asides,
footnotes and notes are there, and code, tables, lists and links carry their marks.
"""

from __future__ import annotations

import pathlib

import pytest

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "html"
SPHINX_CHROME = (
    "Navigation",
    "Previous topic",
    "Next topic",
    "This Page",
    "Show Source",
    "Quick search",
    "Table of Contents",
    "Copyright",
    "documentation home",
    "¶",
)


def load(name: str):
    return parse_file(FIXTURES / name, name)


def page(markup: str):
    return parse_text(markup, doc_id="p.html", path="p.html", fmt="html")


def marked(document, kind: str) -> list[tuple[str, str]]:
    """(text under the mark, info) of every mark of ``kind``, in reading order."""
    return [(s.text[m.start : m.end], m.info) for s in document.sections for m in s.marks if m.kind == kind]


def words(document) -> str:
    return document.text + "\n" + "\n".join(s.title for s in document.sections)


@pytest.fixture(scope="module")
def sphinx():
    return load("sphinx_page.html")


@pytest.fixture(scope="module")
def mkdocs():
    return load("mkdocs_page.html")


@pytest.fixture(scope="module")
def news():
    return load("news_page.html")


# -- Sphinx ----------------------------------------------------------------------
def test_sphinx_title_is_the_h1_without_permalink_or_site_suffix(sphinx):
    assert sphinx.title == "widgets — Drawing toolkit widgets"


def test_sphinx_sections_are_the_body_headings_only(sphinx):
    assert [(s.id, s.title, s.level) for s in sphinx.sections] == [("lead", "", 0), ("basic-use", "Basic use", 2)]


def test_sphinx_chrome_is_gone(sphinx):
    text = words(sphinx)
    for chrome in SPHINX_CHROME:
        assert chrome not in text, chrome


def test_sphinx_admonition_aside_and_footnote_are_kept(sphinx):
    lead = sphinx.section("lead").text.split("\n\n")
    note = lead.index("Note")
    assert lead[note + 1] == "Every widget keeps its own palette, copied when it is made."
    assert "Why palettes are copied" in lead
    assert "A shared palette changed by one window would recolour every other window." in lead
    assert "Steps are set with the slider's granularity option." in sphinx.section("basic-use").text


def test_sphinx_code_block_keeps_its_lines_and_language(sphinx):
    [(code, language)] = marked(sphinx, "code")
    assert language == "python3"
    assert code == '>>> import widgets\n>>> b = widgets.Button("OK")\n\n>>> b.press()'


def test_sphinx_definition_list_term_and_description(sphinx):
    assert marked(sphinx, "term") == [("class widgets.Button(label)", "")]
    assert "A push button showing label." in sphinx.section("basic-use").text.split("\n\n")


def test_sphinx_table_is_one_block_of_rows(sphinx):
    assert marked(sphinx, "table") == [
        ("Widget\tDraws\nButton\ta raised box with a label\nSlider\ta track and a knob", "header")
    ]


def test_sphinx_list_items_have_depth_and_marker(sphinx):
    assert marked(sphinx, "item") == [
        ("• Buttons take focus.", "1"),
        ("• Sliders take focus and arrows:", "1"),
        ("• left and right move by one step", "2"),
    ]


def test_sphinx_inline_code_and_links(sphinx):
    icode = [text for text, _ in marked(sphinx, "icode")]
    assert "widgets" in icode and "label" in icode
    links = marked(sphinx, "link")
    assert ("src/widgets.py", "https://example.org/sprocket/src/widgets.py") in links
    assert ("layout", "layout.html#module-layout") in links
    assert all(not target.startswith("#") for _, target in links)  # the page's own anchors, permalinks


def test_marks_lie_inside_their_sections_in_order(sphinx, mkdocs, news):
    for document in (sphinx, mkdocs, news):
        for section in document.sections:
            starts = [m.start for m in section.marks]
            assert starts == sorted(starts)
            assert all(0 <= m.start < m.end <= len(section.text) for m in section.marks)


# -- MkDocs ------------------------------------------------------------------------
def test_mkdocs_title_sections_and_no_chrome(mkdocs):
    assert mkdocs.title == "Caching steps"
    assert [s.title for s in mkdocs.sections] == ["", "Keys"]
    text = words(mkdocs)
    for chrome in ("Skip to content", "Search", "Home", "Installing", "Table of contents", "Previous", "Edit", "Back to top", "Material", "¶"):
        assert chrome not in text, chrome
    assert mkdocs.url == "https://kettle.example.org/guide/caching/"


def test_mkdocs_admonition_lists_code_and_quote(mkdocs):
    assert "Warning\n\nA step that reads the clock is never cached." in mkdocs.section("lead").text
    assert marked(mkdocs, "item") == [
        ("1. the hash of every input file,", "1"),
        ("2. its command line, and", "1"),
        ("• the environment variables it names.", "2"),
    ]
    [(code, language)] = marked(mkdocs, "code")
    assert language == "rust"
    assert code.splitlines()[1] == "    step.inputs.iter().fold(Hash::new(), |h, f| h.mix(f))"
    assert marked(mkdocs, "quote") == [("Two steps with the same key do the same work.", "")]
    assert marked(mkdocs, "icode") == [("kettle clean", "")]
    assert marked(mkdocs, "link") == [("where the cache lives", "../storage/")]


# -- a scraped news story ------------------------------------------------------------
def test_news_title_without_site_name(news):
    assert news.title == "Harbour towns vote to share one ferry timetable"
    assert news.date == "2024-09-18"
    assert news.authors == ("Mara Quill",)


def test_news_chrome_is_gone_and_the_story_kept(news):
    text = words(news)
    for chrome in ("cookies", "Accept all", "Skip to main content", "Local", "Sport", "Home", "Share",
                   "More from", "Bridge repairs", "Stay updated", "inbox", "All rights reserved", "do not index"):
        assert chrome not in text, chrome
    assert [s.title for s in news.sections] == ["", "What changes for passengers"]
    lead = news.section("lead").text
    assert "agreed on Tuesday to run their ferries from a single timetable, ending years" in lead
    assert "“Nobody should wait an hour on a quay for a boat that left early.”" in lead  # an aside in the story
    assert [c.text for c in news.captions] == ["The morning crossing leaves the north quay at seven."]


def test_news_table_without_header_and_link_as_written(news):
    assert marked(news, "table") == [("Route\tFirst boat\tLast boat\nNorth quay – Isle\t07:00\t21:30", "")]
    assert marked(news, "link") == [("single timetable", "https://ledger.example/docs/timetable.pdf")]


# -- smaller shapes ------------------------------------------------------------------------
def test_title_suffixes_go_when_there_is_no_h1():
    assert page("<title>Release notes — Kettle 3.0 documentation</title><p>Text.</p>").title == "Release notes"
    assert page("<title>Pricing | Example Co</title><p>Text.</p>").title == "Pricing"
    assert page("<title>Getting started - Kettle</title><p>Text.</p>").title == "Getting started"
    assert page("<title>Rust - a language empowering everyone to build software</title><p>x</p>").title == (
        "Rust - a language empowering everyone to build software"
    )


def test_content_outside_main_is_left_out_unless_main_is_almost_nothing():
    document = page(
        "<div class='banner-top'>Site-wide promotion text here</div><main><p>The article body.</p></main>"
    )
    assert document.text == "The article body."
    tiny = page("<article><p>Tag</p></article>" + "<p>A long body that was never marked as the content.</p>" * 3)
    assert "A long body" in tiny.text


def test_header_holding_the_title_is_kept():
    document = page(
        "<title>tool(1)</title><div id='header'><h1>tool(1) Manual Page</h1><h2>NAME</h2><p>tool - does things</p>"
        "</div><div id='content'><h2>SYNOPSIS</h2><p>tool [options]</p></div><div id='footer'>Last updated</div>"
    )
    assert document.title == "tool(1) Manual Page"
    assert [s.title for s in document.sections] == ["NAME", "SYNOPSIS"]
    assert "Last updated" not in document.text


def test_ordered_list_start_and_unclosed_items():
    document = page("<ol start='3'><li>third<li>fourth</ol><ul><li>dot<ul><li>inner</ul><li>after</ul>")
    assert marked(document, "item") == [
        ("3. third", "1"),
        ("4. fourth", "1"),
        ("• dot", "1"),
        ("• inner", "2"),
        ("• after", "1"),
    ]


def test_inline_code_kinds_and_whitespace():
    document = page("<p>Press <kbd>Ctrl</kbd> and  <samp>ok</samp>\n or <tt>x</tt>, see <code> a  b </code>.</p>")
    assert document.text == "Press Ctrl and ok or x, see a b ."
    assert [t for t, _ in marked(document, "icode")] == ["Ctrl", "ok", "x", "a b"]


def test_layout_tables_and_one_cell_tables_are_paragraphs():
    document = page(
        "<div class='note'><table summary='Note'><tr><td>Note</td></tr><tr><td>Mind the gap.</td></tr></table></div>"
        "<table><tr><td>Alone in a box</td></tr></table>"
    )
    assert document.text == "Note\n\nMind the gap.\n\nAlone in a box"
    assert marked(document, "table") == []


def test_markup_in_text_stays_text():
    document = page("<p>&lt;b&gt;not bold&lt;/b&gt; and \x1b[31m escapes are data</p>")
    assert "<b>not bold</b>" in document.text


def test_a_heading_written_as_a_link_back_to_the_contents_keeps_its_text():
    # docutils' FAQ pages: a local contents list, and each question heading links back to it.
    page = (
        '<html><body><div class="body" role="main"><h1>Beekeeping FAQ</h1>'
        '<nav class="contents" id="contents"><ul><li><a href="#q1" id="id1">Do bees sleep?</a></li></ul></nav>'
        '<section id="q1"><h3><a class="toc-backref" href="#id1" role="doc-backlink">Do bees sleep?</a>'
        '<a class="headerlink" href="#q1">¶</a></h3><p>They rest at night, in the hive.</p></section>'
        "</div></body></html>"
    )
    document = parse_text(page, doc_id="faq.html", fmt="html")
    assert document.title == "Beekeeping FAQ"
    assert [s.title for s in document.sections] == ["Do bees sleep?"]
    assert document.sections[0].text == "They rest at night, in the hive."


def test_code_reads_the_same_whether_its_spans_are_stripped_before_parsing_or_not():
    from search.parse import html

    page = (
        '<html><body><main><h1>Frames</h1><p>Call <code class="docutils literal"><span class="pre">count(</span>'
        '<span class="pre">hive)</span></code> first.</p>'
        '<div class="highlight-python3"><pre><span></span><span class="n">hive</span> <span class="o">=</span> '
        '<span class="n">Hive</span><span class="p">()</span>\n</pre></div>'
        '<pre><span class="linenos">1</span><span class="n">kept</span></pre></main></body></html>'
    )
    stripped = html._without_code_spans(page)
    assert '<span class="o">' not in stripped and '<span class="pre">' not in stripped
    assert '<span class="linenos">1</span><span class="n">kept</span>' in stripped  # line numbers: left to the parser
    document = parse_text(page, doc_id="frames.html", fmt="html")
    original = html._without_code_spans
    try:
        html._without_code_spans = lambda text: text
        unstripped = parse_text(page, doc_id="frames.html", fmt="html")
    finally:
        html._without_code_spans = original
    assert document == unstripped
    assert "Call count( hive) first." in document.text or "Call count(hive) first." in document.text
    assert "hive = Hive()" in document.text
