"""`loopcoach refresh --role ID` and `loopcoach resume`: the refresh loop in a terminal.

Answers come from `--answers FILE` (one a line) or from standard input, typed at the
prompt; an empty line skips the question and "/done" ends the questions. Each answer
is saved before the next question is asked, so an interrupted run resumes where it
stopped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.profile import Level, parse_level
from coach.refresh.records import DraftStatus, SessionStatus
from coach.refresh.service import RefreshService, SessionView, UnconfirmedClaims
from coach.tasks import Cancelled, TaskContext

DONE = "/done"


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    refresh = sub.add_parser("refresh", help="refresh one CV role: questions, then drafts")
    home_option(refresh)
    refresh.add_argument("--role", type=int, required=True, metavar="ID", help="from `roles`")
    refresh.add_argument("--answers", type=Path, metavar="FILE", help="one answer a line")
    refresh.add_argument("--level", type=_level, help="target level (default: the profile's)")
    refresh.add_argument("--no-model", action="store_true", help="rule-based, even with a model")
    refresh.add_argument("--restart", action="store_true", help="start the role over")
    refresh.add_argument(
        "--accept-supported",
        action="store_true",
        help="accept every drafted line whose claims are all found in your own words",
    )
    refresh.add_argument("--json", action="store_true", help="print the drafts and provenance")
    refresh.set_defaults(handler=_refresh)

    resume = sub.add_parser("resume", help="the refreshed résumé, printed or exported")
    home_option(resume)
    resume.add_argument("--cv", type=int, metavar="DOC_ID", help="which CV (default: newest)")
    resume.add_argument("--out", type=Path, metavar="FILE", help=".md, .docx or .pdf")
    resume.set_defaults(handler=_resume)


def _level(text: str) -> Level:
    try:
        return parse_level(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _refresh(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    model = None
    try:
        level = args.level or _profile_level(services)
        service = services.refresh()
        view = service.start(args.role, level)
        if args.restart:
            view = service.restart(view.id, level)
        if not args.no_model and view.info.status != SessionStatus.REVIEWING:
            model, note = services.load_chat_model()
            if note:
                print(note, file=sys.stderr)
        say = (lambda *_: None) if args.json else print
        _show_role(view, say)
        answers = _answer_lines(args.answers)
        ctx = TaskContext()
        echo = args.answers is not None or not sys.stdin.isatty()
        view = _ask_loop(
            service, view, answers=answers, model=model, ctx=ctx, say=say, echo=echo
        )
        if view.info.status == SessionStatus.DRAFTING:
            say("\nDrafting…")
            view = service.draft(view.id, model, ctx)
        if args.accept_supported:
            view = _accept_supported(service, view)
        if args.json:
            print(json.dumps(_view_json(view), ensure_ascii=False, indent=2))
        else:
            _show_drafts(view)
        return 0
    except (Cancelled, KeyboardInterrupt):
        print("\nStopped. Your answers are saved; run the same command to go on.", file=sys.stderr)
        return 130
    finally:
        if model is not None:
            model.close()
        services.close()


def _profile_level(services: Any) -> Level:
    profile = services.profiles.load()
    if profile is None:
        raise UserError(
            "No target level yet.", hint="Set one: loopcoach profile --level Staff --track SRE"
        )
    return profile.level


def _answer_lines(path: Path | None) -> Iterator[str]:
    if path is None:
        yield from _typed()
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The answers file {path} cannot be read: {exc}.") from exc
    yield from lines


def _typed() -> Iterator[str]:
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


def _ask_loop(
    service: RefreshService,
    view: SessionView,
    *,
    answers: Iterator[str],
    model: Any,
    ctx: TaskContext,
    say: Callable[..., None],
    echo: bool,
) -> SessionView:
    while view.asking:
        view = service.next_question(view.id, model, ctx)
        pending = view.pending
        if pending is None:
            break
        say(f"\n[{pending.aspect}] {pending.question}")
        if pending.note:
            say(f"  ({pending.note})")
        answer = next(answers, None)
        if answer is None or answer.strip() == DONE:
            return service.end_questions(view.id)
        if echo:  # typed answers are on the screen already
            say(f"> {answer}")
        answered = answer.strip()
        view = service.answer(view.id, answer) if answered else service.skip(view.id)
    if view.asking:
        view = service.end_questions(view.id)
    return view


def _accept_supported(service: RefreshService, view: SessionView) -> SessionView:
    for draft in view.drafts:
        if draft.status == DraftStatus.PENDING and view.reviews[draft.id].supported:
            try:
                view = service.decide(draft.id, DraftStatus.ACCEPTED)
            except UnconfirmedClaims:  # cannot happen for a supported line; keep it pending
                continue
    return view


def _show_role(view: SessionView, say: Callable[..., None]) -> None:
    role = view.role
    say(f"{role.title} — {role.company}   (target: {view.level.label})")
    for bullet in role.bullets:
        say(f"  • {bullet}")
    say(f"Answered so far: {view.answered}. Empty line: skip. {DONE}: stop and draft.")


def _show_drafts(view: SessionView) -> None:
    if not view.drafts:
        print("\nNo changes to propose: answer a few more questions (--restart to begin again).")
        return
    print("\nDrafts (accept in the window, or rerun with --accept-supported):")
    for draft in view.drafts:
        review = view.reviews[draft.id]
        mark = {"pending": " ", "accepted": "✓", "edited": "✎", "rejected": "✗"}[draft.status]
        if draft.kind == "story" and draft.story is not None:
            print(f"[{mark}] #{draft.id} story: {draft.story.title}")
            for name, text in draft.story.parts():
                print(f"      {name}: {text}")
        else:
            if draft.original:
                print(f"    - {draft.original}")
            print(f"[{mark}] #{draft.id} + {draft.current}")
        for check in review.unsupported:
            print(f"      ! “{check.claim.text}”: {check.reason}")
        print(f"      level: {review.level.summary}")


def _view_json(view: SessionView) -> dict[str, Any]:
    return {
        "session": view.id,
        "status": view.info.status.value,
        "target_level": view.level.value,
        "role": {
            "id": view.role.id,
            "title": view.role.title,
            "company": view.role.company,
            "bullets": list(view.role.bullets),
        },
        "turns": [
            {
                "aspect": turn.aspect,
                "asked_by": turn.asked_by,
                "question": turn.question,
                "answer": turn.answer,
                "skipped": turn.skipped,
            }
            for turn in view.turns
        ],
        "gaps": [aspect.value for aspect in view.assessment.missing],
        "drafts": [
            {
                "id": draft.id,
                "kind": draft.kind,
                "author": draft.author,
                "status": draft.status.value,
                "replaces": draft.replaces,
                "original": draft.original,
                "text": draft.current,
                "story": dict(draft.story.parts()) | {"title": draft.story.title}
                if draft.story
                else None,
                "provenance": view.reviews[draft.id].to_dict(),
            }
            for draft in view.drafts
        ],
    }


def _resume(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415
    from coach.library.store import LibraryStore  # noqa: PLC0415
    from coach.refresh.export import to_markdown  # noqa: PLC0415

    services = build_services(args.home)
    try:
        cvs = LibraryStore(services.db).documents("cv")
        if not cvs:
            raise UserError("No CV in the library yet.", hint="loopcoach ingest CV.pdf --kind cv")
        cv_id = args.cv or cvs[-1].id
        years = services.settings.recency_years
        service = services.refresh()
        if args.out is None:
            print(to_markdown(service.resume(cv_id, years)), end="")
        else:
            written = service.export(cv_id, args.out, years)
            print(f"Wrote {written}")
        return 0
    finally:
        services.close()
