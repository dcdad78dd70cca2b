"""Questions for the candidate to ask the interviewers, chosen from the posting."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coach.profile import Level

MAX_TRIGGERED = 4  # prompted by the posting's own words
MAX_LEVEL = 2  # about the level itself, from Staff up


@dataclass(frozen=True)
class AskQuestion:
    id: str
    text: str
    always: bool
    staff_plus: bool
    when: tuple[re.Pattern[str], ...]

    def applies(self, posting_text: str, level: Level) -> bool:
        if self.staff_plus and level is Level.SENIOR:
            return False
        if not self.when:
            return self.always or self.staff_plus
        return any(pattern.search(posting_text) for pattern in self.when)


@lru_cache(maxsize=1)
def question_bank() -> tuple[AskQuestion, ...]:
    raw = json.loads(
        resources.files("resources").joinpath("prep/interviewer_questions.json").read_text("utf-8")
    )
    return tuple(
        AskQuestion(
            id=item["id"],
            text=item["text"],
            always=bool(item.get("always")),
            staff_plus=bool(item.get("staff_plus")),
            when=tuple(re.compile(p, re.IGNORECASE) for p in item.get("when", ())),
        )
        for item in raw["questions"]
    )


def questions_to_ask(posting_text: str, level: Level) -> tuple[str, ...]:
    """The questions for every posting, those the posting's words prompt, then a couple
    about the level itself."""
    applying = [q for q in question_bank() if q.applies(posting_text, level)]
    always = [q for q in applying if q.always]
    prompted = [q for q in applying if not q.always and q.when]
    about_level = [q for q in applying if not q.always and not q.when]
    chosen = always + prompted[:MAX_TRIGGERED] + about_level[:MAX_LEVEL]
    return tuple(q.text for q in chosen)
