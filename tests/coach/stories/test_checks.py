"""Live editor checks: each one's verdict, its plain message and its evidence spans."""

from __future__ import annotations

import pytest

from coach.calibration import Voice
from coach.profile import Level
from coach.stories.checks import CheckKey, check_story
from coach.stories.records import StoryContent

from .samples import ALL_WE, CHECKOUT


def story(**parts: str) -> StoryContent:
    return StoryContent(title="A story", **parts)


# (case id, content, check, ok, words the message must contain, evidence it must highlight:
# all of it, in text order, among what it highlights; [] means it highlights nothing)
CASES = [
    ("all we", ALL_WE, CheckKey.VOICE, False,
     "The whole story says “we”: say what you did.", ["Our", "We", "we", "We", "our"]),
    ("no actor", story(action="The cache was added and the service got faster."),
     CheckKey.VOICE, False, "say what you did, with “I”", []),
    ("mostly we", story(action="We planned it, we built it and we tested it; I reviewed it."),
     CheckKey.VOICE, True, "Mostly “we” (3 “we” to 1 “I”)", ["We", "we", "we"]),
    ("own voice", story(action="I proposed the queue and we shipped it."),
     CheckKey.VOICE, True, "You say what you did yourself.", ["I"]),
    ("cv bullet voice", story(action="Led the migration of 40 services to Kubernetes."),
     CheckKey.VOICE, True, "You say what you did yourself.", ["Led"]),
    ("bare metric", story(result="I cut p99 latency by 40%."),
     CheckKey.METRIC, True, "“40%” is a number, but from what and over how long?", ["40%"]),
    ("metric with baseline", story(result="I cut p99 latency from 800 ms to 120 ms."),
     CheckKey.METRIC, True, "“from 800 ms to 120 ms” says from what; add over how long.",
     ["from 800 ms to 120 ms"]),
    ("metric with time frame", story(result="I cut p99 latency by 40% within two weeks."),
     CheckKey.METRIC, True, "“40%” says how much; add from what", ["40%", "within two weeks"]),
    ("metric with both", CHECKOUT, CheckKey.METRIC, True,
     "“from 2% to 0.1%”, “within a month”: your number has a baseline and a time frame.",
     ["from 2% to 0.1%", "within a month"]),
    ("change without number", story(result="I reduced the build time a lot."),
     CheckKey.METRIC, False, "“reduced” says something changed: by how much", ["reduced"]),
    ("no number", story(action="I wrote the design."),
     CheckKey.METRIC, False, "No number yet", []),
    ("stakes in result", story(action="I rewrote the retry logic.",
                               result="Fewer customers saw failed payments."),
     CheckKey.STAKES, True, "Your result is tied to what mattered: “customers”.", ["customers"]),
    ("stakes only up front", story(situation="Outages were costing us revenue.",
                                   result="I made deploys safer."),
     CheckKey.STAKES, True, "tie the result back to them", ["Outages", "revenue"]),
    ("no stakes", story(action="I refactored the module.", result="The code is cleaner."),
     CheckKey.STAKES, False, "Nothing ties the result to customers, money or risk", []),
    ("obstacle", story(action="The payments team disagreed with my design, so I ran a trial."),
     CheckKey.OBSTACLE, True, "You name what stood in the way: “disagreed”.", ["disagreed"]),
    ("hard, not why", story(action="It was a very challenging project and I led it."),
     CheckKey.OBSTACLE, False, "“challenging” says it was hard, not why", ["challenging"]),
    ("no obstacle", story(action="I led the project."),
     CheckKey.OBSTACLE, False, "Nothing stands in the way yet", []),
    ("learning part", CHECKOUT, CheckKey.LEARNING, True, "You say what you learned.",
     ["In hindsight I would have involved the payments team earlier."]),
    ("reflection in result", story(result="Next time I would measure first."),
     CheckKey.LEARNING, True, "You say what you would do differently.", ["Next time"]),
    ("no learning", story(action="I led the project."),
     CheckKey.LEARNING, True, "Consider adding what you learned", []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "key", "ok", "message", "evidence"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_check(content, key, ok, message, evidence) -> None:
    checks = check_story(content, Level.STAFF)
    check = checks.check(key)
    assert check.ok is ok
    assert message in check.message
    highlighted = [span.text for span in check.spans]
    assert [text for text in highlighted if text in evidence] == evidence
    assert bool(highlighted) == bool(evidence)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_spans_are_offsets_into_the_body(case) -> None:
    content = case[1]
    body = content.body
    for check in check_story(content, Level.SENIOR).checks:
        for span in check.spans:
            assert body[span.start : span.end] == span.text


def test_every_check_is_reported_once_in_order() -> None:
    checks = check_story(CHECKOUT, Level.STAFF)
    assert [c.key for c in checks.checks] == list(CheckKey)
    assert checks.passed == 5


def test_words_and_spoken_time_at_150_a_minute() -> None:
    content = story(action=" ".join(["word"] * 150))
    checks = check_story(content, Level.SENIOR)
    assert checks.words == 150
    assert checks.spoken_seconds == 60


def test_voice_and_level_come_from_the_calibration_lens() -> None:
    staff = check_story(CHECKOUT, Level.STAFF)
    assert staff.voice is Voice.SINGULAR
    assert staff.level.reads_as is Level.STAFF
    assert staff.level.meets_target
    assert staff.level.summary.startswith("reads as Staff: three teams")

    principal = check_story(CHECKOUT, Level.PRINCIPAL)
    assert not principal.level.meets_target
    assert principal.level.gaps

    we = check_story(ALL_WE, Level.SENIOR)
    assert we.voice is Voice.PLURAL
    assert we.level.reads_as is None


def test_an_empty_story_fails_without_crashing() -> None:
    checks = check_story(StoryContent(title="Nothing yet"), Level.SENIOR)
    assert checks.words == 0
    assert [c.ok for c in checks.checks] == [False, False, False, False, True]
    assert checks.level.reads_as is None
