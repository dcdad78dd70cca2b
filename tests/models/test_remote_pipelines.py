"""Every pipeline on the remote engine, against a real `python -m llama_cpp.server` on
127.0.0.1 serving Qwen2.5-Coder-0.5B-Instruct: a résumé-refresh draft, a drill scored
by the model, a posting read for requirements, 'Test this model', embeddings from
/v1/embeddings, and the library when that server is away. No HTTP is mocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.drills.service import DrillService, DrillStatus
from coach.library.service import Library
from coach.library.store import LibraryStore
from coach.prep.model_prep import MODEL_SECTION
from coach.prep.notes import NotesStore
from coach.prep.service import PrepService
from coach.profile import Level, Track
from coach.refresh.records import SessionStatus
from coach.refresh.service import RefreshService
from coach.storage.db import Database
from coach.stories.bank import StoryBank
from coach.tasks import Progress, TaskContext
from models.errors import ModelOutputError
from models.generation import Message
from models.registry import Registry
from models.remote_connection import Connection
from models.remote_embedder import RemoteEmbedder
from models.remote_engine import RemoteChatEngine
from models.remote_http import ServerDropped
from models.remote_models import RemoteManager
from models.remote_store import RemoteModels
from tests.coach.library.samples import CV_MARKDOWN
from tests.models.llama_server import CuttingRelay

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 22)
POSTING = """\
Staff Site Reliability Engineer — Acme Payments
Requirements:
• 8+ years running production systems at scale
• Deep experience with Kubernetes and Terraform
Nice to have:
- Experience with Kafka or another event streaming platform
You are comfortable leading incident reviews across several teams.
"""
METRIC_ANSWER = (
    "Mismatched invoices fell from 400 a week to 12 a week within three months. "
    "I decided to rebuild the matching on PostgreSQL."
)


class Capped:
    """The remote engine with a smaller answer budget, to keep a 2-core test short (as
    tests/coach/prep does in-process); a cut-off answer is the engine's own clear error."""

    def __init__(self, engine: RemoteChatEngine, max_tokens: int) -> None:
        self.engine, self.max_tokens, self.name = engine, max_tokens, engine.name

    def stream(self, messages: Any, *, max_tokens: int, **kwargs: Any) -> Iterator[str]:
        return self.engine.stream(messages, max_tokens=min(max_tokens, self.max_tokens), **kwargs)

    def complete_json(self, messages: Any, schema: Any, *, max_tokens: int, **kw: Any) -> Any:
        budget = min(max_tokens, self.max_tokens)
        return self.engine.complete_json(messages, schema, max_tokens=budget, attempts=1, **kw)


@pytest.fixture(scope="module")
def engine(llama_server: Any) -> Iterator[RemoteChatEngine]:
    connected = RemoteChatEngine.connect(
        Connection(llama_server.url, "qwen-0.5b"), label="Qwen 0.5B on the test server"
    )
    yield connected
    connected.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "loopcoach.sqlite3")
    yield database
    database.close()


def test_connecting_finds_how_the_server_takes_a_schema(engine: RemoteChatEngine) -> None:
    # llama-cpp-python's server refuses response_format json_schema and takes a grammar.
    assert engine.structured_mode == "grammar"
    assert engine.place.scope == "this computer"
    pieces = list(engine.stream([Message("user", "Say hello.")], max_tokens=8))
    assert pieces and "".join(pieces).strip()


def _refresh(db: Database) -> tuple[RefreshService, int]:
    Library(db).ingest_text(CV_MARKDOWN, "cv", ctx=TaskContext())
    service = RefreshService(db, LibraryStore(db), today=lambda: TODAY)
    role = next(r.id for r in service.roles() if r.company == "Initech")
    view = service.start(role, Level.STAFF)
    view = service.next_question(view.id, None, TaskContext())
    return service, service.answer(view.id, METRIC_ANSWER).id


def test_a_refresh_draft_on_the_server(db: Database, engine: RemoteChatEngine) -> None:
    service, session = _refresh(db)
    before = service.view(session).turns
    try:
        view = service.draft(session, Capped(engine, 320), TaskContext())
    except ModelOutputError as exc:  # cut off at the short budget: said plainly, nothing lost
        assert "cut off at the length limit" in exc.message
        assert service.view(session).turns == before
        return
    assert view.info.status == SessionStatus.REVIEWING
    assert view.drafts and {d.author for d in view.drafts} == {"model"}  # or "rules"
    for draft in view.drafts:
        assert draft.id in view.reviews  # every model line is checked for provenance


