"""Refresh quality on the labelled sessions in bench/data/quality/refresh.

Per path (rules, Qwen 0.5B, Qwen 1.5B) it prints: answer facts used in drafts, invented
claims left unflagged, wrong replacements, stories with repeated or missing parts,
drafts with no level reading, model questions kept (with why the others were not) and
seconds per step. `bench/quality.py` imports `run`; alone:

    python bench/_quality_refresh.py --paths rules,0.5b --split holdout
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import _models
from coach.library.store import StoredRole
from coach.profile import Level
from coach.protocols import ChatModel
from coach.refresh.asking import ask
from coach.refresh.gaps import assess_role
from coach.refresh.model_draft import model_drafts
from coach.refresh.question_bank import QuestionBank
from coach.refresh.records import DraftLine, DraftStatus, Story, Turn
from coach.refresh.review import LineReview, review_draft, role_sources
from coach.refresh.rule_draft import rule_drafts
from coach.refresh.store import NewDraft
from coach.tasks import Progress, TaskContext

DATA = Path(__file__).resolve().parent / "data" / "quality" / "refresh"
PATHS = ("rules", "0.5b", "1.5b")
# Questions asked per session on a model path: the first, and one after two answers.
QUESTION_POINTS = (0, 2)


@dataclass
class Tally:
    facts: int = 0
    facts_used: int = 0
    invented_unflagged: int = 0
    invented_examples: list[str] = field(default_factory=list)
    replacements: int = 0
    wrong_replacements: int = 0
    wrong_examples: list[str] = field(default_factory=list)
    stories: int = 0
    broken_stories: int = 0
    no_story: int = 0
    drafts: int = 0
    no_level: int = 0
    questions: int = 0
    questions_kept: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    fallbacks: Counter[str] = field(default_factory=Counter)
    step_seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def load(split: str) -> list[dict[str, Any]]:
    sessions = json.loads((DATA / "sessions.json").read_text(encoding="utf-8"))["sessions"]
    if split == "all":
        return list(sessions)
    wanted = set(json.loads((DATA / "split.json").read_text(encoding="utf-8"))[split])
    return [s for s in sessions if s["id"] in wanted]


def role_of(session: dict[str, Any]) -> StoredRole:
    r = session["role"]
    return StoredRole(
        1, 1, 0, r["company"], r["title"], "", None, None, False, False, tuple(r["bullets"])
    )


def turns_of(session: dict[str, Any], upto: int | None = None) -> list[Turn]:
    answers = session["answers"][:upto] if upto is not None else session["answers"]
    return [
        Turn(i + 1, i + 1, a["aspect"], "bank", None, "", a["question"], a["answer"], False, None)
        for i, a in enumerate(answers)
    ]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _lines(drafts: Sequence[DraftLine]) -> list[tuple[DraftLine, str, str]]:
    """(draft, part, text) for every bullet and every story part."""
    out: list[tuple[DraftLine, str, str]] = []
    for draft in drafts:
        story = draft.story
        if story is None:
            out.append((draft, "bullet", draft.current))
        else:
            out += [(draft, name, text) for name, text in story.parts()]
    return out


def _flagged(review: LineReview, part: str, start: int, end: int) -> bool:
    for name, report in review.parts:
        if name != part:
            continue
        for check in report.unsupported:
            if check.claim.start < end and start < check.claim.end:
                return True
    return False


_NUMBERISH = re.compile(r"\$?\d[\d,.]*\s*(?:%|k\b|m\b|ms\b|x\b)?", re.I)


def _digits(text: str) -> str:
    return re.sub(r"[^\d.]", "", text).strip(".")


def score_session(  # noqa: PLR0912  (one pass over the drafts, one metric per branch)
    session: dict[str, Any], drafts: Sequence[DraftLine], tally: Tally
) -> None:
    role, turns = role_of(session), turns_of(session)
    level = Level(session["level"])
    sources = role_sources(role, turns)
    source_text = _norm(" ".join(s.text for s in sources))
    reviews = {d.id: review_draft(d, sources, level) for d in drafts}
    everything = _norm(" ".join(text for _, _, text in _lines(drafts)))
    tally.facts += len(session["facts"])
    tally.facts_used += sum(1 for fact in session["facts"] if _norm(fact) in everything)
    for draft, part, text in _lines(drafts):
        low = text.lower()
        for phrase in session["must_not_say"]:
            for m in re.finditer(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)", low):
                if phrase.lower() in source_text:
                    continue
                if not _flagged(reviews[draft.id], part, m.start(), m.end()):
                    tally.invented_unflagged += 1
                    tally.invented_examples.append(f"{session['id']}: {phrase!r} in {text!r}")
        known = {_digits(n) for n in _NUMBERISH.findall(source_text)}
        for m in _NUMBERISH.finditer(text):
            digits = _digits(m.group())
            unflagged = not _flagged(reviews[draft.id], part, m.start(), m.end())
            if digits and digits not in known and unflagged:
                    tally.invented_unflagged += 1
                    tally.invented_examples.append(f"{session['id']}: number {m.group()!r}")
    for draft in drafts:
        tally.drafts += 1
        if reviews[draft.id].level.summary.startswith("no level yet"):
            tally.no_level += 1
        if draft.kind == "bullet" and draft.replaces is not None:
            tally.replacements += 1
            topics = session["topics"][draft.replaces]
            original = role.bullets[draft.replaces]
            low = draft.current.lower()
            on_topic = any(word.lower() in low for word in topics)
            kept = all(n in draft.current for n in re.findall(r"\$?\d[\d,.]*[%MKB]?", original))
            if not (on_topic and kept):
                tally.wrong_replacements += 1
                tally.wrong_examples.append(f"{session['id']}: {original!r} -> {draft.current!r}")
    stories = [d.story for d in drafts if d.story is not None]
    if not stories:
        tally.no_story += 1
    for story in stories:
        tally.stories += 1
        if broken(story, [t.answer or "" for t in turns]):
            tally.broken_stories += 1


def broken(story: Story, answers: Sequence[str]) -> bool:
    """A part missing, a sentence in two parts, or a result not taken from the answers."""
    parts = [story.situation, story.task, story.action, story.result]
    if any(not p.strip() for p in parts):
        return True
    seen: set[str] = set()
    for part in parts:
        for sentence in re.split(r"(?<=[.!?])\s+", part):
            key = _norm(sentence).rstrip(".")
            if len(key.split()) >= 3 and key in seen:
                return True
            seen.add(key)
    result_words = set(re.findall(r"[a-z0-9$%]+", story.result.lower()))
    answer_words = set(re.findall(r"[a-z0-9$%]+", " ".join(answers).lower()))
    return len(result_words & answer_words) < max(1, len(result_words) // 2)


def as_lines(drafts: Sequence[NewDraft]) -> list[DraftLine]:
    return [
        DraftLine(i + 1, i + 1, d.kind, d.author, DraftStatus.PENDING, False, d.replaces,
                  d.original, d.text, None)
        for i, d in enumerate(drafts)
    ]


class StepClock:
    """Seconds per step, read from the pipeline's progress texts ("step: ...")."""

    def __init__(self, tally: Tally) -> None:
        self._tally = tally
        self._step: str | None = None
        self._since = time.perf_counter()

    def __call__(self, progress: Progress) -> None:
        self.stop()
        step = progress.text.split(":")[0].strip()
        self._step = step if step in ("pick", "bullet", "story") else None
        self._since = time.perf_counter()

    def stop(self) -> None:
        if self._step is not None:
            self._tally.step_seconds[self._step].append(time.perf_counter() - self._since)
        self._step = None


