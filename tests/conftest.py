"""Shared fixtures: small real corpora written to disk, real indexes beside them."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_ID = "000_61f2fd6d474a728d.txt"


_XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="session", autouse=True)
def _isolated_session_dirs(tmp_path_factory):
    """Module- and session-scoped fixtures (built before each test's own folders) see no real folder either:
    a library they build would otherwise leave its signing key in the real data folder."""
    home = tmp_path_factory.mktemp("session-home")
    saved = {name: os.environ.get(name) for name in _XDG}
    os.environ.update({name: str(home / name.lower()) for name in _XDG})
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own cache, config and data folders: no test sees a real one."""
    home = tmp_path_factory.mktemp("home")
    for name in _XDG:
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("READINGROOM_INDEX_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # An app under test syncs when its test says so; tests of watching turn it on.
    monkeypatch.setenv("READINGROOM_WATCH", "off")


def long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def article(
    lead: str,
    sections: list[tuple[str, str]] = (),
    related: list[dict] = (),
    heading: str = "Related Publications",
) -> str:
    """A document in the seed's scraped-article format."""
    parts = [lead]
    for title, text in sections:
        parts += [title, text]
    if related:
        parts.append("")
        parts.append(heading)
        for entry in related:
            parts += [entry["title"], entry["title"]]
            if entry.get("date"):
                parts.append(long_date(entry["date"]))
            parts.append(entry.get("summary", "A summary of the publication for readers."))
            if entry.get("type"):
                parts.append(f"Type: {entry['type']}")
            if entry.get("topics"):
                parts.append("".join(entry["topics"]))
        parts[-1] += "View All Publications"
    return "\n\n".join(parts) + "\n"


def write_article(folder: Path, name: str, text: str, meta: dict | None = None) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        stem = name.rsplit(".", 1)[0]
        (folder / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def bump_mtime(path: Path, seconds: int = 5) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


@pytest.fixture
def seed_library(tmp_path):
    from search import Library

    library = Library([SEEDS], index_dir=tmp_path / "index")
    library.sync()
    yield library
    library.close()


LIBRARY_DOCS = {
    "sanctions.txt": (
        {"title": "Sanctions and Diplomacy on the Korean Peninsula", "date": "2023-05-02", "authors": ["Ada Park"], "type": "Analysis", "topics": ["Global Policy"]},
        article(
            "Sanctions relief has been discussed for years in Pyongyang and Washington.",
            [
                ("What did the Party Congress decide?", "The Party Congress in Pyongyang set a five-year plan for the economy and the military."),
                ("How will China respond?", "Beijing prefers stability on its borders and resists pressure from Washington."),
            ],
            related=[
                {"title": "Climate Security in the Pacific", "date": "2024-03-01", "type": "Report", "topics": ["Climate", "Global Policy"], "summary": "Rising seas reshape security planning across island states."},
                {"title": "Elections in Kenya", "date": "2022-08-09", "type": "Analysis", "topics": ["Democracy & Governance"], "summary": "Kenya votes amid economic strain and a contested count."},
            ],
        ),
    ),
    "climate.txt": (
        {"title": "Climate Security in the Pacific", "date": "2024-03-01", "type": "Report", "topics": ["Climate"]},
        article(
            "Island states face rising seas and new security questions.",
            [
                ("Why does climate matter for security?", "Storms displace people and strain governments; fisheries collapse under warming water."),
                ("What can donors do?", "Donors can fund adaptation, early warning and resilient harbours."),
            ],
            related=[
                {"title": "Elections in Kenya", "date": "2022-08-09", "type": "Analysis", "topics": ["Democracy & Governance"], "summary": "Kenya votes amid economic strain."},
            ],
        ),
    ),
    "notes/meeting.md": (
        None,
        "---\ntitle: Meeting notes on négociations\ndate: 2021-11-30\ntags: [Diplomacy, Europe]\ntype: Notes\n---\n\n"
        "# Agenda\n\nThe café discussion covered négociations in Geneva and the nuclear file.\n\n"
        "## Decisions\n\nWe agreed to meet again in December and to draft a memo on verification.\n",
    ),
    "page.html": (
        None,
        "<html><head><title>Ceasefire Monitoring Handbook</title><script>var hidden='zzsecretword';</script></head>"
        "<body><nav>Home | About</nav><h1>Ceasefire Monitoring Handbook</h1><p>Monitors observe the ceasefire line.</p>"
        "<h2>Verification</h2><p>Verification depends on satellites and patrols along the line.</p></body></html>",
    ),
}


def write_library(folder: Path, docs: dict = LIBRARY_DOCS) -> Path:
    for name, (meta, text) in docs.items():
        write_article(folder, name, text, meta)
    return folder


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_library(tmp_path / "corpus")


@pytest.fixture
def small_library(small_corpus, tmp_path):
    from search import Library

    library = Library([small_corpus], index_dir=tmp_path / "index")
    library.sync()
    yield library
    library.close()
