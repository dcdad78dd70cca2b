"""The curated question bank: coverage per aspect and level, placeholders, order, exhaustion,
and validation of the data file."""

from __future__ import annotations

import importlib.resources
import json
import re

import pytest

from coach.profile import Level
from coach.refresh.gaps import Aspect
from coach.refresh.question_bank import (
    PLACEHOLDERS,
    BankQuestion,
    QuestionBank,
    QuestionBankError,
)

ROLE = {"title": "Senior SRE", "company": "Northwind", "bullet": "- Cut paging noise by 60%."}
STAFF_UP = (Level.STAFF, Level.SENIOR_STAFF, Level.PRINCIPAL)


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank.load()


def raw() -> dict:
    text = importlib.resources.files("resources").joinpath("refresh/questions.json").read_text(
        encoding="utf-8"
    )
    return json.loads(text)


def drain(bank: QuestionBank, aspect: Aspect, level: Level, **role) -> list[BankQuestion]:
    asked: list[str] = []
    questions: list[BankQuestion] = []
    while (question := bank.next_question(aspect, level, asked=asked, **role)) is not None:
        questions.append(question)
        asked.append(question.id)
    return questions


@pytest.mark.parametrize("aspect", list(Aspect))
def test_at_least_four_questions_per_aspect(bank: QuestionBank, aspect: Aspect) -> None:
    assert len(bank.for_aspect(aspect)) >= 4


@pytest.mark.parametrize("aspect", list(Aspect))
@pytest.mark.parametrize("level", list(Level))
def test_every_aspect_and_level_gets_a_question(
    bank: QuestionBank, aspect: Aspect, level: Level
) -> None:
    # Even with no bullet, title or company to fill in.
    question = bank.next_question(aspect, level, title="", company="", bullet=None, asked=())
    assert question is not None
    assert question.aspect is aspect


@pytest.mark.parametrize("aspect", list(Aspect))
@pytest.mark.parametrize("level", list(Level))
def test_level_specific_questions_come_first(
    bank: QuestionBank, aspect: Aspect, level: Level
) -> None:
    first = bank.next_question(aspect, level, asked=(), **ROLE)
    assert first is not None
    template = next(t for t in bank.templates if t.id == first.id)
    assert level in template.levels


def test_the_staff_scope_question(bank: QuestionBank) -> None:
    question = bank.next_question(Aspect.SCOPE, Level.STAFF, asked=(), **ROLE)
    assert question == BankQuestion(
        "scope-staff-teams-changed",
        Aspect.SCOPE,
        "How many teams had to change what they did because of this, and how did you get them to?",
    )


def test_narrowest_level_list_first(bank: QuestionBank) -> None:
    question = bank.next_question(Aspect.DECISION, Level.PRINCIPAL, asked=(), **ROLE)
    assert question is not None
    assert question.id == "decision-principal-call"


def test_falls_back_to_generic_questions(bank: QuestionBank) -> None:
    specific = [t.id for t in bank.for_aspect(Aspect.METRIC) if Level.STAFF in t.levels]
    question = bank.next_question(Aspect.METRIC, Level.STAFF, asked=specific, **ROLE)
    assert question is not None
    template = next(t for t in bank.templates if t.id == question.id)
    assert not template.levels
    # With a bullet given, the question about that bullet comes first among the generic ones.
    assert question.text.startswith("For “Cut paging noise by 60%”")


def test_placeholders_are_filled(bank: QuestionBank) -> None:
    for aspect in Aspect:
        for level in Level:
            for question in drain(bank, aspect, level, **ROLE):
                assert "{" not in question.text and "}" not in question.text
    bullet_question = bank.next_question(
        Aspect.DIFFICULTY, Level.SENIOR, asked=["difficulty-senior-constraint"], **ROLE
    )
    assert bullet_question is not None
    assert bullet_question.text == "What was the hardest part of “Cut paging noise by 60%”?"
    company = bank.next_question(Aspect.DIFFICULTY, Level.PRINCIPAL, asked=(), **ROLE)
    assert company is not None
    assert company.text == "What was the biggest risk to Northwind in this bet?"


def test_no_repeats_and_exhaustion(bank: QuestionBank) -> None:
    for aspect in Aspect:
        for level in Level:
            questions = drain(bank, aspect, level, **ROLE)
            ids = [q.id for q in questions]
            assert len(ids) == len(set(ids))
            assert len(ids) >= 4
            assert bank.next_question(aspect, level, asked=ids, **ROLE) is None


def test_questions_for_other_levels_are_not_asked(bank: QuestionBank) -> None:
    ids = {q.id for q in drain(bank, Aspect.SCOPE, Level.SENIOR, **ROLE)}
    assert "scope-staff-teams-changed" not in ids
    assert "scope-principal-share" not in ids
    principal = {q.id for q in drain(bank, Aspect.SCOPE, Level.PRINCIPAL, **ROLE)}
    assert "scope-senior-team" not in principal


