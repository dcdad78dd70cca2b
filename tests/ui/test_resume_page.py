"""The Résumé page end to end: the real refresh service on real SQLite, the window's task
runner, and a scripted stand-in model where the words do not matter (plus one run on the
real llama.cpp engine). Driven as a candidate would: keys, buttons, the confirm dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from coach.profile import Level, Profile, Track
from coach.refresh.model_draft import DraftAnswerError
from coach.refresh.records import DraftStatus, RecencyChoice
from coach.refresh.service import RefreshService
from coach.tasks import TaskContext
from tests.ui.scripted_model import ScriptedChatModel
from ui.main_window import MainWindow
from ui.pages.resume_page import NO_MODEL_MODE, ResumePage

MakeWindow = Callable[..., MainWindow]
STAFF = Profile(Level.STAFF, Track.BACKEND)

CV = """# Ada Example

Principal-track engineer who builds fast, boring payment systems.

## Experience

**Staff Software Engineer — Northwind Payments, Berlin | Mar 2019 – Present**

- Responsible for the card authorisation service.
- Led the migration of 120 services to per-domain databases, saving $1.2M a year.

**Senior Software Engineer — Contoso Logistics | Jun 2015 – Feb 2019**

- Built the route-planning pipeline that schedules 250K parcels a day across 14 depots.
- Reduced cloud spend by 28% by right-sizing the batch fleet.

**Software Engineer — Fabrikam Media | Sep 2011 – May 2015**

- Shipped the video transcoding queue that processed 1.5M uploads a month.

**Junior Developer — Initech | Jan 2005 – Dec 2010**

- Maintained the billing reports.

## Skills

