"""Which elements of a saved page are the site around the document, and which hold it.

A documentation site or a news site wraps every page in the same furniture:
navigation bars, sidebars, "previous / next topic", search boxes, breadcrumbs,
cookie banners, share buttons, footers. None of it is the document, and all of it
would match searches on every page. Generators say what an element is in its tag,
its ``role`` and ``aria-label``, or the words of its ``class`` and ``id``
(``sphinxsidebar``, ``md-nav``, ``theme-doc-toc-desktop``, ``navheader``), so an
element is judged from its start tag alone, in one pass, without a layout engine.

:func:`judge` answers one of:

- ``DROP``: chrome; the element and everything in it are left out.
- ``HEADER``: a page header; kept only when it holds the page's ``<h1>`` (a
  manual page generator puts the title and the NAME section there).
- ``CONTENT``: the element holds the document (``<main>``, ``role="main"``,
  ``<article>``, Sphinx's ``div.body``): when a page has such an element, what lies
  outside it is furniture.
- ``""``: nothing to say; the element is read like any other.

Class and id words are matched whole, after splitting on ``-`` and ``_``, so
"md-sidebar" is a sidebar but "shared-config" is not a share button.
"""

from __future__ import annotations

import re

DROP = "drop"
HEADER = "header"
CONTENT = "content"

# Elements that are never document text, whatever they are inside.
DROPPED_TAGS = frozenset(
    "script style noscript template svg iframe object canvas select button nav textarea input".split()
)
# Roles of landmark and widget elements that are furniture.
_DROPPED_ROLES = frozenset(
    "navigation search contentinfo menu menubar toolbar tablist dialog alertdialog banner-ad".split()
)
# Words of class and id that name furniture.
_CHROME_WORDS = frozenset(
    """nav navbar navigation navheader navfooter navpanel sidenav subnav topnav mainnav
    sidebar sphinxsidebar sidebarwrapper sidebarbutton leftbar rightbar
    toc breadcrumb breadcrumbs crumbs footer menu megamenu hamburger
    cookie cookies consent gdpr onetrust share sharing sharebar social socials
    skip skiplink skiplinks searchbox search pagination pager paginator
    masthead advert advertisement ads adsbygoogle newsletter subscribe signup popup modal
    comments disqus switcher headerlink""".split()
)
# Whole class words and ids of a page header (not "section-header", a heading's box).
_HEADER_CLASSES = frozenset("header site-header page-header md-header global-header top-header main-header".split())
_HEADER_IDS = frozenset("header site-header page-header top".split())
_CONTENT_CLASSES = frozenset(
    "body document md-content rst-content markdown-body post-content entry-content article-content".split()
)
_CONTENT_IDS = frozenset("content main-content maincontent main".split())
# Blocks of text whose class only styles them ("sidebar-title", "toc-heading"): never dropped by it.
_TEXT_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 pre code dt dd li blockquote td th caption figcaption".split())
_WORDS = re.compile(r"[\s_-]+")


_CACHE: dict[tuple, str] = {}


def judge(tag: str, attrs: dict[str, str | None], in_content: bool = False) -> str:
    """DROP, HEADER, CONTENT or "" for the element that starts with this tag.

    Inside the content, an ``<aside>`` is the document's own (a footnote, a reST
    ``sidebar``, an example), whatever its class says; only its role can drop it.

    A page repeats the same few start tags thousands of times (Sphinx's
    ``<span class="pre">``), so verdicts are remembered by what they depend on.
    """
    key = (
        tag,
        attrs.get("class"),
        attrs.get("id"),
        attrs.get("role"),
        attrs.get("aria-label"),
        attrs.get("aria-hidden"),
        "hidden" in attrs,
        in_content and tag == "aside",
    )
    verdict = _CACHE.get(key)
    if verdict is None:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        if in_content and tag == "aside":
            verdict = DROP if (attrs.get("role") or "").strip().lower() in _DROPPED_ROLES else ""
            _CACHE[key] = verdict
        else:
            verdict = _CACHE[key] = _judged(tag, attrs)
    return verdict


