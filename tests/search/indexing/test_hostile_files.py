"""Bad files in a corpus: each is read as well as it can be, or skipped and reported.

Every test builds a real corpus folder and a real index, and checks what a user would
notice: the file found by a word of it, or listed as skipped with a reason they can
act on, and a good neighbour file indexed all the same.

Empty and whitespace-only files are indexed, as empty documents titled after the file
name (not skipped): a note someone has just created shows up in the library under the
name they gave it, and fills in on the next sync.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from search import Library
from tests import hostile
from tests.conftest import REPO, article, bump_mtime

NEIGHBOUR = "neighbour.txt"
NEIGHBOUR_WORD = "harbourmaster"


def corpus_with_neighbour(tmp_path: Path, name: str = "corpus") -> Path:
    corpus = tmp_path / name
    corpus.mkdir(parents=True)
    (corpus / NEIGHBOUR).write_text(f"A good neighbour file about the {NEIGHBOUR_WORD}.\n", encoding="utf-8")
    return corpus


def sync(corpus: Path, tmp_path: Path, index: str = "ix"):
    library = Library([corpus], index_dir=tmp_path / index)
    return library, library.sync()


def found(library: Library, query: str) -> list[str]:
    return [hit.doc_id for hit in library.search(query).hits]


def skipped(report) -> dict[str, str]:
    """File name -> reason, for every file the sync reported as skipped."""
    return {os.path.basename(item.path): item.reason for item in report.skipped}


def assert_neighbour_indexed(library: Library) -> None:
    assert found(library, NEIGHBOUR_WORD) == [NEIGHBOUR]


# -- not text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("noise.txt", hostile.random_bytes(), "binary file"),
        ("noise-without-nul.dat", hostile.random_bytes_without_nul(), "binary file"),
        ("picture.txt", hostile.png_image(), "binary file (PNG image)"),
        ("notes.txt.gz", hostile.gzip_file(), "binary file (gzip archive)"),
        ("dump.txt", hostile.text_with_nul("quokkaword"), "binary file"),
    ],
    ids=["random-bytes", "random-bytes-without-nul", "png", "gzip", "nul-bytes"],
)
def test_a_binary_file_is_skipped_with_its_reason_and_the_rest_is_indexed(tmp_path, name, content, reason):
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / name).write_bytes(content)
    library, report = sync(corpus, tmp_path)
    assert skipped(report) == {name: reason}
    assert report.added == 1
    assert_neighbour_indexed(library)
    assert name not in {item.doc_id for item in library.documents()}
    assert found(library, "quokkaword") == [] and found(library, "compressed") == []
    # the next sync says the same, and still indexes nothing from it
    again = library.sync()
    assert skipped(again) == {name: reason} and again.added == 0


def test_the_index_command_lists_skipped_files_with_their_reasons(tmp_path):
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / "picture.txt").write_bytes(hostile.png_image())
    (corpus / "dump.txt").write_bytes(hostile.text_with_nul("quokkaword"))
    script = shutil.which("readingroom", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [script, "index", str(corpus), "--index-dir", str(tmp_path / "ix")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout and "2 skipped" in result.stdout
    assert "skipped picture.txt: binary file (PNG image)" in result.stdout
    assert "skipped dump.txt: binary file" in result.stdout


# -- text in other encodings -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, query, text",
    [
        ("broken.txt", hostile.invalid_utf8("wombatword"), "wombatword", "Broken bytes ÿþ around wombatword"),
        ("latin1.txt", hostile.latin1("numbatword"), "brûlée", "Crème brûlée and naïve façades, numbatword."),
        ("latin1-folded.txt", hostile.latin1("numbatword"), "creme brulee facades", "Crème brûlée"),
        ("cp1252.txt", hostile.windows_1252("platypusword"), "smartquotes", "\u201csmartquotes\u201d"),
        ("cp1252-phrase.txt", hostile.windows_1252("platypusword"), '"quoted words here"', "The \u201cquoted\u201d words \u2018here\u2019 \u2014 platypusword costs 5\u20ac\u2026"),
        ("utf16-le.txt", hostile.utf16("Little endian text about the axolotlword.\n", "le"), "axolotlword", "Little endian text about the axolotlword."),
        ("utf16-be.txt", hostile.utf16("Big endian text about the capybaraword.\n", "be"), "capybaraword", "Big endian text about the capybaraword."),
    ],
    ids=["invalid-utf8", "latin1", "latin1-accents-folded", "cp1252-smart-quotes", "cp1252-phrase", "utf16-le-bom", "utf16-be-bom"],
)
def test_text_in_another_encoding_is_read_and_searchable(tmp_path, name, content, query, text):
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / name).write_bytes(content)
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == 2
    assert found(library, query) == [name]
    document = library.document(name)
    assert text in document.title + "\n" + document.text
    assert "\ufffd" not in document.text and "\x00" not in document.text
    assert_neighbour_indexed(library)


def test_a_sidecar_with_lone_surrogate_escapes_costs_nothing(tmp_path):
    """JSON may spell half a UTF-16 pair ("\\ud800"): no UTF-8 output can hold it."""
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / "halves.txt").write_text("A document about the pangolinword.\n", encoding="utf-8")
    (corpus / "halves.meta.json").write_text(
        '{"title": "Half \\ud800 pair \\udcff", "type": "T\\udfff", "authors": ["A \\ud83d"], "topics": ["x\\ud83d"]}',
        encoding="utf-8",
    )
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == 2
    assert found(library, "pangolinword") == ["halves.txt"]
    document = library.document("halves.txt")
    assert document.title == "Half \ufffd pair \ufffd"
    assert (document.type, document.authors, document.topics) == ("T\ufffd", ("A \ufffd",), ("x\ufffd",))
    assert_neighbour_indexed(library)
    script = shutil.which("readingroom", path=str(Path(sys.executable).parent))
    for args in (["search", "pangolinword"], ["search", "pangolinword", "--json"], ["show", "halves.txt"]):
        result = subprocess.run(
            [script, *args, "-c", str(corpus), "--index-dir", str(tmp_path / "ix")],
            capture_output=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "Half \ufffd pair".encode() in result.stdout or b"Half \\ufffd pair" in result.stdout


# -- line ends -------------------------------------------------------------------------

_ARTICLE = article(
    "The lead paragraph talks about the okapiword.",
    [
        ("Why does the heading split here?", "The first answer paragraph mentions tapirword.\n\nA second paragraph follows it."),
        ("What comes next?", "The last section names the dugongword."),
    ],
)
_MARKDOWN = (
    "# Notes on line ends\n\nThe lead paragraph talks about the okapiword.\n\n"
    "## Why does the heading split here?\n\nThe first answer paragraph mentions tapirword.\n\n"
    "A second paragraph follows it.\n\n## What comes next?\n\nThe last section names the dugongword.\n"
)
_PLAIN = "The lead paragraph talks about the okapiword.\n\nThe first answer paragraph mentions tapirword.\nIt runs on.\n\nThe last names the dugongword.\n"


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
@pytest.mark.parametrize(
    "suffix, source", [(".txt", _ARTICLE), (".md", _MARKDOWN), (".log", _PLAIN)], ids=["article", "markdown", "plain-text"]
)
def test_other_line_ends_split_sections_and_paragraphs_as_newlines_do(tmp_path, end, suffix, source):
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / f"unix{suffix}").write_bytes(source.encode("utf-8"))
    (corpus / f"other{suffix}").write_bytes(hostile.with_line_ends(source, end))
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == 3
    unix, other = library.document(f"unix{suffix}"), library.document(f"other{suffix}")
    assert other.title == unix.title
    assert other.sections == unix.sections and other.captions == unix.captions
    assert "\r" not in other.text and "\r" not in other.title
    assert len(other.sections) >= (3 if suffix != ".log" else 1)
    assert any("\n\n" in section.text for section in other.sections)  # paragraphs still apart
    hit = next(hit for hit in library.search("tapirword").hits if hit.doc_id == f"other{suffix}")
    unix_hit = next(hit for hit in library.search("tapirword").hits if hit.doc_id == f"unix{suffix}")
    assert hit.section == unix_hit.section
    if suffix != ".log":
        assert hit.section.title == "Why does the heading split here?"


# -- empty files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content", [("empty.txt", b""), ("blank.md", b"  \n\t\n\n   "), ("only newlines.log", b"\n\n\r\n")]
)
def test_an_empty_or_blank_file_is_an_empty_document_titled_after_its_name(tmp_path, name, content):
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / name).write_bytes(content)
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == 2
    document = library.document(name)
    assert document.title == Path(name).stem
    assert document.text.strip() == ""
    assert name in {item.doc_id for item in library.documents()}
    assert found(library, f"title:{Path(name).stem.split()[0]}") == [name]
    assert_neighbour_indexed(library)
    # writing into it later fills it in
    (corpus / name).write_text("Now it has words about the wallabyword.\n", encoding="utf-8")
    bump_mtime(corpus / name)
    assert library.sync().updated == 1
    assert found(library, "wallabyword") == [name]


# -- big files -------------------------------------------------------------------------

SYNC_SECONDS = 60
SYNC_PEAK_MB = 1536


def measured_sync(corpus: Path, index_dir: Path) -> dict:
    """A sync in a fresh process (``python -m tests.hostile sync``): time and peak memory."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile", "sync", str(corpus), str(index_dir)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.stress
