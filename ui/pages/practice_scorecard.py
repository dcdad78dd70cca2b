"""A scored drill: the five rewards, each with its 1-4 score, the rubric's words for that
score, the candidate's own sentences as evidence, the rationale, and how far repeat
scorings disagreed; the weakest reward and the next drill; the transcript.

The same view shows a past drill from the history, read-only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coach.drills.rubric import MAX_SCORE, Reward, Rubric
from ui.pages.conversation import repolish, text_label
from ui.pages.practice_drill import ConversationView, artifact_box

if TYPE_CHECKING:
    from coach.drills.scoring import RewardScore, Scorecard
    from coach.drills.service import DrillView, Suggestion


def when_text(stamp: str | None) -> str:
    """An ISO timestamp as '12 Mar 2025, 14:05' (as stored when it does not parse)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def spread_text(score: RewardScore) -> str:
    spread = f"{score.spread:g}"
    return f"spread {spread} — uncertain" if score.uncertain else f"spread {spread}"


def rationale_text(rationale: str, score: int, anchor: str) -> str:
    """The rationale without the anchor sentence, which the card already shows."""
    text = " ".join(rationale.split())
    for prefix in (f"Scores {score}: {anchor}", anchor):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    return text


def scorer_text(scorer: str) -> str:
    names = [name for name in scorer.split("+") if name]
    if not names or names == ["rules"]:
        return "Scored by the rules (no chat model)"
    return "Scored by " + " and ".join("the rules" if n == "rules" else n for n in names)


def average(card: Scorecard) -> float:
    return sum(s.score for s in card.scores) / len(card.scores)


def sentence(text: str) -> str:
    """ "start with the screen" -> "Start with the screen." """
    text = text.strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def drill_words(suggestion: Suggestion) -> str:
    """ "the diagnosis drill “Checkout p99 latency doubled…”" """
    return f"the {suggestion.round.label.lower()} drill “{suggestion.scenario.title}”"


def suggestion_text(suggestion: Suggestion) -> str:
    """ "Your weakest reward is verification: try the diagnosis drill “…”." """
    what = drill_words(suggestion)
    if suggestion.reward is not None:
        return f"Your weakest reward is {suggestion.reward.value}: try {what}."
    return f"Try {what}."


class RewardCard(QFrame):
    """One reward: name, score chip and spread on the left; the anchor, the evidence
    quotes and the rationale on the right."""

    def __init__(self, reward: Reward, rubric: Rubric) -> None:
        super().__init__()
        self.reward = reward
        self._rubric = rubric
        spec = rubric.spec(reward)
        self.setObjectName("rewardCard")
        self.name = text_label(spec.name, "paneTitle", selectable=False)
        self.name.setToolTip(spec.question)
        self.chip = QLabel()
        self.chip.setObjectName("scoreChip")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spread = text_label("", "spread", selectable=False)
        self.spread.setToolTip(
            "How far apart repeat scorings of the same answer landed (highest minus lowest). "
            "More than one point apart: do not trust this score much."
        )
        self.weakest_mark = text_label("Weakest", "spread", selectable=False)
        self.weakest_mark.setProperty("uncertain", True)
        self.weakest_mark.setVisible(False)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(self.name)
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)
        left.addLayout(chip_row)
        left.addWidget(self.spread)
        left.addWidget(self.weakest_mark)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(170)

        self.anchor = text_label("", "anchor")
        self.evidence_title = text_label("In your words", "bubbleTag", selectable=False)
        self.quotes_box = QWidget()
        self.quotes = QVBoxLayout(self.quotes_box)
        self.quotes.setContentsMargins(0, 0, 0, 0)
        self.quotes.setSpacing(4)
        self.quote_labels: list[QLabel] = []
        self.rationale = text_label()
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.anchor)
        right.addWidget(self.evidence_title)
        right.addWidget(self.quotes_box)
        right.addWidget(self.rationale)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(14)
        layout.addWidget(left_box, 0)
        layout.addLayout(right, 1)

    def show_score(self, score: RewardScore, *, weakest: bool) -> None:
        self.chip.setText(f"{score.score} / {MAX_SCORE}")
        self.chip.setProperty("score", str(score.score))
        self.chip.setAccessibleName(f"{self.reward.value}: {score.score} of {MAX_SCORE}")
        repolish(self.chip)
        self.spread.setText(spread_text(score))
        self.spread.setProperty("uncertain", score.uncertain)
        repolish(self.spread)
        anchor = self._rubric.anchor(self.reward, score.score)
        self.anchor.setText(f"Rubric, {score.score} of {MAX_SCORE}: {anchor}")
        for old in self.quote_labels:
            old.hide()
            old.deleteLater()
        self.quote_labels = []
        for sentence in score.evidence:
            quote = text_label(f"“{sentence.strip()}”", "quote")
            self.quote_labels.append(quote)
            self.quotes.addWidget(quote)
        self.evidence_title.setText(
            "In your words" if score.evidence else "No sentence of yours showed this yet"
        )
        self.quotes_box.setVisible(bool(score.evidence))
        rationale = rationale_text(score.rationale, score.score, anchor)
        self.rationale.setText(rationale)
        self.rationale.setVisible(bool(rationale))
        self.weakest_mark.setVisible(weakest)
        self.setProperty("weakest", weakest)
        repolish(self)

    def quotes_text(self) -> list[str]:
        return [quote.text() for quote in self.quote_labels]


