"""Coaching quality on labelled data: drill scoring, then (when present) résumé refresh.

Drills: bench/data/quality/drills/answers.json holds, per scenario, a strong, a medium,
a fluent-decoy and a weak answer, graded by hand; split.json fixes which scenarios were
tuned on. A scorer orders a scenario's answers right when, on the total of its five
reward scores, strong > medium > decoy and strong > medium > weak: five pairs per
scenario. A tie is wrong. Printed per path (rules, Qwen 0.5B, Qwen 1.5B): pairs ordered
right, the tiers' mean totals, the floor for the one-line non-answer, seconds per check,
and the cost of k=3 against k=1 (same answers, same loaded model).

Refresh: bench/_quality_refresh.py (written with the refresh work) exposes
`run(paths, split)`; it runs after the drills when the file exists.

Targets (issue 16, holdout): 1.5B >= 95% of pairs, rules >= 90%, k=3 <= 1.5x k=1, a full
card within 90 s on 2 cores with the 1.5B.

Run: .venv/bin/python bench/quality.py [--paths rules,0.5b,1.5b] [--split holdout|tune|all]
     [--limit N scenarios] [--k-cost N answers] [--details]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _models  # noqa: F401  (puts the repo on sys.path; logging quiet)

from coach.drills.checklist import checklist
from coach.drills.model_checks import score_with_checks
from coach.drills.rubric import Reward, Rubric
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import Scenario, ScenarioBank
from coach.drills.scoring import Scorecard
from coach.profile import Level
from coach.tasks import TaskContext

DATA = Path(__file__).resolve().parent / "data" / "quality" / "drills"
TIERS = ("strong", "medium", "decoy", "weak")
ORDERED = (("strong", "medium"), ("strong", "decoy"), ("strong", "weak"), ("medium", "decoy"),
           ("medium", "weak"))  # fmt: skip
NON_ANSWER = "We should just freeze everything. It will be fine."


@dataclass(frozen=True)
class Item:
    id: str
    scenario_id: str
    tier: str
    answer: str


def load(split: str) -> list[Item]:
    answers = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))["answers"]
    chosen = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    keep = set(chosen["tune"]) | set(chosen["holdout"]) if split == "all" else set(chosen[split])
    return [Item(**a) for a in answers if a["scenario_id"] in keep]


def total(card: Scorecard) -> int:
    return sum(card.score(r) for r in Reward)


def ordered_pairs(totals: dict[str, dict[str, int]]) -> tuple[int, int]:
    right = pairs = 0
    for by_tier in totals.values():
        for high, low in ORDERED:
            pairs += 1
            right += by_tier[high] > by_tier[low]
    return right, pairs


Scorer = Callable[[Item, Scenario], Scorecard]


def run_path(name: str, score: Scorer, items: Sequence[Item], bank: ScenarioBank,
             details: bool) -> None:  # fmt: skip
    totals: dict[str, dict[str, int]] = {}
    started = time.perf_counter()
    checks = 0
    for item in items:
        scenario = bank.get(item.scenario_id)
        card = score(item, scenario)
        checks += len(checklist(scenario))
        totals.setdefault(item.scenario_id, {})[item.tier] = total(card)
        if details:
            cells = " ".join(f"{r.value[:4]}={card.score(r)}" for r in Reward)
            print(f"  {item.id:<48} {total(card):>2}  {cells}")
    seconds = time.perf_counter() - started
    right, pairs = ordered_pairs(totals)
    means = {t: statistics.mean(v[t] for v in totals.values()) for t in TIERS}
    print(
        f"{name:<10} pairs ordered right {right}/{pairs} ({right / pairs:.0%}); mean totals "
        + ", ".join(f"{t} {means[t]:.1f}" for t in TIERS)
        + f"; {seconds / max(checks, 1):.2f} s per check step, {seconds / len(items):.1f} s "
        "per answer"
    )
    bad = [sid for sid, v in totals.items() if not all(v[h] > v[lo] for h, lo in ORDERED)]
    if bad:
        print(f"{'':<10} scenarios with a pair out of order: {', '.join(bad)}")


def model_scorer(path: Path, rubric: Rubric, k: int) -> tuple[Scorer, object]:
    from models.chat_engine import ChatEngine

    engine = ChatEngine(path, n_threads=2)

    def score(item: Item, scenario: Scenario) -> Scorecard:
        return score_with_checks(
            engine, scenario, level=Level.STAFF, answer=item.answer, revealed=(),
            ctx=TaskContext(), k=k, rubric=rubric,
        ).card  # fmt: skip

    return score, engine


def k_cost(engine: object, items: Sequence[Item], bank: ScenarioBank, rubric: Rubric) -> None:
    """k=1 then k=3 on the same answers with the same loaded model; the ratio of times."""
    times: dict[int, float] = {}
    spreads: list[float] = []
    card_seconds: list[float] = []
    for k in (1, 3):
        started = time.perf_counter()
        for item in items:
            began = time.perf_counter()
            scored = score_with_checks(
                engine, bank.get(item.scenario_id), level=Level.STAFF,  # type: ignore[arg-type]
                answer=item.answer, revealed=(), ctx=TaskContext(), k=k, rubric=rubric,
            )  # fmt: skip
            if k == 3:
                spreads += [s.spread for s in scored.card.scores]
                card_seconds.append(time.perf_counter() - began)
        times[k] = time.perf_counter() - started
    print(
        f"{'':<10} k=3 costs {times[3] / times[1]:.2f}x k=1 ({times[1]:.0f} s vs {times[3]:.0f} s "
        f"over {len(items)} answers); a full k=3 card took {max(card_seconds):.0f} s at most; "
        f"mean spread per reward {statistics.mean(spreads):.2f}"
    )


def floor_line(name: str, score: Scorer, bank: ScenarioBank) -> None:
    scenario = bank.get("judg-error-budget-launch")
    card = score(Item("non-answer", scenario.id, "weak", NON_ANSWER), scenario)
    print(f"{'':<10} the one-line non-answer totals {total(card)} (floor 5)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", default="rules,0.5b,1.5b")
    parser.add_argument("--split", default="holdout", choices=("holdout", "tune", "all"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N scenarios")
    parser.add_argument("--k", type=int, default=1, help="repeat runs per check (model paths)")
    parser.add_argument("--k-cost", type=int, default=2, help="answers for the k=3/k=1 ratio")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args(argv)
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    bank, rubric = ScenarioBank.load(), Rubric.load()
    items = load(args.split)
    if args.limit:
        keep = list(dict.fromkeys(i.scenario_id for i in items))[: args.limit]
        items = [i for i in items if i.scenario_id in keep]
    scenarios = len({i.scenario_id for i in items})
    print(f"drill scoring, {args.split}: {len(items)} answers over {scenarios} scenarios")
    for name in paths:
        if name == "rules":
            rules: Scorer = lambda item, scenario: score_answer(item.answer, scenario)  # noqa: E731
            run_path("rules", rules, items, bank, args.details)
            floor_line("rules", rules, bank)
            continue
        from _models import instruct_model, reference_model

        model_path = {"0.5b": instruct_model, "1.5b": reference_model}[name]()
        score, engine = model_scorer(model_path, rubric, args.k)
        run_path(f"qwen-{name}", score, items, bank, args.details)
        floor_line(name, score, bank)
        if args.k_cost:
            medium = [i for i in items if i.tier == "medium"]  # mid-length answers
            k_cost(engine, medium[: args.k_cost], bank, rubric)
        engine.close()  # type: ignore[attr-defined]
    refresh = Path(__file__).with_name("_quality_refresh.py")
    if refresh.exists():
        spec = importlib.util.spec_from_file_location("_quality_refresh", refresh)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.run(paths, args.split)
    else:
        print("refresh: bench/_quality_refresh.py is not here yet; skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
