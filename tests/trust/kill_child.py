"""The process that tests/trust/test_crash_kill.py kills with SIGKILL.

    python tests/trust/kill_child.py MODE HOME [--model GGUF] [--start N] [--verify] [--wait]

MODE is `ingest` (add a stream of distinct generated CVs and postings, with vectors) or
`refresh` (answer questions in refresh sessions on CV roles, no chat model); with
`--verify` the child only reports the state and exits.

On start the child opens the data folder the way the app does (build_services; the
library's start-up sweep), checks it and prints one `state <json>` line: what a
restarted app would show. Then it prints `ready` and works until it is killed. Every
line is flushed, and a result line (`ingested`, `accepted`, ...) is printed only after
the call that committed it returned, so the parent may hold the database to every line
it read. Markers around the writes (`txb`/`txc`/`txe` for an SQLite transaction:
begun, body done before COMMIT, committed; `vecb`/`vece` for the chromadb write;
`begin` before each unit of work) tell the parent where a kill landed.

With `--wait` (as the test runs it) the child imports everything first, says `imported`
and opens the data folder only on `go ...` from stdin. A failpoint given there (a marker
and its occurrence) makes it stop right after printing that marker, say `paused` and
wait for the kill: the kill then lands exactly there, e.g. inside a transaction after
its last write and before its COMMIT.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIRST = ("Dana", "Ravi", "Mei", "Jonas", "Amara", "Lucia", "Tomas", "Ines", "Kofi", "Hana")
LAST = ("Okafor", "Lindqvist", "Tanaka", "Moreau", "Silva", "Novak", "Haddad", "Berg", "Kim")
COMPANIES = (
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Hooli Inc",
    "Vandelay Industries",
    "Stark Technologies",
    "Wayne Enterprises",
    "Cyberdyne Systems",
    "Soylent Corp",
    "Northwind Traders",
    "Contoso Ltd",
)
TITLES = (
    "Staff Software Engineer",
    "Senior Software Engineer",
    "Software Engineer",
    "Engineering Manager",
    "Senior Site Reliability Engineer",
    "Principal Engineer",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BULLETS = (
    "Led the migration of {a} services to Kubernetes, cutting deploy time by {p}%.",
    "Designed the incident review process used by {a} teams; pages per week fell from {b} to {c}.",
    "Cut the cloud bill by {p}% (${a}K a year) by rightsizing the batch fleet.",
    "Built the billing pipeline that reconciles {a}K invoices a day with {c} engineers.",
    "Mentored {c} engineers, {d} of whom became tech leads within two years.",
    "Owned the on-call rotation for a team of {c} and wrote the runbooks still in use.",
    "Shipped the search service in Go serving {a}K queries a second at p99 {b} ms.",
    "Introduced contract tests between {b} services, halving integration failures.",
)
ANSWERS = (
    "I led it myself with {c} engineers from two teams; the result was {p}% fewer pages.",
    "The scope was the whole platform group, {a} services and about {b} engineers.",
    "I chose Postgres over Cassandra after a two week spike; latency fell by {p}%.",
    "I would start the rollout smaller next time and write the plan down earlier ({n}).",
    "We measured it over {c} quarters: cost fell from ${a}K to ${b}K a month.",
    "I convinced the {c} team leads with a written proposal and a pilot on {b} services.",
)


def _numbers(n: int, salt: int = 0) -> dict[str, int]:
    x = n * 7919 + salt * 104729
    return {
        "a": 10 + x % 190,
        "b": 3 + (x // 7) % 40,
        "c": 2 + (x // 11) % 9,
        "d": 1 + (x // 13) % 3,
        "p": 5 + (x // 17) % 60,
        "n": n,
    }


def _name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"


def cv_parts(n: int, roles: int) -> tuple[str, list[tuple[str, list[str]]]]:
    """(name, [(role header, bullets)]): distinct content for each `n`."""
    year = 2024
    parts = []
    for index in range(roles):
        start = year - 2 - (n + index) % 3
        end = "Present" if index == 0 else f"{MONTHS[(n + index) % 12]} {year}"
        title = TITLES[(n + index) % len(TITLES)]
        company = COMPANIES[(n * 3 + index) % len(COMPANIES)]
        header = f"{title} - {company} | {MONTHS[(n + 2 * index) % 12]} {start} - {end}"
        bullets = [
            BULLETS[(n + index + k) % len(BULLETS)].format(**_numbers(n, index * 10 + k))
            for k in range(2 + (n + index) % 2)
        ]
        parts.append((header, bullets))
        year = start
    return _name(n), parts


def cv_text(n: int, roles: int) -> str:
    name, parts = cv_parts(n, roles)
    lines = [f"# {name}", "", "## Summary", "", f"Engineer number {n} with {roles} roles.", ""]
    lines += ["## Experience", ""]
    for header, bullets in parts:
        lines += [f"### {header}", *(f"- {bullet}" for bullet in bullets), ""]
    lines += ["## Skills", "", "- Kubernetes, Terraform, Go, Python, PostgreSQL", ""]
    return "\n".join(lines)


def posting_text(n: int) -> str:
    numbers = _numbers(n, 99)
    return "\n".join(
        [
            f"# {TITLES[n % len(TITLES)]} ({n})",
            "",
            f"Company: {COMPANIES[n % len(COMPANIES)]}",
            "",
            "## About the role",
            f"You will own the reliability of our platform of {numbers['a']} services.",
            "",
            "## Requirements",
            f"- {numbers['c'] + 4}+ years running production systems at scale",
            "- Experience leading incident response and blameless reviews",
            f"- Deep knowledge of Kubernetes and infrastructure as code ({numbers['b']})",
            "",
            "## Nice to have",
            f"- Experience reducing cloud costs by {numbers['p']}%",
            "- Go or Rust",
            "",
        ]
    )


def cv_pdf(n: int, roles: int, path: Path) -> None:
    from fpdf import FPDF

    name, parts = cv_parts(n, roles)
    pdf = FPDF(format="A4")
    # Same bytes every time: a retried document must be the same document (dedup).
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, name, new_x="LMARGIN", new_y="NEXT")
    for heading, body in (("SUMMARY", [f"Engineer number {n} with {roles} roles."]),):
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for line in body:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "EXPERIENCE", new_x="LMARGIN", new_y="NEXT")
    for header, bullets in parts:
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for bullet in bullets:
            pdf.multi_cell(0, 5, f"- {bullet}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def document(n: int, folder: Path) -> tuple[Path, str]:
    """Generated document `n` (the same bytes every time) in `folder`, written unless it
    is there already (the parent writes the next few ahead: fpdf takes a second to import);
    (path, kind)."""
    shape = n % 5
    kind = "posting" if shape in (1, 3) else "cv"
    path = folder / f"doc-{n}.{('md', 'md', 'pdf', 'txt', 'txt')[shape]}"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")  # a kill never leaves half a file
        if shape == 2:
            cv_pdf(n, 2 + n % 2, partial)
        else:
            text = posting_text(n) if kind == "posting" else cv_text(n, 2 + n % 2)
            partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path, kind


# ---- output --------------------------------------------------------------------------


# A failpoint: (marker, occurrence). On that line the child stops where it is, says
# `paused` and waits for the parent's SIGKILL, so the kill lands exactly there (between
# a transaction's last write and its COMMIT, say) however slow the parent is to react.
FAILPOINT: list[Any] = [None, 0]


def say(*parts: object) -> None:
    line = " ".join(str(part) for part in parts)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    if FAILPOINT[0] is not None and line.startswith(FAILPOINT[0]):
        FAILPOINT[1] -= 1
        if FAILPOINT[1] == 0:
            sys.stdout.write("paused\n")
            sys.stdout.flush()
            time.sleep(600)  # the kill comes within milliseconds; this is a bound
            raise SystemExit("failpoint reached and no kill came")


def instrument(db: Any) -> None:
    """Print markers around every SQLite transaction of this Database (this process only)."""
    original = db.transaction

    @contextlib.contextmanager
    def marked(caller: str) -> Iterator[Any]:
        say("txb", caller)
        with original() as conn:
            yield conn
            say("txc", caller)  # the body ran; COMMIT has not
        say("txe", caller)

    def transaction() -> Any:
        return marked(sys._getframe(1).f_code.co_name)

    db.transaction = transaction


# ---- state: what a restarted app shows -----------------------------------------------


def library_state(services: Any, library: Any, swept: int) -> dict[str, Any]:
    store = library.store
    conn = services.db.conn
    docs = []
    for info in library.documents():
        chunks = store.chunks(info.id)
        docs.append(
            {
                "id": info.id,
                "kind": info.kind,
                "title": info.title,
                "source": info.source_name,
                "chunks": info.chunks,
                "chunk_ids": [chunk.id for chunk in chunks],
                "roles": len(store.roles(info.id)),
                "bullets": sum(len(role.bullets) for role in store.roles(info.id)),
                "requirements": len(store.requirements(info.id)),
            }
        )
    (all_chunks,) = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()
    state: dict[str, Any] = {
        "swept": swept,
        "unfinished_after_sweep": count_unfinished(services),
        "chunk_rows": all_chunks,
        "documents": docs,
    }
    vectors = library.vectors
    if vectors is not None:
        wanted = [str(i) for doc in docs for i in doc["chunk_ids"]]
        collection = vectors._collection  # the test reads chromadb directly
        present = set(collection.get(ids=wanted, include=[])["ids"]) if wanted else set()
        state["vectors"] = {
            "count": vectors.count(),
            "missing": sorted(set(wanted) - present),
        }
        state["search_hits"] = len(library.search("reliability incident review", k=5).hits)
    return state


def refresh_state(services: Any, refresh: Any) -> dict[str, Any]:
    """Every session with its turns and drafts, read with the app's own refresh store
    (the service's `view` also runs every check: a second or more for dozens of roles);
    the session a restart continues is opened through the service too."""
    from coach.refresh.store import RefreshStore

    store = RefreshStore(services.db)
    sessions = []
    for role in refresh.roles():
        info = refresh.session_for(role.id)
        if info is None:
            continue
        turns, drafts = store.turns(info.id), store.drafts(info.id)
        if info.status != "reviewing" or any(d.status == "pending" for d in drafts):
            view = refresh.view(info.id)  # unfinished: the one the worker goes on with
            turns, drafts = list(view.turns), list(view.drafts)
        sessions.append(
            {
                "id": info.id,
                "role": role.id,
                "status": str(info.status),
                "turns": [
                    {
                        "id": turn.id,
                        "question": turn.question,
                        "answer": turn.answer,
                        "skipped": turn.skipped,
                    }
                    for turn in turns
                ],
                "drafts": [{"id": d.id, "status": str(d.status), "final": d.final} for d in drafts],
            }
        )
    return {"sessions": sessions}


def open_services(home: Path) -> tuple[Any, bool]:
    from app.services import build_services

    services = build_services(home)
    return services, services.db.integrity_ok()


def count_unfinished(services: Any) -> int:
    row = services.db.conn.execute(
        "SELECT COUNT(*) FROM documents WHERE status != 'ready'"
    ).fetchone()
    return int(row[0])


# ---- the work ------------------------------------------------------------------------


def prepare_ingest(model: Path) -> Any:
    """What touches no data folder: imports (chromadb, llama.cpp, the readers) and the
    embedding model, loaded."""
    names = ("app.services", "coach.ingest.readers", "coach.library.service", "bm25s")
    for name in names:
        importlib.import_module(name)
    importlib.import_module("coach.storage.vectors")  # chromadb
    from models.embedder import Embedder  # llama.cpp

    embedder = Embedder(model, n_threads=1)
    embedder.embed(["warm up"])  # the first decode sets llama.cpp up: a third of a second
    return embedder


def prepare_refresh() -> None:
    for name in ("app.services", "coach.library.service", "coach.refresh.service"):
        importlib.import_module(name)


def run_ingest(home: Path, embedder: Any, start: int, work: bool, ask: bool) -> None:
    services, integrity_before = open_services(home)
    unfinished = count_unfinished(services)
    say("unfinished", unfinished)
    work_failpoint = FAILPOINT[:]
    FAILPOINT[:] = [None, 0]
    if unfinished and ask and work:  # `sweep MARKER OCCURRENCE`: a failpoint, or `sweep`
        command = sys.stdin.readline().split()
        if len(command) == 3:  # this kill is the sweep's: no failpoint after it
            FAILPOINT[:] = [command[1], int(command[2])]
            work_failpoint = [None, 0]
    instrument(services.db)  # the sweep's transactions are kill points too
    library = services.open_library(embedder=embedder)  # the start-up sweep
    FAILPOINT[:] = work_failpoint
    state = library_state(services, library, unfinished)
    state["integrity_before"] = integrity_before
    state["integrity_after"] = services.db.integrity_ok()
    say("state", json.dumps(state))
    if not work:
        services.close()
        return
    vectors = library.vectors
    add = vectors.add

    def marked_add(*args: Any, **kwargs: Any) -> None:
        say("vecb")
        add(*args, **kwargs)
        say("vece")

    vectors.add = marked_add
    inbox = home.parent / "inbox"
    inbox.mkdir(exist_ok=True)
    say("ready")
    n = start
    while True:
        path, kind = document(n, inbox)
        say("begin", "ingest", n, kind, path.suffix)
        started = time.monotonic()
        result = library.ingest_file(path, kind)
        say(
            "ingested",
            n,
            result.document_id,
            int(result.created),
            result.chunks,
            result.roles,
            f"{time.monotonic() - started:.4f}",
            json.dumps(result.title),
        )
        n += 1


def run_refresh(home: Path, work: bool) -> None:
    services, integrity_before = open_services(home)
    unfinished = count_unfinished(services)
    library = services.open_library()  # no embedder: keyword only, no chromadb
    refresh = services.refresh()
    state = library_state(services, library, unfinished) | refresh_state(services, refresh)
    state["integrity_before"] = integrity_before
    state["integrity_after"] = services.db.integrity_ok()
    say("state", json.dumps(state))
    if not work:
        services.close()
        return
    instrument(services.db)
    say("ready")
    worker = RefreshWorker(library, refresh)
    while True:
        worker.step()


def _took(started: float) -> str:
    return f"{time.monotonic() - started:.4f}"


def _unit(what: str, *details: object) -> float:
    say("begin", what, *details)
    return time.monotonic()


class RefreshWorker:
    """A candidate in résumé refresh: role after role, answer (or skip) each question,
    draft, then accept, edit or reject each draft line; a new CV when all roles are done."""

    def __init__(self, library: Any, refresh: Any) -> None:
        from coach.profile import Level
        from coach.refresh.records import DraftStatus, SessionStatus
        from coach.tasks import TaskContext

        self.library, self.refresh = library, refresh
        self.level, self.drafts, self.sessions = Level.STAFF, DraftStatus, SessionStatus
        self.ctx = TaskContext()
        self.shown: set[int] = set()

    def next_role(self) -> Any | None:
        """The first role whose session is not over (the same one after a restart)."""
        for role in self.refresh.roles():
            summary = self.refresh.summary(role.id)
            if summary is None or summary.info.status != self.sessions.REVIEWING:
                return role
            if summary.pending_drafts:
                return role
        return None

    def step(self) -> None:
        role = self.next_role()
        if role is None:
            n = len(self.library.documents("cv"))
            started = _unit("ingest", n)
            result = self.library.ingest_text(
                cv_text(1000 + n, 4), "cv", title=f"refresh-cv-{n}.md"
            )
            say("ingested", n, result.document_id, int(result.created), _took(started))
            return
        started = _unit("start", role.id)
        view = self.refresh.start(role.id, self.level)
        say("started", view.id, role.id, _took(started))
        if view.asking:
            self.ask_and_answer(view)
        elif view.info.status == self.sessions.DRAFTING:
            started = _unit("draft", view.id)
            view = self.refresh.draft(view.id, None, self.ctx)
            say("drafted", view.id, len(view.drafts), _took(started))
        else:
            self.decide_all(view)

    def ask_and_answer(self, view: Any) -> None:
        pending = view.pending
        if pending is None:
            started = _unit("ask", view.id)
            view = self.refresh.next_question(view.id, None, self.ctx)
            pending = view.pending
            if pending is None:  # the asking is over: drafting next
                say("stopped", view.id, _took(started))
                return
            say("asked", view.id, pending.id, _took(started), json.dumps(pending.question))
        if pending.id not in self.shown:
            # The question the candidate sees now; after a restart, the same one again.
            self.shown.add(pending.id)
            say("question", view.id, pending.id, json.dumps(pending.question))
        if pending.id % 5 == 3:
            started = _unit("skip", pending.id)
            self.refresh.skip(view.id)
            say("skipped", pending.id, _took(started))
            return
        template = ANSWERS[pending.id % len(ANSWERS)]
        text = f"({pending.id}) " + template.format(**_numbers(pending.id))
        started = _unit("answer", pending.id)
        self.refresh.answer(view.id, text)
        say("accepted", pending.id, _took(started), json.dumps(text))

    def decide_all(self, view: Any) -> None:
        for draft in view.drafts:
            if draft.status != self.drafts.PENDING:
                continue
            final = None
            choice = 0 if draft.kind == "story" else draft.id % 4
            if choice == 1:
                status = self.drafts.EDITED
                final = f"{draft.text} (edited {draft.id})"
            elif choice == 3:
                status = self.drafts.REJECTED
            else:
                status = self.drafts.ACCEPTED
            started = _unit("decide", draft.id)
            self.refresh.decide(draft.id, status, text=final, confirm=True)
            say("decided", draft.id, str(status), _took(started), json.dumps(final))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["ingest", "refresh"])
    parser.add_argument("home", type=Path)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--start", type=int, default=0, help="the first document (ingest)")
    parser.add_argument("--verify", action="store_true", help="report the state, no work")
    parser.add_argument(
        "--wait",
        action="store_true",
        help="after the imports, print `imported` and wait for `go work|verify [START "
        "[MARKER OCCURRENCE]]` on stdin before the data folder is opened (the parent "
        "starts the next child while the current one works; it opens the folder only "
        "after the kill); MARKER is a failpoint, its spaces written as colons. An ingest "
        "child with documents to sweep then says `unfinished N` and waits for `sweep "
        "[MARKER OCCURRENCE]`: a failpoint in the start-up sweep, or none",
    )
    args = parser.parse_args()
    embedder = prepare_ingest(args.model) if args.mode == "ingest" else prepare_refresh()
    work, start = not args.verify, args.start
    if args.wait:
        say("imported")
        command = sys.stdin.readline().split()
        if not command or command[0] != "go":
            return
        work = command[1] == "work"
        start = int(command[2]) if len(command) > 2 else start
        if len(command) > 4:  # the failpoint: marker (spaces as colons) and occurrence
            FAILPOINT[:] = [command[3].replace(":", " "), int(command[4])]
    if args.mode == "ingest":
        run_ingest(args.home, embedder, start, work, args.wait)
    else:
        run_refresh(args.home, work)


if __name__ == "__main__":
    main()