@pytest.mark.parametrize(
    "kind, size",
    [("fifty-megabyte-file", 50 * 1024 * 1024), ("ten-megabyte-single-line", 10 * 1024 * 1024)],
)
def test_a_huge_file_is_indexed_in_bounded_time_and_memory(tmp_path, kind, size):
    corpus = corpus_with_neighbour(tmp_path)
    if kind == "fifty-megabyte-file":
        name = "huge.log"
        hostile.write_big_text(corpus / name, size, first="hugefirstword")
    else:
        name = "one-line.txt"
        hostile.write_single_line(corpus / name, size, first="hugefirstword")
    assert (corpus / name).stat().st_size >= size
    figures = measured_sync(corpus, tmp_path / "ix")
    print(
        f"\n{kind}: sync {figures['seconds']:.1f} s, peak {figures['peak_mb']:.0f} MB "
        f"(interpreter and imports: {figures['baseline_mb']:.0f} MB)"
    )
    assert figures["added"] == 2
    # indexed, and reported as cut off at the limit (search/indexing/prepare.py MAX_FILE_BYTES)
    assert [reason for _, reason in figures["skipped"]] == [
        f"indexed only its first 8 MB (the file has {size / (1024 * 1024):,.0f} MB)"
    ]
    assert figures["seconds"] < SYNC_SECONDS, figures
    # A sync reads at most the max_bytes search/indexing/prepare.py gives parse_file (or its
    # default, 64 MiB), and its memory grows about 45 times the bytes read: the
    # analysis holds every token of the file at once.
    assert figures["peak_mb"] < SYNC_PEAK_MB, figures
    library = Library([corpus], index_dir=tmp_path / "ix")
    assert found(library, "hugefirstword") == [name]
    assert_neighbour_indexed(library)
    start = time.perf_counter()
    assert library.sync().unchanged == 2
    assert time.perf_counter() - start < 10


