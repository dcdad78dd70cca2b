# ruff: noqa: E501  (sample CV lines are as long as real ones)
"""Every flow of Loopcoach, run through the app's real services against one data folder.

The trust tests share it: `test_canary.py` runs it in the test process and then reads
every byte under the data folder; `test_no_network.py` runs it in a child process under
an audit hook that refuses the network. A CV carrying a canary (a sentence and an
e-mail address nobody else would write) goes through ingestion, search, résumé refresh,
the story bank, opportunity prep, drills and dictation, on the real engines: llama.cpp
embeddings and chat, faster-whisper speech. Exports go to a folder outside the data
folder, as a candidate saving a brief to their desktop would.

`run_workflow` asserts as it goes that the canary really travelled (found by search,
kept in answers, stories, notes, drills and transcripts), so a scan that finds nothing
means the data folder hides it, not that it never got there. It returns a summary of
what each step did (which parts the model did, which fell back to rules).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.coach.library.samples import POSTING_TEXT

CANARY_SENTENCE = "Zanzibar quokka telemetry ledger 7731"
CANARY_EMAIL = "canary.7731@example.org"
# Distinctive parts: none of them can occur in a data folder by chance.
CANARY_PARTS = ("quokka", "canary.7731", "zanzibar")

CV_NAME = "Dana Quinlan"
CONTACT = f"{CANARY_EMAIL} · +44 20 7946 0958 · {CANARY_SENTENCE}"

CV_MARKDOWN = f"""# {CV_NAME}
{CONTACT}

## Summary
Staff site reliability engineer with 14 years running large distributed systems.

## Experience

### Staff SRE — Acme Corp (Mar 2019 – Present)
- Led the reliability programme across four product teams, cutting p99 latency by 40% in two quarters.
- Designed the incident review process adopted by 12 teams; pages per week fell from 30 to 8.

### Senior Software Engineer — Globex (Jan 2014 – Feb 2019)
- Ran the {CANARY_SENTENCE} for the payments team.
- Built the deployment pipeline the engineering teams used.