def questions(session: dict[str, Any], model: ChatModel, tally: Tally, bank: QuestionBank) -> None:
    role, level = role_of(session), Level(session["level"])
    for upto in QUESTION_POINTS:
        turns = turns_of(session, upto)
        material = [*role.bullets, *(t.answer or "" for t in turns)]
        missing = assess_role(material, level).missing
        if not missing:
            continue
        started = time.perf_counter()
        asked = ask(role, level, turns, aspects=missing, bank=bank, model=model, ctx=TaskContext())
        tally.step_seconds["question"].append(time.perf_counter() - started)
        if asked is None:
            continue
        tally.questions += 1
        if asked.asked_by == "model":
            tally.questions_kept += 1
        else:
            tally.rejections[asked.note.split(" This one")[0] or "(no reason)"] += 1


def run_path(path: str, sessions: Sequence[dict[str, Any]], verbose: bool = False) -> Tally:
    tally = Tally()
    model: Any = None
    if path != "rules":
        from models.chat_engine import ChatEngine

        file = _models.instruct_model() if path == "0.5b" else _models.reference_model()
        model = ChatEngine(file, n_threads=2)
    bank = QuestionBank.load()
    for session in sessions:
        role, turns, level = role_of(session), turns_of(session), Level(session["level"])
        if model is None:
            started = time.perf_counter()
            drafts = rule_drafts(role, turns)
            tally.step_seconds["rules"].append(time.perf_counter() - started)
        else:
            clock = StepClock(tally)
            ctx = TaskContext(on_progress=clock)
            outcome = model_drafts(model, role, level, turns, ctx)
            clock.stop()
            drafts = outcome.drafts
            for note in outcome.notes:
                tally.fallbacks[note.split(" (")[0]] += 1
                if verbose:
                    print(f"  fell back: {note}")
            questions(session, model, tally, bank)
        lines = as_lines(drafts)
        if verbose:
            print(f"--- {session['id']}")
            for line in lines:
                print(f"  [{line.kind} replaces={line.replaces}] {line.current}")
        score_session(session, lines, tally)
    if model is not None:
        model.close()
    return tally


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else f"{a}/0"


