"""Where a corpus's index lives."""

from __future__ import annotations

from search import Library
from tests.conftest import SEEDS


def test_index_dir_comes_from_the_environment_or_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("READINGROOM_INDEX_DIR", str(tmp_path / "from-env"))
    assert Library([SEEDS]).index_dir == tmp_path / "from-env"
    monkeypatch.delenv("READINGROOM_INDEX_DIR")
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    default = Library([SEEDS]).index_dir
    assert cache in default.parents
    assert Library([SEEDS]).index_dir == default  # one index per corpus, found again
    assert Library([tmp_path]).index_dir != default
