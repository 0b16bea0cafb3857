"""What other programs get from a document: real programs, recording their argv.

A "browser" or "editor" here is a small Python script written by the test that
writes the arguments it was started with to a file: a real program, run the way
the app runs it, not a mock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.host import launch
from tui.host.launch import Refused, browser_commands, browser_target, editor_command, start_detached

CONTROLS = ["\x1b", "\x07", "\x00", "\r", "\x7f", "\x9b", "\x85", "\u202e", "\u2066", "\u2028", "\u2029"]


def recorder(folder: Path, name: str = "browser") -> tuple[Path, Path]:
    """A program that records its argv (without argv[0]) as JSON and exits 0."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.argv.json"
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    script.chmod(0o755)
    return script, log


def wait_for_file(path: Path, timeout: float = 10.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return json.loads(path.read_text())
        time.sleep(0.02)
    raise AssertionError(f"{path} was never written")


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "page.html").write_text("<html><title>Page</title><p>text</p></html>")
    (root / "-rf.html").write_text("<p>dash</p>")
    (root / "notes.md").write_text("# Notes\n")
    (tmp_path / "outside.html").write_text("<p>out</p>")
    (root / "link-out.html").symlink_to(tmp_path / "outside.html")
    return root


# -- which URLs are opened ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/x",
        "https://[::1]:8080/x",
    ],
)
def test_http_urls_are_opened_as_they_are(url, corpus):
    assert browser_target(url, [corpus]) == url


def test_a_space_in_a_web_address_is_percent_encoded(corpus):
    assert browser_target("https://example.org/a b", [corpus]) == "https://example.org/a%20b"


