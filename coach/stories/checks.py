"""Live checks for the story editor: what interviewers listen for, read with no model.

Each check says in plain words what the story has or lacks, with spans (offsets into
`StoryContent.body`) the editor can highlight. The level reading comes from the same lens
the rest of the app uses, so the editor and the coverage view never disagree.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.calibration import LevelReading, Span, TextSignals, Voice, read_signals, text_signals
from coach.calibration.matrix import LevelMatrix
from coach.profile import Level
from coach.stories.cuts import spoken_seconds
from coach.stories.records import StoryContent

# Quote at most this many phrases in a message; the spans carry the rest.
_QUOTED = 3


class CheckKey(enum.StrEnum):
    VOICE = "voice"  # "I", not "we"
    METRIC = "metric"
    STAKES = "stakes"
    OBSTACLE = "obstacle"
    LEARNING = "learning"


_LABELS = {
    CheckKey.VOICE: "I, not we",
    CheckKey.METRIC: "A number",
    CheckKey.STAKES: "Stakes",
    CheckKey.OBSTACLE: "Obstacle",
    CheckKey.LEARNING: "Learning",
}


@dataclass(frozen=True)
class Check:
    key: CheckKey
    ok: bool
    label: str  # short, for a checklist row: "I, not we"
    message: str  # a plain sentence to the candidate
    spans: tuple[Span, ...] = ()  # offsets into `StoryContent.body`


@dataclass(frozen=True)
class StoryChecks:
    words: int
    spoken_seconds: int  # at 150 words a minute
    voice: Voice
    checks: tuple[Check, ...]  # voice, metric, stakes, obstacle, learning
    level: LevelReading

    def check(self, key: CheckKey | str) -> Check:
        return next(c for c in self.checks if c.key == key)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.ok)


def check_story(
    content: StoryContent, target: Level, matrix: LevelMatrix | None = None
) -> StoryChecks:
    body = content.body
    signals = text_signals(body)
    return StoryChecks(
        words=signals.word_count,
        spoken_seconds=spoken_seconds(signals.word_count),
        voice=signals.voice,
        checks=(
            _voice(signals),
            _metric(signals, content),
            _stakes(signals, content),
            _obstacle(signals),
            _learning(signals, content),
        ),
        level=read_signals(signals, target, matrix),
    )


def _voice(s: TextSignals) -> Check:
    own = tuple(sorted(s.singular + s.implicit_singular))
    if s.all_we:
        return _lacks(CheckKey.VOICE, "The whole story says “we”: say what you did.", s.plural)
    if not own:
        return _lacks(CheckKey.VOICE, "No one acts in this story yet: say what you did, with “I”.")
    if s.voice is Voice.PLURAL:
        counts = f"{len(s.plural)} “we” to {len(own)} “I”"
        message = f"Mostly “we” ({counts}): say “I” for the parts you did."
        return _has(CheckKey.VOICE, message, s.plural)
    return _has(CheckKey.VOICE, "You say what you did yourself.", own)


def _metric(s: TextSignals, content: StoryContent) -> Check:
    metrics = tuple(m.span for m in s.metrics)
    if not metrics:
        if s.results:
            changed = _quote(s.results[:1])
            message = f"{changed} says something changed: by how much, from what, over how long?"
            return _lacks(CheckKey.METRIC, message, s.results)
        message = "No number yet: say what changed and by how much, from what, over how long."
        return _lacks(CheckKey.METRIC, message)
    spans = tuple(
        sorted(set(metrics + s.baselines + s.time_frames))
    )  # a baseline is often a metric too
    result = _part_range(content, "result")
    if s.has_baseline:
        # Quote the change itself ("from 2% to 0.1%"), the result's first if it has one.
        baseline = _first_in(s.baselines, result)
        if not s.has_time_frame:
            message = f"{_quote([baseline])} says from what; add over how long."
            return _has(CheckKey.METRIC, message, spans)
        frame = min(s.time_frames, key=lambda t: abs(t.start - baseline.end))
        message = f"{_quote([baseline, frame])}: your number has a baseline and a time frame."
        return _has(CheckKey.METRIC, message, spans)
    first = _quote([_first_in(metrics, result)])
    if s.has_time_frame:
        message = f"{first} says how much; add from what (the number before)."
        return _has(CheckKey.METRIC, message, spans)
    # A bare number still passes: far better than none, but it invites "from what?".
    message = (
        f"{first} is a number, but from what and over how long? "
        "Add the baseline and the time frame."
    )
    return _has(CheckKey.METRIC, message, spans)


def _stakes(s: TextSignals, content: StoryContent) -> Check:
    if not s.stakes:
        message = "Nothing ties the result to customers, money or risk: say who it mattered to."
        return _lacks(CheckKey.STAKES, message)
    result = _part_range(content, "result")
    in_result = tuple(span for span in s.stakes if result and span.within(result))
    if in_result:
        message = f"Your result is tied to what mattered: {_quote(in_result)}."
        return _has(CheckKey.STAKES, message, s.stakes)
    then = "add the result that moved them" if result is None else "tie the result back to them"
    return _has(CheckKey.STAKES, f"You name the stakes ({_quote(s.stakes)}); {then}.", s.stakes)


def _obstacle(s: TextSignals) -> Check:
    if s.obstacles:
        message = f"You name what stood in the way: {_quote(s.obstacles)}."
        return _has(CheckKey.OBSTACLE, message, s.obstacles)
    if s.hard_words:
        message = (
            f"{_quote(s.hard_words[:1])} says it was hard, not why: "
            "name the constraint, the disagreement or what failed."
        )
        return _lacks(CheckKey.OBSTACLE, message, s.hard_words)
    message = "Nothing stands in the way yet: name the obstacle or the disagreement you faced."
    return _lacks(CheckKey.OBSTACLE, message)


def _learning(s: TextSignals, content: StoryContent) -> Check:
    # Optional (a short CAR story is fine without it): never fails, only nudges.
    learning = _part_range(content, "learning")
    if learning is not None:
        return _has(CheckKey.LEARNING, "You say what you learned.", (learning,))
    if s.reflections:
        return _has(CheckKey.LEARNING, "You say what you would do differently.", s.reflections)
    message = "Consider adding what you learned or would do differently: interviewers ask."
    return _has(CheckKey.LEARNING, message)


def _has(key: CheckKey, message: str, spans: tuple[Span, ...] = ()) -> Check:
    return Check(key, True, _LABELS[key], message, spans)


def _lacks(key: CheckKey, message: str, spans: tuple[Span, ...] = ()) -> Check:
    return Check(key, False, _LABELS[key], message, spans)


def _part_range(content: StoryContent, name: str) -> Span | None:
    body = content.body
    for part, start, end in content.part_spans():
        if part == name:
            return Span(start, end, body[start:end])
    return None


def _first_in(spans: tuple[Span, ...], part: Span | None) -> Span:
    """The first span inside `part`, else the first of all."""
    return next((span for span in spans if part and span.within(part)), spans[0])


def _quote(spans: Sequence[Span]) -> str:
    seen: list[str] = []
    for span in spans:
        # A bare "$" reads badly in a sentence; its span still highlights.
        if re.search(r"\w", span.text) and span.text.lower() not in (s.lower() for s in seen):
            seen.append(span.text)
    if not seen:
        seen = [span.text for span in spans][:1]
    return ", ".join(f"“{text}”" for text in seen[:_QUOTED])