* Go, Python, SQL
"""

QUESTION_1 = "How many requests per second did the authorisation service handle?"
# On the gap the checks choose after ANSWER_1 (scope at Staff): an off-gap question is
# not kept (coach.refresh.question_checks).
QUESTION_2 = "How many teams did the latency work touch, and what did you personally decide?"
QUESTION_3 = "Who else had to change their plans for this?"
ANSWER_1 = (
    "It handled 10K requests per second. I cut its p99 latency from 800 ms to 480 ms "
    "over two quarters."
)
ANSWER_2 = "I decided to move the fraud checks off the hot path, against the plan."
ANSWER_3 = "The risk team worried that slower fraud checks would let bad payments through."

SUPPORTED = "Cut p99 latency of the card authorisation service from 800 ms to 480 ms"
SCOPE_LINE = "Handled 10K requests per second on the card authorisation service"
UNSUPPORTED = "Led 25 engineers across 6 teams to cut checkout errors by 70%"
# The refresh pipeline's steps, scripted: the sentence picked for each part (ANSWER_1 is
# sentences 1 and 2, ANSWER_2 is 3, ANSWER_3 is 4), then the outcome and scope bullets.
PICK = {"result": 2, "decision": 3, "scope": 1, "obstacle": 4}


# ---- helpers -------------------------------------------------------------------------------


def _page(window: MainWindow) -> ResumePage:
    page = window.resume_page
    assert isinstance(page, ResumePage)
    return page


def _service(window: MainWindow) -> RefreshService:
    return window.services.refresh()  # type: ignore[attr-defined]


def _idle(qtbot: QtBot, page: ResumePage, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not page.handles, timeout=timeout)


def _add_cv(window: MainWindow) -> None:
    window.library.ingest_text(CV, "cv", ctx=TaskContext())
    window.library_page.changed.emit()  # as the Library page does after adding


def _open(qtbot: QtBot, window: MainWindow) -> ResumePage:
    window.show()
    qtbot.waitExposed(window)
    window.show_page("resume")
    return _page(window)


def _wait_question(qtbot: QtBot, page: ResumePage, timeout: int = 20000) -> None:
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.pending is not None and not page.busy,
        timeout=timeout,
    )


def _start_first_role(qtbot: QtBot, page: ResumePage) -> None:
    page.roles.setCurrentRow(0)
    assert page.conversation.start_area.isVisible()
    qtbot.mouseClick(page.conversation.start_button, Qt.MouseButton.LeftButton)


def _card(page: ResumePage, text: str) -> Any:
    return next(card for card in page.drafts.cards if text in card.text())


def _status(window: MainWindow, draft_id: int) -> Any:
    page = _page(window)
    assert page.view is not None
    view = _service(window).view(page.view.id)
    return next(draft for draft in view.drafts if draft.id == draft_id)


@pytest.fixture
def model() -> ScriptedChatModel:
    return ScriptedChatModel(
        questions=[QUESTION_1, QUESTION_2, QUESTION_3, QUESTION_3],
        picks=[PICK],
        lines=[SUPPORTED, SCOPE_LINE],
    )


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, model: ScriptedChatModel) -> MainWindow:
    built = make_window(STAFF, chat_model=model)
    _add_cv(built)
    return built


# ---- tests ---------------------------------------------------------------------------------


def test_without_a_cv_the_page_sends_the_candidate_to_the_library(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(STAFF)
    page = _open(qtbot, window)
    assert page.empty.isVisible() and not page.splitter.isVisible()
    assert not page.export_button.isEnabled()
    qtbot.mouseClick(page.library_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "library"

    # Adding the CV on the Library page fills the role list.
    library = window.library_page
    library.add_text(CV, kind="cv")
    qtbot.waitUntil(lambda: not library.handles, timeout=20000)
    window.show_page("resume")
    assert page.splitter.isVisible() and not page.empty.isVisible()
    assert page.roles.count() == 4


def test_roles_newest_first_with_status_and_recency_choice(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _open(qtbot, window)
    rows = page.roles.rows()
    assert [row.role.company for row in rows] == [
        "Northwind Payments",  # its city, Berlin, is the role's location
        "Contoso Logistics",
        "Fabrikam Media",
        "Initech",
    ]
    first = page.roles.entry(rows[0].role.id)
    assert first.heading.text() == "Staff Software Engineer — Northwind Payments"
    assert first.dates.text() == "Mar 2019 – present"
    assert first.status.text() == "Not started"
    assert first.recency_choice is None  # recent: nothing to decide

    old = page.roles.entry(rows[3].role.id)
    assert old.recency_note is not None and old.recency_choice is not None
    assert old.recency_note.text().startswith("Ended 15 years ago: proposed for Earlier experience")
    assert old.recency_choice.currentText() == "Earlier experience"

    # Choose "Drop": saved, and still shown after the list is read again.
    old.recency_choice.setCurrentIndex(old.recency_choice.findText("Drop"))
    old.recency_choice.activated.emit(old.recency_choice.currentIndex())
    document_id = rows[3].role.document_id
    recencies = _service(window).recencies(document_id, window.settings.recency_years)
    assert recencies[rows[3].role.id].chosen == RecencyChoice.DROP
    again = page.roles.entry(rows[3].role.id)
    assert again.recency_choice is not None
    assert again.recency_choice.currentText() == "Drop"
    assert "you chose" in again.recency_note.text()  # type: ignore[union-attr]


def test_questions_stream_and_each_answer_is_committed_first(
    qtbot: QtBot, window: MainWindow, model: ScriptedChatModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, window)
    assert page.mode.text() == "Questions from Scripted Model 1B"
    model.gate = threading.Event()  # hold the first question after its first words

    _start_first_role(qtbot, page)
    first_words = " ".join(QUESTION_1.split()[: model.hold_after])
    qtbot.waitUntil(lambda: page.conversation.pending_text() == first_words, timeout=10000)
    assert page.busy  # still streaming
    page.refresh()  # e.g. the Library changed: what was streamed so far stays in view
    assert page.conversation.pending_text() == first_words
    assert not page.conversation.answer_box.isEnabled()
    model.gate.set()
    _wait_question(qtbot, page)
    assert page.conversation.texts()[-1] == QUESTION_1
    assert page.conversation.pending is not None
    assert page.conversation.pending.tag.text() == "from the model"
    assert "Still missing for Staff" in page.conversation.gaps.text()
    assert window.error_dialogs == []

    # Ctrl+Enter sends; the answer is on disk before the next question is asked.
    box = page.conversation.answer_box
    assert box.hasFocus() or box.isEnabled()
    box.setPlainText(ANSWER_1)
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.view is not None
    session_id = page.view.id
    stored = _service(window).view(session_id).turns
    assert stored[0].answer == ANSWER_1
    assert box.toPlainText() == ""
    _wait_question(qtbot, page)
    assert ANSWER_1 in model.stream_calls()[-1].text  # the model saw the committed answer
    assert page.conversation.texts()[:3] == [QUESTION_1, ANSWER_1, QUESTION_2]
    assert page.roles.entry(page.view.role.id).status.text() == "1 answer"

    # Dictation and typing share one path; then skip one.
    box.insert_dictation(ANSWER_2)
    assert box.toPlainText() == ANSWER_2
    qtbot.mouseClick(page.conversation.send_button, Qt.MouseButton.LeftButton)
    _wait_question(qtbot, page)
    qtbot.mouseClick(page.conversation.skip_button, Qt.MouseButton.LeftButton)
    assert _service(window).view(session_id).turns[2].skipped
    _wait_question(qtbot, page)
    assert "Skipped" in page.conversation.texts()

    # Enough questions: the asking ends and the drafts are written.
    qtbot.mouseClick(page.conversation.enough_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, page)
    assert window.error_dialogs == []
    assert not page.conversation.answer_area.isVisible()
    assert len(page.drafts.cards) == 2  # outcome and scope bullets; no obstacle, no story
    assert any("<<<OUTCOME" in call.messages[-1].content for call in model.stream_calls())


def _reviewing(qtbot: QtBot, page: ResumePage) -> None:
    """Start the first role, answer three questions and draft."""
    _start_first_role(qtbot, page)
    for answer in (ANSWER_1, ANSWER_2, ANSWER_3):
        _wait_question(qtbot, page)
        assert page.submit_answer(answer)
    _wait_question(qtbot, page)
    page.end_questions()
    _idle(qtbot, page)


def _edit(qtbot: QtBot, card: Any, text: str) -> None:
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert card.editor is not None
    qtbot.waitUntil(card.editor.isVisible, timeout=2000)  # new widgets show on the next loop
    card.set_edited_text(text)
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)


def test_drafts_are_a_line_diff_decided_line_by_line(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, window)
    _reviewing(qtbot, page)
    assert window.error_dialogs == []
    assert page.view is not None
    assert len(page.drafts.cards) == 3
    supported = _card(page, SUPPORTED)
    assert supported.removed is not None
    assert supported.removed.text() == "Responsible for the card authorisation service."
    assert supported.chip.text() == "To review"
    assert supported.lens.isVisible() and supported.lens.text().startswith("Level lens:")
    backed = [claim for claim in supported.lines[0].claims() if claim.supported]
    assert any(claim.tooltip.startswith("Found in answer 1: “") for claim in backed)
    story = next(card for card in page.drafts.cards if card.draft.kind == "story")
    assert "Situation" in [text.accessibleName() for text in story.lines]
    assert page.roles.entry(page.view.role.id).status.text() == "3 drafts to review"

    # Accept a supported line.
    qtbot.mouseClick(supported.accept_button, Qt.MouseButton.LeftButton)
    assert _status(window, supported.draft.id).status == DraftStatus.ACCEPTED
    assert _card(page, SUPPORTED).chip.text() == "Accepted"

    # A line edited to claims not in their words asks first; "no" keeps it as it was.
    asked: list[str] = []

    def refuse(title: str, text: str, action: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(page, "confirm", refuse)
    scope = _card(page, SCOPE_LINE)
    draft_id = scope.draft.id
    _edit(qtbot, scope, UNSUPPORTED)
    assert asked and "not in your own words" in asked[0] and "Are they true?" in asked[0]
    assert "25 engineers" in asked[0] or "70%" in asked[0]
    assert _status(window, draft_id).status == DraftStatus.PENDING
    monkeypatch.setattr(page, "confirm", lambda *args: True)
    _edit(qtbot, page.drafts.card(draft_id), UNSUPPORTED)
    decided = _status(window, draft_id)
    assert (decided.status, decided.confirmed) == (DraftStatus.EDITED, True)
    unsupported = page.drafts.card(draft_id)
    flagged = [claim for claim in unsupported.lines[0].claims() if not claim.supported]
    assert {"25 engineers", "70%"} <= {claim.text for claim in flagged}
    assert all(claim.tooltip.startswith("Not in your own words") for claim in flagged)
    # Hovering a claim finds it (its tooltip); plain text finds nothing.
    line = unsupported.lines[0]
    cursor = QTextCursor(line.document())
    cursor.setPosition(flagged[0].start + 1)
    assert line.claim_at(QPointF(line.cursorRect(cursor).center())) == flagged[0]
    assert "You confirmed" in unsupported.warning.text()
    assert window.error_dialogs == []


def test_edit_a_line_inline_and_reject_another(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, window)
    _reviewing(qtbot, page)
    assert page.view is not None
    monkeypatch.setattr(page, "confirm", lambda *args: True)
    edited = _card(page, SCOPE_LINE)
    _edit(qtbot, edited, "Handled 10K requests per second on the card authorisation path")
    kept = _status(window, edited.draft.id)
    assert (kept.status, kept.final) == (
        DraftStatus.EDITED,
        "Handled 10K requests per second on the card authorisation path",
    )
    story = next(card for card in page.drafts.cards if card.draft.kind == "story")
    qtbot.mouseClick(story.reject_button, Qt.MouseButton.LeftButton)
    assert _status(window, story.draft.id).status == DraftStatus.REJECTED
    story = next(card for card in page.drafts.cards if card.draft.kind == "story")
    assert story.chip.text() == "Rejected"
    assert not story.body.isEnabled()  # greyed, still readable
    page.accept_all_supported()
    waiting = [c.draft.id for c in page.drafts.cards if c.draft.status == DraftStatus.PENDING]
    for draft_id in waiting:
        card = page.drafts.card(draft_id)
        qtbot.mouseClick(card.reject_button, Qt.MouseButton.LeftButton)
    assert page.roles.entry(page.view.role.id).status.text() == "Done"
    assert page.drafts.summary.text().startswith("All lines decided")
    assert window.error_dialogs == []


def test_export_markdown_and_pdf_with_the_accepted_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    page = _open(qtbot, window)
    _reviewing(qtbot, page)
    scope = _card(page, SCOPE_LINE)
    page.decide(scope.draft.id, DraftStatus.REJECTED)
    page.accept_all_supported()
    assert _card(page, SUPPORTED).draft.status == DraftStatus.ACCEPTED

    # Ctrl+E opens the save dialog; a name without a suffix gets the chosen format's.
    offered: list[str] = []

    def save_dialog(parent: Any, caption: str, folder: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(tmp_path / "ada"), "Markdown (*.md)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(page.conversation.answer_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert offered == ["Markdown (*.md);;Word (*.docx);;PDF (*.pdf)"]
    _idle(qtbot, page)
    markdown = (tmp_path / "ada.md").read_text(encoding="utf-8")
    assert SUPPORTED in markdown
    assert SCOPE_LINE not in markdown  # rejected
    assert str(tmp_path / "ada.md") in window.statusBar().currentMessage()

    page.export_to(tmp_path / "ada.pdf")
    _idle(qtbot, page)
    text = " ".join(page_.extract_text() for page_ in PdfReader(str(tmp_path / "ada.pdf")).pages)
    assert "800 ms to 480 ms" in " ".join(text.split())
    assert window.error_dialogs == []

    # The preview shows the same content.
    page.show_preview()
    _idle(qtbot, page)
    assert page.preview is not None and SUPPORTED in page.preview.markdown
    page.preview.reject()


def test_reopening_resumes_at_the_same_waiting_question(
    qtbot: QtBot, make_window: MakeWindow, window: MainWindow
) -> None:
    page = _open(qtbot, window)
    _start_first_role(qtbot, page)
    _wait_question(qtbot, page)
    page.submit_answer(ANSWER_1)
    _wait_question(qtbot, page)
    waiting = page.conversation.texts()[-1]
    assert waiting == QUESTION_2
    window.close()

    fresh = ScriptedChatModel(questions=["A question that must not be asked?"])
    again = make_window(chat_model=fresh)
    page = _open(qtbot, again)
    page.roles.setCurrentRow(0)  # the role with the session: resumed at once
    assert page.view is not None and page.view.pending is not None
    assert page.conversation.texts() == [QUESTION_1, ANSWER_1, QUESTION_2]
    assert not page.busy and fresh.calls == []
    assert page.conversation.answer_box.isEnabled()


def test_start_this_role_over_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, window)
    _start_first_role(qtbot, page)
    _wait_question(qtbot, page)
    page.submit_answer(ANSWER_1)
    _wait_question(qtbot, page)
    assert page.view is not None
    old = page.view.id

    monkeypatch.setattr(page, "confirm", lambda *args: False)
    page.conversation.restart_button.click()
    assert page.view.id == old and page.view.answered == 1

    asked: list[str] = []

    def agree(title: str, text: str, action: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(page, "confirm", agree)
    page.conversation.restart_button.click()
    assert "your answer" in asked[0] and "not changed" in asked[0]
    _wait_question(qtbot, page)
    assert page.view.answered == 0  # a fresh session (SQLite may reuse the id)
    assert [turn.answer for turn in page.view.turns] == [None]


def test_without_a_model_questions_come_from_the_bank(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(STAFF)  # chat_model returns None
    _add_cv(window)
    page = _open(qtbot, window)
    assert page.mode.text() == NO_MODEL_MODE
    assert page.mode.isVisible()
    _start_first_role(qtbot, page)
    _wait_question(qtbot, page)
    assert page.conversation.pending is not None
    assert page.conversation.pending.tag.text() == "from the question bank"
    assert page.view is not None and page.view.pending is not None
    assert page.view.pending.asked_by == "bank"
    page.submit_answer(ANSWER_1)
    _wait_question(qtbot, page)
    page.submit_answer(ANSWER_2)
    _wait_question(qtbot, page)
    qtbot.mouseClick(page.conversation.enough_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, page)
    assert window.error_dialogs == []
    assert page.drafts.cards, "the rules drafted from the answers"
    assert all(card.draft.author == "rules" for card in page.drafts.cards)
    # The answers' result leads a bullet; no original is cut down to a weaker line
    # ("Responsible for the card authorisation service." is never "The card ... service").
    assert any("800 ms to 480 ms" in card.draft.current for card in page.drafts.cards)
    assert not any(
        card.draft.current.lower() == "the card authorisation service"
        for card in page.drafts.cards
    )


def test_a_failing_model_draft_shows_the_error_and_offers_the_rules(
    qtbot: QtBot, window: MainWindow, model: ScriptedChatModel
) -> None:
    model.picks = [
        DraftAnswerError("The model's draft had no usable bullet or story.", hint="Try again."),
        RuntimeError("llama_decode returned -3"),
    ]
    page = _open(qtbot, window)
    _reviewing(qtbot, page)
    assert page.drafts.banner_area.isVisible()
    assert "no usable bullet" in page.drafts.banner.text()
    assert page.drafts.rule_button.isVisible()
    assert page.drafts.cards == []  # nothing drafted silently
    assert window.error_dialogs == []  # a user error: the banner says it

    # Try again: a bug this time, so the error dialog comes too (with details).
    qtbot.mouseClick(page.drafts.retry_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, page)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=5000)
    assert "Traceback" not in window.error_dialogs[-1].message.text()
    window.error_dialogs[-1].reject()
    assert page.drafts.rule_button.isVisible()

    qtbot.mouseClick(page.drafts.rule_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, page)
    assert not page.drafts.banner_area.isVisible()
    assert page.drafts.cards and all(c.draft.author == "rules" for c in page.drafts.cards)


def test_without_a_target_level_the_page_says_to_choose_one(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    _add_cv(window)
    page = _open(qtbot, window)
    assert page.level_notice.isVisible()
    page.roles.setCurrentRow(0)
    assert not page.conversation.start_button.isVisible()
    assert "target level first" in page.conversation.start_note.text()
    window.services.profiles.save(STAFF)  # type: ignore[attr-defined]
    page.profile_changed()
    assert not page.level_notice.isVisible()
    assert page.conversation.start_button.isVisible()


@pytest.mark.slow
@pytest.mark.timeout(900)  # up to 2,048 draft tokens on 2 shared cores
def test_the_same_flow_on_the_real_engine(
    qtbot: QtBot, make_window: MakeWindow, chat_model_path: Path
) -> None:
    from models.chat_engine import ChatEngine

    engine = ChatEngine(chat_model_path)
    try:
        window = make_window(STAFF, chat_model=engine)
        _add_cv(window)
        page = _open(qtbot, window)
        assert page.mode.text() == f"Questions from {engine.name}"
        _start_first_role(qtbot, page)
        _wait_question(qtbot, page, timeout=120000)
        assert page.conversation.texts()[-1].strip()  # a question is shown (model or bank)
        assert page.submit_answer(ANSWER_1)
        assert _service(window).view(page.view.id).turns[0].answer == ANSWER_1  # type: ignore[union-attr]
        _wait_question(qtbot, page, timeout=120000)
        page.end_questions()
        _idle(qtbot, page, timeout=300000)
        # A draft appears, or a clear error with the way out.
        if not page.drafts.cards:
            assert page.drafts.banner_area.isVisible() and page.drafts.banner.text()
            assert page.drafts.rule_button.isVisible()
            for dialog in list(window.error_dialogs):
                dialog.reject()
    finally:
        _idle(qtbot, _page(window), timeout=300000)
        engine.close()
