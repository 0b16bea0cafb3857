"""Main-content extraction on real documentation pages: our parser beside the libraries.

    python -m tests.bench.extraction [--per-corpus 40]

Reads a fixed sample of pages from the HTML documentation Debian installs
(python3.11-doc, git-doc, debian-reference; a corpus that is not installed is
skipped, saying so) and runs each extractor on each page: ours
(`search.parse.html`), trafilatura, readability-lxml and jusText (each skipped,
saying so, when not installed). Per corpus and extractor it prints:

- ``s/page``: seconds per page, the extraction alone (files read before the clock);
- ``chrome``: pages where a chrome phrase of the site ("Previous topic", "Quick
  search", "Table of Contents", "Navigation"...) is in the text, when the page's
  own content does not say it;
- ``recall``: share of the distinct words of the page's content element (Sphinx's
  ``div.body``, asciidoc's ``div#content``, DocBook's body without its navigation
  and table of contents) found in the text extracted;
- ``aside``: the same over asides, footnotes and admonitions in that content;
- ``heads``: share of the content's headings that the extractor keeps as headings
  (our sections, trafilatura's ``<head>``, readability's h1-h6, jusText's headings);
- ``code``, ``table``: word recall over ``<pre>`` blocks and table cells;
- ``noise``: words extracted that are not in the content, per 100 content words.

The reference content is cut out with lxml by generator-specific selectors written
here, not by any of the extractors measured.
"""

from __future__ import annotations

import argparse
import glob
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CORPORA = {
    "python3.11-doc": "/usr/share/doc/python3.11-doc/html/**/*.html",
    "git-doc": "/usr/share/doc/git-doc/**/*.html",
    "debian-reference": "/usr/share/debian-reference/*.en.html",
}
CHROME = (
    "Previous topic",
    "Next topic",
    "This Page",
    "Navigation",
    "Quick search",
    "Table of Contents",
    "Show Source",
    "Report a Bug",
    "Last updated",
    "Prev",
    "Home",
)
_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def norm(text: str) -> str:
    return " ".join(re.sub(r"[¶#]\s*$", "", text).split()).lower()


@dataclass
class Reference:
    """What the page's own content holds, cut out by the generator's markup."""

    text: str
    headings: list[str]
    asides: str
    code: str
    tables: str


@dataclass
class Extracted:
    text: str
    headings: list[str]


@dataclass
class Score:
    seconds: list[float] = field(default_factory=list)
    chrome: int = 0
    recall: list[float] = field(default_factory=list)
    aside: list[float] = field(default_factory=list)
    heads: list[float] = field(default_factory=list)
    code: list[float] = field(default_factory=list)
    table: list[float] = field(default_factory=list)
    noise: list[float] = field(default_factory=list)
    failed: int = 0