def _judged(tag: str, attrs: dict[str, str | None]) -> str:
    if tag in DROPPED_TAGS:
        return DROP
    if "hidden" in attrs:
        return DROP
    role = (attrs.get("role") or "").strip().lower()
    if role in _DROPPED_ROLES:
        return DROP
    label = (attrs.get("aria-label") or "").lower()
    if label and ("breadcrumb" in label or "navigation" in label):
        return DROP
    classes = (attrs.get("class") or "").lower()
    ident = (attrs.get("id") or "").lower()
    if (classes or ident) and tag not in _TEXT_BLOCKS:
        words = set(_WORDS.split(classes + " " + ident))
        if words & _CHROME_WORDS:
            return DROP
        if ident in _CONTENT_IDS or not _CONTENT_CLASSES.isdisjoint(classes.split()):
            return CONTENT
        if ident in _HEADER_IDS or not _HEADER_CLASSES.isdisjoint(classes.split()):
            return HEADER
    if tag in ("main", "article") or role == "main":
        return CONTENT
    if tag == "header" or role == "banner":
        return HEADER
    if tag == "footer":
        return DROP
    if tag in ("a", "span", "i") and (attrs.get("aria-hidden") or "").lower() == "true":
        return DROP  # icons and permalink glyphs kept away from screen readers
    return ""


_INLINE_CACHE: dict[tuple, bool] = {}
_ICON_WORDS = frozenset(("icon", "icons"))  # icon-font glyphs and icon buttons ("md-icon")
_PERMALINK_CLASSES = re.compile(r"headerlink|anchor|permalink|hash-link")


def judge_inline(tag: str, classes: str | None, attrs: dict[str, str | None]) -> bool:
    """Whether a phrasing element (a, span, code...) is chrome: an icon, a permalink, a share link.

    Only its class, role and aria attributes count (ids of spans and links are
    anchors, not furniture), so the verdicts of a page's many spans are remembered.
    """
    key = (tag, classes, attrs.get("role"), attrs.get("aria-hidden"), "hidden" in attrs)
    verdict = _INLINE_CACHE.get(key)
    if verdict is None:
        if len(_INLINE_CACHE) > 4096:
            _INLINE_CACHE.clear()
        if (attrs.get("role") or "").lower() == "doc-backlink" or (classes and "backref" in classes):
            # docutils writes a heading's whole text as a link back to the page's own
            # contents ("toc-backref"): it is the heading, not a table of contents.
            _INLINE_CACHE[key] = False
            return False
        judged = {k: attrs.get(k) for k in ("class", "role", "aria-hidden") if k in attrs}
        if "hidden" in attrs:
            judged["hidden"] = ""
        verdict = _judged(tag, judged) == DROP or bool(
            classes and (_ICON_WORDS & set(_WORDS.split(classes.lower())) or tag == "a" and _PERMALINK_CLASSES.search(classes))
        )
        _INLINE_CACHE[key] = verdict
    return verdict


# Permalink marks that generators put at the end (or start) of a heading.
PERMALINK = re.compile(r"^\s*[¶#§🔗]\s*|\s*[¶#§🔗]\s*$")
# Whole blocks that are furniture wherever they stand (skip links without a class,
# a lone "Back to top").
CHROME_LINES = frozenset(
    """skip to content|skip to main content|skip to navigation|skip to search|jump to navigation
    |jump to search|back to top|top of page|share this|share this article|share this page
    |share this post|print this page""".replace("\n", "").split("|")
)


def is_chrome_line(text: str) -> bool:
    """Whether a whole block is only a skip link or a "Back to top"."""
    return len(text) < 30 and " ".join(text.lower().split()).strip(" ↑^»«") in CHROME_LINES
