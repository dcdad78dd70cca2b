"""Ownership verbs: led, owned, designed, decided, architected, drove, built, launched...

A drafted ownership verb is backed only by the candidate saying, in the first person
singular, that they did that (or an equivalent) themselves: "I led", "I was the tech
lead", "my decision", "I made the call", "I wrote the design doc". A CV bullet or an
answer sentence with no subject at all ("Led the migration.") is the candidate's own
voice too and counts as "I".

Not support: "we decided" (a group), "Sam and I led" (shared), "I didn't lead it" or
"I wasn't the one who decided" (negated), "my manager led" or "the migration was led by
Priya" (someone else), "I helped lead" (a lesser part), and "I led" said about a
different piece of work.

Who did it is read from the words before the verb in the same sentence: adverbs and
auxiliaries are skipped ("I was the one who decided", "I then personally led"); after
"and", a comma or "to" the subject of the earlier verb is looked for ("I designed it and
led the rollout", "I was asked to lead").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from coach.provenance.text import Word, sentences, word_set, words
from coach.provenance.topics import lemma


class Act(enum.Enum):
    LEAD = "lead"
    MANAGE = "manage"
    DRIVE = "drive"
    OWN = "own"
    DESIGN = "design"
    DECIDE = "decide"
    BUILD = "build"
    CREATE = "create"
    START = "start"
    LAUNCH = "launch"
    CHAMPION = "champion"


class Subject(enum.Enum):
    I = "i"  # noqa: E741 - the first person singular is the point
    NONE = "none"  # no subject: a résumé bullet, the candidate's own voice
    WE = "we"
    OTHER = "other"  # a person or group: "my manager", "Priya", "the platform team"
    UNKNOWN = "unknown"  # some other word: "code review design" is no claim either way


class Form(enum.Enum):
    PAST = "past"  # led, designed: a claim wherever it stands
    ING = "ing"  # leading, designing
    BASE = "base"  # lead, design, leads: only a verb after "I", "to" or at a clause start
    ROLE = "role"  # tech lead, owner: only with "I was", "as" or at a clause start


@dataclass(frozen=True)
class _VerbForm:
    pattern: str
    act: Act
    past: str  # how a reason says it: "name what you decided yourself"
    form: Form


def _forms(
    stem_past: str, act: Act, past: str, *, base: str = "", ing: str = ""
) -> list[_VerbForm]:
    out = [_VerbForm(stem_past, act, past, Form.PAST)]
    if ing:
        out.append(_VerbForm(ing, act, past, Form.ING))
    if base:
        out.append(_VerbForm(base, act, past, Form.BASE))
    return out


# Drafted verbs. Patterns match whole words of normalised text.
_DRAFT_VERBS: tuple[_VerbForm, ...] = (
    *_forms("(?:co-?)?led", Act.LEAD, "led", base="(?:co-?)?leads?", ing="(?:co-?)?leading"),
    *_forms("headed", Act.LEAD, "headed", ing="heading"),
    *_forms("directed", Act.LEAD, "directed", ing="directing"),
    *_forms("spearheaded", Act.LEAD, "spearheaded", base="spearheads?", ing="spearheading"),
    *_forms("drove|driven", Act.DRIVE, "drove", base="drives?", ing="driving"),
    *_forms("managed", Act.MANAGE, "managed", base="manages?", ing="managing"),
    *_forms("(?:co-?)?owned", Act.OWN, "owned", base="(?:co-?)?owns?", ing="(?:co-?)?owning"),
    *_forms("(?:co-?|re-?)?designed", Act.DESIGN, "designed", base="designs?", ing="designing"),
    *_forms("(?:re-?)?architected", Act.DESIGN, "architected", ing="architecting"),
    *_forms("decided", Act.DECIDE, "decided", base="decides?", ing="deciding"),
    *_forms("(?:re-?)?built", Act.BUILD, "built", base="builds?", ing="building"),
    *_forms("created", Act.CREATE, "created", base="creates?", ing="creating"),
    *_forms("(?:co-?)?founded", Act.START, "founded", ing="founding"),
    *_forms("established", Act.START, "established", base="establish(?:es)?", ing="establishing"),
    *_forms("initiated", Act.START, "initiated", base="initiates?", ing="initiating"),
    *_forms("(?:re-?)?launched", Act.LAUNCH, "launched", base="launch(?:es)?", ing="launching"),
    *_forms("championed", Act.CHAMPION, "championed", base="champions?", ing="championing"),
    _VerbForm(
        r"(?:tech(?:nical)?|team|project|engineering|workstream|program) lead"
        r"|lead (?:engineer|developer|architect|sre)",
        Act.LEAD,
        "led",
        Form.ROLE,
    ),
    _VerbForm(r"(?<!product )owner|dri", Act.OWN, "owned", Form.ROLE),
    _VerbForm(r"head of", Act.LEAD, "headed", Form.ROLE),
)

# Which acts in the candidate's words back which drafted act. Deliberately narrow:
# "managed" needs managing (a tech lead is not a people manager), "owned" needs owning,
# "designed" needs designing; "led" also takes "I drove"/"I managed", "built" takes
# "I wrote"/"I implemented", "founded"/"initiated" take "I started"/"I set up".
ACCEPTS: dict[Act, frozenset[Act]] = {
    Act.LEAD: frozenset({Act.LEAD, Act.MANAGE, Act.DRIVE}),
    Act.DRIVE: frozenset({Act.DRIVE, Act.LEAD, Act.CHAMPION}),
    Act.MANAGE: frozenset({Act.MANAGE}),
    Act.OWN: frozenset({Act.OWN}),
    Act.DESIGN: frozenset({Act.DESIGN}),
    Act.DECIDE: frozenset({Act.DECIDE}),
    Act.BUILD: frozenset({Act.BUILD, Act.CREATE}),
    Act.CREATE: frozenset({Act.CREATE, Act.BUILD, Act.START}),
    Act.START: frozenset({Act.START, Act.CREATE}),
    Act.LAUNCH: frozenset({Act.LAUNCH}),
    Act.CHAMPION: frozenset({Act.CHAMPION, Act.DRIVE}),
}

_COPULA = (
    r"(?:was|am|'m|i'm|became|become|been|as|acted as|served as|stepped up as|is)"
    r"(?:n't| not| never)?"
)
_NEGATED_PHRASE = re.compile(r"n't|\bnot\b|\bnever\b")
_ROLE_OBJECT = r"(?:the |a |an |their |its |our |my )?(?:sole |overall |de facto |named )?"


def _role(noun: str) -> str:
    return rf"{_COPULA} {_ROLE_OBJECT}(?:{noun})"


# The candidate's words, per act: verbs (subject read from context), roles after a
# copula, and possessives ("my call"). Patterns run on normalised text.
_EVIDENCE_VERBS: dict[Act, str] = {
    Act.LEAD: r"(?:co-?)?(?:led|lead|leads|leading)|headed|heading|directed|directing"
    r"|spearhead(?:ed|s|ing)?|ran|run|runs|running",
    Act.MANAGE: r"manag(?:ed|e|es|ing)",
    Act.DRIVE: r"drove|drive|drives|driving|driven|pushed (?:[a-z-]+ ){0,4}?through",
    Act.OWN: r"(?:co-?)?own(?:ed|s|ing)?",
    Act.DESIGN: r"(?:co-?|re-?)?design(?:ed|s|ing)?|(?:re-?)?architect(?:ed|ing|s)?"
    r"|(?:wrote|authored|drafted|did|produced|came up with|drew up|put together)(?: up)?"
    r" (?:the |a |our |my )?(?:[a-z-]+ )?(?:design|architecture|rfc|design doc)",
    Act.DECIDE: r"decid(?:ed|e|es|ing)|(?:made|make|took|take) the (?:final )?(?:call|decision)"
    r"|chose|choose|picked|opted",
    Act.BUILD: r"(?:re-?)?built|(?:re-?)?build|builds|building|wrote|write|writing"
    r"|implemented|implement"
    r"|developed|develop|coded|prototyped|put together|set up|constructed",
    Act.CREATE: r"creat(?:ed|e|es|ing)|invented|came up with",
    Act.START: r"(?:co-?)?founded|establish(?:ed|ing)?|initiat(?:ed|e|ing)|started|kicked off"
    r"|set up|stood up|bootstrapped|spun up|introduced|proposed",
    Act.LAUNCH: r"(?:re-?)?launch(?:ed|es|ing)?|shipped|ship|shipping|rolled out|roll out"
    r"|rolling out",
    Act.CHAMPION: r"champion(?:ed|s|ing)?|advocat(?:ed|e|es|ing)|pushed for|argued for"
    r"|lobbied for|made the case|evangeli[sz]ed|sold (?:[a-z-]+ ){0,2}on",
}
_LEAD_ROLES = (
    r"(?:tech(?:nical)?|team|project|engineering|workstream|program) lead"
    r"|lead (?:engineer|developer|architect|sre)|head of [a-z-]+"
)
_EVIDENCE_ROLES: dict[Act, str] = {
    Act.LEAD: _role(rf"{_LEAD_ROLES}|lead|tl|point person|incident commander")
    + r"|in charge(?: of)?",
    Act.MANAGE: _role(r"(?:engineering |people |line |hiring )?manager|em")
    + r"|(?:had|have|managed) (?:[a-z0-9-]+ )?(?:direct )?reports",
    Act.OWN: _role(r"owner|dri|single owner") + r"|responsible for|accountable for|on the hook for",
}
_POSSESSIVES: dict[Act, str] = {
    Act.DECIDE: r"(?:call|decision)",
    Act.DESIGN: r"design",
    Act.OWN: r"(?:service|system|project|baby)",
    Act.CREATE: r"idea",
}
# "The call was mine": the possessor is the candidate whatever the sentence's subject.
_WAS_MINE = r"(?:was|is)(?:n't| not| never)? (?:all |entirely |fully )?mine"
_MINE: dict[Act, str] = {
    Act.DECIDE: rf"(?:the )?(?:final )?(?:call|decision)(?: [a-z0-9-]+){{0,6}} {_WAS_MINE}",
    Act.DESIGN: rf"(?:the )?design(?: [a-z0-9-]+){{0,6}} {_WAS_MINE}",
    Act.OWN: rf"(?:[a-z0-9-]+ )?[a-z0-9-]+ {_WAS_MINE}",
}

# Contexts where the words are not about ownership at all.
_NOT_OWNERSHIP = re.compile(  # used with .match(text, pos): anchored at the verb
    r"(?:led|lead|leads|leading) to\b|leading (?:indicator|edge)|managed to\b|built[- ]in\b"
    r"|(?:ran|run|runs|running) (?:into|out|on|the risk)\b|drive (?:space|failure)s?\b"
)

I_WORDS = word_set("i i'm i've i'd i'll myself")
WE_WORDS = word_set("we we're we've we'd we'll")
OTHER_PRONOUNS = word_set(
    "he she they you someone somebody nobody everyone everybody he's she's they're they've"
)
NEGATIONS = word_set("not never no nor cannot")
WEAKENERS = word_set(
    "helped help helping assisted assist supported tried try wanted hoped planned offered "
    "would could should might may contributed"
)
# Words that can stand between a subject and its verb without changing who acted.
FILLERS = word_set(
    """also personally then eventually actually basically really just initially later
    ultimately effectively essentially mostly largely quickly formally informally officially
    originally first finally soon single-handedly singlehandedly alone myself ourselves
    was were am had have has 've 'd did do does will 'll got get ended up went on the one
    who that be been being able asked chosen picked tapped named appointed made given
    stepped a an sole overall de facto still already always joined hired promoted moved
    came acting acted served worked"""
)
PEOPLE_NOUNS = word_set(
    """manager lead director vp cto ceo cio cpo head boss colleague teammate peer engineer
    architect team org company pm partner intern contractor vendor consultant founder
    leadership management someone person people staff principal sre"""
)
DETERMINERS = word_set("the a an my our their his her its this that these those your")
COORDINATORS = word_set("and then or but & so plus")
_VERBISH_IRREGULAR = word_set(
    """led built drove ran wrote made took grew cut set shipped won began brought kept met
    paid put sent sold spent stood taught told thought went rebuilt rewrote own owned lead
    design build create launch drive manage decide establish initiate champion found
    partnered moved migrated scaled"""
)
_HELP = r"helped|help|helping|assisted"
_ROLE_MODIFIER = re.compile(
    r"(?<![a-z])(?:tech|technical|team|project|engineering|workstream|program)\s+$"
)
_CO = re.compile(r"co-?(?:led|lead|own|design|found)")
_BREAKS = re.compile(r"[,;:()\[\]]")
_CLAUSE_OPENERS = ".!?;:,()[]-•*|\n"


@dataclass(frozen=True)
class Agent:
    subject: Subject
    start: int  # where the subject phrase starts, for quoting; the verb start if none
    negated: bool = False
    weak: str = ""  # "helped", "co": a lesser or shared part
    direct: bool = False  # the subject stands right before the verb (no "and", no "to")
    end: int = -1  # a passive's agent ends after the verb: "led by my manager"


@dataclass(frozen=True)
class OwnershipClaim:
    start: int
    end: int
    act: Act
    past: str
    weak: str  # "co" for "co-led", "helped" for "helped lead"


@dataclass(frozen=True)
class OwnershipEvidence:
    start: int  # subject to verb: "I was the tech lead", "we decided"
    end: int
    act: Act
    agent: Agent


def _word_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9'-])(?:{pattern})(?![a-z0-9-])")


_DRAFT_PATTERNS = tuple((_word_pattern(v.pattern), v) for v in _DRAFT_VERBS)
_EVIDENCE_PATTERNS = (
    *((_word_pattern(p), act, False) for act, p in _EVIDENCE_VERBS.items()),
    *((_word_pattern(p), act, True) for act, p in _EVIDENCE_ROLES.items()),
)
_MINE_PATTERNS = tuple((_word_pattern(p), act) for act, p in _MINE.items())
# A role that opens a line or clause is a CV title: "Tech Lead, Payments (2019–2022)".
_TITLE_PATTERNS = (
    (_word_pattern(rf"(?:senior |staff |principal )?(?:{_LEAD_ROLES})"), Act.LEAD),
    (_word_pattern(r"(?:senior )?(?:engineering |people )?manager"), Act.MANAGE),
)
_POSSESSIVE_PATTERNS = tuple(
    (_word_pattern(rf"(my|our|his|her|their) (?:own )?{p}"), act) for act, p in _POSSESSIVES.items()
)


# --- who did it ----------------------------------------------------------------------


def _sentence_words(norm: str, at: int) -> list[Word]:
    for start, end in sentences(norm.replace(":", ";")):
        if start <= at < end:
            return words(norm, start, end)
    return words(norm)


@dataclass(frozen=True)
class _Walk:
    index: int  # the token the walk stopped at; -1 at the start of the sentence
    negated: bool
    weak: str
    search: bool  # stopped at "and", "to" or a comma: the subject is further back


def agent_of(text: str, norm: str, verb_start: int, *, guess_opener: bool) -> Agent:
    """Who did the verb starting at `verb_start`. `guess_opener`: when the sentence starts
    with a noun ("Priya wrote the doc and led the review") call it someone else."""
    tokens = [w for w in _sentence_words(norm, verb_start) if w.start < verb_start]
    passive = _passive_agent(norm, verb_start, tokens)
    if passive is not None:
        return passive
    walk = _walk_back(norm, tokens, verb_start)
    if walk.search:
        earlier = tokens[: walk.index + 1]
        return _search_subject(text, earlier, walk.negated, walk.weak, guess_opener=guess_opener)
    if walk.index < 0:
        return Agent(Subject.NONE, verb_start, walk.negated, walk.weak, direct=True)
    word = tokens[walk.index].text
    if word in I_WORDS or word == "me":  # "asked me to lead"
        return _first_person(tokens, walk.index, walk.negated, walk.weak)
    if word in WE_WORDS or word in OTHER_PRONOUNS:
        subject = Subject.WE if word in WE_WORDS else Subject.OTHER
        return Agent(subject, tokens[walk.index].start, walk.negated, walk.weak, direct=True)
    subject = Subject.OTHER if _person_like(text, tokens[walk.index]) else Subject.UNKNOWN
    start = _phrase_start(tokens, walk.index)
    return Agent(subject, start, walk.negated, walk.weak, direct=True)


def _person_like(text: str, word: Word) -> bool:
    """A word that can be who acted: a role ("manager"), a group ("team") or a name."""
    if lemma(word.text) in PEOPLE_NOUNS:
        return True
    written = text[word.start : word.end]
    return written[:1].isupper() and not _verbish(word.text)


def _walk_back(norm: str, tokens: list[Word], verb_start: int) -> _Walk:
    """Step back over adverbs and auxiliaries, noting negation and weakening words."""
    negated, weak, following = False, "", verb_start
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index]
        if _BREAKS.search(norm[word.end : following]):
            return _Walk(index, negated, weak, search=True)
        text = word.text
        to_me = text == "to" and index > 0 and tokens[index - 1].text == "me"
        if text in NEGATIONS or text.endswith("n't"):
            negated = True
        elif text in WEAKENERS:
            weak = weak or text
        elif text in COORDINATORS or (text == "to" and not to_me):
            return _Walk(index, negated, weak, search=True)
        elif text not in FILLERS and text not in DETERMINERS and not to_me:
            return _Walk(index, negated, weak, search=False)
        following = word.start
    return _Walk(-1, negated, weak, search=False)


def _first_person(
    tokens: list[Word], index: int, negated: bool, weak: str, *, direct: bool = True
) -> Agent:
    if index >= 2 and tokens[index - 1].text in ("and", "&"):
        # "Sam and I led": a shared act, quoted from "Sam"
        return Agent(Subject.WE, tokens[index - 2].start, negated, weak, direct=direct)
    return Agent(Subject.I, tokens[index].start, negated, weak, direct=direct)


def _search_subject(
    text: str, tokens: list[Word], negated: bool, weak: str, *, guess_opener: bool
) -> Agent:
    """After "and", a comma or "to": the subject of the earlier verb in the sentence."""
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index].text
        if word in I_WORDS:
            return _first_person(tokens, index, negated, weak, direct=False)
        if word in WE_WORDS:
            return Agent(Subject.WE, tokens[index].start, negated, weak)
        if word in OTHER_PRONOUNS:
            return Agent(Subject.OTHER, tokens[index].start, negated, weak)
    if not tokens:
        return Agent(Subject.NONE, 0, negated, weak)
    opener = tokens[0]
    if guess_opener and not _verbish(opener.text) and opener.text not in FILLERS:
        return Agent(Subject.OTHER, opener.start, negated, weak)
    return Agent(Subject.NONE, opener.start, negated, weak)


def _verbish(word: str) -> bool:
    return (
        word in _VERBISH_IRREGULAR
        or (word.endswith("ed") and len(word) > 4)
        or (word.endswith("ing") and len(word) > 5)
        or word.endswith("ly")
    )


def _phrase_start(tokens: list[Word], index: int) -> int:
    """Start of a subject noun phrase: "my manager", "the platform team"."""
    start = index
    while start > 0 and start > index - 3 and tokens[start - 1].text not in FILLERS | COORDINATORS:
        start -= 1
        if tokens[start].text in DETERMINERS:
            break
    return tokens[start].start


def _passive_agent(norm: str, verb_start: int, tokens: list[Word]) -> Agent | None:
    """ "was led by my manager": the agent follows "by"."""
    if not tokens or tokens[-1].text not in ("was", "were", "been", "is", "are", "being"):
        return None
    after = re.compile(r"[a-z-]+\s+by\s+((?:the |my |our |a )?[a-z'-]+)").match(norm, verb_start)
    if after is None:
        return None
    agent, end = after.group(1), after.end()
    if agent == "me":
        return Agent(Subject.I, verb_start, end=end)
    if agent == "us":
        return Agent(Subject.WE, verb_start, end=end)
    return Agent(Subject.OTHER, verb_start, end=end)


# --- drafted claims ------------------------------------------------------------------


def find_ownership_claims(text: str, norm: str) -> list[OwnershipClaim]:
    """Ownership verbs the draft attributes to the candidate (not "we", not someone else)."""
    found: list[OwnershipClaim] = []
    for pattern, verb in _DRAFT_PATTERNS:
        for match in pattern.finditer(norm):
            start, end = match.span()
            if _NOT_OWNERSHIP.match(norm, start) or _after_determiner(norm, start, verb.form):
                continue
            agent = agent_of(text, norm, start, guess_opener=False)
            if agent.subject in (Subject.WE, Subject.OTHER) or agent.negated:
                continue  # an unknown subject stays a claim: flagging is the safe side
            if verb.form in (Form.BASE, Form.ROLE) and not _stands_as_claim(norm, start, agent):
                continue
            weak = "co" if match.group().startswith("co") else ""
            if agent.weak and agent.weak in WEAKENERS:
                helped = re.search(rf"{agent.weak}\s+(?:to\s+)?$", norm[:start])
                if helped:
                    start, weak = helped.start(), agent.weak
            if not any(c.start < end and start < c.end for c in found):
                found.append(OwnershipClaim(start, end, verb.act, verb.past, weak))
    return sorted(found, key=lambda c: c.start)


def _after_determiner(norm: str, start: int, form: Form) -> bool:
    """ "the design", "our build", "my own": a noun, not the verb."""
    if form in (Form.PAST, Form.ROLE):
        return False
    before = words(norm, max(0, start - 20), start)
    return bool(before) and before[-1].text in DETERMINERS | {"own"}


def _stands_as_claim(norm: str, start: int, agent: Agent) -> bool:
    """A base form or role is a claim after "I", "to", "as", a copula, or at a clause start."""
    if agent.subject is Subject.I and agent.direct:
        return True
    head = norm[:start].rstrip()
    if not head or head[-1] in ".;:,•*-(\n":
        return True
    return bool(re.search(rf"(?<![a-z])(?:to|as|as the|as a|served as|acted as|{_HELP})$", head))


# --- the candidate's own words ---------------------------------------------------------


def find_ownership_evidence(text: str, norm: str) -> list[OwnershipEvidence]:
    """Every statement of who did what in one source, whoever the subject."""
    return [
        *_verb_evidence(text, norm),
        *_mine_evidence(norm),
        *_title_evidence(norm),
        *_possessive_evidence(norm),
    ]


def _verb_evidence(text: str, norm: str) -> list[OwnershipEvidence]:
    found = []
    for pattern, act, is_phrase in _EVIDENCE_PATTERNS:
        for match in pattern.finditer(norm):
            start, end = match.span()
            if _NOT_OWNERSHIP.match(norm, start):
                continue
            if not is_phrase and _after_determiner(norm, start, Form.BASE):
                continue
            if match.group() == "lead" and _ROLE_MODIFIER.search(norm, 0, start):
                continue  # the "lead" of "tech lead" is read by the role pattern
            agent = agent_of(text, norm, start, guess_opener=True)
            if agent.subject is Subject.UNKNOWN:
                continue  # "the code review design": not about who did anything
            if _CO.match(match.group()):
                agent = replace(agent, weak=agent.weak or "co")
            if _NEGATED_PHRASE.search(match.group()):
                agent = replace(agent, negated=True)  # "I wasn't the manager"
            found.append(
                OwnershipEvidence(min(agent.start, start), max(end, agent.end), act, agent)
            )
    return found


def _mine_evidence(norm: str) -> list[OwnershipEvidence]:
    found = []
    for pattern, act in _MINE_PATTERNS:
        for match in pattern.finditer(norm):
            agent = Agent(Subject.I, match.start(), bool(_NEGATED_PHRASE.search(match.group())))
            found.append(OwnershipEvidence(match.start(), match.end(), act, agent))
    return found


def _title_evidence(norm: str) -> list[OwnershipEvidence]:
    found = []
    for pattern, act in _TITLE_PATTERNS:
        for match in pattern.finditer(norm):
            before = norm[: match.start()].rstrip()
            if not before or before[-1] in _CLAUSE_OPENERS:
                agent = Agent(Subject.NONE, match.start())
                found.append(OwnershipEvidence(match.start(), match.end(), act, agent))
    return found


def _possessive_evidence(norm: str) -> list[OwnershipEvidence]:
    found = []
    for pattern, act in _POSSESSIVE_PATTERNS:
        for match in pattern.finditer(norm):
            subject = {"my": Subject.I, "our": Subject.WE}.get(match.group(1), Subject.OTHER)
            before = words(norm, max(0, match.start() - 24), match.start())[-3:]
            negations = [w for w in before if w.text in NEGATIONS or w.text.endswith("n't")]
            start = negations[0].start if negations else match.start()
            agent = Agent(subject, start, bool(negations))
            found.append(OwnershipEvidence(start, match.end(), act, agent))
    return found


def backs(evidence: OwnershipEvidence, claim: OwnershipClaim) -> bool:
    """The evidence is the candidate's own, positive, full-strength act of a fitting kind.
    A drafted "co-led" or "helped lead" is also backed by a shared "we led"."""
    if evidence.act not in ACCEPTS[claim.act] or evidence.agent.negated:
        return False
    if claim.weak:
        return evidence.agent.subject in (Subject.I, Subject.NONE, Subject.WE)
    return evidence.agent.subject in (Subject.I, Subject.NONE) and not evidence.agent.weak
