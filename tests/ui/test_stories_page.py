"""The Stories page end to end: the real story bank on real SQLite inside the main window,
driven as a candidate would: typing in the editor, the buttons, the keys and the confirm
dialog (answered by a stand-in that records what it was asked)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coach.profile import Level, Profile, Track
from coach.refresh.records import DraftStatus
from coach.stories.bank import StoryBank
from coach.stories.checks import CheckKey
from coach.stories.records import Competency, Origin, StoryContent
from tests.coach.stories.samples import ALL_WE, CHECKOUT, add_role, refresh_drafts, story_json
from ui.main_window import MainWindow
from ui.pages.stories_page import StoriesPage

MakeWindow = Callable[..., MainWindow]
STAFF = Profile(Level.STAFF, Track.BACKEND)
SENIOR = Profile(Level.SENIOR, Track.BACKEND)
FLAKY = StoryContent(
    title="Flaky CI",
    action="I decided to quarantine flaky tests for my team of 6 engineers.",
    result="Builds went from 60% green to 95% green in a month.",
    competencies=(Competency.DELIVERY,),
)


class Answers:
    """Stands in for the confirm dialog: answers by the action button, records each ask."""

    def __init__(self, **answers: bool) -> None:
        self.answers = answers
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, title: str, text: str, action: str) -> bool:
        self.asked.append((title, text, action))
        return self.answers.get(action, False)

    @property
    def actions(self) -> list[str]:
        return [action for _, _, action in self.asked]


def _page(window: MainWindow) -> StoriesPage:
    page = window.stories_page
    assert isinstance(page, StoriesPage)
    return page


def _bank(window: MainWindow) -> StoryBank:
    return _page(window).bank


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _type_story(page: StoriesPage, content: StoryContent) -> None:
    page.editor.title.setText(content.title)
    for name in StoryContent.PARTS:
        page.editor.parts[name].setPlainText(getattr(content, name))


# ---- empty bank ---------------------------------------------------------------------


def test_empty_bank_explains_where_stories_come_from_and_shows_empty_slots(
    make_window: MakeWindow,
) -> None:
    page = _page(make_window(STAFF))
    pane = page.list_pane
    assert not pane.empty_state.isHidden()
    assert pane.story_list.isHidden()
    text = pane.empty_text.text()
    assert "Résumé refresh" in text and "New story (Ctrl+N)" in text
    # The editor is ready for a first story.
    assert page.current_story_id is None
    assert page.editor.heading.text() == "New story"
    assert "Your bank is empty" in page.coverage.advice.text()
    assert {page.coverage.slot_state(c) for c in Competency} == {"empty"}
    assert page.coverage.chips[Competency.CONFLICT].text() == "Conflict  0"
    assert page.coverage.at_level.text() == "No stories yet to read at Staff or above."


def test_strategy_is_an_optional_slot_below_staff(make_window: MakeWindow) -> None:
    page = _page(make_window(SENIOR))
    assert page.coverage.slot_state(Competency.STRATEGY) == "optional"
    assert page.coverage.slot_state(Competency.CONFLICT) == "empty"
    assert "optional" in page.coverage.chips[Competency.STRATEGY].toolTip()


# ---- writing a story ----------------------------------------------------------------


def test_a_story_written_in_the_editor_is_saved_and_listed(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    role_id = add_role(window.services.db, "Acme")  # type: ignore[attr-defined]
    page = _page(window)
    page.refresh()  # the CV's roles, to link to
    assert page.new_story()
    _type_story(page, CHECKOUT)
    page.editor.tag_boxes[Competency.INCIDENT].setChecked(True)
    page.editor.tag_boxes[Competency.INFLUENCE].setChecked(True)
    page.editor.check_role(role_id)
    assert page.is_dirty
    assert page.editor.dirty_mark.text() == "● Unsaved"

    stored = page.save()
    assert stored is not None and stored.version == 1 and stored.origin is Origin.HAND
    assert stored.content.competencies == (Competency.INCIDENT, Competency.INFLUENCE)
    assert stored.content.role_ids == (role_id,)
    assert _bank(window).get(stored.id).content.action == CHECKOUT.action
    assert page.story_list.ids() == [stored.id]
    entry = page.story_list.entry(stored.id)
    assert entry.title.text() == "Checkout retries"
    assert entry.tags.text() == "Incident · Influence"
    assert entry.meta.text() == "Reads as Staff · 52 s · v1"
    assert page.story_list.selected_id() == stored.id
    assert not page.is_dirty and page.editor.dirty_mark.text() == ""
    assert _status(window) == "Saved “Checkout retries” as a new story."
    assert page.list_pane.empty_state.isHidden()
    assert page.coverage.slot_state(Competency.INCIDENT) == "thin"
    assert page.coverage.at_level.text() == "1 of 1 story reads at Staff or above."


def test_saving_without_a_title_shows_the_reason_not_a_traceback(
    make_window: MakeWindow,
) -> None:
    window = make_window(STAFF)
    page = _page(window)
    page.new_story()
    page.editor.action.setPlainText("I rolled back the deploy.")
    assert page.save() is None
    (dialog,) = window.error_dialogs
    assert dialog.report.message == "A story needs a title."
    assert dialog.report.expected
    assert page.story_list.ids() == [] and page.is_dirty


def test_ctrl_s_saves_and_ctrl_n_starts_a_new_story(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("stories")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = _page(window)
    _type_story(page, FLAKY)
    qtbot.keyClick(page.editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (story,) = _bank(window).stories(target=Level.STAFF)
    assert story.content.title == "Flaky CI" and page.current_story_id == story.id
    qtbot.keyClick(page.editor.title, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.current_story_id is None and page.editor.title.text() == ""


# ---- live checks --------------------------------------------------------------------


def test_live_checks_follow_the_typing(qtbot: QtBot, make_window: MakeWindow) -> None:
    page = _page(make_window(STAFF))
    checks = page.checks
    assert not checks.placeholder.isHidden()
    page.editor.title.setText("Order service")
    qtbot.keyClicks(page.editor.action, "We rebuilt the order service and we made it faster.")
    qtbot.waitUntil(lambda: checks.checks is not None)
    assert checks.check_text("voice") == (
        "✗ I, not we: The whole story says “we”: say what you did."
    )
    assert checks.rows[CheckKey.VOICE].mark.property("state") == "missing"
    assert checks.length.text() == "10 words · about 4 s spoken"
    assert checks.level_chip.text() == "Level not readable yet"

    _type_story(page, CHECKOUT)
    qtbot.waitUntil(lambda: checks.check_text("voice").startswith("✓"))
    assert checks.check_text("metric").startswith("✓ A number: “from 2% to 0.1%”")
    assert checks.level_chip.text() == "Reads as Staff"
    assert checks.level_chip.property("state") == "meets"
    assert checks.target_line.text() == "Your target, Staff: met."
    assert checks.level_summary.text().startswith("Reads as Staff: three teams")
    # The spoken cuts: every tab shows a cut's words and its note.
    checks.cut_tabs.setCurrentIndex(0)
    assert checks.cut_note.text().endswith("left out to fit 45 s.")
    assert "Checkout errors fell from 2% to 0.1%" in checks.cut_text.text()
    checks.cut_tabs.setCurrentIndex(2)
    assert checks.cut_note.text().endswith("The whole story fits in 3 min.")


def test_show_where_highlights_the_words_a_check_found(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    page = _page(make_window(STAFF))
    _type_story(page, CHECKOUT)
    page.editor.result.setPlainText("  " + CHECKOUT.result)  # leading blanks are not told
    page.update_checks()
    row = page.checks.rows[CheckKey.METRIC]
    assert not row.show_button.isHidden()
    row.show_button.click()
    assert "from 2% to 0.1%" in page.editor.highlighted("result")
    assert "$40K" in page.editor.highlighted("situation")
    page.editor.result.setPlainText(CHECKOUT.result)  # an edit clears the marks
    assert page.editor.highlighted("result") == []


def test_suggest_ticks_the_competencies_the_words_point_to(make_window: MakeWindow) -> None:
    page = _page(make_window(STAFF))
    _type_story(page, CHECKOUT)
    assert page.editor.tag_advice.property("state") == "off"
    found = page.editor.suggest()
    assert found
    assert {c for c, box in page.editor.tag_boxes.items() if box.isChecked()} == set(found)
    assert page.editor.content().competencies == found
    assert page.editor.suggest_note.text().startswith("Suggested from your words:")
    assert (page.editor.tag_advice.property("state") == "ok") == (2 <= len(found) <= 3)


def test_without_a_target_level_the_page_says_so_and_still_saves(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    page = _page(make_window())
    assert not page.level_notice.isHidden()
    _type_story(page, CHECKOUT)
    qtbot.waitUntil(lambda: page.checks.checks is not None)
    assert not page.checks.no_target.isHidden()
    assert "needs a target level" in page.checks.no_target.text()
    assert page.checks.target_line.isHidden() and page.checks.level_gaps.isHidden()
    assert "needs a target level" in page.coverage.at_level.text()
    assert page.save() is not None
    assert len(page.story_list.ids()) == 1


# ---- versions -----------------------------------------------------------------------


def test_an_edit_makes_version_2_and_restoring_version_1_makes_version_3(
    make_window: MakeWindow,
) -> None:
    window = make_window(STAFF)
    story = _bank(window).add(CHECKOUT)
    page = _page(window)
    page.refresh()
    assert page.select_story(story.id)
    page.editor.result.setPlainText("Checkout errors fell to 0.5%.")
    edited = page.save()
    assert edited is not None and edited.version == 2
    assert _status(window) == "Saved version 2 of “Checkout retries”."
    assert page.story_list.entry(story.id).meta.text().endswith("v2")
    assert page.editor.versions.count() == 2
    again = page.save()  # nothing changed: still version 2
    assert again is not None and again.version == 2
    assert _status(window) == "“Checkout retries” has no changes to save."

    assert page.view_version(1)
    assert page.editor.read_only and page.editor.title.isReadOnly()
    assert page.editor.result.toPlainText() == CHECKOUT.result
    assert not page.editor.banner.isHidden()
    assert "version 3" in page.editor.banner_text.text()
    assert page.editor.heading.text() == f"Story #{story.id} · version 1"
    assert page.editor.dirty_mark.text() == "Read-only"
    assert not page.is_dirty and page.save() is None

    restored = page.restore_version()
    assert restored is not None and restored.version == 3
    assert restored.content == CHECKOUT
    assert [v.version for v in _bank(window).versions(story.id)] == [1, 2, 3]
    assert not page.editor.read_only and page.editor.banner.isHidden()
    assert page.editor.result.toPlainText() == CHECKOUT.result
    assert page.editor.versions.count() == 3
    assert page.editor.versions.currentText().startswith("Version 3 (current)")
    assert _status(window) == "Restored version 1 as version 3."


def test_back_to_the_current_version_leaves_the_old_one(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    bank = _bank(window)
    story = bank.add(CHECKOUT)
    bank.edit(story.id, dataclasses.replace(CHECKOUT, title="Checkout retry budget"))
    page = _page(window)
    page.refresh()
    page.select_story(story.id)
    page.view_version(1)
    assert page.editor.title.text() == "Checkout retries"
    page.editor.current_button.click()
    assert page.editor.title.text() == "Checkout retry budget"
    assert not page.editor.read_only
    assert [v.version for v in bank.versions(story.id)] == [1, 2]


# ---- filters ------------------------------------------------------------------------


def test_filters_by_competency_by_level_and_by_a_coverage_slot(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    bank = _bank(window)
    staff = bank.add(CHECKOUT)  # incident and influence; reads as Staff
    senior = bank.add(FLAKY)  # delivery; reads as Senior
    unreadable = bank.add(ALL_WE)
    page = _page(window)
    page.refresh()
    assert set(page.story_list.ids()) == {staff.id, senior.id, unreadable.id}
    assert page.list_pane.count.text() == "3 stories"

    page.set_filters(Competency.INCIDENT)
    assert page.story_list.ids() == [staff.id]
    assert page.list_pane.count.text() == "1 of 3 stories"
    page.set_filters(level=Level.SENIOR)
    assert page.story_list.ids() == [senior.id]
    page.set_filters(Competency.DELIVERY, Level.STAFF)
    assert page.story_list.ids() == []
    assert not page.list_pane.no_match_row.isHidden()
    page.list_pane.clear_button.click()
    assert len(page.story_list.ids()) == 3

    page.coverage.chips[Competency.DELIVERY].click()
    assert page.list_pane.filters() == (Competency.DELIVERY, None)
    assert page.story_list.ids() == [senior.id]
    assert page.coverage.chips[Competency.DELIVERY].property("active") is True
    page.coverage.chips[Competency.DELIVERY].click()  # again: the filter is off
    assert page.list_pane.filters() == (None, None)
    assert page.coverage.chips[Competency.DELIVERY].property("active") is False


def test_a_new_story_being_written_survives_a_filter_change(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    _bank(window).add(CHECKOUT)
    page = _page(window)
    page.refresh()
    page.new_story()
    page.editor.title.setText("Half-written")
    page.editor.task.setPlainText("I owned the migration.")
    page.set_filters(Competency.CONFLICT, Level.PRINCIPAL)
    page.set_filters(None, None)
    assert page.current_story_id is None and page.is_dirty
    assert page.editor.title.text() == "Half-written"
    assert page.editor.task.toPlainText() == "I owned the migration."


# ---- nothing lost -------------------------------------------------------------------


def test_switching_with_unsaved_edits_asks_to_save_or_discard(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF)
    bank = _bank(window)
    first, second = bank.add(CHECKOUT), bank.add(FLAKY)
    page = _page(window)
    page.refresh()
    page.select_story(first.id)
    page.editor.title.setText("Checkout retry budget")

    stay = Answers()  # Cancel to both: stay with the edits
    monkeypatch.setattr(page, "confirm", stay)
    assert not page.select_story(second.id)
    assert stay.actions == ["Save", "Discard"]
    assert "“Checkout retry budget” has changes you have not saved" in stay.asked[0][1]
    assert page.current_story_id == first.id and page.is_dirty
    assert page.story_list.selected_id() == first.id

    save = Answers(Save=True)
    monkeypatch.setattr(page, "confirm", save)
    assert page.select_story(second.id)
    assert save.actions == ["Save"]
    assert bank.get(first.id).content.title == "Checkout retry budget"
    assert bank.get(first.id).version == 2
    assert page.current_story_id == second.id and page.editor.title.text() == "Flaky CI"

    page.editor.title.setText("Flaky builds")
    discard = Answers(Discard=True)
    monkeypatch.setattr(page, "confirm", discard)
    assert page.new_story()
    assert discard.actions == ["Save", "Discard"]
    assert bank.get(second.id).content.title == "Flaky CI"
    assert bank.get(second.id).version == 1

    # A clean editor switches without asking.
    quiet = Answers()
    monkeypatch.setattr(page, "confirm", quiet)
    assert page.select_story(first.id) and quiet.asked == []


def test_closing_the_window_with_unsaved_edits_asks(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF)
    story = _bank(window).add(CHECKOUT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("stories")
    page = _page(window)
    assert page.current_story_id == story.id  # the newest story opens
    page.editor.learning.setPlainText("I would write the doc first.")

    monkeypatch.setattr(page, "confirm", Answers())
    assert not window.close()
    assert window.isVisible() and page.is_dirty

    monkeypatch.setattr(page, "confirm", Answers(Save=True))
    assert window.close()
    assert _bank(window).get(story.id).content.learning == "I would write the doc first."


def test_revert_asks_then_restores_the_saved_words(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF)
    story = _bank(window).add(CHECKOUT)
    page = _page(window)
    page.refresh()
    page.select_story(story.id)
    page.editor.title.setText("Something else")
    assert page.editor.revert_button.isEnabled()
    monkeypatch.setattr(page, "confirm", Answers())
    assert not page.revert() and page.editor.title.text() == "Something else"
    monkeypatch.setattr(page, "confirm", Answers(Revert=True))
    assert page.revert()
    assert page.editor.title.text() == "Checkout retries" and not page.is_dirty
    assert not page.editor.revert_button.isEnabled()


def test_delete_asks_and_removes(make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(STAFF)
    bank = _bank(window)
    kept, doomed = bank.add(FLAKY), bank.add(CHECKOUT)
    page = _page(window)
    page.refresh()
    page.select_story(doomed.id)

    refuse = Answers()
    monkeypatch.setattr(page, "confirm", refuse)
    assert not page.delete_selected()
    assert refuse.asked[0][0] == "Delete this story?"
    assert "“Checkout retries” and its 1 version" in refuse.asked[0][1]
    assert set(page.story_list.ids()) == {kept.id, doomed.id}

    monkeypatch.setattr(page, "confirm", Answers(Delete=True))
    assert page.delete_selected()
    assert page.story_list.ids() == [kept.id]
    assert [s.id for s in bank.stories(target=Level.STAFF)] == [kept.id]
    assert page.current_story_id == kept.id  # the next story opens
    assert _status(window) == "Deleted “Checkout retries”."


def test_the_delete_key_on_the_list_deletes_after_asking(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF)
    story = _bank(window).add(CHECKOUT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("stories")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = _page(window)
    answers = Answers(Delete=True)
    monkeypatch.setattr(page, "confirm", answers)
    # In a text box, Delete deletes text, not the story.
    page.editor.title.setFocus()
    qtbot.keyClick(page.editor.title, Qt.Key.Key_Delete)
    assert answers.asked == []
    page.story_list.setFocus()
    qtbot.keyClick(page.story_list, Qt.Key.Key_Delete)
    assert answers.actions == ["Delete"]
    assert _bank(window).stories(target=Level.STAFF) == []
    assert story.id not in page.story_list.ids()
    assert not page.list_pane.empty_state.isHidden()


# ---- from résumé refresh ------------------------------------------------------------


def test_a_story_accepted_in_refresh_appears(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    db = window.services.db  # type: ignore[attr-defined]
    role_id = add_role(db, "Acme")
    (draft_id,) = refresh_drafts(db, role_id, [story_json()], [DraftStatus.ACCEPTED])
    page = _page(window)
    taken = StoryBank(db).take_from_refresh(draft_id, story_json(), role_id)
    page.refresh()
    assert page.story_list.ids() == [taken.id]
    assert page.story_list.entry(taken.id).meta.text().endswith("from Résumé")
    page.select_story(taken.id)
    assert page.editor.title.text() == "Queue migration"
    assert page.editor.content().role_ids == (role_id,)
    item = page.editor.role_choices.item(0)
    assert item.text() == "Staff Engineer — Acme"
    assert item.checkState() == Qt.CheckState.Checked


def test_stories_kept_in_refresh_are_taken_on_refresh_and_said(make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    db = window.services.db  # type: ignore[attr-defined]
    role_id = add_role(db, "Acme")
    refresh_drafts(
        db,
        role_id,
        [story_json(), story_json("Billing replay")],
        [DraftStatus.ACCEPTED, DraftStatus.EDITED],
    )
    page = _page(window)
    page.refresh()
    titles = {page.story_list.entry(i).title.text() for i in page.story_list.ids()}
    assert titles == {"Queue migration", "Billing replay"}
    assert _status(window) == "2 stories kept in Résumé refresh were added to your bank."
    page.refresh()  # taken once
    assert len(page.story_list.ids()) == 2


def test_choosing_a_story_in_the_list_opens_it(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF)
    bank = _bank(window)
    older, newer = bank.add(CHECKOUT), bank.add(FLAKY)
    page = _page(window)
    page.refresh()
    assert page.current_story_id == newer.id  # the newest opens first
    page.story_list.setCurrentRow(page.story_list.ids().index(older.id))
    qtbot.waitUntil(lambda: page.current_story_id == older.id)
    assert page.editor.title.text() == "Checkout retries"
    assert page.checks.check_text("metric").startswith("✓")


def test_the_page_recolours_for_the_dark_theme(make_window: MakeWindow) -> None:
    from ui.pages.stories_style import DARK, LIGHT
    from ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    page = _page(make_window(STAFF))
    original_palette, original_sheet = app.palette(), app.styleSheet()
    try:
        apply_theme(app, "light")
        assert LIGHT.green in page.styleSheet() and DARK.green not in page.styleSheet()
        apply_theme(app, "dark")
        assert DARK.green in page.styleSheet()
        assert DARK.green in page.coverage.legend.text()
    finally:
        app.setPalette(original_palette)
        app.setStyleSheet(original_sheet)