# -- files that change under the sync --------------------------------------------------


def test_a_file_deleted_between_the_walk_and_its_reading_is_reported(tmp_path, monkeypatch):
    import search.indexing.prepare

    corpus = corpus_with_neighbour(tmp_path)
    doomed = corpus / "doomed.txt"
    doomed.write_text("A short-lived file about the lemmingword.\n", encoding="utf-8")
    real = search.indexing.prepare.parse_file

    def delete_first(path, doc_id, **kwargs):
        if Path(path).name == "doomed.txt":
            Path(path).unlink(missing_ok=True)
        return real(path, doc_id, **kwargs)

    monkeypatch.setattr(search.indexing.prepare, "parse_file", delete_first)
    library, report = sync(corpus, tmp_path)
    assert skipped(report) == {"doomed.txt": "file no longer exists"}
    assert_neighbour_indexed(library)
    assert found(library, "lemmingword") == []
    assert library.sync() == type(report)(unchanged=1)  # gone: nothing more to say about it


def test_an_indexed_file_deleted_while_a_sync_reads_it_leaves_the_index(tmp_path, monkeypatch):
    import search.indexing.prepare

    corpus = corpus_with_neighbour(tmp_path)
    doomed = corpus / "doomed.txt"
    doomed.write_text("A file about the lemmingword.\n", encoding="utf-8")
    library, _ = sync(corpus, tmp_path)
    assert found(library, "lemmingword") == ["doomed.txt"]
    doomed.write_text("A changed file about the lemmingword and more.\n", encoding="utf-8")
    bump_mtime(doomed)
    real = search.indexing.prepare.parse_file

    def delete_first(path, doc_id, **kwargs):
        Path(path).unlink(missing_ok=True)
        return real(path, doc_id, **kwargs)

    monkeypatch.setattr(search.indexing.prepare, "parse_file", delete_first)
    report = library.sync()
    assert skipped(report) == {"doomed.txt": "file no longer exists"}
    assert found(library, "lemmingword") == []
    assert "doomed.txt" not in {item.doc_id for item in library.documents()}
    assert_neighbour_indexed(library)


