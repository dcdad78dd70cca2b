"""The Library page end to end: real readers and parsers, real SQLite and bm25s, the
window's task runner; dialogs driven as a candidate would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from coach.profile import Level, Profile, Track
from ui.main_window import MainWindow
from ui.pages.library_page import LibraryPage

MakeWindow = Callable[..., MainWindow]
STAFF = Profile(Level.STAFF, Track.BACKEND)

CV = """# Ada Example

Principal-track engineer who builds fast, boring payment systems.

## Experience

**Staff Software Engineer — Northwind Payments, Berlin | Mar 2019 – Present**

- Cut p99 latency of the card authorisation service by 40% at 10K requests per second.
- Led the migration of 120 services to per-domain databases, saving $1.2M a year.

**Senior Software Engineer — Contoso Logistics | Jun 2015 – Feb 2019**

- Built the route-planning pipeline that schedules 250K parcels a day across 14 depots.
- Reduced cloud spend by 28% by right-sizing the batch fleet.

**Software Engineer — Fabrikam Media | Sep 2011 – May 2015**

- Shipped the video transcoding queue that processed 1.5M uploads a month.
- Introduced contract tests between 9 services, halving integration failures.

## Skills

* Go, Python, SQL
"""

POSTING = """Senior Platform Engineer
Acme Robotics

Requirements
- 8+ years building distributed systems in Go or Rust
- Experience running Kubernetes in production

