"""Plain text: paragraphs with their lines, underlined headings only, the title rule."""

from __future__ import annotations

import pathlib

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def plain(text: str, meta: dict | None = None):
    return parse_text(text, doc_id="t.log", path="t.log", fmt="text", meta=meta)


def test_log_lines_stay_lines_in_one_lead_section():
    document = parse_file(FIXTURES / "server.log", "server.log")
    assert [s.id for s in document.sections] == ["lead"]
    assert document.sections[0].text == (
        "2024-05-01 10:00:01 INFO starting worker pool\n"
        "2024-05-01 10:00:02 WARN queue is empty\n\n"
        "2024-05-01 11:30:45 ERROR connection reset by peer"
    )
    assert document.title == "2024-05-01 10:00:01 INFO starting worker pool"


def test_underlined_headings_in_restructured_text():
    document = parse_file(FIXTURES / "guide.rst", "guide.rst")
    assert document.title == "Operator Guide"
    assert [(s.id, s.title, s.level) for s in document.sections] == [
        ("lead", "", 0),
        ("backups", "Backups", 1),
        ("restores", "Restores", 2),
    ]
    # reST joins a paragraph's lines, as its renderers do.
    assert document.section("backups").text == "Run the backup job every night. Check the log the next morning."
    assert "=" not in document.text


def test_no_guessing_of_other_headings():
    document = plain("Intro line of the file.\n\nQuestion line?\n\nAnswer text that follows the question.\n")
    assert [s.id for s in document.sections] == ["lead"]


def test_title_from_metadata_or_first_line():
    assert plain("Short Title\n\nBody text.\n").title == "Short Title"
    assert plain("Body text only.\n", meta={"title": "Given"}).title == "Given"
    assert plain("a,b,c\n1,2,3\n").title == "a,b,c"


def test_csv_rows_are_kept():
    document = plain("name,age\nann,31\nbob,42\n")
    assert document.sections[0].text == "name,age\nann,31\nbob,42"


TEXT = FIXTURES / "text"


def test_underlined_release_notes_in_a_txt_file_are_titled_without_the_underline():
    notes = parse_file(TEXT / "relnotes.txt", "relnotes.txt")
    assert notes.title == "Hivekeeper v2.3.5 Release Notes"
    assert [s.title for s in notes.sections] == ["Fixes since v2.3.4"]
    assert "===" not in notes.text and "---" not in notes.text


def test_an_asciidoc_manual_page_is_titled_by_its_name_and_sectioned():
    page = parse_file(TEXT / "manpage.txt", "manpage.txt")
    assert page.title == "hive-count(1)"
    assert [s.title for s in page.sections] == ["NAME", "SYNOPSIS", "DESCRIPTION"]
    assert page.section("name").text == "hive-count - Count the bees of a hive"


def test_badges_labels_and_dates_above_a_title_are_passed_over():
    document = parse_file(TEXT / "badges.txt", "badges.txt")
    assert document.title == "Keeping Bees Through Winter"
    assert plain(":orphan:\n\nReal Title Here\n\nBody text.\n").title == "Real Title Here"
    assert plain('<?xml version="1.0"?>\n\nCatalogue of Hives\n\nBody.\n').title == "Catalogue of Hives"
    assert plain("https://example.org/hives\n\nHive Register\n\nBody.\n").title == "Hive Register"


def test_a_dep5_copyright_file_is_titled_by_its_upstream_name_with_its_stanzas_as_sections():
    document = parse_file(TEXT / "beekeeper" / "copyright", "beekeeper/copyright")
    assert document.title == "Copyright: Bee Keeper Tools"
    assert [s.title for s in document.sections] == ["", "Files: *", "Files: debian/*", "License: GPL-2+"]
    assert document.section("files").text == "Copyright: 2019-2024 Ann Apiarist\n2020 Ben Drone\nLicense: GPL-2+"
    licence = document.section("license-gpl-2").text
    assert licence.split("\n\n")[1].startswith("On Debian systems")  # " ." is a paragraph break
    assert "\n.\n" not in licence


def test_a_copyright_file_without_upstream_name_is_titled_by_its_package():
    assert parse_file(TEXT / "honeycomb" / "copyright", "honeycomb/copyright").title == "Copyright: honeycomb"
    # The older free form, too.
    old = parse_file(TEXT / "waxworks" / "copyright", "waxworks/copyright")
    assert old.title == "Copyright: waxworks"
    assert "This package was put together by Eve Wax" in old.text


def test_a_debian_changelog_is_titled_by_its_package_with_an_entry_per_section():
    log = parse_file(TEXT / "honeycomb" / "changelog.Debian", "honeycomb/changelog.Debian")
    assert log.title == "Changelog: honeycomb"
    assert [s.title for s in log.sections] == ["1.4-2 (unstable)", "1.4-1 (unstable)"]
    assert log.date == "2024-05-14"
    assert "* Fix a typo in the manual page (closes: #100001)" in log.sections[0].text