@pytest.mark.parametrize("when", ["before-it-is-read", "after-it-is-read"])
def test_a_file_changed_between_the_walk_and_its_reading_is_current_after_the_next_sync(tmp_path, monkeypatch, when):
    import search.indexing.prepare

    corpus = corpus_with_neighbour(tmp_path)
    moving = corpus / "moving.txt"
    moving.write_text("The first version is about the oldword.\n", encoding="utf-8")
    real = search.indexing.prepare.parse_file

    def rewrite(path):
        Path(path).write_text("The second, longer version is about the newword instead.\n", encoding="utf-8")

    def change_around_the_read(path, doc_id, **kwargs):
        if Path(path).name != "moving.txt":
            return real(path, doc_id, **kwargs)
        if when == "before-it-is-read":
            rewrite(path)
            return real(path, doc_id, **kwargs)
        document = real(path, doc_id, **kwargs)
        rewrite(path)
        return document

    monkeypatch.setattr(search.indexing.prepare, "parse_file", change_around_the_read)
    library, report = sync(corpus, tmp_path)
    assert report.added == 2 and report.skipped == ()
    monkeypatch.setattr(search.indexing.prepare, "parse_file", real)
    library.sync()
    assert found(library, "newword") == ["moving.txt"]
    assert found(library, "oldword") == []
    assert library.sync().unchanged == 2
    assert_neighbour_indexed(library)


# -- a file nobody may read --------------------------------------------------------------

NOBODY = 65534


def _sync_in_child_as_nobody(corpus: Path, index_dir: Path) -> dict:
    """Sync in a forked child that has dropped root's privileges; its findings, pickled.

    A fork rather than a new interpreter: the child needs nothing from disk that the
    parent has not loaded (the interpreter's own files may sit where "nobody" cannot
    read, as under /root), and it reads the corpus with nobody's rights.
    """
    # Everything the sync and the searches import, loaded before the fork.
    warm = index_dir.parent / "warm"
    (warm / "corpus").mkdir(parents=True)
    (warm / "corpus" / "a.txt").write_text("warm up words\n", encoding="utf-8")
    warm_library = Library([warm / "corpus"], index_dir=warm / "ix")
    warm_library.sync()
    found(warm_library, "warm")
    warm_library.document("a.txt")
    warm_library.close()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            library = Library([corpus], index_dir=index_dir)
            report = library.sync()
            result = {
                "uid": os.geteuid(),
                "skipped": skipped(report),
                "added": report.added,
                "neighbour": found(library, NEIGHBOUR_WORD),
                "secret": found(library, "secretword"),
                "again": skipped(library.sync()),
            }
            library.close()
            code = 0
        except BaseException as error:  # noqa: BLE001 - the parent reports it
            result = {"error": repr(error)}
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(result, pipe)
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    result = pickle.loads(data) if data else {"error": f"child died with status {status}"}
    assert "error" not in result, result
    return result