class ScorecardPanel(QWidget):
    back_clicked = Signal()
    next_clicked = Signal()  # start the suggested drill

    def __init__(self) -> None:
        super().__init__()
        self._rubric = Rubric.load()
        self.view: DrillView | None = None
        self.read_only = False
        header = self._header()
        self.cards = {reward: RewardCard(reward, self._rubric) for reward in Reward}
        grid = QGridLayout()
        grid.setSpacing(8)
        for row, card in enumerate(self.cards.values()):
            grid.addWidget(card, row, 0)
        self.next_box = self._next_box()
        self.transcript_button = QToolButton()
        self.transcript_button.setCheckable(True)
        self.transcript_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.transcript_button.setArrowType(Qt.ArrowType.RightArrow)
        self.transcript_button.setText("Show the transcript")
        self.transcript_button.setAutoRaise(True)
        self.transcript_button.toggled.connect(self._toggle_transcript)
        self.transcript_box = self._transcript_box()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.next_box)
        layout.addLayout(grid)
        layout.addWidget(self.transcript_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.transcript_box)
        layout.addStretch(1)

    def _header(self) -> QFrame:
        self.title = text_label(name="paneTitle")
        self.subtitle = text_label(name="muted")
        self.scorer = text_label(name="muted")
        self.score_note = text_label(name="muted")
        self.average = text_label("", "average", selectable=False)
        self.average.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.average_caption = text_label("average of the five", "hint", selectable=False)
        self.average_caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.back_button = QPushButton("Back to practice")
        self.back_button.clicked.connect(self.back_clicked)
        header = QFrame()
        header.setObjectName("scoreHeader")
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        titles.addWidget(self.scorer)
        titles.addWidget(self.score_note)
        score_box = QVBoxLayout()
        score_box.setSpacing(0)
        score_box.addWidget(self.average)
        score_box.addWidget(self.average_caption)
        head = QHBoxLayout(header)
        head.setContentsMargins(14, 10, 14, 10)
        head.addLayout(titles, 1)
        head.addLayout(score_box)
        head.addSpacing(12)
        head.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _next_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("banner")
        self.weakest = text_label(name="sectionTitle")
        self.next_text = text_label()
        self.next_reason = text_label(name="muted")
        self.next_button = QPushButton("Start the next drill")
        self.next_button.clicked.connect(self.next_clicked)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.weakest)
        words.addWidget(self.next_text)
        words.addWidget(self.next_reason)
        row = QHBoxLayout(box)
        row.setContentsMargins(14, 10, 14, 10)
        row.addLayout(words, 1)
        row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return box

    def _transcript_box(self) -> QFrame:
        self.transcript = ConversationView()
        self.transcript.setMinimumHeight(320)
        self.artifact_title = text_label("Artifact", "sectionTitle", selectable=False)
        self.artifact = artifact_box()
        self.artifact.setFixedHeight(180)
        self.facts = text_label()
        box = QFrame()
        box.setObjectName("practicePane")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.artifact_title)
        layout.addWidget(self.artifact)
        layout.addWidget(text_label("What you learned by asking", "sectionTitle", selectable=False))
        layout.addWidget(self.facts)
        layout.addWidget(text_label("Conversation", "sectionTitle", selectable=False))
        layout.addWidget(self.transcript, 1)
        box.setVisible(False)
        return box

    def show_view(self, view: DrillView, *, suggestion: Suggestion | None, read_only: bool) -> None:
        card = view.scorecard
        if card is None:
            return
        self.view = view
        self.read_only = read_only
        info = view.info
        self.title.setText(view.scenario.title)
        finished = when_text(info.finished_at) or when_text(info.started_at)
        self.subtitle.setText(
            f"{info.round.label} · {info.level.label} · {info.track.label} · {finished}"
            + (" · from your history, read-only" if read_only else "")
        )
        runs = len(view.score_runs)
        self.scorer.setText(
            scorer_text(card.scorer)
            + (f" · each check asked {runs} times, combined" if runs > 1 else " · scored once")
        )
        self.score_note.setText(view.score_note)
        self.score_note.setVisible(bool(view.score_note.strip()))
        self.average.setText(f"{average(card):.1f} / {MAX_SCORE}")
        weakest = card.weakest()
        level = {s.score for s in card.scores}
        for reward, reward_card in self.cards.items():
            reward_card.show_score(card[reward], weakest=reward is weakest and len(level) > 1)
        name = self._rubric.spec(weakest).name
        if len(level) > 1:
            self.weakest.setText(
                f"Weakest reward in this drill: {name} ({card.score(weakest)} / {MAX_SCORE})"
            )
        else:
            self.weakest.setText(
                f"All five rewards scored {card.score(weakest)} / {MAX_SCORE} in this drill."
            )
        lift = card[weakest].rationale.strip()
        if suggestion is not None:
            self.next_text.setText(f"Next drill: try {drill_words(suggestion)}.")
            self.next_reason.setText(sentence(suggestion.reason))
            self.next_reason.setVisible(bool(suggestion.reason.strip()))
            self.next_button.setVisible(True)
        else:
            self.next_text.setText(lift)
            self.next_reason.setVisible(False)
            self.next_button.setVisible(False)
        artifact = view.scenario.artifact
        self.artifact.setPlainText(artifact)
        self.artifact_title.setVisible(bool(artifact.strip()))
        self.artifact.setVisible(bool(artifact.strip()))
        facts = [f"•  {fact.fact}" for fact in view.revealed]
        self.facts.setText("\n".join(facts) if facts else "No hidden facts came out.")
        self.transcript.show_turns(view.turns, artifact=artifact)
        self.transcript_button.setChecked(read_only)
        self._toggle_transcript(read_only)

    def _toggle_transcript(self, shown: bool) -> None:
        self.transcript_box.setVisible(shown)
        self.transcript_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.transcript_button.setText("Hide the transcript" if shown else "Show the transcript")
