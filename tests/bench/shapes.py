"""Query shapes that cost in proportion to the corpus: what each one costs here.

A reader types ``*``, ``*tion``, ``c* d* e*``, thirty NOTs, or pastes a paragraph.
Each shape is searched three times, warm, through ``Library.search``; the figure
is the median wall time (the first run's beside it) and what the engine said it cut. The goal: every shape within 0.5 s at
10,000 documents, or a notice that says what was left out.

The words come from the corpus's own vocabulary (``Speller``), by rank, so the
shapes mean the same on any corpus.
"""

from __future__ import annotations

import statistics
import time

RUNS = 3  # each shape's figure is the median of this many searches: one run swings 2x on a shared machine


def shapes(common: list[str]) -> dict[str, str]:
    """Named queries built from the vocabulary's words, commonest first."""
    from search.storage.analysis import term_of

    content = [w for w in common if term_of(w)][:400]  # past the stop words
    mid = content[100:300]
    return {
        "star": "*",
        "stars": "**",
        "question mark": "?",
        "any two letters": "??",
        "infix": "*e*",
        "suffix": "*s",
        "one-letter prefix": "a*",
        "three prefixes": "s* t* c*",
        "four infixes": "*a* *e* *i* *o*",
        "marks only": "*?*?*",
        "fielded star": "title:* OR section:* OR topic:*",
        "ten stars": " OR ".join(["*"] * 10),
        "thirty digit prefixes": " ".join(f"w{i}*" for i in range(30)),
        "open date range": "date:{2020 TO}",
        "range on words": "title:[a TO z]",
        "fuzzy two edits": f"{content[0]}~2",
        "fuzzy stop word": "the~2",
        "patterns and not": f"({content[0][0]}* OR {content[1][0]}*) AND NOT ({content[2][0]}* OR {content[3][0]}*)",
        "eight fuzzy words": " ".join(f"{w}~2" for w in content[:8]),
        "not one word": f"NOT {content[0]}",
        "thirty nots": " ".join(f"NOT {w}" for w in content[:30]),
        "200 words": " ".join(content[:200]),
        "200 words or": " OR ".join(content[:200]),
        "ten phrases": " ".join(f'"{mid[i]} {mid[i + 1]}"' for i in range(0, 20, 2)),
        "twenty-word phrase": '"' + " ".join(content[:20]) + '"',
    }


def measure(library) -> dict:
    library.search("warm")
    speller = library._view().speller()
    common = sorted(speller.frequencies, key=lambda w: (-speller.frequencies[w], w))
    rows = {}
    for name, text in shapes(common).items():
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            result = library.search(text, limit=20)
            times.append(time.perf_counter() - started)
        rows[name] = {
            "ms": round(statistics.median(times) * 1000, 1),
            "first_ms": round(times[0] * 1000, 1),
            "total": result.total,
            "cut": bool(result.notice) or bool(result.error),
            "said": (result.error or result.notice or "")[:160],
        }
    worst = max(rows, key=lambda name: rows[name]["ms"])
    return {"shapes": rows, "worst": {"shape": worst, "ms": rows[worst]["ms"]}}