def test_a_file_without_read_permission_is_reported_and_the_rest_is_indexed(tmp_path):
    if os.geteuid() == 0:
        # Root reads everything: the sync runs as "nobody", in a folder nobody can reach
        # (pytest's own temporary folders are private to root).
        base = Path(tempfile.mkdtemp(prefix="readingroom-permissions-"))
        try:
            os.chmod(base, 0o755)
            corpus = corpus_with_neighbour(base)
            locked = corpus / "locked.txt"
            locked.write_text("Private words about the secretword.\n", encoding="utf-8")
            locked.chmod(0)
            index_dir = base / "ix"
            index_dir.mkdir(mode=0o777)
            os.chmod(index_dir, 0o777)
            result = _sync_in_child_as_nobody(corpus, index_dir)
        finally:
            shutil.rmtree(base, ignore_errors=True)
        assert result["uid"] == NOBODY
    else:
        corpus = corpus_with_neighbour(tmp_path)
        locked = corpus / "locked.txt"
        locked.write_text("Private words about the secretword.\n", encoding="utf-8")
        locked.chmod(0)
        try:
            library, report = sync(corpus, tmp_path)
            result = {
                "skipped": skipped(report),
                "added": report.added,
                "neighbour": found(library, NEIGHBOUR_WORD),
                "secret": found(library, "secretword"),
                "again": skipped(library.sync()),
            }
        finally:
            locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result["skipped"] == {"locked.txt": "cannot read: Permission denied"}
    assert result["added"] == 1
    assert result["neighbour"] == [NEIGHBOUR]
    assert result["secret"] == []
    assert result["again"] == {"locked.txt": "cannot read: Permission denied"}


# -- symbolic links --------------------------------------------------------------------


