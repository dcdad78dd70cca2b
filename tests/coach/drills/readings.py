"""The one assertion every scoring test makes about a score's reading: the number is the
checks met (1 + met, capped at the top of the scale), and the reading says so."""

from __future__ import annotations

import re

from coach.drills.checklist import checklist
from coach.drills.rubric import MAX_SCORE, MIN_SCORE
from coach.drills.scenarios import Scenario
from coach.drills.scoring import RewardScore

_MET = re.compile(r"Met (\d+) of (\d+) checks")


def checks_met(score: RewardScore, scenario: Scenario) -> int:
    """How many of the reward's checks the reading says were met, after asserting that
    the reading counts all of them and that the number follows from the count."""
    found = _MET.search(score.rationale)
    assert found, score.rationale
    met, total = int(found[1]), int(found[2])
    assert total == sum(c.reward is score.reward for c in checklist(scenario)), score.rationale
    assert score.score == min(MIN_SCORE + met, MAX_SCORE), score.rationale
    assert score.rationale.startswith(f"Scores {score.score}:")
    return met
