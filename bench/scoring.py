"""Rule-scorer quality: pairwise ordering against the labelled answer set.

For each reward, every pair of labelled answers whose labels differ is an ordered pair;
the scorer gets it right when its scores order the two the same way. A tie in the scorer
counts as wrong (it failed to tell apart two answers a person did), so the figure is not
flattered by a scorer that gives everyone the same score. Pairs are formed across all
answers of the set, whatever their scenario or round.

The per-split lines separate the answers the rules were tuned on from the ones held out
(see the note in the labelled file): the held-out figure is the honest one.

Target: at least 0.80 overall on the rule path. The last line is the overall figure.
Run: .venv/bin/python bench/scoring.py [--details]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "coach" / "drills" / "labelled_answers.json"


def load_labelled(path: Path = LABELLED) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


def score_all(items: list[dict]) -> list[dict[str, int]]:
    from coach.drills.rubric import Reward
    from coach.drills.rule_scorer import score_answer
    from coach.drills.scenarios import ScenarioBank

    bank = ScenarioBank.load()
    cards = [score_answer(item["answer"], bank.get(item["scenario_id"])) for item in items]
    return [{r.value: card.score(r) for r in Reward} for card in cards]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from coach.drills.agreement import overall, per_reward
    from coach.drills.rubric import Reward

    items = load_labelled()
    labels = [item["labels"] for item in items]
    predicted = score_all(items)
    if "--details" in argv:
        print("answer                     scorer/label per reward (* = differs)")
        for item, pred in zip(items, predicted, strict=True):
            cells = " ".join(
                f"{r.value[:5]}={pred[r.value]}/{item['labels'][r.value]}"
                + ("" if pred[r.value] == item["labels"][r.value] else "*")
                for r in Reward
            )
            print(f"{item['id']:<26} {cells}")
        print()
    print(f"{len(items)} labelled answers; ties in the scorer count as wrong")
    print("per split (the labelled file's note says which splits the rules were tuned on):")
    for split in dict.fromkeys(item.get("split", "tune") for item in items):
        rows = [i for i, item in enumerate(items) if item.get("split", "tune") == split]
        agreement = overall([labels[i] for i in rows], [predicted[i] for i in rows])
        print(
            f"  {split:<10} {len(rows):>3} answers  {agreement.share:.2f} "
            f"({agreement.correct}/{agreement.pairs} pairs)"
        )
    print(f"{'reward':<14} {'correct':>7} {'ties':>5} {'pairs':>6} {'share':>6} {'exact':>6}")
    for reward, agreement in per_reward(labels, predicted).items():
        exact = sum(
            lab[reward.value] == pred[reward.value]
            for lab, pred in zip(labels, predicted, strict=True)
        ) / len(items)
        print(
            f"{reward.value:<14} {agreement.correct:>7} {agreement.ties:>5} "
            f"{agreement.pairs:>6} {agreement.share:>6.2f} {exact:>6.2f}"
        )
    total = overall(labels, predicted)
    print(f"pairwise ordering: {total.share:.2f} ({total.correct}/{total.pairs} pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