def report(path: str, split: str, sessions: int, t: Tally) -> None:
    print(f"\n== refresh quality: {path}, {split} ({sessions} sessions)")
    print(f"answer facts used in drafts   {_pct(t.facts_used, t.facts)}")
    print(f"invented claims unflagged     {t.invented_unflagged}")
    for example in t.invented_examples[:5]:
        print(f"    {example}")
    print(f"wrong replacements            {t.wrong_replacements} of {t.replacements} replacements")
    for example in t.wrong_examples[:5]:
        print(f"    {example}")
    print(f"stories broken                {t.broken_stories} of {t.stories}"
          f" (sessions with no story: {t.no_story})")
    print(f"drafts with no level reading  {t.no_level} of {t.drafts}")
    if path != "rules":
        print(f"model questions kept          {_pct(t.questions_kept, t.questions)}")
        for reason, count in t.rejections.most_common():
            print(f"    {count} x {reason}")
        for note, count in t.fallbacks.most_common():
            print(f"    fell back {count} x: {note}")
    for step, seconds in sorted(t.step_seconds.items()):
        print(f"seconds per step {step:<14} {sum(seconds) / len(seconds):6.2f}"
              f"  (n={len(seconds)}, max {max(seconds):.2f})")


def run(paths: list[str], split: str) -> None:
    sessions = load(split)
    for path in paths:
        if path not in PATHS:
            raise SystemExit(f"unknown path {path!r}; choose from {', '.join(PATHS)}")
        report(path, split, len(sessions), run_path(path, sessions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", default="rules", help="comma-separated: rules,0.5b,1.5b")
    parser.add_argument("--split", default="holdout", choices=("tune", "holdout", "all"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N sessions")
    parser.add_argument("--verbose", action="store_true", help="print every draft")
    args = parser.parse_args()
    sessions = load(args.split)
    if args.limit:
        sessions = sessions[: args.limit]
    for path in args.paths.split(","):
        report(path, args.split, len(sessions), run_path(path, sessions, args.verbose))


if __name__ == "__main__":
    main()