## Skills
- Kubernetes, Terraform, Go, Python, PostgreSQL
"""

PDF_ROLES = (
    (
        "Staff SRE — Acme Corp | Mar 2019 – Present",
        (
            "Led the reliability programme across four product teams, cutting p99 latency "
            "by 40% in two quarters.",
            f"Moved the {CANARY_SENTENCE} onto Kubernetes with zero downtime.",
        ),
    ),
    (
        "Software Engineer — Initech | Jun 2008 – Dec 2013",
        ("Wrote the billing reconciliation service handling 10K invoices a day.",),
    ),
)

# The library tests' sample posting, without its injected line: the injection cases
# have a test of their own (test_injection.py).
POSTING = (
    "\n".join(
        line
        for line in POSTING_TEXT.splitlines(keepends=False)
        if "Ignore all previous" not in line
    )
    + "\n"
)

# One answer per refresh aspect, each carrying canary words.
REFRESH_ANSWERS = {
    "scope": (
        "I owned the Zanzibar quokka telemetry ledger 7731 for the payments team of six; "
        "it was my team's system."
    ),
    "decision": (
        "I decided to rebuild the Zanzibar quokka ledger on PostgreSQL instead of nightly "
        "batch files."
    ),
    "metric": (
        "Mismatches on the Zanzibar quokka ledger fell from 400 a week to 12 a week "
        "within three months."
    ),
    "people": f"I worked with two finance analysts and the payments lead, {CANARY_EMAIL}.",
    "difficulty": "The hard part was the quokka ledger's legacy format that nobody owned.",
    "reflection": "In hindsight I would have shipped the quokka ledger report first.",
}
OTHER_ANSWER = "On the Zanzibar quokka ledger I wrote the design document myself."

STORY_TITLE = "Rebuilding the Zanzibar quokka ledger"
PREP_NOTES = (
    f"Recruiter wrote to {CANARY_EMAIL}. Mention the {CANARY_SENTENCE} in the system design round."
)
LIBRARY_NOTE = (
    "# Zanzibar quokka notes\n\nNorthwind's payments team runs a ledger much like the "
    f"{CANARY_SENTENCE}; ask how they reconcile it."
)
DRILL_ANSWER = (
    "What changed in the config for this release? I would compare it with the Zanzibar "
    "quokka ledger rollout, where the pool size was the cause."
)

# Spoken by espeak-ng, transcribed by faster-whisper base. Whisper never writes
# "Zanzibar" or "quokka" from espeak's voice (it hears "man's a bark", "Quaker"), so the
# spoken canary is a phrase it does write every time, with 1 or 2 threads.
SPOKEN_CANARY = "smiling Australian animal"
SPOKEN_DRILL = (
    f"I would look at the quokka ledger first, named after the {SPOKEN_CANARY}. The most "
    "likely cause is the connection pool, because the log shows pool waits. I would roll "
    "back behind a canary."
)
SPOKEN_REFRESH = (
    f"The ledger was named after the quokka, the {SPOKEN_CANARY}. I decided to move the "
    "reconciliation to PostgreSQL. Mismatches fell from four hundred a week to twelve."
)
CANARY_NEEDLES = (CANARY_SENTENCE, CANARY_EMAIL, *CANARY_PARTS, SPOKEN_CANARY)

# The file the candidate imports is named after the canary: the name must not travel.
IMPORTED_AUDIO_NAME = "canary.7731-quokka-answer.wav"


# The chat model runs on the real engine where it is quickest: the refresh question
# (streamed, 96 tokens at most) and the drill's model scoring. Each answer is cut to
# JSON_TOKEN_CAP tokens (one try): Gemma 270M on two shared cores needs 30-50 s to read
# a 1,200-token prompt when the machine is busy, and minutes for a full JSON answer. A
# cut-off answer is refused as a bad one would be, and the flow falls back to its
# rules: a path worth proving too. The model's résumé draft, the prep requirements and
# explanations and the drill follow-up (four more long prompts) run only with
# LOOPCOACH_TRUST_EVERY_MODEL_CALL=1.
JSON_TOKEN_CAP = 48
EVERY_MODEL_CALL_ENV = "LOOPCOACH_TRUST_EVERY_MODEL_CALL"


def every_model_call() -> bool:
    return os.environ.get(EVERY_MODEL_CALL_ENV, "") == "1"


class ShortAnswers:
    """The real chat engine, each answer capped at `cap` tokens and JSON tried once."""

    def __init__(self, engine: Any, cap: int = JSON_TOKEN_CAP) -> None:
        self._engine = engine
        self._cap = cap

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def stream(self, messages: Any, *, max_tokens: int, **kwargs: Any) -> Any:
        return self._engine.stream(messages, max_tokens=min(max_tokens, self._cap), **kwargs)

    def complete_json(
        self, messages: Any, schema: dict[str, Any], *, max_tokens: int, **kwargs: Any
    ) -> dict[str, Any]:
        kwargs.setdefault("attempts", 1)
        return self._engine.complete_json(
            messages, schema, max_tokens=min(max_tokens, self._cap), **kwargs
        )


@dataclass(frozen=True)
class ModelPaths:
    embedding: Path  # all-MiniLM-L6-v2 GGUF
    chat: Path  # Gemma 3 270M GGUF
    whisper: Path  # a faster-whisper model folder


@dataclass
class Summary:
    """What the workflow did, for the test's report (JSON-able)."""

    steps: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    transcripts: list[str] = field(default_factory=list)
    asked_by: list[str] = field(default_factory=list)
    model_drafts: int = 0
    scorers: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _has_canary(text: str) -> bool:
    low = text.lower()
    return any(part in low for part in CANARY_PARTS)