def reference(markup: str) -> Reference | None:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"))  # bytes: pages may declare an encoding
    except Exception:
        return None
    for xpath in (
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' body ') and @role='main']",
        "//div[@id='content']",
        "//body",
    ):
        found = root.xpath(xpath)
        if found:
            content = found[0]
            break
    else:
        return None
    for junk in content.xpath(
        ".//div[contains(@class,'navheader') or contains(@class,'navfooter') or @class='toc'"
        " or contains(@class,'sphinxsidebar') or @id='footer' or @role='navigation']"
        " | .//script | .//style | .//a[contains(@class,'headerlink')]"
    ):
        junk.drop_tree()
    if content.tag == "body" and content.xpath("//div[@id='header']"):
        pass  # asciidoc's header (title, NAME) is the page's own
    headings = [norm(h.text_content()) for h in content.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")]
    asides = " ".join(
        a.text_content()
        for a in content.xpath(
            ".//aside | .//div[contains(@class,'admonition') or contains(@class,'footnote')"
            " or @class='note' or @class='tip' or @class='warning' or @class='caution' or @class='important']"
        )
    )
    code = " ".join(p.text_content() for p in content.xpath(".//pre"))
    tables = " ".join(
        c.text_content() for c in content.xpath(".//table[not(@summary) or contains(@class,'table')]//td | .//table[not(@summary) or contains(@class,'table')]//th")
    )
    return Reference(content.text_content(), [h for h in headings if h], asides, code, tables)


# -- extractors ------------------------------------------------------------------------------
def ours(markup: str) -> Extracted:
    from search.parse import parse_text

    document = parse_text(markup, doc_id="page.html", path="page.html", fmt="html")
    heads = [document.title] + [s.title for s in document.sections if s.title]
    return Extracted(document.title + "\n" + document.text, [norm(h) for h in heads])


def trafilatura_extract(markup: str) -> Extracted:
    import lxml.etree
    import trafilatura

    xml = trafilatura.extract(markup, output_format="xml", include_tables=True, include_formatting=False)
    if not xml:
        return Extracted("", [])
    root = lxml.etree.fromstring(xml.encode())
    heads = [norm("".join(h.itertext())) for h in root.iter("head")]
    return Extracted(" ".join(root.itertext()), heads)


def readability_extract(markup: str) -> Extracted:
    import lxml.html
    from readability import Document

    document = Document(markup)
    summary = lxml.html.fromstring(document.summary(html_partial=True))
    heads = [norm(h.text_content()) for h in summary.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")]
    return Extracted(document.short_title() + "\n" + summary.text_content(), heads)


def justext_extract(markup: str) -> Extracted:
    import justext

    paragraphs = [p for p in justext.justext(markup.encode("utf-8"), justext.get_stoplist("English")) if not p.is_boilerplate]
    return Extracted("\n".join(p.text for p in paragraphs), [norm(p.text) for p in paragraphs if p.is_heading])


EXTRACTORS: dict[str, tuple[str, Callable[[str], Extracted]]] = {
    "ours": ("search", ours),
    "trafilatura": ("trafilatura", trafilatura_extract),
    "readability": ("readability", readability_extract),
    "justext": ("justext", justext_extract),
}


def _share(part: set[str], whole: set[str]) -> float | None:
    return len(part & whole) / len(whole) if whole else None


def score(page: Reference, got: Extracted, into: Score) -> None:
    extracted = words(got.text)
    content = words(page.text)
    into.recall.append(_share(extracted, content) or 0.0)
    for name, text in (("aside", page.asides), ("code", page.code), ("table", page.tables)):
        share = _share(extracted, words(text))
        if share is not None:
            getattr(into, name).append(share)
    if page.headings:
        kept = set(got.headings)
        into.heads.append(sum(1 for h in page.headings if h in kept) / len(page.headings))
    into.noise.append(100 * len(extracted - content) / max(1, len(content)))
    if any(phrase in got.text and phrase not in page.text for phrase in CHROME):
        into.chrome += 1


def sample(pattern: str, count: int) -> list[str]:
    files = sorted(f for f in glob.glob(pattern, recursive=True) if "/_static/" not in f and "/_sources/" not in f)
    if len(files) <= count:
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.2f}" if values else "  - "


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-corpus", type=int, default=40)
    args = parser.parse_args(argv)
    try:
        import lxml.html  # noqa: F401
    except ImportError:
        print("lxml is not installed: it cuts out the reference content (pip install lxml)")
        return
    available = {}
    for name, (module, extract) in EXTRACTORS.items():
        try:
            __import__(module)
            available[name] = extract
        except ImportError:
            print(f"{name}: not installed, skipped")
    print(
        f"{'corpus':<17} {'extractor':<12} {'pages':>5} {'s/page':>7} {'chrome':>6} {'recall':>6} "
        f"{'aside':>6} {'heads':>6} {'code':>6} {'table':>6} {'noise':>6}"
    )
    for corpus, pattern in CORPORA.items():
        files = sample(pattern, args.per_corpus)
        if not files:
            print(f"{corpus}: not installed, skipped")
            continue
        pages = []
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as handle:
                markup = handle.read()
            page = reference(markup)
            if page is not None:
                pages.append((markup, page))
        if not pages:
            print(f"{corpus}: no page could be read, skipped")
            continue
        for name, extract in available.items():
            result = Score()
            for markup, page in pages:
                started = time.perf_counter()
                try:
                    got = extract(markup)
                except Exception:
                    result.failed += 1
                    got = Extracted("", [])
                result.seconds.append(time.perf_counter() - started)
                score(page, got, result)
            failed = f"  ({result.failed} failed)" if result.failed else ""
            print(
                f"{corpus:<17} {name:<12} {len(pages):>5} {sum(result.seconds) / len(pages):>7.4f} "
                f"{result.chrome:>6} {_mean(result.recall):>6} {_mean(result.aside):>6} {_mean(result.heads):>6} "
                f"{_mean(result.code):>6} {_mean(result.table):>6} {float(_mean(result.noise)):>6.1f}{failed}",
                flush=True,
            )


if __name__ == "__main__":
    main()
