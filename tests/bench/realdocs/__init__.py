"""How readingroom reads real documents: a report on corpora nobody on the project wrote.

Run it (from the repository root, with the project installed)::

    python -m tests.bench.realdocs                      # every corpus
    python -m tests.bench.realdocs --corpus rust-book   # one (repeatable)
    python -m tests.bench.realdocs --root DIR           # existing copies: DIR/rust-lang+book, DIR/debian-text, ...
    python -m tests.bench.realdocs --corpus tldr --root ~/src/tldr   # one corpus, its copy given directly
    python -m tests.bench.realdocs --work DIR --no-rank # check the parse only (no index)

It is a report, not a gate: it always exits 0 once it has run, prints a table per
figure and writes every figure and every miss to ``WORK/results.json`` (``--out``
elsewhere). Be kind to a shared machine: ``nice -n 10``; corpora are indexed one at
a time.

The corpora (``corpora.py``; missing ones are installed, cloned or gathered, and
it says so): ``python-docs`` (Sphinx HTML from Debian's python3.11-doc),
``debian-reference`` (DocBook HTML, debian-reference-en), ``rust-book`` (mdBook Markdown, rust-lang/book), ``tldr`` (tldr-pages' Markdown,
pages/common and pages/linux), ``debian-text`` (READMEs, copyright files and
changelogs of /usr/share/doc, decompressed), ``git-doc`` (asciidoc .txt sources
and their HTML, Debian's git-doc).

Each corpus has two data files in ``data/``, written by reading the real files,
never from readingroom's output: ``NAME.expect.json`` (the sampled files with the
title a reader sees and a few phrases of their content, the furniture section
titles of the site, the fragments that must not leak) and
``NAME.questions.json`` (questions in a reader's words with the document, and
where meaningful the section, that answers them).

The figures, per corpus and overall:

- **titles right**: sampled files whose parsed title is the one a reader sees
  (a Sphinx page's h1 without "¶", a book chapter's first heading, a copyright
  file's Upstream-Name, a tldr page's command), white space and quotes aside.
- **chrome sections (files)**: sections of the sampled files titled like site
  furniture ("Navigation", "Previous topic", ...), and how many files have any.
- **phrases lost (files)**: phrases from the main content (asides, footnotes,
  admonitions, tables and code included) missing from the parsed text, out of
  all phrases checked; and how many files lose any.
- **leaks (files)**: markup fragments found in the parsed text ("¶",
  ``number="``, ``{{#``, ``caption=``, "====", and per corpus more).
- **hit@1, hit@5**: questions whose wanted document readingroom ranks first, or
  among the first five (``Library.search(q, limit=10)``, what ``readingroom search
  --json`` runs), on a fresh index of the corpus's selection.
- **section@1**: of the questions naming a section, those whose top hit is the
  wanted document at that section.
- **FTS5 ...**: the same figures for a plain SQLite FTS5 baseline over the same
  parsed documents (question words OR-ed, bm25); see ``questions.py``.
"""