def make_cv_pdf(path: Path) -> Path:
    """The CV as a real PDF (fpdf2, Bitstream Vera from reportlab): the canary e-mail and
    sentence in the header and the sentence in a bullet."""
    from importlib import resources

    from fpdf import FPDF

    fonts = Path(str(resources.files("reportlab") / "fonts"))
    pdf = FPDF(format="A4")
    pdf.set_title("CV")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Vera", "", str(fonts / "Vera.ttf"))
    pdf.add_font("Vera", "B", str(fonts / "VeraBd.ttf"))
    pdf.add_page()
    pdf.set_font("Vera", "B", 18)
    pdf.cell(0, 10, CV_NAME, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Vera", "", 10)
    pdf.cell(0, 5, CANARY_EMAIL + " · +44 20 7946 0958", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, CANARY_SENTENCE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    def heading(text: str) -> None:
        pdf.set_font("Vera", "B", 12)
        pdf.multi_cell(190, 7, text.upper(), new_x="LEFT", new_y="NEXT")
        pdf.ln(1)

    heading("Summary")
    pdf.set_font("Vera", "", 10)
    pdf.multi_cell(
        190, 5, "Staff SRE with 14 years of production systems.", new_x="LEFT", new_y="NEXT"
    )
    pdf.ln(3)
    heading("Experience")
    for header, bullets in PDF_ROLES:
        pdf.set_font("Vera", "B", 10)
        pdf.multi_cell(190, 6, header, new_x="LEFT", new_y="NEXT")
        pdf.set_font("Vera", "", 10)
        for bullet in bullets:
            x = pdf.get_x()
            pdf.cell(4, 5, "•")
            pdf.multi_cell(186, 5, bullet, new_x="LEFT", new_y="NEXT", align="L")
            pdf.set_x(x)
        pdf.ln(2)
    heading("Skills")
    pdf.set_font("Vera", "", 10)
    pdf.multi_cell(190, 5, "Kubernetes, Terraform, Go, Python", new_x="LEFT", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


class _Timer:
    def __init__(self, summary: Summary, say: Callable[[str], None]) -> None:
        self._summary = summary
        self._say = say
        self._start = time.perf_counter()
        self._name = ""

    def step(self, name: str) -> None:
        self._close()
        self._name = name
        self._start = time.perf_counter()
        self._summary.steps.append(name)

    def _close(self) -> None:
        if self._name:
            seconds = round(time.perf_counter() - self._start, 2)
            self._summary.seconds[self._name] = seconds
            self._say(f"workflow: {seconds:6.1f} s  {self._name}")

    def done(self) -> None:
        self._close()
        self._name = ""


@dataclass
class _Run:
    """What every step needs: the open services, the loaded engines, where exports go."""

    services: Any
    outside: Path
    summary: Summary
    timer: _Timer
    cv_pdf: Path
    embedder: Any = None
    chat: Any = None  # the engine wrapped in ShortAnswers
    transcriber: Any = None
    transcripts: dict[str, tuple[str, Path]] = field(default_factory=dict)


def run_workflow(
    home: Path,
    outside: Path,
    models: ModelPaths,
    *,
    say: Callable[[str], None] = lambda _text: None,
    while_open: Callable[[], None] = lambda: None,
) -> Summary:
    """Run every flow against the data folder `home`; exports go under `outside`.
    `while_open` is called after the last flow, before the services close: the
    database's WAL and SHM files and chromadb's are still there to be read."""
    from app.logs import setup_logging
    from app.services import build_services

    summary = Summary()
    timer = _Timer(summary, say)
    outside.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    level_before = root.level

    # Made before the app's logging starts: fpdf2's font subsetting logs at INFO, and
    # the log is the app's to prove clean.
    cv_pdf = make_cv_pdf(outside / "cv.pdf")
    timer.step("open the data folder, log as the window does, set the profile")
    run = _Run(build_services(home), outside, summary, timer, cv_pdf=cv_pdf)
    # The window logs to the data folder (app/gui.py); what it would write is scanned too.
    setup_logging(run.services.paths.logs)
    logging.getLogger("loopcoach").info("trust workflow starting in %s", home)
    engines: list[Any] = []
    try:
        engines = _load_models(run, models)
        _library(run)
        _dictation(run)
        _refresh(run)
        _stories(run)
        _prep(run)
        _drills(run)
        while_open()
    finally:
        run.services.close()

    timer.step("reopen the data folder: start-up paths, everything still readable")
    try:
        _reopen(home, run.embedder, summary)
    finally:
        for engine in engines:
            close = getattr(engine, "close", None)
            if callable(close):
                close()
        for handler in list(root.handlers):
            if getattr(handler, "_loopcoach", False):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level_before)
    timer.done()
    return summary


def _expected(exc: Exception) -> None:
    """A model answer refused in words for the candidate is an outcome; a bug is not."""
    from coach.errors import UserError

    if not (isinstance(exc, UserError) or getattr(exc, "user_facing", False)):
        raise exc


def _ctx() -> Any:
    from coach.tasks import TaskContext

    return TaskContext()


def _load_models(run: _Run, models: ModelPaths) -> list[Any]:
    from coach.profile import Level, Profile, Track

    services = run.services
    services.profiles.save(Profile(Level.STAFF, Track.SRE, display_name=CV_NAME))
    run.timer.step("choose and load the models the way the app does")
    # One thread per engine: on two cores shared with other work, llama.cpp's threads
    # wait on each other (a token took 2 s with two threads, 0.25 s with one).
    services.save_settings(dataclasses.replace(services.settings, threads=1))
    for path in (models.embedding, models.chat, models.whisper):
        services.models.add(path)
        services.models.use(str(path))
    run.embedder, why = services.load_embedder()
    assert run.embedder is not None, why
    chat, why = services.load_chat_model()
    assert chat is not None, why
    run.chat = ShortAnswers(chat)
    run.transcriber, why = services.load_transcriber()
    assert run.transcriber is not None, why
    return [run.embedder, chat, run.transcriber]


def _library(run: _Run) -> None:
    run.timer.step("ingest a CV (text and PDF), a posting and a note; search for the canary")
    library = run.services.open_library(embedder=run.embedder)
    cv_md = run.outside / "cv.md"
    cv_md.write_text(CV_MARKDOWN, encoding="utf-8")
    text_cv = library.ingest_file(cv_md, "cv", ctx=_ctx())
    pdf_cv = library.ingest_file(run.cv_pdf, "cv", ctx=_ctx())
    posting = library.ingest_text(POSTING, "posting", title="northwind.md", ctx=_ctx())
    note = library.ingest_text(LIBRARY_NOTE, "note", title="Zanzibar quokka notes", ctx=_ctx())
    for result in (text_cv, pdf_cv, posting, note):
        assert result.created and result.chunks > 0, result
    assert text_cv.roles >= 2 and pdf_cv.roles >= 1, (text_cv, pdf_cv)
    assert library.vectors is not None and library.vectors.count() > 0, "no vectors stored"
    found = library.search(CANARY_SENTENCE, k=5)
    assert found.mode == "hybrid", found.note
    assert any(_has_canary(hit.chunk.text) for hit in found.hits), "search missed the canary"
    by_email = library.search(CANARY_EMAIL, k=5)
    run.summary.notes.append(
        f"search: {len(found.hits)} hits for the sentence ({found.mode}), "
        f"{len(by_email.hits)} for the e-mail"
    )


def _dictation(run: _Run) -> None:
    """Two recordings: one as the window records it (into the data folder's audio
    folder), one imported from a file named after the canary."""
    from tests.speech import speak_to_wav

    run.timer.step("dictate: record an answer, import another, transcribe both")
    dictation = run.services.dictation(lambda: run.transcriber)
    recorded = speak_to_wav(SPOKEN_DRILL, dictation.new_recording_path())
    drill = dictation.transcribe(recorded, _ctx(), context="drill")
    source = speak_to_wav(SPOKEN_REFRESH, run.outside / IMPORTED_AUDIO_NAME)
    imported = dictation.import_audio(source)
    assert not _has_canary(imported.name), imported.name
    refresh = dictation.transcribe(imported, _ctx(), context="refresh")
    run.summary.transcripts += [drill.text, refresh.text]
    for result in (drill, refresh):
        assert SPOKEN_CANARY.lower() in result.text.lower(), result.text  # heard
    assert len(dictation.history()) == 2
    run.transcripts = {"drill": (drill.text, recorded), "refresh": (refresh.text, imported)}


def _refresh(run: _Run) -> None:
    from coach.profile import Level
    from coach.refresh.records import DraftStatus

    run.timer.step("résumé refresh on the canary role: model and bank questions")
    refresh = run.services.refresh()
    role = next(r for r in refresh.roles() if any(_has_canary(b) for b in r.bullets))
    view = refresh.start(role.id, Level.STAFF)
    for turn in range(8):
        # The first question is the model's; the rest come from the bank (quick).
        view = refresh.next_question(view.id, run.chat if turn == 0 else None, _ctx())
        pending = view.pending
        if pending is None:
            break
        run.summary.asked_by.append(
            f"{pending.aspect}: {pending.asked_by}" + (f" ({pending.note})" if pending.note else "")
        )
        view = refresh.answer(view.id, REFRESH_ANSWERS.get(pending.aspect, OTHER_ANSWER))
    # Prep sends a question over; the candidate answers it by voice.
    text, audio = run.transcripts["refresh"]
    view = refresh.ask_about(
        role.id, Level.STAFF, "Tell me about the ledger migration?", note="from prep"
    )
    view = refresh.answer(view.id, text, audio_path=str(audio))
    answers = [t.answer for t in view.turns if t.answer]
    assert sum(_has_canary(a) for a in answers) >= 2, answers

    run.timer.step("résumé refresh: drafts (the rules', the model's too if asked); accept")
    if every_model_call():
        try:
            view = refresh.draft(view.id, run.chat, _ctx())
            run.summary.model_drafts = len(view.drafts)
            if view.drafts:
                refresh.decide(view.drafts[0].id, DraftStatus.ACCEPTED, confirm=True)
        except Exception as exc:  # Gemma 270M is a base model: its draft may be unusable
            _expected(exc)
            run.summary.notes.append(f"model draft refused: {exc}")
    view = refresh.draft(view.id, None, _ctx())
    bullets = [d for d in view.drafts if d.kind == "bullet"]
    stories = [d for d in view.drafts if d.kind == "story"]
    assert bullets and stories, [d.kind for d in view.drafts]
    refresh.decide(bullets[0].id, DraftStatus.ACCEPTED, confirm=True)
    edited = f"{bullets[-1].current} (the quokka ledger)"
    refresh.decide(bullets[-1].id, DraftStatus.EDITED, text=edited, confirm=True)
    refresh.decide(stories[0].id, DraftStatus.ACCEPTED, confirm=True)

    run.timer.step("résumé refresh: export the résumé outside the data folder")
    for suffix in ("md", "docx", "pdf"):
        out = refresh.export(role.document_id, run.outside / f"resume.{suffix}", 12)
        run.summary.exports.append(out.name)


def _stories(run: _Run) -> None:
    from coach.profile import Level
    from coach.stories.records import Competency, StoryContent

    run.timer.step("story bank: save a story, edit it into a second version")
    bank = run.services.stories()
    content = StoryContent(
        title=STORY_TITLE,
        situation=f"The {CANARY_SENTENCE} double-counted payments every night.",
        task="I owned the ledger and had to stop the double counts within a quarter.",
        action="I decided to rebuild the quokka ledger on PostgreSQL and I wrote the design.",
        result="Double counts fell from 40 a month to zero within a quarter.",
        learning=f"Ask {CANARY_EMAIL} for the finance sign-off earlier.",
        competencies=(Competency.INCIDENT, Competency.TRADE_OFF),
    )
    story = bank.add(content)
    edited = bank.edit(
        story.id,
        dataclasses.replace(content, result=content.result + " The quokka ledger never paged."),
    )
    assert edited.version == 2 and len(bank.versions(story.id)) == 2
    bank.check(edited.content, Level.STAFF)
    bank.coverage(Level.STAFF)
    stored = bank.stories(target=Level.STAFF)
    assert sum(_has_canary(s.content.title) for s in stored) == 2  # this one, refresh's
    run.summary.notes.append(f"story bank: {len(stored)} stories (one from refresh)")


def _prep(run: _Run) -> None:
    from coach.profile import Level

    run.timer.step("opportunity prep: notes, the plan, a brief exported")
    prep = run.services.prep(lambda: run.embedder)
    posting_id = prep.postings()[0].id
    prep.save_notes(posting_id, PREP_NOTES)
    assert prep.notes(posting_id) == PREP_NOTES
    plan = prep.prep(posting_id, Level.STAFF, _ctx())
    assert plan.requirements and plan.mode == "hybrid", plan.mode
    if every_model_call():
        try:
            found = prep.find_requirements(posting_id, run.chat, _ctx())
            run.summary.notes.append(f"prep: model found {len(found.added)} more requirements")
        except Exception as exc:
            _expected(exc)
            run.summary.notes.append(f"prep: model requirements refused: {exc}")
        try:
            explained = prep.explain(plan, run.chat, _ctx())
            shown = sum(1 for r in explained.requirements if r.explanation)
            run.summary.notes.append(f"prep: model explained {shown} matches")
        except Exception as exc:
            _expected(exc)
            run.summary.notes.append(f"prep: model explanations refused: {exc}")
    for suffix in ("md", "pdf"):
        out = prep.export_brief(posting_id, Level.STAFF, run.outside / f"brief.{suffix}", _ctx())
        run.summary.exports.append(out.name)
    assert _has_canary((run.outside / "brief.md").read_text(encoding="utf-8"))


def _drills(run: _Run) -> None:
    from coach.profile import Level, Track

    run.timer.step("drill scored by the model: typed and dictated answers, a follow-up")
    drills = run.services.drills()
    scenario = "diag-checkout-p99"
    view = drills.start(level=Level.STAFF, track=Track.SRE, scenario_id=scenario)
    view = drills.answer(view.id, DRILL_ANSWER)
    # The interviewer's follow-up is another ~1,000-token prompt: the model's only with
    # every model call on, else a rule probe (refresh already streamed a model question).
    view = drills.follow_up(view.id, run.chat if every_model_call() else None, _ctx())
    run.summary.notes.append(f"drill follow-up: {view.turns[-1].source}")
    text, audio = run.transcripts["drill"]
    view = drills.answer(view.id, text, audio_path=str(audio))
    assert any(_has_canary(answer) for answer in view.answers), view.answers
    view = drills.finish(view.id, run.chat, _ctx(), k=1)
    assert view.scorecard is not None
    run.summary.scorers.append(view.scorecard.scorer)
    if view.score_note:
        run.summary.notes.append(f"model drill: {view.score_note}")

    run.timer.step("drill scored by the rules")
    view = drills.start(level=Level.STAFF, track=Track.SRE, scenario_id=scenario)
    view = drills.answer(view.id, DRILL_ANSWER)
    view = drills.follow_up(view.id, None, _ctx())
    view = drills.answer(view.id, f"I would page {CANARY_EMAIL} and roll back behind a canary.")
    view = drills.finish(view.id, None, _ctx())
    assert view.scorecard is not None and view.scorecard.scorer == "rules"
    run.summary.scorers.append(view.scorecard.scorer)
    drills.suggest(Level.STAFF, Track.SRE)
    drills.progress()
    assert len(drills.history()) == 2


def _reopen(home: Path, embedder: Any, summary: Summary) -> None:
    from app.services import build_services
    from coach.profile import Level

    services = build_services(home)
    try:
        for kind in ("chat", "embedding", "speech"):
            active = services.models.active(kind)
            assert active is not None and active.usable, kind
        library = services.open_library(embedder=embedder)
        found = library.search("quokka ledger", k=5)
        assert any(_has_canary(hit.chunk.text) for hit in found.hits)
        refresh = services.refresh()
        assert any(refresh.summary(role.id) for role in refresh.roles())
        stories = services.stories().stories(target=Level.STAFF)
        assert any(_has_canary(s.content.title) for s in stories)
        prep = services.prep(lambda: embedder)
        assert _has_canary(prep.notes(prep.postings()[0].id))
        assert len(services.drills().history()) == 2
        assert len(services.dictation().history()) == 2
        assert services.profiles.load() is not None
        summary.notes.append("reopened: every flow's data read back")
    finally:
        services.close()
