"""A sealed value altered on disk by one bit: said in one sentence, the rest still works.

A data folder is filled through the CLI (a CV with two roles, a posting, a profile with a
display name), copied, and in each copy one sealed value gets one bit flipped with plain
SQLite, as an attacker or a failing disk would: a document's title, a document's text, a
passage, the display name, and (a different failure) a value's format byte. Then the
commands a candidate runs (`docs`, `search`, `roles`, `resume`, `prep`, `doctor`) and
the window must each name what is damaged, give a way out, never print a traceback, and
keep the rest of the library usable: the other document lists and is found by search.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.coach.library.samples import POSTING_TEXT
from tests.e2e.test_cli import run

CV = """Ada Example
Experience
Staff Engineer, Acme, 2019 - Present
- Cut cloud spend by 31% across four product teams
- Led the incident review programme adopted by 12 teams
Senior Engineer, Globex, 2014 - 2019
- Built the deployment pipeline used by every team
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    home = base / "home"
    (base / "cv.txt").write_text(CV)
    (base / "posting.md").write_text(POSTING_TEXT)
    for args in (
        ("ingest", str(base / "cv.txt"), "--kind", "cv"),
        ("ingest", str(base / "posting.md"), "--kind", "posting"),
        ("profile", "--level", "Staff", "--track", "SRE", "--name", "Ada Example"),
    ):
        done = run(*args, home=home)
        assert done.returncode == 0, done.stderr
    return home


def _ids(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "loopcoach.sqlite3") as conn:
        return {kind: i for i, kind in conn.execute("SELECT id, kind FROM documents")}


def _flip(home: Path, query: str, column: str, table: str, byte: Callable[[int], int]) -> None:
    """Flip one bit of the value `query` selects (rowid, value), at the byte `byte(len)`."""
    with sqlite3.connect(home / "loopcoach.sqlite3") as conn:
        rowid, value = conn.execute(query).fetchone()
        altered = bytearray(value)
        altered[byte(len(altered))] ^= 0x04
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (bytes(altered), rowid))


