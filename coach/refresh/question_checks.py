"""Whether a model-worded question is fit to ask: one question, to the candidate, about
this role, on the gap the checks chose, and not one already asked.

The model only words the question; the deterministic gap check chose what it is about.
A question that drifts to another aspect, asks three things at once, talks about "the
candidate" instead of to them, or repeats an earlier question is not kept, and the bank's
question is asked instead with the reason in the note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.library.store import StoredRole
from coach.refresh.gaps import Aspect
from coach.refresh.records import Turn

# Words that show a question is on an aspect (stems; matched at a word start).
_ON_ASPECT = {
    Aspect.SCOPE: r"how (?:many|big|large|wide|much)|scale|size|scope|team|people|engineer|"
    r"user|customer|system|service|reach|touch|org|compan|traffic|volume|request|countr",
    Aspect.DECISION: r"decid|decision|chose|choice|choos|option|call\b|why|trade|alternativ|"
    r"approach|propos|weigh|pick",
    Aspect.METRIC: r"measur|metric|number|result|chang|improv|impact|baseline|before|after|"
    r"percent|how much|faster|reduc|increas|outcome|drop|grow|sav|cost|time|latenc|rate|moved",
    Aspect.PEOPLE: r"who|team|stakeholder|bring|brought|convinc|work(?:ed)? with|colleague|"
    r"persuad|partner|align|buy-in|mentor|lead",
    Aspect.DIFFICULTY: r"hard|difficult|challeng|obstacle|risk|problem|push|resist|conflict|"
    r"tricky|block|struggl|went wrong|fail|disagree|concern",
    Aspect.REFLECTION: r"different|again|learn|hindsight|lesson|look(?:ing)? back|retrospect|"
    r"chang|improve",
}
_WH = re.compile(r"\b(?:what|how|which|who|why|when|where)\b", re.I)
_THIRD_PERSON = re.compile(r"\b(?:the candidate|the engineer|they|their|he|she)\b", re.I)
_WORD = re.compile(r"[a-z0-9']+")
# Past this share of its content words, a question repeats an earlier one.
REPEAT_SHARE = 0.75
_STOP = frozenset(
    ("a an the and or of to in on for with at by from was were is are you your did do what "  # noqa: SIM905
     "how which who why when this that it").split()
)


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def question_fit(question: str, aspect: Aspect, role: StoredRole, turns: Sequence[Turn]) -> str:
    """Why the question is not fit to ask, or "" when it is."""
    low = question.lower()
    if _THIRD_PERSON.search(low) and not re.search(r"\byou\b|\byour\b", low):
        return "The model's question talked about the candidate instead of asking them."
    if len(_WH.findall(low)) > 2 or low.count(", and ") > 1:
        return "The model's question asked several things at once."
    if not re.search(r"\b(?:" + _ON_ASPECT[aspect] + ")", low):
        return f"The model's question was not about the {aspect.value} the checks asked for."
    names = set(re.findall(r"(?<!^)(?<![.?!] )\b[A-Z][a-z]{2,}\b", question))
    material = " ".join([role.title, role.company, *role.bullets,
                         *(t.answer or "" for t in turns)]).lower()
    foreign = sorted(n for n in names if n.lower() not in material and n not in {"What", "How"})
    if foreign:
        return f"The model's question named {foreign[0]}, which is not in this role."
    asked = _content(question)
    for turn in turns:
        earlier = _content(turn.question)
        if asked and len(asked & earlier) / len(asked) >= REPEAT_SHARE:
            return "The model's question repeated one already asked."
    return ""
