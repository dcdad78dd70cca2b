"""Child process for test_crash_kill_model.py: a résumé refresh worked by the real model.

It opens a data folder the way the app does (`build_services`, passphrase from the
environment), loads the chat model chosen in the folder, and works refresh sessions on
the CV's roles: the model words each question, an answer is committed, and when the
questions are done the model drafts the role's lines, which are then accepted. When
every role is done a new CV is added. It prints what a restarted app shows first
(`state {...}`), then a line for everything the parent must find again after a kill:

    answered SESSION TURN TEXT     the answer is committed
    drafting SESSION N HASH        the model's draft is complete in memory, before writing
    drafted SESSION N HASH         the drafts are committed
    decided DRAFT STATUS           a decision is committed
    model PHASE                    a model call starts (question or draft)
    at N PHASE                     the N-th generated token of this process (the kill cue)

Usage: python -m tests.trust.model_kill_child HOME MODEL, then `go KILL_AT` on stdin
(0: never print `at`). The model is loaded before `go`, so the parent can start the
next child while this one works; the data folder is opened only after `go`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

PHASE = ["start"]
ANSWERS_PER_ROLE = 2  # then the candidate ends the questions: drafts come sooner
TOKENS = [0]


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")
    sys.stdout.flush()


def digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def cv_text(n: int) -> str:
    return (
        f"Dana Okafor {n}\nExperience\n"
        f"Staff SRE, Acme {n}, 2019 - Present\n"
        f"- Led the reliability programme for {n + 3} product teams\n"
        "- Ran the incident review process\n"
        f"Senior Engineer, Globex {n}, 2014 - 2019\n"
        "- Built the deployment pipeline\n"
    )


def answer_for(turn_id: int, company: str) -> str:
    return (
        f"At {company} I led {turn_id % 7 + 3} engineers through {turn_id + 10} incidents "
        f"and cut pages per week from {turn_id + 30} to {turn_id % 5 + 4} in two quarters."
    )


def counting(engine: Any, kill_at: int) -> None:
    """Count every generated piece of text (a token) of this process; at `kill_at`, say
    so: the parent kills at once, while the model keeps generating."""
    original = engine.stream

    def stream(*args: Any, **kwargs: Any) -> Generator[str, None, Any]:
        inner = original(*args, **kwargs)
        while True:
            try:
                piece = next(inner)
            except StopIteration as done:
                return done.value
            TOKENS[0] += 1
            if TOKENS[0] == kill_at:
                say("at", TOKENS[0], PHASE[0])
            yield piece

    engine.stream = stream  # complete_json calls self.stream: counted too


def state(services: Any) -> dict[str, Any]:
    from coach.refresh.store import RefreshStore

    store = RefreshStore(services.db)
    sessions = []
    for info in store.sessions():
        sessions.append(
            {
                "id": info.id,
                "status": str(info.status),
                "answers": {str(t.id): t.answer for t in store.turns(info.id) if t.answer},
                "drafts": [[d.id, d.text, str(d.status)] for d in store.drafts(info.id)],
            }
        )
    return {"integrity": services.db.integrity_ok(), "sessions": sessions}


def roles_to_do(services: Any, refresh: Any) -> Iterator[Any]:
    for role in refresh.roles():
        info = refresh.session_for(role.id)
        if info is None or str(info.status) != "reviewing":
            yield role
            continue
        if any(str(d.status) == "pending" for d in refresh.view(info.id).drafts):
            yield role


def work(services: Any, refresh: Any, model: Any) -> None:
    from coach.errors import UserError
    from coach.library.service import Library
    from coach.profile import Level
    from coach.refresh.records import DraftStatus, SessionStatus
    from coach.tasks import TaskContext

    ctx = TaskContext()
    library = Library(services.db)
    while True:
        role = next(iter(roles_to_do(services, refresh)), None)
        if role is None:
            count = len(library.documents("cv"))
            library.ingest_text(cv_text(count + 1), "cv")
            say("cv", count + 1)
            continue
        view = refresh.start(role.id, Level.STAFF)
        while view.info.status == SessionStatus.ASKING:
            PHASE[0] = "question"
            say("model question", view.id)
            view = refresh.next_question(view.id, model, ctx)
            if view.pending is None:
                break
            text = answer_for(view.pending.id, role.company)
            turn = view.pending.id
            view = refresh.answer(view.id, text)
            say("answered", view.id, turn, text)
            if view.answered >= ANSWERS_PER_ROLE:  # "/done": on to the model's draft
                view = refresh.end_questions(view.id)
        if view.info.status == SessionStatus.DRAFTING or not view.drafts:
            PHASE[0] = "draft"
            say("model draft", view.id)
            drafts = _model_drafts(refresh, view, model, ctx)
            if drafts is None:
                view = refresh.draft(view.id, None, ctx)  # the model's answer was unusable
            else:
                say("drafting", view.id, len(drafts), digest([d.text for d in drafts]))
                refresh._store.replace_drafts(view.id, drafts)  # as RefreshService.draft
                view = refresh.view(view.id)
            say("drafted", view.id, len(view.drafts), digest([d.text for d in view.drafts]))
        PHASE[0] = "decide"
        for draft in view.drafts:
            if str(draft.status) == "pending":
                try:
                    refresh.decide(draft.id, DraftStatus.ACCEPTED, confirm=True)
                except UserError:
                    refresh.decide(draft.id, DraftStatus.REJECTED)
                say("decided", draft.id)


def _model_drafts(refresh: Any, view: Any, model: Any, ctx: Any) -> Any:
    """The model's drafts, as RefreshService.draft makes them, or None when unusable."""
    from coach.errors import UserError
    from coach.refresh.model_draft import model_drafts

    refresh._stop_asking(view.id)
    view = refresh.view(view.id)
    try:
        return model_drafts(model, view.role, view.level, view.turns, ctx).drafts
    except UserError:
        return None


def main() -> None:
    from app.offline import keep_offline

    keep_offline()
    home, model_path = Path(sys.argv[1]), Path(sys.argv[2])
    from app.services import build_services
    from models.chat_engine import ChatEngine

    model = ChatEngine(model_path, n_threads=1)  # as Services.load_chat_model, before `go`
    say("loaded")
    command = sys.stdin.readline().split()
    if not command or command[0] != "go":
        return
    counting(model, int(command[1]))
    services = build_services(home)
    say("state", json.dumps(state(services)))
    refresh = services.refresh()
    say("ready")
    work(services, refresh, model)


if __name__ == "__main__":
    main()
