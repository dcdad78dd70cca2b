"""Hidden facts come out only when the candidate asks for them.

The rule: a fact is revealed by a sentence of the candidate's turn that

1. asks: it ends with "?", or it opens (optionally after a short lead-in such as
   "Before I answer,") with an explicit request to know: "I'd want to know / check /
   understand / ask", "I'd like to know", "can you tell me", "tell me", "do we know",
   "I wonder"; and
2. contains one of the fact's trigger phrases, compared word by word after a small
   stemmer (case-insensitive; "pool sizes" matches the trigger "pool size").

A statement that merely mentions a trigger ("the pool size is probably too small")
reveals nothing: the point of the drill is to reward asking before assuming.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from coach.drills.scenarios import HiddenFact, Scenario
from coach.drills.text import contains_run, split_sentences, stems

_LEAD_IN = r"^(?:[\w' -]{1,40}, )?"
_ASKING = re.compile(
    _LEAD_IN + r"(?:(?:i'd|i would|i'll|we'd|i) (?:also |first )?(?:want|like|need) to "
    r"(?:know|check|understand|ask|find out|see)\b"
    r"|i'd (?:also |first )?(?:ask|check (?:whether|if))\b"
    r"|(?:can|could) you tell me\b|tell me\b|do we know\b|i wonder\b)"
)


def is_asking(sentence: str) -> bool:
    """True when `sentence` is a question or an explicit request to know."""
    text = sentence.strip().lower().replace("’", "'")
    return text.rstrip("\"')] ").endswith("?") or bool(_ASKING.search(text))


def reveal(question: str, scenario: Scenario, already: Collection[str]) -> list[HiddenFact]:
    """Facts of `scenario` (not in `already`, a collection of fact ids) that the
    candidate's turn `question` earns, in the scenario's order."""
    asking = [stems(s.text) for s in split_sentences(question) if is_asking(s.text)]
    if not asking:
        return []
    earned: list[HiddenFact] = []
    for fact in scenario.hidden_facts:
        if fact.id in already:
            continue
        triggers = [stems(trigger) for trigger in fact.triggers]
        if any(contains_run(words, trigger) for words in asking for trigger in triggers):
            earned.append(fact)
    return earned
