"""`loopcoach stories`, `story show`, `prep` and `brief`: the story bank and per-posting prep
in a terminal. Everything works with no chat model; an embedding model, when one is
chosen, adds matching by meaning to matching by keywords. With a chat model chosen, `prep`
runs the window's model pass (PrepService.model_prep): requirements the rules missed, kept
only as the posting's own words, and the matches explained; `--no-model` skips it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli_args import parsed_by
from coach.errors import UserError
from coach.prep.brief import strength_word
from coach.prep.matcher import Match
from coach.prep.model_prep import ALREADY_LISTED, RequirementExtraction
from coach.prep.records import Prep
from coach.profile import Level, parse_level
from coach.stories.records import Competency, StoredStory
from coach.tasks import TaskContext

LEVEL = parsed_by(parse_level)


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    stories = sub.add_parser("stories", help="the story bank and its coverage")
    home_option(stories)
    stories.add_argument(
        "--competency", choices=[c.value for c in Competency], help="only stories tagged so"
    )
    stories.add_argument("--reads-as", type=LEVEL, help="only stories that read at this level")
    stories.add_argument("--level", type=LEVEL, help="target level (default: the profile's)")
    stories.add_argument("--json", action="store_true", help="print JSON")
    stories.set_defaults(handler=_stories)

    story = sub.add_parser("story", help="one story: its parts, checks, cuts and versions")
    story_sub = story.add_subparsers(dest="story_command", required=True)
    show = story_sub.add_parser("show", help="show a story")
    home_option(show)
    show.add_argument("id", type=int, help="the story's number, from `stories`")
    show.add_argument("--level", type=LEVEL, help="target level (default: the profile's)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_story_show)

    prep = sub.add_parser("prep", help="a posting's requirements against your stories and CV")
    home_option(prep)
    prep.add_argument("posting_id", type=int, help="the posting's document id, from `docs`")
    prep.add_argument("--level", type=LEVEL, help="target level (default: the profile's)")
    prep.add_argument("--keywords-only", action="store_true", help="no embedding model")
    prep.add_argument(
        "--no-model", action="store_true", help="rules only: no chat model pass, as without one"
    )
    prep.add_argument("--json", action="store_true", help="print JSON")
    prep.set_defaults(handler=_prep)

    brief = sub.add_parser("brief", help="export a posting's prep brief (.md or .pdf)")
    home_option(brief)
    brief.add_argument("posting_id", type=int, help="the posting's document id, from `docs`")
    brief.add_argument("--out", type=Path, required=True, metavar="FILE", help=".md or .pdf")
    brief.add_argument("--level", type=LEVEL, help="target level (default: the profile's)")
    brief.add_argument("--keywords-only", action="store_true", help="no embedding model")
    brief.set_defaults(handler=_brief)


def _target(services: Any, args: argparse.Namespace) -> Level:
    if args.level is not None:
        return args.level
    profile = services.profiles.load()
    if profile is None:
        raise UserError(
            "No target level yet.",
            hint="Set it: loopcoach profile --level Staff --track SRE (or pass --level).",
        )
    return profile.level


# ---- stories ---------------------------------------------------------------------------


def _stories(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        level = _target(services, args)
        bank = services.stories()
        bank.import_from_refresh()
        listed = bank.stories(
            competency=Competency(args.competency) if args.competency else None,
            reads_as=args.reads_as,
            target=level,
        )
        coverage = bank.coverage(level)
        if args.json:
            data = {
                "level": level.value,
                "stories": [_story_json(bank, story, level) for story in listed],
                "coverage": _coverage_json(coverage),
            }
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        if not listed:
            print("No stories" + (" match these filters." if args.competency or args.reads_as
                                  else " yet. Accept stories in `loopcoach refresh`."))  # fmt: skip
        for story in listed:
            checks = bank.check(story.content, level)
            tags = ", ".join(c.value for c in story.content.competencies) or "untagged"
            reads = checks.level.reads_as.label if checks.level.reads_as else "no level yet"
            print(f"#{story.id}  {story.content.title}")
            print(f"     {tags} · reads as: {reads} · {checks.spoken_seconds} s spoken"
                  f" · v{story.version}")  # fmt: skip
        print()
        for line in coverage.summary:
            print(line)
        return 0
    finally:
        services.close()


def _story_show(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        level = _target(services, args)
        bank = services.stories()
        story = bank.get(args.id)
        if args.json:
            data = _story_json(bank, story, level, full=True)
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        content = story.content
        print(f"#{story.id}  {content.title}  (version {story.version}, {story.origin.value})")
        tags = ", ".join(c.label for c in content.competencies) or "none"
        print(f"Competencies: {tags}")
        for name, text in content.parts():
            print(f"\n{name.capitalize()}: {text}")
        checks = bank.check(content, level)
        print(f"\n{checks.words} words, about {round(checks.spoken_seconds)} s spoken.")
        print(checks.level.summary)
        for check in checks.checks:
            print(f"  {'✓' if check.ok else '✗'} {check.label}: {check.message}")
        for cut in bank.cuts(content):
            state = "whole story" if cut.complete else f"{cut.words} words"
            print(f"\n— {_duration(cut.seconds)} cut ({state}):\n{cut.text}")
        return 0
    finally:
        services.close()


def _duration(seconds: int) -> str:
    return f"{seconds} s" if seconds < 120 else f"{seconds // 60} min"


def _story_json(bank: Any, story: StoredStory, level: Level, *, full: bool = False) -> dict:
    checks = bank.check(story.content, level)
    content = story.content
    data: dict[str, Any] = {
        "id": story.id,
        "title": content.title,
        "origin": story.origin.value,
        "version": story.version,
        "updated_at": story.updated_at,
        "competencies": [c.value for c in content.competencies],
        "role_ids": list(content.role_ids),
        "reads_as": checks.level.reads_as.value if checks.level.reads_as else None,
        "words": checks.words,
        "spoken_seconds": round(checks.spoken_seconds),
    }
    if full:
        data["parts"] = dict(content.parts())
        data["level_summary"] = checks.level.summary
        data["checks"] = [
            {"key": c.key, "ok": c.ok, "label": c.label, "message": c.message}
            for c in checks.checks
        ]
        data["cuts"] = [
            {"seconds": c.seconds, "words": c.words, "complete": c.complete, "text": c.text}
            for c in bank.cuts(content)
        ]
        data["versions"] = [
            {"version": v.version, "created_at": v.created_at} for v in bank.versions(story.id)
        ]
    return data


def _coverage_json(coverage: Any) -> dict:
    return {
        "slots": {slot.value: list(ids) for slot, ids in coverage.slots.items()},
        "empty": [slot.value for slot in coverage.empty],
        "thin": [slot.value for slot in coverage.thin],
        "at_level": list(coverage.at_level),
        "summary": list(coverage.summary),
    }


# ---- prep and brief --------------------------------------------------------------------


def _open_prep(services: Any, args: argparse.Namespace) -> tuple[Any, Any]:
    embedder = None
    if not args.keywords_only:
        embedder, note = services.load_embedder()
        if note:
            print(note, file=sys.stderr)
    return services.prep(lambda: embedder), embedder


def _prep(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    embedder = model = None
    try:
        level = _target(services, args)
        service, embedder = _open_prep(services, args)
        service.posting(args.posting_id)  # an unknown id fails before anything loads
        if not args.no_model:
            model, note = services.load_chat_model()
            if model is None:
                reason = note.split(":")[0] if note else "No chat model"
                print(f"{reason}: the requirements are the rules' alone.", file=sys.stderr)
        found: RequirementExtraction | None = None
        explain_note = ""
        if model is None:
            prep = service.prep(args.posting_id, level, TaskContext())
        else:  # the window's model pass, the same call
            prep, found, explain_note = service.model_prep(args.posting_id, level, model)
        if args.json:
            report = prep_json(prep)
            if found is not None:
                report["model"] = _model_json(found, explain_note)
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            _show_prep(prep)
            if found is not None:
                _show_model(found, explain_note)
        return 0
    finally:
        for loaded in (embedder, model):
            if loaded is not None and hasattr(loaded, "close"):
                loaded.close()
        services.close()


def _model_json(found: RequirementExtraction, explain_note: str) -> dict:
    return {
        "added": [{"text": r.text, "kind": r.kind} for r in found.added],
        "dropped": [{"text": text, "reason": reason} for text, reason in found.dropped],
        "agreed": found.agreed,
        "disagreements": [
            {"text": d.text, "rules": d.rules, "model": d.model} for d in found.disagreements
        ],
        "explanations": explain_note or "shown",
    }


def _show_model(found: RequirementExtraction, explain_note: str) -> None:
    print(
        f"\nModel check: {len(found.added)} requirement(s) added, {found.agreed} agreed with "
        f"the rules, {len(found.dropped) - found.agreed} dropped."
    )
    for requirement in found.added:
        print(f"  + [{requirement.kind}] {requirement.text}")
    for disagreement in found.disagreements:
        print(
            f"  ~ rules say {disagreement.rules}, model says {disagreement.model}: "
            f"{disagreement.text}"
        )
    for text, reason in found.dropped:
        if reason != ALREADY_LISTED:
            print(f"  - {text} ({reason})")
    if explain_note:
        print(f"  No explanations: {explain_note}")


def _brief(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    embedder = None
    try:
        level = _target(services, args)
        service, embedder = _open_prep(services, args)
        service.posting(args.posting_id)
        path = service.export_brief(args.posting_id, level, args.out)
        print(f"Saved the brief to {path}")
        return 0
    finally:
        if embedder is not None:
            embedder.close()
        services.close()


def _match_json(match: Match) -> dict:
    return {
        "kind": match.evidence.kind.value,
        "ref": match.evidence.ref,
        "label": match.evidence.label,
        "text": match.evidence.text,
        "strength": match.strength.value,
        "score": round(match.score, 3),
        "shared_terms": list(match.shared_terms),
    }


def prep_json(prep: Prep) -> dict:
    posting = prep.posting
    return {
        "posting": {
            "id": posting.id,
            "title": posting.title,
            "company": posting.company,
            "level_hints": list(posting.level_hints),
        },
        "level": prep.level.value,
        "mode": prep.mode,
        "requirements": [
            {
                "text": r.text,
                "kind": r.kind,
                "section": r.section,
                "strength": r.strength.value if r.strength else None,
                "evidence": [_match_json(m) for m in r.matches],
            }
            for r in prep.requirements
        ],
        "gaps": [
            {
                "requirement": g.requirement,
                "kind": g.kind,
                "question": g.question,
                "role_id": g.role_id,
                "role": g.role_label,
                "closest": g.closest,
            }
            for g in prep.gaps
        ],
        "keywords": {
            "covered": [
                {"term": h.term.name, "found_as": h.found_as} for h in prep.keywords.covered
            ],
            "missing": [h.term.name for h in prep.keywords.missing],
            "ratio": round(prep.keywords.ratio, 3),
        },
        "values": [
            {"value": v.value, "stories": [_match_json(m) for m in v.matches]} for v in prep.values
        ],
        "rounds": [
            {
                "round": plan.round.key,
                "label": plan.round.label,
                "stories": [
                    {"id": s.story_id, "title": s.title, "why": s.reason} for s in plan.stories
                ],
                "advice": plan.advice,
            }
            for plan in prep.rounds
        ],
        "questions": list(prep.questions),
        "notes": prep.notes,
        "notices": list(prep.notices),
    }


def _show_prep(prep: Prep) -> None:
    posting = prep.posting
    print(posting.label)
    shown, total = prep.must_shown
    matching = "keywords and meaning" if prep.mode == "hybrid" else "keywords only"
    print(f"Target: {prep.level.label}. Must-haves shown: {shown} of {total}. "
          f"Matching: {matching}.")  # fmt: skip
    for notice in prep.notices:
        print(f"  ! {notice}")
    print("\nRequirements")
    for requirement in prep.requirements:
        kind = "must" if requirement.kind == "must" else "nice"
        print(f"  [{kind}] {strength_word(requirement.strength):7} {requirement.text}")
        for match in requirement.matches:
            print(f"           ← {match.evidence.label}: {match.evidence.text[:140]}")
    if prep.gaps:
        print("\nGaps")
        for gap in prep.gaps:
            print(f"  {gap.requirement}\n    ask in {gap.role_label or 'a role'}: {gap.question}")
    keywords = prep.keywords
    print(f"\nKeywords in your CV: {len(keywords.covered)} of {len(keywords.terms)}")
    if keywords.missing:
        print("  missing: " + ", ".join(hit.term.name for hit in keywords.missing))
    if prep.values:
        print("\nValues")
        for link in prep.values:
            stories = "; ".join(m.evidence.label for m in link.matches) or "no story yet"
            print(f"  {link.value} ← {stories}")
    print("\nRound plan")
    for plan in prep.rounds:
        stories = "; ".join(s.title for s in plan.stories) or plan.advice
        print(f"  {plan.round.label}: {stories}")
    print("\nQuestions to ask")
    for question in prep.questions:
        print(f"  - {question}")
