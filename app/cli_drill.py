"""`loopcoach drill`, `loopcoach drills` and `loopcoach scenarios`: mock rounds in a terminal.

`drill` prints the scenario, then takes answers one a line from `--answers FILE` or
standard input; an empty line or the end of input ends the drill. After each answer it
shows the hidden facts the answer's questions earned and the interviewer's follow-up,
then it scores the whole drill. Each answer is saved before anything else happens.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.cli_args import parsed_by
from coach.drills.records import DrillView, Speaker, Suggestion
from coach.drills.rubric import Reward
from coach.drills.scenarios import Round, Scenario
from coach.errors import UserError
from coach.profile import Level, Track, parse_level, parse_track
from coach.tasks import Cancelled, Progress, TaskContext

ROUNDS = [r.value for r in Round]


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    drill = sub.add_parser("drill", help="a mock interview round: answers, follow-ups, scores")
    home_option(drill)
    drill.add_argument("--round", choices=ROUNDS, help="which round (default: the suggested one)")
    drill.add_argument("--scenario", metavar="ID", help="a scenario id from `scenarios`")
    drill.add_argument("--answers", type=Path, metavar="FILE", help="one answer a line")
    drill.add_argument("--json", action="store_true", help="print the drill and scores as JSON")
    drill.add_argument("--no-model", action="store_true", help="rule probes and rule scoring")
    drill.add_argument("--k", type=int, default=3, help="model scorings to combine (default 3)")
    _level_track_options(drill)
    drill.set_defaults(handler=_drill)

    drills = sub.add_parser("drills", help="past drills, their scores and what to drill next")
    home_option(drills)
    drills.add_argument("--json", action="store_true", help="print JSON")
    _level_track_options(drills)
    drills.set_defaults(handler=_drills)

    scenarios = sub.add_parser("scenarios", help="the scenario bank, with generated scenarios")
    home_option(scenarios)
    scenarios.add_argument("--round", choices=ROUNDS, help="only this round")
    scenarios.add_argument("--json", action="store_true", help="print JSON")
    _level_track_options(scenarios, filters=True)
    scenarios.set_defaults(handler=_scenarios)


def _level_track_options(parser: argparse.ArgumentParser, *, filters: bool = False) -> None:
    what = "only scenarios for this" if filters else "default: the profile's"
    parser.add_argument("--level", type=parsed_by(parse_level), help=f"target level ({what})")
    parser.add_argument("--track", type=parsed_by(parse_track), help=f"track ({what})")


def _level_track(services: Any, args: argparse.Namespace) -> tuple[Level, Track]:
    if args.level and args.track:
        return args.level, args.track
    profile = services.profiles.load()
    if profile is None:
        raise UserError(
            "No target level and track yet.",
            hint="Set them: loopcoach profile --level Staff --track SRE (or pass --level and "
            "--track).",
        )
    return args.level or profile.level, args.track or profile.track


# ---- drill ----------------------------------------------------------------------------


def _drill(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    model = None
    drill_id: int | None = None
    try:
        level, track = _level_track(services, args)
        service = services.drills()
        say = (lambda *_: None) if args.json else print
        scenario_id = args.scenario
        if scenario_id is None and args.round is None:
            suggestion = service.suggest(level, track)
            scenario_id = suggestion.scenario.id
            say(f"Suggested: {suggestion.reason}.")
        if scenario_id is not None:
            service.scenario(scenario_id)  # an unknown id fails before a model loads
        if not args.no_model:
            model, note = services.load_chat_model()
            if note:
                print(note, file=sys.stderr)
        view = service.start(
            level=level,
            track=track,
            round=Round(args.round) if args.round else None,
            scenario_id=scenario_id,
        )
        drill_id = view.id
        _show_scenario(view, say)
        ctx = TaskContext(on_progress=_progress_printer(args.json))
        echo = args.answers is not None or not sys.stdin.isatty()
        view = _answer_loop(
            service,
            view,
            answers=_answer_lines(args.answers),
            model=model,
            ctx=ctx,
            say=say,
            echo=echo,
        )
        if not view.answers:
            service.delete(view.id)
            raise UserError("No answer was given, so there is nothing to score.",
                            hint="Answer the prompt on a line of its own.")  # fmt: skip
        say("\nScoring…")
        view = service.finish(view.id, model, ctx, k=args.k)
        if args.json:
            print(json.dumps(drill_json(view), ensure_ascii=False, indent=2))
        else:
            _show_scores(view)
        return 0
    except (Cancelled, KeyboardInterrupt):
        where = f" (drill {drill_id})" if drill_id is not None else ""
        print(f"\nStopped. Your answers are saved{where}.", file=sys.stderr)
        return 130
    finally:
        if model is not None:
            model.close()
        services.close()


def _answer_loop(
    service: Any,
    view: DrillView,
    *,
    answers: Iterator[str],
    model: Any,
    ctx: TaskContext,
    say: Callable[..., None],
    echo: bool,
) -> DrillView:
    for line in answers:
        if not line.strip():
            break
        if echo:  # typed answers are on the screen already
            say(f"> {line}")
        before = len(view.turns)
        view = service.answer(view.id, line)
        view = service.follow_up(view.id, model, ctx)
        _show_new_turns(view, before, say)
    return view


def _progress_printer(quiet: bool) -> Callable[[Progress], None]:
    def show(progress: Progress) -> None:
        if not quiet and progress.text:
            print(f"  … {progress.text}", file=sys.stderr)

    return show


def _answer_lines(path: Path | None) -> Iterator[str]:
    if path is None:
        if not sys.stdin.isatty():  # piped: no prompt, the loop echoes each answer
            yield from (line.rstrip("\r\n") for line in sys.stdin)
            return
        while True:
            try:
                yield input("> ")
            except EOFError:
                return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The answers file {path} cannot be read: {exc}.") from exc
    yield from lines


def _show_scenario(view: DrillView, say: Callable[..., None]) -> None:
    scenario = view.scenario
    say(f"{scenario.round.label}: {scenario.title}   [{scenario.id}]")
    say(f"(target: {view.info.level.label}, {view.info.track.label}; drill {view.id})\n")
    say(scenario.prompt)
    if scenario.artifact:
        say("")
        for line in scenario.artifact.splitlines():
            say(f"    {line}")
    say("\nOne answer a line; an empty line ends the drill and scores it.")


def _show_new_turns(view: DrillView, before: int, say: Callable[..., None]) -> None:
    for turn in view.turns[before:]:
        if turn.speaker == Speaker.FACT:
            say(f"  [fact] {turn.text}")
        elif turn.speaker == Speaker.INTERVIEWER:
            say(f"\nInterviewer ({turn.source}): {turn.text}")
            if turn.note:
                say(f"  ({turn.note})")


def _show_scores(view: DrillView) -> None:
    card = view.scorecard
    assert card is not None
    print(f"\nScores ({card.scorer}):")
    if view.score_note:
        print(f"  note: {view.score_note}")
    for score in card.scores:
        flag = "  uncertain" if score.uncertain else ""
        print(f"  {score.reward.value:<14} {score.score}/4  spread {score.spread:g}{flag}")
        for quote in score.evidence:
            print(f"      “{quote}”")
        print(f"      {score.rationale}")
    if view.revealed:
        print("\nFacts you earned by asking:")
        for fact in view.revealed:
            print(f"  • {fact.fact}")
    missed = [f for f in view.scenario.hidden_facts if f not in view.revealed]
    if missed:
        print("\nFacts you could have asked for:")
        for fact in missed:
            print(f"  • {fact.fact}")


def drill_json(view: DrillView) -> dict[str, Any]:
    card = view.scorecard
    return {
        "drill": view.id,
        "status": view.status.value,
        "level": view.info.level.value,
        "track": view.info.track.value,
        "started_at": view.info.started_at,
        "finished_at": view.info.finished_at,
        "elapsed_s": round(view.elapsed_s, 3),
        "scenario": view.scenario.to_dict(),
        "turns": [
            {
                "ordinal": t.ordinal,
                "speaker": t.speaker,
                "text": t.text,
                "source": t.source,
                "note": t.note,
                "aim": t.aim.value if t.aim else None,
            }
            for t in view.turns
        ],
        "revealed": [{"id": f.id, "fact": f.fact} for f in view.revealed],
        "scores": {s.reward.value: s.to_dict() for s in card.scores} if card else None,
        "scorer": card.scorer if card else None,
        "score_runs": [{r.value: run[r] for r in Reward} for run in view.score_runs],
        "score_note": view.score_note,
    }


# ---- drills ---------------------------------------------------------------------------


def _drills(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        service = services.drills()
        views = service.history()
        suggestion: Suggestion | None = None
        why_none = ""
        try:
            level, track = _level_track(services, args)
            suggestion = service.suggest(level, track)
        except UserError as exc:
            why_none = str(exc)
        if args.json:
            payload = {
                "drills": [_summary_json(view) for view in views],
                "progress": {
                    reward.value: [[at, score] for at, score in points]
                    for reward, points in service.progress().items()
                },
                "suggestion": _suggestion_json(suggestion),
            }
            print(json.dumps(payload, ensure_ascii=False, indent=2))
            return 0
        if not views:
            print("No drills yet.")
        for view in views:
            print(_summary_line(view))
        if suggestion is not None:
            print(f"\nNext: {suggestion.round.label}: {suggestion.scenario.title} "
                  f"[{suggestion.scenario.id}] ({suggestion.reason})")  # fmt: skip
        else:
            print(f"\nNo suggestion: {why_none}")
        return 0
    finally:
        services.close()


def _summary_json(view: DrillView) -> dict[str, Any]:
    card = view.scorecard
    return {
        "drill": view.id,
        "scenario_id": view.scenario.id,
        "title": view.scenario.title,
        "round": view.info.round.value,
        "level": view.info.level.value,
        "track": view.info.track.value,
        "status": view.status.value,
        "started_at": view.info.started_at,
        "finished_at": view.info.finished_at,
        "answers": len(view.answers),
        "revealed": len(view.revealed),
        "scorer": card.scorer if card else None,
        "scores": {s.reward.value: s.score for s in card.scores} if card else None,
        "uncertain": [s.reward.value for s in card.scores if s.uncertain] if card else [],
    }


def _summary_line(view: DrillView) -> str:
    card = view.scorecard
    when = (view.info.finished_at or view.info.started_at)[:16].replace("T", " ")
    if card is None:
        scores = f"{view.status.value}, {len(view.answers)} answer(s)"
    else:
        scores = " ".join(
            f"{s.reward.value[:4]} {s.score}{'?' if s.uncertain else ''}" for s in card.scores
        )
    return f"#{view.id:<4} {when}  {view.info.round.value:<9} {view.scenario.id:<34} {scores}"


def _suggestion_json(suggestion: Suggestion | None) -> dict[str, Any] | None:
    if suggestion is None:
        return None
    return {
        "reward": suggestion.reward.value if suggestion.reward else None,
        "round": suggestion.round.value,
        "scenario_id": suggestion.scenario.id,
        "title": suggestion.scenario.title,
        "reason": suggestion.reason,
    }


# ---- scenarios ------------------------------------------------------------------------


def _scenarios(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        service = services.drills()
        found = service.scenarios(
            Round(args.round) if args.round else None, track=args.track, level=args.level
        )
        if args.json:
            listed = [_scenario_json(s, service.is_generated(s.id)) for s in found]
            print(json.dumps(listed, ensure_ascii=False, indent=2))
            return 0
        for scenario in found:
            print(f"{scenario.round.value:<9} {scenario.id:<40} {scenario.title}")
        if not found:
            print("No scenarios match.")
        return 0
    finally:
        services.close()


def _scenario_json(scenario: Scenario, generated: bool) -> dict[str, Any]:
    """What a candidate may see before drilling: no hidden facts, no planted flaw."""
    return {
        "id": scenario.id,
        "round": scenario.round.value,
        "title": scenario.title,
        "levels": [level.value for level in scenario.levels],
        "tracks": [track.value for track in scenario.tracks],
        "scenario_type": scenario.scenario_type.value if scenario.scenario_type else None,
        "generated": generated,
    }