def _copy(pristine: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(pristine, home)
    return home


def _clean(done: object) -> None:
    stderr = getattr(done, "stderr", "")
    assert "Traceback" not in stderr and "InvalidTag" not in stderr, stderr
    assert "cryptography" not in stderr, stderr


def test_a_damaged_title_hides_that_document_only(pristine: Path, tmp_path: Path) -> None:
    home = _copy(pristine, tmp_path)
    ids = _ids(home)
    posting = ids["posting"]
    _flip(home, f"SELECT rowid, title FROM documents WHERE id = {posting}", "title", "documents",
          lambda n: n // 2)  # fmt: skip
    said = f"Document #{posting} (a posting, added"
    docs = run("docs", home=home)
    _clean(docs)
    assert docs.returncode == 0
    assert said in docs.stderr and "its title no longer opens" in docs.stderr
    assert f"loopcoach forget {posting}" in docs.stderr and "backup import" in docs.stderr
    assert "Ada Example" in docs.stdout and f"#{posting} " not in docs.stdout

    found = run("search", "incident review programme", home=home)
    _clean(found)
    assert found.returncode == 0 and "incident review programme" in found.stdout
    prep = run("prep", str(posting), home=home)
    _clean(prep)
    assert prep.returncode == 2 and said in prep.stderr
    for command in (("resume",), ("roles",)):
        shown = run(*command, home=home)
        _clean(shown)
        assert shown.returncode == 0 and "Cut cloud spend by 31%" in shown.stdout
    doctor = run("doctor", home=home)
    _clean(doctor)
    assert f"Damaged      {said}" in doctor.stdout

    # The way out: delete it, then the folder is whole again and the posting can be re-added.
    forgot = run("forget", str(posting), home=home)
    _clean(forgot)
    assert forgot.returncode == 0, forgot.stderr
    after = run("docs", home=home)
    assert after.returncode == 0 and after.stderr.strip() == ""


def test_a_damaged_cv_text_or_passage_keeps_the_posting_usable(
    pristine: Path, tmp_path: Path
) -> None:
    for column, query in (
        ("raw_text", "SELECT rowid, raw_text FROM documents WHERE kind = 'cv'"),
        ("text", "SELECT c.rowid, c.text FROM chunks c JOIN documents d ON d.id = c.document_id"
                 " WHERE d.kind = 'cv' ORDER BY c.id LIMIT 1 OFFSET 1"),
    ):  # fmt: skip
        home = _copy(pristine, tmp_path / column)
        cv = _ids(home)["cv"]
        table = "documents" if column == "raw_text" else "chunks"
        _flip(home, query, column, table, lambda n: n - 3)  # in the tag
        part = "its text" if column == "raw_text" else "a passage"
        said = f"Document #{cv} “Ada Example” (a cv) is damaged: {part} no longer opens"
        docs = run("docs", home=home)
        _clean(docs)
        assert docs.returncode == 0 and said in docs.stderr, docs.stderr
        assert "Staff Site Reliability Engineer" in docs.stdout
        found = run("search", "payments platform", home=home)
        _clean(found)
        assert found.returncode == 0 and "payments platform" in found.stdout
        assert "Cut cloud spend" not in found.stdout
        prep = run("prep", str(_ids(home)["posting"]), home=home)
        _clean(prep)
        assert prep.returncode == 0 and said in prep.stderr
        resume = run("resume", home=home)
        _clean(resume)
        assert resume.returncode == 2 and "No CV in the library" in resume.stderr
        assert said in resume.stderr
        doctor = run("doctor", "--json", home=home)
        _clean(doctor)
        assert any(said in line for line in json.loads(doctor.stdout)["damaged"])


def test_a_damaged_display_name_reads_as_unset(pristine: Path, tmp_path: Path) -> None:
    home = _copy(pristine, tmp_path)
    _flip(home, "SELECT rowid, display_name FROM profile", "display_name", "profile",
          lambda n: 5)  # in the nonce  # fmt: skip
    said = "Your display name is damaged: it no longer opens with this folder's key."
    for command in (("profile",), ("docs",), ("resume",), ("prep", str(_ids(home)["posting"]))):
        shown = run(*command, home=home)
        _clean(shown)
        assert shown.returncode == 0, (command, shown.stderr)
        assert said in shown.stderr and "loopcoach profile --name" in shown.stderr
    doctor = run("doctor", home=home)
    assert said in doctor.stdout and "profile      staff / sre" in doctor.stdout.lower()
    mended = run("profile", "--name", "Ada Example", home=home)
    assert mended.returncode == 0 and said in mended.stderr
    again = run("profile", home=home)
    assert again.stderr.strip() == "" and "Ada Example" in again.stdout


def test_a_flipped_format_byte_is_damage_too(pristine: Path, tmp_path: Path) -> None:
    home = _copy(pristine, tmp_path)
    cv = _ids(home)["cv"]
    _flip(home, f"SELECT rowid, title FROM documents WHERE id = {cv}", "title", "documents",
          lambda n: 0)  # fmt: skip
    docs = run("docs", home=home)
    _clean(docs)
    assert docs.returncode == 0 and f"Document #{cv} (a cv, added" in docs.stderr


def test_a_value_outside_the_library_is_named_where_it_is_read(
    services: object, home: Path
) -> None:
    """An answer is not part of a document: reading it gives a sentence naming it."""
    from coach.library.service import Library
    from coach.profile import Level
    from coach.storage.codec import CorruptValueError

    library = Library(services.db)  # type: ignore[attr-defined]
    library.ingest_text(CV, "cv")
    refresh = services.refresh()  # type: ignore[attr-defined]
    role = library.roles()[0]
    view = refresh.next_question(refresh.start(role.id, Level.STAFF).id, None, _ctx())
    refresh.answer(view.id, "I led the review of 40 incidents and cut pages by half.")
    services.close()  # type: ignore[attr-defined]
    _flip(home, "SELECT rowid, answer FROM refresh_turns WHERE answer IS NOT NULL", "answer",
          "refresh_turns", lambda n: n // 2)  # fmt: skip
    from app.services import build_services

    told: list[str] = []
    reopened = build_services(home, tell_damage=told.extend)
    try:
        assert told == [
            "A question or answer of a résumé refresh session is damaged: it no longer opens "
            "with this folder's key. Everything else opens as usual; to recover it, restore "
            "the folder from a backup archive (loopcoach backup import FILE --home NEW_FOLDER)."
        ]
        assert [d.title for d in Library(reopened.db).documents()] == ["Ada Example"]
        with pytest.raises(CorruptValueError, match="A question or answer of a résumé refresh"):
            reopened.refresh().view(view.id)
    finally:
        reopened.close()


def _ctx() -> object:
    from coach.tasks import TaskContext

    return TaskContext()


WINDOW = """
import json, sys
from ui.main_window import MainWindow
shown = []
MainWindow.show_error = lambda self, report: shown.append(report.message)
from app.gui import run_gui
code = run_gui(home=sys.argv[1], quit_after_show=True)
print(json.dumps({"code": code, "shown": shown}))
"""


def test_the_window_says_what_is_damaged(pristine: Path, tmp_path: Path) -> None:
    """In a child process: the window is started, and paints, as the app starts it."""
    import os
    import subprocess
    import sys

    from tests.e2e.test_cli import PASSPHRASE_ENV

    home = _copy(pristine, tmp_path)
    posting = _ids(home)["posting"]
    _flip(home, f"SELECT rowid, title FROM documents WHERE id = {posting}", "title",
          "documents", lambda n: n // 2)  # fmt: skip
    env = {**os.environ, **PASSPHRASE_ENV, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", WINDOW, str(home)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    _clean(done)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and len(result["shown"]) == 1
    message = result["shown"][0]
    assert f"Document #{posting} (a posting, added" in message
    assert "its title no longer opens" in message