def _sync_with_deadline(corpus: Path, tmp_path: Path, seconds: float = 60):
    """A sync that must end: a link loop followed forever fails the test, not the run."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = sync(corpus, tmp_path)
        except BaseException as error:  # noqa: BLE001 - reported below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"the sync did not finish within {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_symbolic_links_follow_the_documented_policy(tmp_path):
    """corpus.py: file links inside the corpus are followed; links out of it and links
    to folders (loops included) are not, and are reported."""
    corpus = corpus_with_neighbour(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inside.txt").write_text("A file inside the corpus about the ibexword.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Words outside the corpus: meerkatword.\n", encoding="utf-8")
    (outside / "deeper").mkdir()
    (outside / "deeper" / "more.txt").write_text("More outside words: jackalword.\n", encoding="utf-8")
    os.symlink("..", corpus / "sub" / "loop")  # a folder link to its parent
    os.symlink(corpus, corpus / "sub" / "root-again")
    os.symlink(outside / "secret.txt", corpus / "outside-file.txt")
    os.symlink(outside, corpus / "outside-folder")
    os.symlink("sub/inside.txt", corpus / "inside-link.txt")
    os.symlink("missing.txt", corpus / "dangling.txt")
    library, report = _sync_with_deadline(corpus, tmp_path)
    assert skipped(report) == {
        "loop": "link to a folder: not followed",
        "root-again": "link to a folder: not followed",
        "outside-folder": "link to a folder: not followed",
        "outside-file.txt": "link points outside the corpus",
        "dangling.txt": "cannot read: No such file or directory",
    }
    assert sorted(found(library, "ibexword")) == ["inside-link.txt", "sub/inside.txt"]
    assert found(library, "meerkatword") == [] and found(library, "jackalword") == []
    assert_neighbour_indexed(library)
    assert {item.doc_id for item in library.documents()} == {NEIGHBOUR, "inside-link.txt", "sub/inside.txt"}
    again = library.sync()
    assert again.unchanged == 3 and len(again.skipped) == 5


# -- many files ------------------------------------------------------------------------


@pytest.mark.stress
def test_twenty_thousand_small_files_in_one_folder_are_all_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    hostile.write_many_files(corpus, 20_000)
    start = time.perf_counter()
    library, report = sync(corpus, tmp_path)
    seconds = time.perf_counter() - start
    print(f"\n20,000 files: sync {seconds:.1f} s")
    assert report.added == 20_000 and report.skipped == ()
    assert len(library.documents(kind="full")) == 20_000
    for number in (0, 12_345, 19_999):
        assert found(library, f"noteword{number}") == [f"note{number:05d}.txt"]
    assert library.search("harbour").total == 20_000
    start = time.perf_counter()
    assert library.sync().unchanged == 20_000
    print(f"20,000 files unchanged: sync {time.perf_counter() - start:.1f} s")
    assert seconds < 180


# -- file names ------------------------------------------------------------------------


def test_odd_file_names_are_indexed_printable_and_lead_back_to_their_files(tmp_path):
    corpus = corpus_with_neighbour(tmp_path)
    written = {}
    for number, (label, name) in enumerate(hostile.ODD_NAMES.items()):
        content = f"The file named {label} is about the oddword{number}.\n".encode()
        written[label] = (hostile.write_named(corpus, name, content), content, number)
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == len(written) + 1
    for label, (path, content, number) in written.items():
        hits = library.search(f"oddword{number}").hits
        assert len(hits) == 1, label
        doc_id = hits[0].doc_id
        doc_id.encode("utf-8")  # no surrogates: printable, storable, sendable as JSON
        library.document(doc_id).path.encode("utf-8")
        real = library.file_path(doc_id)
        assert os.fsencode(real) == path, label
        with open(real, "rb") as handle:
            assert handle.read() == content
    assert "first line\nsecond line.txt" in {item.doc_id for item in library.documents()}
    assert library.sync() == type(report)(unchanged=len(written) + 1)
    # a fresh Library on the same index agrees
    assert Library([corpus], index_dir=tmp_path / "ix").sync().unchanged == len(written) + 1


def test_two_names_that_read_the_same_once_escaped_are_both_accounted_for(tmp_path):
    """``caf\\xe9.txt`` spelled out, and caf + byte E9 + .txt: both read "caf\\xe9.txt".

    One of them is the document; the other is reported, not silently dropped.
    """
    corpus = corpus_with_neighbour(tmp_path)
    spelled = hostile.write_named(corpus, b"caf\\xe9.txt", b"Spelled out, about the stoatword.\n")
    hostile.write_named(corpus, b"caf\xe9.txt", b"Raw byte, about the weaselword.\n")
    library, report = sync(corpus, tmp_path)
    assert {item.doc_id for item in library.documents()} == {NEIGHBOUR, "caf\\xe9.txt"}
    assert found(library, "stoatword") == ["caf\\xe9.txt"]
    assert os.fsencode(library.file_path("caf\\xe9.txt")) == spelled
    [clash] = report.skipped
    assert os.path.basename(clash.path) == "caf\\xe9.txt" and clash.path.encode("utf-8")
    assert "rename one of them" in clash.reason
    assert found(library, "weaselword") == []
    assert library.sync().skipped == report.skipped  # said again each time, until renamed


def test_empty_files_with_names_that_are_not_utf8_are_indexed_titled_after_their_names(tmp_path):
    """An empty file takes its title from its name; a name that is not UTF-8 is still
    a title, its undecodable bytes written as \\xNN (it was skipped with UnicodeEncodeError)."""
    corpus = corpus_with_neighbour(tmp_path)
    empty = hostile.write_named(corpus, b"caf\xe9 \xff.txt", b"")
    blank = hostile.write_named(corpus, b"notes-\xc3(.md", b"  \n\n")
    library, report = sync(corpus, tmp_path)
    assert report.skipped == () and report.added == 3
    titles = {item.doc_id: item.title for item in library.documents()}
    assert titles["caf\\xe9 \\xff.txt"] == "caf\\xe9 \\xff"
    assert titles["notes-\\xc3(.md"] == "notes-\\xc3("
    for doc_id, path in (("caf\\xe9 \\xff.txt", empty), ("notes-\\xc3(.md", blank)):
        document = library.document(doc_id)
        document.title.encode("utf-8")  # storable, printable, sendable as JSON
        assert os.fsencode(library.file_path(doc_id)) == path
    assert library.sync().unchanged == 3
    # a fresh Library on the same index agrees
    assert Library([corpus], index_dir=tmp_path / "ix").sync().unchanged == 3
