"""`o`, `e`, `y` and `Y` in the app, with real documents and real programs.

The browser and the editor are scripts written by the test that record their argv:
real programs, started by the app the way it starts any other.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .conftest import browser, settle
from .host.test_launch import recorder, wait_for_file

HOSTILE_TEXT = "Before\x1b[201~rm -rf ~\x1b[200~ then\x07\x9b31m C1\u202eevil\u2066 and\ttab\x7f end."


@pytest.fixture
def url_corpus(tmp_path) -> Path:
    root = tmp_path / "urls"
    root.mkdir()
    (root / "local.html").write_text("<html><head><title>Local page</title></head><body><p>Kept here.</p></body></html>")
    (root / "script.html").write_text(
        '<html><head><title>Scripted</title><link rel="canonical" href="javascript:alert(1)"></head>'
        "<body><p>Body.</p></body></html>"
    )
    (root / "web.md").write_text("# Web\n\nA page on the web.\n")
    (root / "web.meta.json").write_text(json.dumps({"url": "https://example.org/a?b=1&c=2"}))
    (root / "dash.md").write_text("# Dash\n\nAn option in disguise.\n")
    (root / "dash.meta.json").write_text(json.dumps({"url": "--help"}))
    (root / "escape.md").write_text("# Escape\n\nA URL with an escape.\n")
    (root / "escape.meta.json").write_text(json.dumps({"url": "https://example.org/\x1b[201~x"}))
    (root / "hostile.md").write_text(f"# Hostile\n\n{HOSTILE_TEXT}\n")
    return root


async def open_doc(pilot, doc_id: str):
    screen = browser(pilot.app)
    await settle(pilot, lambda: screen.library_items)
    screen.open_document(doc_id)
    await settle(pilot, lambda: screen.current_document is not None and screen.current_document.doc_id == doc_id)
    screen.reader.focus()
    await pilot.pause()
    return screen


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def press_and_wait(pilot, key: str, log: Path, timeout: float = 10.0) -> list[str] | None:
    await pilot.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not log.exists():
        await pilot.pause(0.05)
    return json.loads(log.read_text()) if log.exists() else None


async def test_o_starts_browser_commands_in_order_until_one_runs(make_app, url_corpus, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", f"{tmp_path}/no-such-browser %s:{script} --new-tab %s --title=100%%")
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "web.md")
        argv = await press_and_wait(pilot, "o", log)
        assert argv == ["--new-tab", "https://example.org/a?b=1&c=2", "--title=100%"]
        assert "Opened with browser" in messages(app)


async def test_o_on_a_local_html_document_opens_its_file(make_app, url_corpus, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "local.html")
        assert await press_and_wait(pilot, "o", log) == [str(url_corpus / "local.html")]


@pytest.mark.parametrize(
    "doc_id, why",
    [
        ("script.html", "javascript: URLs run code"),
        ("dash.md", "relative path"),
        ("escape.md", "control characters"),
        ("hostile.md", "no URL"),
    ],
)
async def test_o_refuses_what_is_not_a_web_address_and_says_why(make_app, url_corpus, tmp_path, monkeypatch, doc_id, why):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, doc_id)
        assert await press_and_wait(pilot, "o", log, timeout=1.0) is None
        (message,) = [m for m in messages(app) if why in m]
        assert "\n" not in message and "\x1b" not in message


async def test_o_says_when_no_browser_command_runs(make_app, url_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER", f"{tmp_path}/gone-1:{tmp_path}/gone-2 %s")
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "web.md")
        await pilot.press("o")
        await pilot.pause()
        assert "$BROWSER: gone-1 not found; gone-2 not found" in messages(app)


async def test_e_refuses_a_file_name_with_control_characters(make_app, url_corpus, tmp_path, monkeypatch):
    (url_corpus / "a\x1b]0;x\x07.md").write_text("# Named badly\n\nText.\n")
    script, log = recorder(tmp_path / "bin", "editor")
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "a\x1b]0;x\x07.md")
        await pilot.press("e")
        await pilot.pause()
        assert any("rename the file to edit it" in m for m in messages(app))
        assert not any("Cannot hand the terminal over" in m for m in messages(app))
    assert not log.exists()


async def test_y_and_Y_copy_no_control_characters(make_app, url_corpus):
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "hostile.md")
        await pilot.press("y")
        copied = app.clipboard
        assert "rm -rf ~" in copied and "\ttab" in copied
        assert "␛[201~rm -rf ~␛[200~" in copied  # what the screen shows, not what a terminal obeys
        for char in copied:
            assert char in "\t\n" or (char.isprintable() and char not in "\u202e\u2066"), repr(char)
        await open_doc(pilot, "escape.md")
        await pilot.press("Y")
        assert app.clipboard == "https://example.org/␛[201~x"
        assert not any("\x1b" in m for m in messages(app))


async def test_copies_drop_the_invisible_bidi_marks_too(make_app, url_corpus):
    (url_corpus / "marks.md").write_text("# Marks\n\nabc\u200fdef \u200eghi \u061cjkl done.\n", encoding="utf-8")
    (url_corpus / "marks.meta.json").write_text(json.dumps({"url": "https://example.org/\u200fx"}))
    app = make_app(paths=[url_corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_doc(pilot, "marks.md")
        await pilot.press("y")
        assert "abcdef ghi jkl done." in app.clipboard
        for char in app.clipboard:
            assert char in "\t\n" or char.isprintable(), repr(char)
        await pilot.press("Y")
        assert app.clipboard == "https://example.org/x"
