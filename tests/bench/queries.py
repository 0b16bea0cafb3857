"""A fixed mix of queries for benchmarking search over a corpus made by ``corpus.generate``.

``query_mix(corpus_dir, seed, size)`` returns ``(category, query)`` pairs drawn from the
generator's own vocabulary for ``seed``, so the same mix fits a corpus of any size made
with that seed. Given ``corpus_dir``, it also reads the first few articles to take
phrases and long-tail words that really occur there; without it, it relies on expected
frequencies only. ``typo_set(seed, size)`` returns ``(typo, intended)`` pairs for
measuring a spelling suggester.

Categories (approximate share of the mix):

==============  =====  ====================================================
``common``       12 %  one frequent content word
``rare``         10 %  one long-tail word
``two_words``    13 %  two words
``three_words``  10 %  three words
``phrase``       10 %  a quoted two- or three-word phrase that occurs
``field``        12 %  ``title:word``, ``topic:word``, ``type:analysis``,
                       ``author:name``
``fuzzy``         7 %  ``word~``
``wildcard``      7 %  ``pref*``
``date``          7 %  ``date:2021``, ``date:[2019 to 2021]``
``typo``         12 %  a word one edit away from a real one ("did you mean")
==============  =====  ====================================================
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from pathlib import Path

from tests.bench.corpus import (
    FIRST_DAY,
    LAST_DAY,
    RELATED_HEADINGS,
    TOPICS,
    TYPES,
    World,
    build_world,
)

SHARES = {
    "common": 12,
    "rare": 10,
    "two_words": 13,
    "three_words": 10,
    "phrase": 10,
    "field": 12,
    "fuzzy": 7,
    "wildcard": 7,
    "date": 7,
    "typo": 12,
}
CATEGORIES = tuple(SHARES)

# Whoosh's default stop list: a query made only of these finds nothing.
STOP_WORDS = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that "
    "the this to us we when will with yet you your".split()
)

WORDS_PER_DOC = 600  # body words of an average generated article
EDIT_KINDS = ("deletion", "insertion", "substitution", "transposition")
_KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "awdz", "d": "sefx", "f": "drgc",
    "g": "fthv", "h": "gyjb", "j": "hukn", "k": "jilm", "l": "kop", "z": "asx",
    "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}
_ALPHA = re.compile(r"[a-z]+")


def expected_df(world: World, rank: int, docs: int = 1000, words: int = WORDS_PER_DOC) -> float:
    """How many of ``docs`` generated articles are expected to contain the word at ``rank``."""
    p = (world.cum[rank] - (world.cum[rank - 1] if rank else 0.0)) / world.cum[-1]
    return docs * (1.0 - (1.0 - p) ** words)


def _allocate(size: int) -> dict[str, int]:
    """Counts per category summing to ``size`` (largest remainder)."""
    total = sum(SHARES.values())
    raw = {c: size * s / total for c, s in SHARES.items()}
    counts = {c: int(v) for c, v in raw.items()}
    left = size - sum(counts.values())
    for c in sorted(raw, key=lambda c: (counts[c] - raw[c], CATEGORIES.index(c)))[:left]:
        counts[c] += 1
    return counts


class _Pools:
    """Word pools of a world, by use."""

    def __init__(self, world: World):
        self.world = world
        function = set(world.function_words)
        lower = world.lower
        self.real_content = [
            r for r in world.content_ranks
            if _ALPHA.fullmatch(lower[r]) and lower[r] not in function and len(lower[r]) > 2
        ]
        # Frequent content words: the top real ranks after the function words.
        self.common = self.real_content[:250]
        self.mid = [
            r for r in range(len(world.function_words), 6000)
            if _ALPHA.fullmatch(lower[r]) and lower[r] not in function and len(lower[r]) > 3
        ]
        self.rare = [r for r in range(5000, 12000) if _ALPHA.fullmatch(lower[r])]
        self.spellable = [
            r for r in range(len(world.function_words), 4000)
            if _ALPHA.fullmatch(lower[r]) and lower[r] not in function
            and len(lower[r]) >= 5 and expected_df(world, r) >= 20
        ]
        title_words: dict[str, None] = {}
        for t in world.titles:
            for w in _ALPHA.findall(t.title.lower()):
                if len(w) > 3 and w not in function and w not in STOP_WORDS:
                    title_words[w] = None
        self.title_words = list(title_words)
        topic_words: dict[str, None] = {}
        for t in TOPICS:
            for w in _ALPHA.findall(t.lower()):
                if w not in STOP_WORDS and len(w) > 2:
                    topic_words[w] = None
        self.topic_words = list(topic_words)
        self.type_words = [t.lower() for t, _ in TYPES if " " not in t and "-" not in t]
        self.entity_phrases = []
        for e in world.entities:
            words = _ALPHA.findall(e.lower())
            if len(words) >= 2 and any(w not in STOP_WORDS for w in words):
                self.entity_phrases.append(words)
        self.collocations = [_ALPHA.findall(c.lower()) for c in world.collocations]


def _edit(rng: random.Random, word: str, kind: str) -> str:
    n = len(word)
    if kind == "deletion":
        j = rng.randrange(1, n)
        return word[:j] + word[j + 1:]
    if kind == "insertion":
        j = rng.randrange(1, n + 1)
        near = _KEYBOARD.get(word[j - 1], "etaoinsr")
        return word[:j] + rng.choice(near) + word[j:]
    if kind == "substitution":
        j = rng.randrange(1, n)
        options = [c for c in _KEYBOARD.get(word[j], "etaoinsr") if c != word[j]]
        return word[:j] + rng.choice(options) + word[j + 1:]
    j = rng.randrange(1, n - 1)
    if word[j] == word[j + 1]:
        return word
    return word[:j] + word[j + 1] + word[j] + word[j + 2:]


def _neighbours(word: str) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for j in range(len(word) + 1):
        out.extend(word[:j] + c + word[j:] for c in letters)
        if j < len(word):
            out.append(word[:j] + word[j + 1:])
            out.extend(word[:j] + c + word[j + 1:] for c in letters if c != word[j])
        if j < len(word) - 1:
            out.append(word[:j] + word[j + 1] + word[j] + word[j + 2:])
    return out


def _typo(rng: random.Random, world: World, pools: _Pools, kind: str,
          taken: dict[str, None]) -> tuple[str, str]:
    """A one-edit typo whose most frequent one-edit neighbour in the vocabulary is the word."""
    while True:
        # Two real words for every invented one.
        if rng.random() < 2 / 3:
            choices = [r for r in pools.spellable if r < world.real_count]
        else:
            choices = [r for r in pools.spellable if r >= world.real_count]
        rank = rng.choice(choices)
        word = world.lower[rank]
        if word in taken:
            continue
        typo = _edit(rng, word, kind)
        if typo == word or typo in world.rank_of or typo in STOP_WORDS:
            continue
        best = min((world.rank_of[w] for w in _neighbours(typo) if w in world.rank_of),
                   default=None)
        if best != rank:
            continue
        taken[word] = None
        return typo, word


def typo_set(seed: int = 0, size: int = 60) -> list[tuple[str, str]]:
    """``(typo, intended)`` pairs, one edit each, the four kinds of edit in equal numbers.

    Every intended word is a vocabulary word expected in at least 20 documents of a
    1,000-article corpus, and is the most frequent vocabulary word one edit away from
    its typo, so a frequency-aware suggester has one right answer.
    """
    world = build_world(seed)
    pools = _Pools(world)
    rng = random.Random(random.Random(seed).getrandbits(64) ^ 0x7459706F)
    taken: dict[str, None] = {}
    return [_typo(rng, world, pools, EDIT_KINDS[k % 4], taken) for k in range(size)]


def _read_samples(corpus_dir: Path, files: int = 40) -> list[str]:
    """Body paragraphs of the first ``files`` articles (related block left out)."""
    paths = sorted(corpus_dir.glob("*/*.txt"))[:files] or sorted(corpus_dir.glob("*.txt"))[:files]
    paragraphs = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        for h in RELATED_HEADINGS:
            text = text.split("\n\n" + h + "\n\n")[0]
        paragraphs.extend(line for line in text.split("\n") if len(line) > 200)
    return paragraphs


def _sampled_phrases(paragraphs: list[str], function: set[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for para in paragraphs:
        tokens = para.split(" ")
        for j in range(0, len(tokens) - 3, 7):
            k = 2 + (j // 7) % 2
            window = tokens[j: j + k]
            if all(re.fullmatch(r"[A-Za-z]+", t) for t in window):
                words = [t.lower() for t in window]
                if sum(w not in function for w in words) >= 1 and words[0] not in STOP_WORDS \
                        and words[-1] not in STOP_WORDS:
                    out.append(words)
    return out


def query_mix(corpus_dir: Path | None = None, seed: int = 0, size: int = 200) -> list[tuple[str, str]]:
    """``size`` deterministic ``(category, query)`` pairs for the corpus of ``seed``."""
    world = build_world(seed)
    pools = _Pools(world)
    rng = random.Random(random.Random(seed).getrandbits(64) ^ 0x51756572)
    lower = world.lower
    function = set(world.function_words)

    sampled_phrases: list[list[str]] = []
    present_rare: list[str] = []
    if corpus_dir is not None:
        paragraphs = _read_samples(Path(corpus_dir))
        sampled_phrases = _sampled_phrases(paragraphs, function)
        counts: Counter[str] = Counter()
        for para in paragraphs:
            counts.update(_ALPHA.findall(para.lower()))
        present_rare = [w for w in counts if world.rank_of.get(w, -1) >= 12000]

    def word(ranks: list[int]) -> str:
        return lower[rng.choice(ranks)]

    def common() -> str:
        return word(pools.common)

    def rare() -> str:
        if present_rare and rng.random() < 0.7:
            return rng.choice(present_rare)
        return word(pools.rare)

    def words(k: int) -> str:
        out = [common()]
        while len(out) < k:
            w = word(pools.mid) if rng.random() < 0.5 else common()
            if w not in out:
                out.append(w)
        rng.shuffle(out)
        return " ".join(out)

    def phrase() -> str:
        r = rng.random()
        if sampled_phrases and r < 0.4:
            ws = rng.choice(sampled_phrases)
        elif r < 0.75:
            ws = rng.choice(pools.entity_phrases)
            if len(ws) > 3:
                j = rng.randrange(len(ws) - 2)
                ws = ws[j: j + rng.choice((2, 3))]
        else:
            ws = rng.choice(pools.collocations)
        return '"' + " ".join(ws) + '"'

    def field() -> str:
        kind = rng.randrange(4)
        if kind == 0:
            return "title:" + rng.choice(pools.title_words)
        if kind == 1:
            return "topic:" + rng.choice(pools.topic_words)
        if kind == 2:
            return "type:" + rng.choice(pools.type_words[:4] * 3 + pools.type_words)
        author = rng.choices(world.authors, cum_weights=world.author_cum)[0]
        return "author:" + author.split()[-1].lower()

    def fuzzy() -> str:
        w = word(pools.spellable)
        return w + "~"

    def wildcard() -> str:
        while True:
            w = word(pools.mid if rng.random() < 0.7 else pools.real_content)
            k = rng.randint(3, 5)
            if len(w) >= k + 2:
                return w[:k] + "*"

    first_year = _year(FIRST_DAY)
    last_year = _year(LAST_DAY)

    def date() -> str:
        if rng.random() < 0.5:
            return f"date:{rng.randint(first_year, last_year)}"
        a = rng.randint(first_year, last_year - 1)
        b = rng.randint(a + 1, min(last_year, a + 4))
        return f"date:[{a} to {b}]"

    typo_taken: dict[str, None] = {}

    def typo() -> str:
        kind = EDIT_KINDS[len(typo_taken) % 4]
        return _typo(rng, world, pools, kind, typo_taken)[0]

    makers = {
        "common": common, "rare": rare, "two_words": lambda: words(2),
        "three_words": lambda: words(3), "phrase": phrase, "field": field, "fuzzy": fuzzy,
        "wildcard": wildcard, "date": date, "typo": typo,
    }
    mix: list[tuple[str, str]] = []
    for category, count in _allocate(size).items():
        seen: dict[str, None] = {}
        tries = 0
        while count:
            q = makers[category]()
            tries += 1
            if q in seen and tries < 50 * size:  # few distinct values (dates): allow repeats
                continue
            seen[q] = None
            mix.append((category, q))
            count -= 1
    rng.shuffle(mix)
    return mix


def _year(ordinal: int) -> int:
    return datetime.date.fromordinal(ordinal).year


if __name__ == "__main__":
    import sys

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for cat, q in query_mix(corpus):
        print(f"{cat:12} {q}")
    print()
    for t, w in typo_set():
        print(f"{t:16} {w}")
