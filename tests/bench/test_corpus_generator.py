"""The benchmark corpus generator and query mix are deterministic and look like the seed."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from tests.bench.corpus import FOOTER, MONTHS, RELATED_HEADINGS, WEEKDAYS, generate
from tests.bench.queries import CATEGORIES, EDIT_KINDS, query_mix, typo_set

N = 50
DATE_LINE = re.compile(
    r"^(%s), (%s) (\d{1,2}), (\d{4})$" % ("|".join(WEEKDAYS), "|".join(MONTHS)), re.M
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate(N, out, seed=0)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(corpus, tmp_path: Path) -> None:
    first, _ = corpus
    again = tmp_path / "again"
    generate(N, again, seed=0)
    assert _tree(first) == _tree(again)
    other = tmp_path / "other"
    generate(N, other, seed=1)
    assert _tree(first) != _tree(other)


def test_layout_and_sizes(corpus) -> None:
    root, paths = corpus
    assert len(paths) == N
    for p in paths:
        assert re.fullmatch(r"\d{3}/\d{6}_[0-9a-f]{16}\.txt", p.relative_to(root).as_posix())
        assert 3 * 1024 <= p.stat().st_size <= 8000, p
    sidecars = sorted(root.rglob("*.meta.json"))
    assert 5 <= len(sidecars) <= 30  # about a third
    for s in sidecars:
        meta = json.loads(s.read_text(encoding="utf-8"))
        assert list(meta) == ["title", "url", "date", "authors", "publisher"]
        assert re.fullmatch(r"20(1[5-9]|2[0-5])-\d\d(-\d\d)?", meta["date"])
        assert s.with_name(s.name.replace(".meta.json", ".txt")).exists()


def test_every_article_has_a_related_block_with_true_weekdays(corpus) -> None:
    _, paths = corpus
    for p in paths:
        text = p.read_text(encoding="utf-8")
        assert text.endswith("\n\n" + FOOTER), p
        heads = [h for h in RELATED_HEADINGS if f"\n\n{h}\n\n" in text]
        assert heads, p
        related = text.split(f"\n\n{heads[0]}\n\n", 1)[1]
        dates = DATE_LINE.findall(related)
        assert 2 <= len(dates) <= 5, p
        for weekday, month, day, year in dates:
            d = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
            assert WEEKDAYS[d.weekday()] == weekday
            assert 2015 <= d.year <= 2025
        assert related.count("\n\nType: ") == len(dates)


def test_query_mix_covers_every_category(corpus) -> None:
    root, _ = corpus
    for mix in (query_mix(), query_mix(root)):
        assert len(mix) == 200
        counts = {c: sum(1 for cat, _ in mix if cat == c) for c in CATEGORIES}
        assert all(n >= 10 for n in counts.values()), counts
        assert all(q.strip() for _, q in mix)
    assert query_mix(root) == query_mix(root)


def test_typo_set_is_one_edit_of_each_kind() -> None:
    pairs = typo_set()
    assert len(pairs) == 60 and pairs == typo_set()
    assert len({w for _, w in pairs}) == 60
    for typo, word in pairs:
        assert typo != word and abs(len(typo) - len(word)) <= 1
    assert len(EDIT_KINDS) == 4
