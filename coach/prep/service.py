"""Per-opportunity prep: a posting's requirements against the candidate's stories and CV.

Everything here works with no chat model: hybrid retrieval (BM25 and, with an embedding
model, vectors) finds the evidence, rules find the gaps, the round plan and the
questions to ask. A chat model, when loaded, can find requirements the rules missed
(each checked against the posting's own words, then kept with the posting) and explain
the matches (each checked by claim provenance against the candidate's own material).
Both are schema-constrained answers; see model_prep.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.errors import UserError
from coach.ingest.injection import is_suspicious
from coach.library.store import DocumentInfo, LibraryStore, StoredRole
from coach.prep.asks import questions_to_ask
from coach.prep.brief import export_brief
from coach.prep.evidence import Evidence, EvidenceKind
from coach.prep.gaps import Gap, make_gap, role_label
from coach.prep.matcher import Matcher
from coach.prep.model_prep import RequirementExtraction, explain_matches, extract_requirements
from coach.prep.notes import MAX_NOTES_CHARS, NotesStore
from coach.prep.posting_view import PostingView, load_posting
from coach.prep.records import Prep, RequirementPrep, ValueLink
from coach.prep.rounds import plan_rounds
from coach.prep.terms import keyword_coverage
from coach.profile import Level
from coach.protocols import ChatModel, Embedder
from coach.provenance import Source
from coach.stories.bank import StoryBank
from coach.stories.records import StoredStory
from coach.tasks import TaskContext

MATCHES_PER_REQUIREMENT = 3


class PrepService:
    def __init__(
        self,
        library: LibraryStore,
        stories: StoryBank,
        notes: NotesStore,
        *,
        embedder: Callable[[], Embedder | None] = lambda: None,
    ) -> None:
        self._library = library
        self._stories = stories
        self._notes = notes
        self._embedder = embedder

    def postings(self) -> list[DocumentInfo]:
        return self._library.documents("posting")

    def posting(self, posting_id: int) -> PostingView:
        return load_posting(self._library, posting_id)

    # ---- notes ----------------------------------------------------------------------

    def notes(self, posting_id: int) -> str:
        return self._notes.get(self.posting(posting_id).id)

    def save_notes(self, posting_id: int, notes: str) -> None:
        if len(notes) > MAX_NOTES_CHARS:
            raise UserError(
                f"The notes are {len(notes):,} characters; the limit is {MAX_NOTES_CHARS:,}.",
                hint="Keep what you know of the company; add long documents as notes in the "
                "Library instead.",
            )
        self._notes.save(self.posting(posting_id).id, notes)

    # ---- the plan -------------------------------------------------------------------

    def prep(self, posting_id: int, level: Level, ctx: TaskContext | None = None) -> Prep:
        ctx = ctx or TaskContext()
        posting = self.posting(posting_id)
        stories = self._stories.stories(target=level)
        roles, cv_text, cv_lines = self._latest_cv()
        notices = _notices(posting, stories, roles)
        ctx.progress(0, 3, "Reading your evidence")
        embedder = self._embedder()
        evidence = _story_evidence(stories) + _cv_evidence(roles) + cv_lines
        matcher = Matcher(evidence, embedder)
        matcher.prepare([r.text for r in posting.requirements])  # one embedding call
        ctx.check()
        ctx.progress(1, 3, "Matching requirements")
        requirements = tuple(
            RequirementPrep(
                r.text, r.kind, r.section, tuple(matcher.match(r.text, MATCHES_PER_REQUIREMENT))
            )
            for r in posting.requirements
            # Listed in the notices, never acted on. Checked on the text itself: the
            # posting's re-parsed lines need not split where the stored requirements do.
            if not is_suspicious(r.text)
        )
        ctx.check()
        ctx.progress(2, 3, "Mapping values and planning rounds")
        story_matcher = Matcher(_story_evidence(stories), embedder)
        values = tuple(
            ValueLink(value, tuple(story_matcher.match(value, 2)))
            for value in posting.values
            if not is_suspicious(value)
        )
        relevance: dict[int, float] = {}
        for requirement in requirements:
            for match in requirement.matches:
                if match.evidence.kind == EvidenceKind.STORY:
                    relevance[match.evidence.ref] = (
                        relevance.get(match.evidence.ref, 0.0) + match.score
                    )
        ctx.progress(3, 3, "Done")
        return Prep(
            posting=posting,
            level=level,
            requirements=requirements,
            gaps=_gaps(requirements, roles, stories),
            keywords=keyword_coverage(cv_text, posting.text),
            values=values,
            rounds=plan_rounds(stories, relevance),
            questions=questions_to_ask(posting.text, level),
            notes=self._notes.get(posting.id),
            mode=matcher.mode,
            notices=notices,
        )

    # ---- with a chat model ------------------------------------------------------------

    def find_requirements(
        self, posting_id: int, model: ChatModel, ctx: TaskContext | None = None
    ) -> RequirementExtraction:
        """Requirements the model finds that the rules missed, kept with the posting when
        they are in its own words; what it made up comes back in `dropped`."""
        posting = self.posting(posting_id)
        found = extract_requirements(
            model, posting.text, posting.requirements, ctx or TaskContext()
        )
        if found.added:
            self._library.add_requirements(
                posting.id, [(r.kind, r.section, r.text) for r in found.added]
            )
        return found

    def model_prep(
        self, posting_id: int, level: Level, model: ChatModel, ctx: TaskContext | None = None
    ) -> tuple[Prep, RequirementExtraction, str]:
        """The model pass the window and `loopcoach prep` share: the model looks for
        requirements the rules missed (kept only as the posting's own words), the prep is
        made again, and the model explains its matches (withheld when they claim what the
        candidate never said). When only the explaining fails, what was found is kept and
        the third item says why there are no explanations."""
        ctx = ctx or TaskContext()
        found = self.find_requirements(posting_id, model, ctx)
        ctx.check()
        prep = self.prep(posting_id, level, ctx)
        if not any(r.shown for r in prep.requirements):
            return prep, found, ""
        try:
            return self.explain(prep, model, ctx), found, ""
        except Exception as exc:
            if not (isinstance(exc, UserError) or getattr(exc, "user_facing", False)):
                raise
            return prep, found, str(exc)

    def explain(self, prep: Prep, model: ChatModel, ctx: TaskContext | None = None) -> Prep:
        """`prep` with the model's one-line explanation of each shown requirement's best
        evidence; one that claims what the candidate never said is withheld, with why."""
        shown = [i for i, r in enumerate(prep.requirements) if r.shown and r.best is not None]
        pairs = [(prep.requirements[i].text, prep.requirements[i].best.evidence) for i in shown]  # type: ignore[union-attr]
        explained = explain_matches(model, pairs, self._sources(), ctx or TaskContext())
        requirements = list(prep.requirements)
        for explanation in explained:
            index = shown[explanation.index]
            requirements[index] = dataclasses.replace(
                requirements[index],
                explanation=explanation.text,
                explanation_note=explanation.withheld,
            )
        return dataclasses.replace(prep, requirements=tuple(requirements))

    def _sources(self) -> list[Source]:
        """The candidate's own material: the CV, the stories and their notes."""
        sources = [
            Source("cv", info.title or "your CV", self._library.document_text(info.id))
            for info in self._library.documents("cv")
        ]
        sources += [
            Source("story", f"story “{story.content.title}”", story.content.body)
            for story in self._stories.stories(target=Level.SENIOR)
        ]
        sources += [
            Source("note", info.title or "a note", self._library.document_text(info.id))
            for info in self._library.documents("note")
        ]
        return sources

    def export_brief(
        self, posting_id: int, level: Level, path: Path, ctx: TaskContext | None = None
    ) -> Path:
        return export_brief(self.prep(posting_id, level, ctx), path)

    def _latest_cv(self) -> tuple[list[StoredRole], str, list[Evidence]]:
        """The newest CV's roles, its text, and its lines outside any role (summary,
        skills, education), which are evidence too: "14 years running…" shows "8+ years"."""
        cvs = self._library.documents("cv")
        if not cvs:
            return [], "", []
        latest = cvs[-1]
        lines = [
            Evidence(EvidenceKind.CV, 0, chunk.text, f"CV, {chunk.section or 'other'}")
            for chunk in self._library.chunks(latest.id)
            if chunk.role_id is None and chunk.kind != "role" and not is_suspicious(chunk.text)
        ]
        return self._library.roles(latest.id), self._library.document_text(latest.id), lines


def _story_evidence(stories: Sequence[StoredStory]) -> list[Evidence]:
    return [
        Evidence(
            EvidenceKind.STORY,
            story.id,
            f"{story.content.title}. {story.content.body}",
            f"Story: {story.content.title}",
        )
        for story in stories
    ]


def _cv_evidence(roles: Sequence[StoredRole]) -> list[Evidence]:
    return [
        Evidence(EvidenceKind.CV, role.id, bullet, role_label(role))
        for role in roles
        for bullet in role.bullets
        if not is_suspicious(bullet)  # a line aimed at an AI is not the candidate's evidence
    ]


def _gaps(
    requirements: Sequence[RequirementPrep],
    roles: Sequence[StoredRole],
    stories: Sequence[StoredStory],
) -> tuple[Gap, ...]:
    story_roles = {story.id: story.content.role_ids for story in stories}
    gaps = []
    for requirement in sorted(requirements, key=lambda r: r.kind != "must"):
        if requirement.shown:
            continue
        best = requirement.best
        role_id = None
        if best is not None:
            ref = best.evidence.ref
            role_id = (
                ref
                if best.evidence.kind == EvidenceKind.CV
                else next(iter(story_roles.get(ref, ())), None)
            )
        gaps.append(
            make_gap(
                requirement.text,
                requirement.kind,
                roles=roles,
                closest_text="" if best is None else best.evidence.text,
                closest_role_id=role_id,
            )
        )
    return tuple(gaps)


def _notices(
    posting: PostingView, stories: Sequence[StoredStory], roles: Sequence[StoredRole]
) -> tuple[str, ...]:
    notices = []
    if not posting.requirements:
        notices.append(
            "No requirements were found in this posting: it may write them as prose outside "
            "a requirements heading. The keyword coverage and the round plan still apply."
        )
    if not roles:
        notices.append("Your library has no CV roles yet: add your CV to match its lines.")
    if not stories:
        notices.append(
            "Your story bank is empty: requirements are matched to CV lines only. Accept "
            "stories in Résumé refresh or write them on the Stories page."
        )
    if posting.suspicious:
        notices.append(
            f"{len(posting.suspicious)} line(s) of this posting read like instructions to an "
            "AI; they are treated as plain text."
        )
    return tuple(notices)
