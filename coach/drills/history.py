"""Progress over scored drills, and what to drill next.

The suggestion: the weakest reward over the last RECENT_DRILLS scored drills (lowest
average; ties go to rubric order) -> the round that tests that reward most (first in
that round's focus, see probes.ROUND_FOCUS; communication leads no round, and its
tie between the screen and judgment rounds goes to judgment, the round named after
it) -> a scenario for the candidate's level and track not drilled lately. With no
scored drill yet: the experience screen, the first round of a loop.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Collection, Sequence

from coach.drills.probes import ROUND_FOCUS
from coach.drills.records import Suggestion
from coach.drills.rubric import Reward
from coach.drills.scenarios import Round, ScenarioBank
from coach.profile import Level, Track

RECENT_DRILLS = 5  # scored drills that count for "weakest lately"
AVOID_RECENT = 10  # scenarios drilled this recently are not suggested or surprised again
FIRST_REASON = "start with the experience screen"

# (finished_at, drill id, score per reward), oldest first
ScoreRow = tuple[str, int, dict[Reward, int]]


def progress(rows: Sequence[ScoreRow]) -> dict[Reward, list[tuple[str, int]]]:
    """Per reward, (finished_at, score) in time order: one point per scored drill."""
    out: dict[Reward, list[tuple[str, int]]] = {reward: [] for reward in Reward}
    for finished_at, _, scores in rows:
        for reward, score in scores.items():
            out[reward].append((finished_at, score))
    return out


def weakest(rows: Sequence[ScoreRow], recent: int = RECENT_DRILLS) -> tuple[Reward, float, int]:
    """The lowest-average reward over the last `recent` rows, its average, and how many
    drills that covers. `rows` must not be empty."""
    window = list(rows)[-recent:]
    averages = {
        reward: statistics.fmean(scores[reward] for _, _, scores in window) for reward in Reward
    }
    order = list(Reward)
    reward = min(Reward, key=lambda r: (averages[r], order.index(r)))
    return reward, averages[reward], len(window)


def round_for(reward: Reward) -> Round:
    """The round where `reward` matters most: earliest in a round's focus list; a tie
    goes to the later round of the loop."""
    loop = list(Round)

    def key(round_: Round) -> tuple[int, int]:
        focus = ROUND_FOCUS[round_]
        rank = focus.index(reward) if reward in focus else len(Reward)
        return rank, -loop.index(round_)

    return min(Round, key=key)


def suggest(
    rows: Sequence[ScoreRow],
    pool: ScenarioBank,
    level: Level,
    track: Track,
    recent_ids: Collection[str],
) -> Suggestion:
    # Seeded by the history, so the page shows the same suggestion until a drill changes it.
    rng = random.Random(f"{level.value}/{track.value}/{len(rows)}/{','.join(recent_ids)}")
    if not rows:
        scenario = pool.surprise(level, track, rng, round=Round.SCREEN, avoid=recent_ids)
        return Suggestion(None, Round.SCREEN, scenario, FIRST_REASON)
    reward, average, count = weakest(rows)
    round_ = round_for(reward)
    scenario = pool.surprise(level, track, rng, round=round_, avoid=recent_ids)
    drills = "drill" if count == 1 else f"{count} drills"
    reason = (
        f"{reward.value} is your weakest reward over the last {drills} "
        f"(average {average:.1f} of 4); the {round_.label.lower()} round tests it most"
    )
    return Suggestion(reward, round_, scenario, reason)