@pytest.mark.parametrize(
    "url, why",
    [
        ("javascript:alert(1)", "javascript: URLs run code"),
        ("JavaScript:alert(document.cookie)", "javascript: URLs run code"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data: URLs"),
        ("file:///etc/passwd", "outside the corpus"),
        ("file://evil.example/share/x.html", "another host"),
        ("/etc/passwd", "outside the corpus"),
        ("docs/page.html", "relative path"),
        ("../outside.html", "relative path"),
        ("-rf.html", "relative path"),
        ("--help", "relative path"),
        ("-dump", "relative path"),
        ("//evil.example/x", "relative path"),
        ("ftp://example.org/x", "ftp: is not a web address"),
        ("vbscript:msgbox", "vbscript: is not a web address"),
        ("mailto:a@example.org", "mailto: is not a web address"),
        ("http:///nohost", "names no host"),
        ("https:", "names no host"),
    ],
)
def test_anything_but_http_and_corpus_files_is_refused_with_a_reason(url, why, corpus):
    with pytest.raises(Refused) as refused:
        browser_target(url, [corpus])
    message = str(refused.value)
    assert message.startswith("Not opened: ")
    assert why in message
    assert "\n" not in message


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("shape", ["https://example.org/a{}b", "https://exa{}mple.org/", "file://{}/x"])
def test_a_url_with_a_control_character_is_refused(control, shape, corpus):
    with pytest.raises(Refused, match="control characters"):
        browser_target(shape.format(control), [corpus])


@pytest.mark.parametrize("encoded", ["%1b", "%07", "%7f", "%c2%9b", "%e2%80%ae", "%0a"])
def test_a_file_url_whose_decoded_name_has_control_characters_is_refused(encoded, corpus):
    with pytest.raises(Refused, match="control characters"):
        browser_target(f"file://{corpus}/docs/x{encoded}.html", [corpus])


def test_a_file_url_or_absolute_path_inside_the_corpus_opens_that_file(corpus):
    page = str(corpus / "docs" / "page.html")
    assert browser_target(f"file://{page}", [corpus]) == page
    assert browser_target(f"file://localhost{page}", [corpus]) == page
    assert browser_target(page, [corpus]) == page
    # a file that starts with "-" goes as its absolute path
    assert browser_target(f"file://{corpus}/-rf.html", [corpus]) == str(corpus / "-rf.html")


def test_a_path_that_leaves_the_corpus_is_refused_however_spelled(corpus):
    for url in (f"file://{corpus}/../outside.html", f"file://{corpus}/link-out.html", f"{corpus}/docs/../../outside.html"):
        with pytest.raises(Refused, match="outside the corpus"):
            browser_target(url, [corpus])
    with pytest.raises(Refused, match="no file"):
        browser_target(f"file://{corpus}/missing.html", [corpus])
    with pytest.raises(Refused, match="no file"):
        browser_target(f"file://{corpus}/docs", [corpus])


def test_a_local_html_document_without_a_url_opens_its_file(corpus):
    page = corpus / "docs" / "page.html"
    assert browser_target("", [corpus], str(page)) == str(page)
    assert browser_target("", [corpus], str(corpus / "-rf.html")) == str(corpus / "-rf.html")
    with pytest.raises(Refused, match="no URL"):
        browser_target("", [corpus], str(corpus / "notes.md"))
    with pytest.raises(Refused, match="outside the corpus"):
        browser_target("", [corpus], str(corpus / "link-out.html"))


def test_a_local_html_file_named_with_control_characters_is_refused(corpus):
    hostile = corpus / "a\x1b]0;pwned\x07.html"
    hostile.write_text("<p>x</p>")
    with pytest.raises(Refused, match="control characters"):
        browser_target("", [corpus], str(hostile))


# -- $BROWSER -----------------------------------------------------------------------


def test_browser_is_a_colon_separated_list_with_percent_s_and_percent_percent():
    url = "https://example.org/100%25?q=%s"
    commands = browser_commands(url, {"BROWSER": "firefox --new-tab %s:w3m -o x=1:open -a 'My Browser':echo 100%% %s%%:  :"})
    assert [c.argv for c in commands] == [
        ["firefox", "--new-tab", url],
        ["w3m", "-o", "x=1", url],
        ["open", "-a", "My Browser", url],
        ["echo", "100%", url + "%"],
    ]
    assert [c.terminal for c in commands] == [False, True, False, False]


def test_browser_unset_or_blank_means_the_usual_search():
    assert browser_commands("https://example.org", {}) is None
    assert browser_commands("https://example.org", {"BROWSER": "  "}) is None


def test_a_terminal_browser_is_told_by_the_programs_file_name():
    commands = browser_commands("https://e.org", {"BROWSER": "/usr/local/bin/lynx:elinks:links2 -g:/opt/w3m/w3m:chromium"})
    assert [c.terminal for c in commands] == [True, True, True, True, False]


def test_nothing_that_starts_with_a_dash_or_holds_a_control_is_given_to_a_browser():
    for bad in ("-dump", "--help", "https://e.org/\x1b[201~", ""):
        with pytest.raises(Refused):
            browser_commands(bad, {"BROWSER": "w3m"})
        with pytest.raises(Refused):
            launch.text_browser_command(bad)


def test_a_detached_browser_gets_the_url_as_its_own_last_argument(tmp_path):
    script, log = recorder(tmp_path / "bin")
    url = "https://example.org/a?b=1&c=%s;$(touch pwned)`id`"
    (command,) = browser_commands(url, {"BROWSER": f"{script} --new-window"})
    assert not command.terminal
    start_detached(command.argv)
    assert wait_for_file(log) == ["--new-window", url]
    assert not (Path.cwd() / "pwned").exists()


def test_a_detached_browser_runs_in_its_own_session_without_the_terminal(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    log = folder / "session.json"
    script = folder / "browser"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        f"open({str(log)!r}, 'w').write(json.dumps([os.getsid(0) == os.getpid(), os.isatty(0), os.isatty(1)]))\n"
    )
    script.chmod(0o755)
    start_detached([str(script), "https://example.org"])
    assert wait_for_file(log) == [True, False, False]


def test_a_browser_that_cannot_start_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        start_detached([str(tmp_path / "no-such-browser"), "https://example.org"])


# -- $EDITOR ------------------------------------------------------------------------


def test_the_editor_gets_an_absolute_path_after_the_line_and_a_double_dash(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    script, log = recorder(folder, "vim")
    target = tmp_path / "-c!rm -rf ~.md"
    target.write_text("x")
    monkeypatch.chdir(tmp_path)
    command = editor_command("-c!rm -rf ~.md", 12, {"EDITOR": f"{script} -R"})
    assert subprocess.call(command) == 0
    assert wait_for_file(log) == ["-R", "+12", "--", str(target)]


def test_an_editor_without_double_dash_still_never_gets_a_dash_argument(tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin", "my-editor")
    monkeypatch.chdir(tmp_path)
    command = editor_command("--version", None, {"EDITOR": str(script)})
    assert subprocess.call(command) == 0
    assert wait_for_file(log) == [str(tmp_path / "--version")]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_file_name_with_control_characters_is_not_handed_to_the_editor(control, tmp_path):
    with pytest.raises(Refused, match="control characters"):
        editor_command(str(tmp_path / f"a{control}b.md"), None, {"EDITOR": "vi"})


def test_a_file_name_with_undecodable_bytes_is_not_handed_to_the_editor(tmp_path):
    name = os.fsdecode(b"caf\xe9.md")
    with pytest.raises(Refused, match="control characters"):
        editor_command(str(tmp_path / name), None, {"EDITOR": "vi"})


@pytest.mark.skipif(not os.path.exists("/usr/bin/vim"), reason="vim is not installed")
def test_real_vim_opens_a_file_named_like_an_option_at_its_line(tmp_path, monkeypatch):
    target = tmp_path / "-Z"
    target.write_text("one\ntwo\nthree\n")
    out = tmp_path / "seen.txt"
    monkeypatch.chdir(tmp_path)
    # VimEnter comes after every +LINE and -c command has run
    editor = f"vim -u NONE -i NONE -N -es --cmd 'autocmd VimEnter * call writefile([expand(\"%:p\"), line(\".\")], \"{out}\") | qa!'"
    command = editor_command("-Z", 2, {"EDITOR": editor})
    assert subprocess.run(command, stdin=subprocess.DEVNULL, timeout=20).returncode == 0
    assert out.read_text().splitlines() == [str(target), "2"]


# -- the line the editor opens at ------------------------------------------------------


@pytest.mark.parametrize(
    "editor, expected",
    [
        ("vi", ["+12", "--", "{path}"]),
        ("vim -R", ["-R", "+12", "--", "{path}"]),
        ("/usr/local/bin/nvim", ["+12", "--", "{path}"]),
        ("nano", ["+12", "{path}"]),
        ("emacs -nw", ["-nw", "+12", "{path}"]),
        ("emacsclient -t", ["-t", "+12", "{path}"]),
        ("micro", ["+12", "{path}"]),  # micro reads file:LINE only with its parsecursor option on
        ("kak", ["+12", "{path}"]),
        ("hx", ["{path}:12"]),
        ("helix", ["{path}:12"]),
        ("code --wait", ["--wait", "{path}"]),  # an editor not known to take a line gets the file alone
        ("ed", ["{path}"]),
    ],
)
def test_each_editor_gets_the_line_the_way_it_reads_one(editor, expected, tmp_path):
    path = str(tmp_path / "notes.md")
    command = editor_command(path, 12, {"EDITOR": editor})
    assert command[1:] == [word.format(path=path) for word in expected]


def test_no_line_or_a_line_that_is_not_one_gives_the_file_alone(tmp_path):
    path = str(tmp_path / "notes.md")
    for line in (None, 0, -3):
        assert editor_command(path, line, {"EDITOR": "nano"}) == ["nano", path]
        assert editor_command(path, line, {"EDITOR": "hx"}) == ["hx", path]


def test_helix_gets_no_line_for_a_file_whose_name_has_a_colon(tmp_path):
    # Helix would read "notes:3:12" as notes, row 3, column 12
    path = str(tmp_path / "notes:3")
    assert editor_command(path, 12, {"EDITOR": "hx"}) == ["hx", path]


def test_visual_wins_over_editor_and_words_that_are_not_a_command_are_refused(tmp_path):
    path = str(tmp_path / "notes.md")
    assert editor_command(path, 4, {"VISUAL": "kak", "EDITOR": "vim"}) == ["kak", "+4", path]
    with pytest.raises(Refused, match="not a command"):
        editor_command(path, 4, {"EDITOR": "vim '-c"})


def test_the_editor_is_never_run_through_a_shell(tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin", "nano")
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    target = tmp_path / "$(touch pwned); `touch pwned`.md"  # run where the marker would land
    target.write_text("x")
    command = editor_command(target.name, 3, {"EDITOR": f"{script} --soft"})
    assert subprocess.call(command) == 0
    assert wait_for_file(log) == ["--soft", "+3", str(target)]
    assert not marker.exists()


def document_of(path: Path, doc_id: str):
    from search.parse import parse_file

    return parse_file(path, doc_id)


def lines_of_sections(path: Path) -> dict[str, int]:
    document = document_of(path, path.name)
    return {section.id: launch.section_line(str(path), document, section.id) for section in document.sections}


def test_a_markdown_section_is_found_at_its_heading_not_in_the_table_of_contents(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text(
        "# Guide\n"  # 1
        "\n"
        "Intro text mentions Installation early.\n"  # 3
        "\n"
        "- [Installation](#installation)\n"  # 5
        "- [Usage &amp; tips](#usage)\n"  # 6
        "\n"
        "## Installation\n"  # 8
        "\n"
        "Run the installer.\n"
        "\n"
        "## Usage &amp; tips\n"  # 12
        "\n"
        "Use it.\n"
        "\n"
        "### Installation\n"  # 16: the same title again, a subsection
        "\n"
        "Again.\n"
    )
    document = document_of(path, "guide.md")
    titled = [s for s in document.sections if s.title]
    assert [s.title for s in titled] == ["Installation", "Usage & tips", "Installation"]
    assert [launch.section_line(str(path), document, s.id) for s in titled] == [8, 12, 16]
    assert launch.section_line(str(path), document, "lead") == 1


def test_html_and_underlined_titles_are_found_at_their_heading(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>What can donors do?</title></head>\n"  # 1
        "<body><nav><a href='#do'>What can donors do?</a></nav>\n"  # 2
        "<h1>Aid</h1>\n"
        "<p>Text.</p>\n"
        '<h2 id="do">What can <em>donors</em> do?<a class="headerlink" href="#do">¶</a></h2>\n'  # 5
        "<p>Fund adaptation.</p>\n"
        "</body></html>\n"
    )
    document = document_of(page, "page.html")
    section = next(s for s in document.sections if s.title == "What can donors do?")
    assert launch.section_line(str(page), document, section.id) == 5

    notes = tmp_path / "notes.rst"
    notes.write_text("Notes\n=====\n\nSee Verification below.\n\nVerification\n------------\n\nPatrols.\n")
    assert lines_of_sections(notes)["verification"] == 6


def test_a_section_not_in_the_file_an_unknown_id_or_an_unreadable_file_is_line_one(tmp_path):
    from search.model import Document, Section

    path = tmp_path / "a.md"
    path.write_text("# A\n\n## Kept\n\ntext\n")
    document = Document("a.md", "a.md", sections=(Section("lead", "", 0, ""), Section("gone", "Renamed since", 2, "x")))
    assert launch.section_line(str(path), document, "gone") == 1
    assert launch.section_line(str(path), document, "no-such-section") == 1
    assert launch.section_line(str(path), document, None) == 1
    assert launch.section_line(str(tmp_path / "missing.md"), document, "gone") == 1
    untitled = Document("a.md", "a.md", sections=(Section("lead", "", 0, ""), Section("s", "", 2, "text")))
    assert launch.section_line(str(path), untitled, "s") == 5  # found by its first words
