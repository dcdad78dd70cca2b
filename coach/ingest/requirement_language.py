"""How a posting's sentences and list items say what they are: a requirement, a
responsibility, a benefit, or neither; must or nice; and where one sentence holds several.

Word cues, not a list of known postings: requirement language ("you have", "you should",
"is required", "experience with", "N+ years"), responsibility language (an imperative or
"-ing" verb first, "you will ..."), benefit and how-to-apply language (pay, leave, "email
... to apply"), and nice-to-have cues ("a plus", "preferred", "ideally", "bonus", "best
candidates"). A nice cue inside brackets, or on one part of a sentence that is split into
items, never demotes the rest.
"""

from __future__ import annotations

import re

__all__ = [
    "is_benefit",
    "is_nice",
    "is_requirement_sentence",
    "is_responsibility",
    "looks_like_trait",
    "sentences",
    "split_items",
]

# ---------------------------------------------------------------- sentences

# A full stop after these is not a sentence end ("U.S. citizens", "e.g. Go").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\be\.g|\bi\.e|\betc|\bvs|\bInc|\bLtd|\bCo|\bJr|\bSr|\bNo|\bSt|\bDr|\bMr|\bMs|\bMrs)\.$"
)
_END = re.compile(r"[.!?](?=[\"”’)]?\s+[\"“(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in `text`, without the spaces between them."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if _ABBREVIATION.search(text[start:end]):
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# ---------------------------------------------------------------- items in one sentence

# "...; ..." always separates; ", and should/must ..." starts a second requirement.
_ITEM_BREAK = re.compile(
    r";\s+|,?\s+and\s+(?=(?:you\s+)?(?:should|must|will need|need to|are expected to)\b)",
    re.IGNORECASE,
)


def split_items(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the requirements one sentence lists: at semicolons, and where ", and
    should ..." begins a second one. Alternatives ("X or Y") and lists of tools stay one."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _ITEM_BREAK.finditer(text, start, end):
        if _depth(text[start : match.start()]) == 0:  # never split inside brackets
            spans.append((cursor, match.start()))
            cursor = match.end()
    spans.append((cursor, end))
    out = []
    for first, last in spans:
        a, b = first, last
        while a < b and text[a] in " ,;":
            a += 1
        while b > a and text[b - 1] in " ,;":
            b -= 1
        if b - a > 1:
            out.append((a, b))
    return out


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")


# ---------------------------------------------------------------- what a sentence says

# Who a requirement is about, and the verbs that make it one. "You will ..." is the work,
# not a requirement, unless what follows is "need", "bring" or experience words.
_PERSON = (
    r"(?:applicants?|candidates?|the (?:ideal|successful|right|strongest|best) candidates?"
    r"|our ideal candidate|this person|the person we hire"
    r"|we(?:'re| are) looking for (?:someone|a person|people)(?: who)?)"
)
_ROLE_SUBJECT = r"the [A-Z][\w-]*(?: [A-Z][\w-]*){0,4}"  # "The Front End Engineer should"
_EXPERIENCE_AHEAD = (
    r"(?=[^.;]*\b(?:experience|years?|background|knowledge|skills?|degree|track record"
    r"|familiarity|expertise|understanding|proficien\w*)\b)"
)
_LEAD = (
    r"(?:^|[,;:—–]\s*|\s[-–—]\s|\b(?:if|so|and|but|where)\s+)"
    r"(?:(?:ideally|preferably|also|additionally|optionally|ideally,)\s+)?"
)
_NEEDS = re.compile(
    rf"{_LEAD}(?:"
    rf"you\s+(?:should|must|need(?:s)? to|(?:will|'ll) need|do(?:n't| not) need"
    rf"|(?:will|'ll) (?:have|bring){_EXPERIENCE_AHEAD}|have|'ve|are|'re|bring|possess|know)\b"
    rf"|you(?:'ve| have)\b"
    rf"|{_PERSON}\s+(?:should|must|need|needs|do(?:n't| not) need|will|would|is|are|has|have|can)\b"
    rf"|{_ROLE_SUBJECT}\s+(?:should|must)\b"
    r")",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\b(?:is|are)\s+(?:a\s+)?(?:must|required|essential|mandatory|necessary|a prerequisite"
    r"|(?:key|hard|firm)\s+requirements?)\b|\bis a must\b|\brequired\b(?!\s+to\s+(?:work|travel))"
    r"|\bmust[- ]haves?\b",
    re.IGNORECASE,
)
_SKILL_HEAD = re.compile(
    r"^(?:an?\s+|the\s+)?(?:\d+\+?\s*(?:-\s*\d+\s*)?(?:years?|yrs)\b|(?:at least|minimum of)\s+\d"
    r"|(?:professional\s+|prior\s+|previous\s+|hands-on\s+|demonstrated\s+|proven\s+|solid\s+"
    r"|strong\s+|deep\s+|excellent\s+|extensive\s+|working\s+)*"
    r"(?:experience|expertise|proficiency|proficient|familiarity|familiar|knowledge|understanding"
    r"|background|grasp|command|track record|ability|skills?|fluency|degree|bachelor|master|phd"
    r"|bs|ms|ba|certification)\b)",
    re.IGNORECASE,
)
# Person words a trait list uses ("Problem solver", "A high-energy doer").
_TRAIT_WORDS = re.compile(
    r"\b(?:skills?|experience[d]?|ability|abilities|able|knowledge|familiar(?:ity)?|proficien\w*"
    r"|expert(?:ise)?|fluen\w+|degree|years?|understanding|background|track record|savvy"
    r"|literacy|aptitude|mindset|solver|manager|leader|doer|communicator|planner|starter|thinker"
    r"|professional|builder|organi[sz]ed|organi[sz]ational|detail(?:ed|-oriented)?|excited"
    r"|passionate|inspired|comfortable|curious|eager|willing|motivated|resident|citizen(?:ship)?"
    r"|student|portfolio)\b",
    re.IGNORECASE,
)
_YOU_TRAIT = re.compile(
    r"^(?:you(?:'re| are| have|'ve| know| love| like| care| embody| want| enjoy| thrive| bring"
    r"| can| played| were| understand| speak| write)|as a teenager, you|an? (?:ability|track))\b",
    re.IGNORECASE,
)
_YOU_WILL = re.compile(
    r"(?:^|[,;]\s+)(?:in this role,?\s+)?"
    r"(?:you(?:'ll| will)(?! need| have| bring| be expected)|you would"
    r"|your (?:role|job|day|mission|goal|work) (?:will be|is|would be))\b",
    re.IGNORECASE,
)
_BENEFIT = re.compile(
    r"\b(?:salary|compensation|pay(?:s)?\b|paid|healthcare|health insurance|insurance|vacation"
    r"|pto|time off|holidays?|benefits?|stipend|401k|equity|bonus(?:es)? (?:plan|scheme)"
    r"|relocation|commensurate|\$\s?\d|subject line|to apply|apply (?:here|now|at|by|online)"
    r"|email\b.*\b(?:with|to)\b|equal (?:employment )?opportunit|e-?verify|accommodation"
    r"|has been filled|applications? (?:for this role )?(?:are|is) (?:now )?closed"
    r"|thank you to everyone)",
    re.IGNORECASE,
)
_WE = re.compile(
    r"^(?:we|our|at [A-Z]|here at|join us|this (?:role|position) (?:is|offers|pays))\b",
    re.IGNORECASE,
)
_NICE = re.compile(
    r"\b(?:nice[- ]to[- ]haves?|a plus|is a plus|(?:would|will) be (?:a )?(?:plus|bonus|great|nice"
    r"|helpful|an advantage|appreciated)|bonus(?: points)?|preferred|preferably|ideally|desirable"
    r"|desired|appreciated|advantageous|an advantage|not required|(?:is|are) helpful|even better"
    r"|(?:best|strongest|top) candidates|extra credit|good to have|optional)\b",
    re.IGNORECASE,
)
# Cues that make an item nice wherever they sit in it.
_NICE_ANYWHERE = re.compile(
    r"\b(?:not required|would (?:\w+ )?be helpful|but (?:is )?not"
    r"|(?:do(?:n't| not)|won't|will not) need to (?:know|have|be))\b",
    re.IGNORECASE,
)
# "Preferred:" or "Bonus -" heading an item, or a cue in its last words: the item is nice.
_NICE_TAIL_WORDS = 7
# First words of a responsibility line (an imperative, or a gerund: "Build ...", "Leading ...").
_DUTY_VERBS = frozenset(
    [
        "accelerate",
        "acquire",
        "act",
        "advise",
        "advocate",
        "aggregate",
        "align",
        "analyse",
        "analyze",
        "architect",
        "assess",
        "assist",
        "automate",
        "be",
        "brainstorm",
        "build",
        "champion",
        "coach",
        "collaborate",
        "communicate",
        "conceptualize",
        "conduct",
        "contribute",
        "coordinate",
        "craft",
        "create",
        "curate",
        "define",
        "deliver",
        "demonstrate",
        "deploy",
        "design",
        "develop",
        "devise",
        "diversify",
        "do",
        "document",
        "drive",
        "engage",
        "ensure",
        "establish",
        "evaluate",
        "evangelize",
        "execute",
        "explore",
        "facilitate",
        "formulate",
        "foster",
        "generate",
        "grow",
        "guide",
        "handle",
        "help",
        "hire",
        "hold",
        "identify",
        "implement",
        "improve",
        "influence",
        "integrate",
        "keep",
        "launch",
        "lead",
        "leverage",
        "listen",
        "maintain",
        "make",
        "manage",
        "meet",
        "mentor",
        "monitor",
        "own",
        "participate",
        "partner",
        "pitch",
        "plan",
        "position",
        "practice",
        "present",
        "process",
        "produce",
        "promote",
        "prototype",
        "provide",
        "publish",
        "raise",
        "recommend",
        "reinforce",
        "research",
        "respond",
        "review",
        "run",
        "scale",
        "serve",
        "set",
        "shape",
        "share",
        "ship",
        "steward",
        "support",
        "take",
        "teach",
        "test",
        "think",
        "track",
        "train",
        "treat",
        "troubleshoot",
        "understand",
        "use",
        "work",
        "write",
    ]
)


# "-ing" words that describe a person or a thing, not a duty ("Willing to travel").
_ING_ADJECTIVES = frozenset(
    [
        "bring",
        "willing",
        "outstanding",
        "interesting",
        "exciting",
        "demanding",
        "understanding",
        "amazing",
        "engaging",
        "thriving",
        "during",
    ]
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def is_benefit(text: str) -> bool:
    """Pay, leave, perks, how to apply, closing notes: never a requirement."""
    return bool(_BENEFIT.search(text))


def is_responsibility(text: str) -> bool:
    """A line about the work ("Build ...", "Leading ...", "You will own ...")."""
    clean = text.strip().lstrip("•▪◦‣∙·*-–—► ").replace("’", "'")
    if _YOU_WILL.search(clean):
        return True
    first = next(iter(_words(clean)), "")
    gerund = first.endswith("ing") and len(first) > 5 and first not in _ING_ADJECTIVES
    return first in _DUTY_VERBS or gerund


def looks_like_trait(text: str) -> bool:
    """A list item describing the person rather than the work: "Problem solver",
    "Superior organizational skills", "You know how to code"."""
    clean = text.strip().replace("’", "'")
    if _YOU_TRAIT.search(clean) or _SKILL_HEAD.search(clean) or _NEEDS.search(clean):
        return True
    if is_responsibility(clean) or is_benefit(clean):
        return False
    return bool(_TRAIT_WORDS.search(clean))


def is_requirement_sentence(text: str) -> bool:
    """A prose sentence that asks something of the candidate ("You have 4+ years of ...",
    "Experience with X or Y is a must", "U.S. citizenship is required")."""
    clean = " ".join(text.replace("’", "'").split())
    if is_benefit(clean) or _WE.search(clean):
        return False
    if _YOU_WILL.search(clean):
        return False
    return bool(_NEEDS.search(clean) or _REQUIRED.search(clean) or _SKILL_HEAD.search(clean))


def is_nice(text: str) -> bool:
    """A nice-to-have: the cue heads the item or sits in its last words, outside brackets.
    "Python (Go preferred)" stays a must; "Go is a plus" and "Preferred: Go" are nice."""
    clean = re.sub(r"\([^)]*\)", " ", text.replace("’", "'"))
    if not _NICE.search(clean):
        return False
    words = clean.split()
    head = " ".join(words[:3])
    tail = " ".join(words[-_NICE_TAIL_WORDS:])
    if _NICE.search(head) or _NICE.search(tail):
        return True
    # "... would definitely be helpful for this role", "... but not required ..."
    return bool(_NICE_ANYWHERE.search(clean))