def test_blank_values_skip_questions_that_need_them(bank: QuestionBank) -> None:
    questions = drain(bank, Aspect.DECISION, Level.SENIOR, title="", company="", bullet=None)
    assert questions
    assert all("“" not in q.text for q in questions)
    assert "decision-bullet-own" not in {q.id for q in questions}


def test_deterministic(bank: QuestionBank) -> None:
    first = drain(bank, Aspect.METRIC, Level.STAFF, **ROLE)
    assert first == drain(QuestionBank.load(), Aspect.METRIC, Level.STAFF, **ROLE)


def test_every_level_has_its_own_questions(bank: QuestionBank) -> None:
    for level in Level:
        assert any(level in t.levels for t in bank.templates)
    for aspect in Aspect:
        assert any(
            t.levels and set(t.levels) <= set(STAFF_UP) for t in bank.for_aspect(aspect)
        ), aspect


def test_questions_are_short_and_plain(bank: QuestionBank) -> None:
    for template in bank.templates:
        sentences = re.findall(r"[.?!](?:\s|$)", template.text)
        assert 1 <= len(sentences) <= 2, template.id
        assert template.text.rstrip().endswith(("?", ".")), template.id
        assert len(template.text) <= 200, template.id


def test_asking_for_a_figure_never_pushes_for_an_invented_one(bank: QuestionBank) -> None:
    # A question that asks for a number says an honest estimate is fine, marked as one.
    for template in bank.templates:
        asks_for_figure = re.search(
            r"\b(?:which number|what share|how many people|from what to what|figure"
            r"|number before)\b",
            template.text,
            re.IGNORECASE,
        )
        if asks_for_figure and template.aspect in (Aspect.METRIC, Aspect.SCOPE):
            assert "estimate" in template.text, template.id


def test_data_file_lists_only_known_aspects_levels_and_placeholders() -> None:
    for question in raw()["questions"]:
        assert Aspect(question["aspect"])
        for level in question.get("levels", []):
            assert Level(level)
        assert set(re.findall(r"\{(\w+)\}", question["text"])) <= PLACEHOLDERS


class TestValidation:
    def load_with(self, question: dict) -> QuestionBank:
        data = {"questions": [question]}
        return QuestionBank.from_json(json.dumps(data))

    def test_a_valid_question(self) -> None:
        bank = self.load_with({"id": "x-one", "aspect": "scope", "text": "At {company}?"})
        assert bank.templates[0].placeholders == frozenset({"company"})

    def test_unknown_aspect(self) -> None:
        with pytest.raises(QuestionBankError, match="unknown aspect 'impact'"):
            self.load_with({"id": "x-one", "aspect": "impact", "text": "Why?"})

    def test_unknown_placeholder(self) -> None:
        with pytest.raises(QuestionBankError, match=r"unknown placeholder\(s\) \['team'\]"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "Which {team}?"})

    def test_positional_placeholder(self) -> None:
        with pytest.raises(QuestionBankError, match="unknown placeholder"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "Which {}?"})

    def test_format_spec_is_refused(self) -> None:
        with pytest.raises(QuestionBankError, match="malformed placeholder"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "At {company!r}?"})

    def test_unbalanced_brace(self) -> None:
        with pytest.raises(QuestionBankError, match="malformed placeholder"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "At {company?"})

    def test_unknown_level(self) -> None:
        with pytest.raises(QuestionBankError, match="unknown level"):
            self.load_with({"id": "x-one", "aspect": "scope", "levels": ["distinguished"],
                            "text": "Why?"})

    def test_duplicate_ids(self) -> None:
        question = {"id": "x-one", "aspect": "scope", "text": "Why?"}
        with pytest.raises(QuestionBankError, match="appears twice"):
            QuestionBank.from_json(json.dumps({"questions": [question, question]}))

    def test_bad_id(self) -> None:
        with pytest.raises(QuestionBankError, match="needs an id"):
            self.load_with({"id": "Has Spaces", "aspect": "scope", "text": "Why?"})

    def test_empty_text(self) -> None:
        with pytest.raises(QuestionBankError, match="non-empty text"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "  "})

    def test_unknown_field(self) -> None:
        with pytest.raises(QuestionBankError, match="unknown fields"):
            self.load_with({"id": "x-one", "aspect": "scope", "text": "Why?", "lvl": []})

    def test_not_json(self) -> None:
        with pytest.raises(QuestionBankError, match="not valid JSON"):
            QuestionBank.from_json("{questions: ")

    def test_no_questions_list(self) -> None:
        with pytest.raises(QuestionBankError, match="'questions' list"):
            QuestionBank.from_json("{}")