def test_a_draft_cut_off_by_a_dropped_connection_loses_no_answer(
    db: Database, llama_server: Any
) -> None:
    service, session = _refresh(db)
    before = service.view(session).turns
    with CuttingRelay(llama_server.port, cut_after=2000) as relay:
        cut = RemoteChatEngine.connect(
            Connection(relay.url, "qwen-0.5b"), structured_mode="grammar"
        )
        with pytest.raises(ServerDropped):
            service.draft(session, cut, TaskContext())
        cut.close()
    after = service.view(session)
    assert after.turns == before and any(t.answer == METRIC_ANSWER for t in after.turns)
    assert not after.drafts


def test_a_drill_scored_on_the_server(db: Database, engine: RemoteChatEngine) -> None:
    service = DrillService(db)
    view = service.start(level=Level.STAFF, track=Track.SRE, scenario_id="diag-checkout-p99")
    view = service.answer(
        view.id,
        "The most likely cause is the connection pool, because the log shows pool waits. "
        "I would roll back behind a canary and watch p99 for an hour.",
    )
    progress: list[Progress] = []
    ctx = TaskContext(on_progress=progress.append)
    view = service.finish(view.id, Capped(engine, 200), ctx, k=1)
    assert view.status is DrillStatus.SCORED and view.scorecard is not None
    assert any(p.text.startswith(f"{engine.name}: check 1 of") for p in progress)
    if view.scorecard.scorer == "rules":  # the model's card failed the checks: said so
        assert "could not score" in view.score_note
    else:
        assert view.scorecard.scorer == engine.name


def test_a_posting_read_on_the_server(db: Database, engine: RemoteChatEngine) -> None:
    posting = Library(db).ingest_text(POSTING, "posting", ctx=TaskContext()).document_id
    prep = PrepService(LibraryStore(db), StoryBank(db), NotesStore(db))
    try:
        found = prep.find_requirements(posting, Capped(engine, 160), TaskContext())
    except ModelOutputError as exc:
        assert "cut off at the length limit" in exc.message
        return
    lines = POSTING.splitlines()
    for requirement in found.added:  # only what the posting says, kept with it
        assert requirement.section == MODEL_SECTION
        assert any(requirement.text in line for line in lines)
    kept = {r.text for r in prep.posting(posting).requirements}
    assert {r.text for r in found.added} <= kept


def test_test_this_model_measures_a_server_model(llama_server: Any, tmp_path: Path) -> None:
    remote = RemoteManager(RemoteModels(tmp_path / "remote.json"), Registry(tmp_path / "r.json"))
    remote.add("box", llama_server.url, model="qwen-0.5b")
    result = remote.check("box", requests=2)
    assert result.kind == "chat" and result.structured_total == 2
    assert result.first_token_seconds and result.tokens_per_second
    assert result.structured_valid is not None and result.verdict
    saved = remote.get("box")
    assert saved is not None and saved.fitness == result and saved.structured_mode == "grammar"


def test_embeddings_from_the_server_and_keyword_search_when_it_is_away(
    db: Database, llama_server: Any, tmp_path: Path
) -> None:
    from coach.storage import vectors

    with CuttingRelay(llama_server.port, cut_after=10**9) as relay:
        embedder = RemoteEmbedder(Connection(relay.url, "minilm"))
        assert embedder.dimensions == 384
        store = vectors.open_vector_store(tmp_path / "vectors")
        library = Library(
            db,
            embedder=embedder,
            open_vectors=lambda m: vectors.ChunkVectors(store, m.name, m.dimensions),
        )
        library.ingest_text(CV_MARKDOWN, "cv", ctx=TaskContext())
        found = library.search("invoice matching", k=3)
        assert found.mode == "hybrid" and found.hits
    # The relay is gone: the server is away. Search still answers, by keyword, and says so.
    away = library.search("invoice matching", k=3)
    assert away.mode == "keyword" and away.hits
    assert "not reachable" in away.note and "Nothing answers" in away.note
    added = library.ingest_text("Led the Kafka migration for 6 teams.", "note", ctx=TaskContext())
    assert any("Not indexed for meaning yet" in w for w in added.warnings)
    embedder.close()