Nice to have
- Kafka at scale
"""


def _page(window: MainWindow) -> LibraryPage:
    page = window.library_page
    assert isinstance(page, LibraryPage)
    return page


def _wait_idle(qtbot: QtBot, page: LibraryPage, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not page.handles, timeout=timeout)


def _write_cv(folder: Path) -> Path:
    path = folder / "ada-cv.md"
    path.write_text(CV, encoding="utf-8")
    return path


def _add_cv(qtbot: QtBot, page: LibraryPage, path: Path) -> None:
    page.add_files([path], kind="cv")
    _wait_idle(qtbot, page)


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow) -> MainWindow:
    built = make_window(STAFF)
    built.show()
    qtbot.waitExposed(built)
    return built


def test_empty_library_asks_for_the_cv_first(window: MainWindow) -> None:
    page = _page(window)
    assert window.current_page == "library"
    assert page.empty.isVisible() and not page.content.isVisible()
    texts = " ".join(label.text() for label in page.empty.findChildren(QLabel))
    assert "Add your CV first" in texts
    assert page.empty_cv_button.isVisible()
    assert not page.actions_row.isVisible()


def test_add_a_cv_see_its_roles_and_correct_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window)
    library = window.library
    cv = _write_cv(tmp_path)

    handles = page.add_files([cv], kind="cv")
    # While it runs, the list shows it being added and the status bar shows progress.
    assert page.content.isVisible() and not page.empty.isVisible()
    assert "Adding ada-cv.md…" in page.table.column_texts("Title")
    assert handles[0] in page.handles
    _wait_idle(qtbot, page)
    assert window.error_dialogs == []

    assert page.table.column_texts("Kind") == ["CV"]
    assert page.table.column_texts("Title") == ["Ada Example"]
    assert page.table.column_texts("Format") == ["Markdown"]
    assert int(page.table.column_texts("Passages")[0]) >= 6
    assert "Added CV Ada Example: 3 roles" in page.notice.text()

    # The parsed CV: three roles with their bullets.
    roles = page.roles.roles()
    # "Northwind Payments, Berlin": the city is the role's location, not its company.
    assert (roles[0].company, roles[0].location) == ("Northwind Payments", "Berlin")
    assert [r.company for r in roles] == [
        "Northwind Payments",
        "Contoso Logistics",
        "Fabrikam Media",
    ]
    assert all(len(r.bullets) == 2 for r in roles)
    assert page.roles.role_list.count() == 3
    first = page.roles.role_list.item(0).text()
    assert "Staff Software Engineer at Northwind Payments" in first and "present" in first
    assert "ended" in page.roles.role_list.item(1).text()
    assert "40%" in page.roles.bullets.toPlainText()

    # Correct the second role: a bad date is refused with a message, then it saves.
    page.roles.role_list.setCurrentRow(1)
    assert page.roles.title.text() == "Senior Software Engineer"
    page.roles.title.setText("Senior Backend Engineer")
    page.roles.end.setText("2019-13")
    assert not page.roles.save()
    assert page.roles.error.isVisible() and "month 13" in page.roles.error.text()
    page.roles.end.setText("2014-01")
    assert not page.roles.save()
    assert "before the start" in page.roles.error.text()
    page.roles.end.setText("2019-02")
    qtbot.mouseClick(page.roles.save_button, Qt.MouseButton.LeftButton)
    assert not page.roles.error.isVisible()
    stored = library.roles()[1]
    assert (stored.title, stored.edited, stored.end) == ("Senior Backend Engineer", True, (2019, 2))
    assert stored.bullets == roles[1].bullets
    assert "edited" in page.roles.role_list.item(1).text()
    assert page.roles.role_list.currentRow() == 1


def test_paste_a_posting_search_and_delete(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(window)
    library = window.library
    _add_cv(qtbot, page, _write_cv(tmp_path))

    # Paste a posting.
    dialog = page.paste_posting()
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText(POSTING)
    dialog.company.setText("Acme Robotics")
    dialog.ok_button.click()
    _wait_idle(qtbot, page)
    assert page.table.column_texts("Kind") == ["CV", "Posting"]
    assert page.table.column_texts("Company")[1] == "Acme Robotics"
    # Selecting the posting keeps the CV's roles in view.
    assert page.roles.role_list.count() == 3

    # Search: Ctrl+F focuses the box, Enter searches; the CV bullet comes with its source.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.box.hasFocus()
    qtbot.keyClicks(page.search.box, "latency")
    qtbot.keyClick(page.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.search.rows()), timeout=10000)
    _wait_idle(qtbot, page)
    rank, text, source, where = page.search.rows()[0]
    assert rank == "1" and "p99 latency" in text
    assert source == "Ada Example"
    assert "Experience" in where
    assert page.search.mode.isVisible()
    assert page.search.mode.text().startswith("Keyword search only")

    # Delete the posting (confirmed); it is gone from the list and the library.
    asked: list[str] = []

    def confirm(title: str, text: str, action: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(page, "confirm", confirm)
    page.table.selectRow(1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    _wait_idle(qtbot, page)
    assert asked and "Acme Robotics" not in asked[0]  # it names the document
    assert page.table.column_texts("Kind") == ["CV"]
    assert [d.kind for d in library.documents()] == ["cv"]
    assert "Deleted" in page.notice.text()

    # Declining keeps it.
    monkeypatch.setattr(page, "confirm", lambda *args: False)
    page.table.selectRow(0)
    page.delete_button.click()
    assert page.handles == [] and len(library.documents()) == 1


def test_adding_the_same_cv_again_says_it_is_already_there(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window)
    cv = _write_cv(tmp_path)
    _add_cv(qtbot, page, cv)
    _add_cv(qtbot, page, cv)
    assert page.notice.text() == "Ada Example is already in the library: nothing was added."
    assert page.table.rowCount() == 1
    assert window.error_dialogs == []


def test_an_unreadable_file_shows_the_error_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window)
    bogus = tmp_path / "notes.xyz"
    bogus.write_bytes(b"\x00\x01 not a document")
    page.add_files([bogus], kind="cv")
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=10000)
    _wait_idle(qtbot, page)
    dialog = window.error_dialogs[-1]
    assert "cannot read" in dialog.message.text()
    assert ".xyz" in dialog.message.text()
    assert page.empty.isVisible() and not page.content.isVisible()  # no half row left
    dialog.reject()


# A popup menu raises itself and grabs the keyboard, which the offscreen test platform
# cannot do: those two messages are about the platform, not the page.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_dropping_a_file_asks_what_it_is_and_adds_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window)
    cv = _write_cv(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(cv))])
    centre = QPointF(page.rect().center())
    # As a real drag does: it enters the page (which accepts files), then drops.
    enter = QDragEnterEvent(
        centre.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, drop)
    assert drop.isAccepted()
    menu = page.drop_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    labels = [action.text() for action in menu.actions()]
    assert labels[0] == "ada-cv.md"
    cv_action = next(a for a in menu.actions() if a.data() == "cv")
    cv_action.trigger()
    menu.close()
    _wait_idle(qtbot, page)
    assert page.table.column_texts("Kind") == ["CV"]
    assert page.roles.role_list.count() == 3


def test_an_encrypted_pdf_asks_for_its_password(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.coach.ingest.make_docs import encrypted_pdf, fpdf_pdf

    page = _page(window)
    source = fpdf_pdf(tmp_path / "cv.pdf", two_columns=False)
    locked = encrypted_pdf(tmp_path / "locked-cv.pdf", source, password="secret")
    page.add_files([locked], kind="cv")
    qtbot.waitUntil(lambda: page.password_prompt is not None, timeout=10000)
    prompt = page.password_prompt
    assert "encrypted" in prompt.labelText()
    assert window.error_dialogs == []
    prompt.setTextValue("wrong")
    prompt.accept()
    qtbot.waitUntil(lambda: page.password_prompt is not None, timeout=10000)
    prompt = page.password_prompt
    assert "did not open" in prompt.labelText()
    prompt.setTextValue("secret")
    prompt.accept()
    _wait_idle(qtbot, page)
    assert page.table.column_texts("Format") == ["PDF"]
    assert int(page.table.column_texts("Pages")[0]) >= 1
    assert page.roles.role_list.count() == 3


def test_search_uses_meaning_with_the_real_embedder(
    qtbot: QtBot, make_window: MakeWindow, embedding_model: Path, tmp_path: Path
) -> None:
    from models.embedder import Embedder

    window = make_window(STAFF, embedder=Embedder(embedding_model))
    window.show()
    page = _page(window)
    _add_cv(qtbot, page, _write_cv(tmp_path))
    assert window.error_dialogs == []
    page.search.box.setText("made requests faster")
    page.run_search()
    qtbot.waitUntil(lambda: bool(page.search.rows()), timeout=20000)
    _wait_idle(qtbot, page)
    assert page.search.mode.text().startswith("Keyword and meaning")
    texts = [row[1] for row in page.search.rows()]
    assert any("latency" in text for text in texts[:3])
