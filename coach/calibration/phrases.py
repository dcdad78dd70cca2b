"""Phrase tables for the word-level signals: voice, stakes, obstacles, decisions, people,
reflection, ambiguity, influence, and the markers that make a story read a level lower.

Each table is a tuple of small regexes, one idea per row, so a reviewer can add a phrase
without reading a giant pattern. Matching is case-insensitive unless a row says otherwise.
"""

from __future__ import annotations

import re

from coach.calibration.numbers import COUNT
from coach.calibration.spans import compile_all
from coach.profile import Level

# "I" is matched case-sensitively: "i" is rarely the pronoun in typed answers that mean it,
# and "I/O", "CI", "Series I" are not the candidate.
SINGULAR = (
    re.compile(r"(?<![\w/])I(?:'m|'ve|'d|'ll|’m|’ve|’d|’ll)?(?![\w/])"),
    re.compile(r"\b(?:my|me|mine|myself)\b", re.IGNORECASE),
)
# "US" in capitals is the country, so "us" is matched in lower case or as "Us".
PLURAL = (
    re.compile(r"\b(?:we|our|ours|ourselves)\b", re.IGNORECASE),
    re.compile(r"\b(?:us|Us)\b(?!-)"),  # not the region in "us-east-1"
)
# A CV bullet has no subject: "Led ...", "Proposed ...". The leading verb is the candidate.
ACTION_VERBS = (
    r"led|built|designed|drove|owned|proposed|decided|chose|wrote|launched|shipped|migrated"
    r"|reduced|cut|introduced|created|established|architected|implemented|developed|delivered"
    r"|rebuilt|replaced|redesigned|automated|scaled|mentored|coached|hired|initiated|championed"
    r"|recommended|convinced|negotiated|defined|set|started|founded|spearheaded|managed|ran"
    r"|improved|increased|lowered|eliminated|consolidated|unified|standardi[sz]ed|authored"
    r"|partnered|aligned|organi[sz]ed|diagnosed|investigated|identified|discovered|found"
    r"|saved|raised|grew|removed|retired|deprecated|modernised|modernized|rewrote|optimi[sz]ed"
)
# Start of a line (the tables compile with MULTILINE) or of a sentence, then an optional
# bullet marker. Spaces only, not newlines, so a run of blank lines cannot backtrack badly.
SENTENCE_START = r"(?:^|(?<=[.!?;:])[ \t]+)[ \t]*(?:[-•*–·][ \t]*|\d+[.)][ \t]*)?"
IMPLICIT_SINGULAR = re.compile(rf"{SENTENCE_START}(?P<verb>(?:{ACTION_VERBS}))\b", re.IGNORECASE
                               | re.MULTILINE)

STAKES = compile_all((
    r"[$€£]",
    r"\b(?:customers?|clients?|users?|merchants?|sellers?|subscribers?|buyers?|patients?)\b",
    r"\bcustomer-facing\b|\buser-facing\b",
    r"\brevenue\b|\bprofit\b|\bmargins?\b|\bbookings\b|\barr\b|\bmrr\b|\bgmv\b",
    r"\bcosts?\b|\bspend(?:ing)?\b|\bbudgets?\b|\bsavings?\b|\bcloud bill\b",
    r"\bchurn\b|\bretention\b|\bconversion\b|\bnps\b",
    r"\bsla[so]?\b|\bslos?\b|\berror budgets?\b|\bavailability\b|\buptime\b",
    r"\boutages?\b|\bdowntime\b|\bincidents?\b|\bsev[- ]?[0-2]\b|\bdata loss\b",
    r"\bcompliance\b|\baudits?\b|\bauditors?\b|\bregulat\w+\b|\bgdpr\b|\bsoc ?2\b|\bpci\b"
    r"|\bhipaa\b|\bsox\b",
    r"\bsecurity\b|\bvulnerabilit(?:y|ies)\b|\bbreach(?:es)?\b|\bcves?\b",
    r"\brisks?\b|\brisky\b|\bliabilit(?:y|ies)\b",
))

# Specific obstacles; `OBSTACLE_GENERIC` only says the work was hard without saying why.
OBSTACLE = compile_all((
    r"\bdisagree(?:d|ment|ments)?\b|\bpush(?:ed)?[- ]?back\b|\bpushback\b",
    r"\bconflicts?\b|\bconflicting\b|\btensions?\b",
    r"\bconstraints?\b|\bconstrained\b|\bdeadlines?\b|\btight\s+(?:deadline|timeline|budget)s?\b",
    r"\bfail(?:ed|ure|ures|ing)\b|\bwent wrong\b|\bmistakes?\b|\bsetbacks?\b|\bregressions?\b",
    r"\blegacy\b|\btech(?:nical)? debt\b",
    r"\btrade-?offs?\b",
    r"\bobject(?:ed|ions?)\b|\boppos(?:ed|ition)\b|\bresist(?:ance|ed)\b|\breluctan(?:t|ce)\b"
    r"|\bs[ck]eptic(?:al|s)?\b",
    r"\bblock(?:ed|ers?)\b|\bunder pressure\b|\bcompeting priorities\b",
    r"\bdistrust(?:ed|ful)?\b|\b(?:did not|didn't|wouldn't|would not) trust\b"
    r"|\bworried\b|\bafraid\b|\bconcerns?\s+(?:about|that|over)\b",
    r"\b(?:no|without|frozen)\s+(?:budget|headcount)\b|\bhiring freeze\b|\bshort-?staffed\b"
    r"|\bunderstaffed\b",
    # Not "broke" alone: "broke the monolith into services" is the work, not an obstacle.
    r"\bbroken\b|\bkept (?:breaking|failing|paging)\b|\bflaky\b",
))
OBSTACLE_GENERIC = compile_all((
    r"\bchalleng(?:e|es|ing)\b|\bdifficult(?:y|ies)?\b|\bhard(?:est)?\b|\bcomplex(?:ity)?\b"
    r"|\btricky\b",
))

_ADVERB = r"(?:\w+ly\s+|then\s+|also\s+|eventually\s+|finally\s+|personally\s+){0,2}"
_DECISION_VERBS = (
    r"decided|chose|proposed|recommended|pushed\s+for|pushed\s+back|convinced|argued\s+for"
    r"|advocated|championed|insisted|opted|picked|selected|vetoed|initiated|called\s+for"
    r"|made\s+the\s+(?:call|decision|case)|drove\s+the\s+decision|set\s+the\s+direction"
    r"|wrote\s+the\s+(?:proposal|rfc|design\s+doc|plan|strategy)|decided\s+against|rejected"
    r"|turned\s+down|killed|cut\s+scope|changed\s+course|took\s+the\s+call|owned\s+the\s+decision"
)
DECISION = (
    re.compile(rf"(?<![\w/])(?-i:I)\s+{_ADVERB}(?:{_DECISION_VERBS})\b", re.IGNORECASE),
    re.compile(r"\bmy\s+(?:decision|call|proposal|recommendation|rfc|design\s+doc)\b",
               re.IGNORECASE),
    re.compile(r"\b(?:it|this|that)\s+was\s+my\s+(?:call|decision|idea|proposal)\b",
               re.IGNORECASE),
    # A bullet's leading verb is the candidate's: "Proposed and drove ...".
    re.compile(rf"{SENTENCE_START}(?P<verb>{_DECISION_VERBS})\b", re.IGNORECASE | re.MULTILINE),
)
# Decisions named, but not as the candidate's: the gap check asks which part was theirs.
OTHERS_DECISION = compile_all((
    r"\bwe\s+(?:\w+ly\s+)?(?:decided|chose|agreed|opted|picked|went\s+with|settled\s+on)\b",
    r"\bthe\s+(?:team|group|committee)\s+(?:decided|chose|agreed|opted)\b",
    r"\b(?:my|our|the)\s+(?:manager|lead|tech\s+lead|director|vp|boss|cto)\s+(?:decided|chose"
    r"|picked|made\s+the\s+call)\b",
))

PEOPLE = compile_all((
    r"\b(?:with|alongside|together\s+with)\s+(?:the\s+|our\s+|my\s+|a\s+)?(?:[\w-]+,?\s+){0,4}"
    r"(?:teams?|engineers?|designers?|pms?|product\s+managers?|managers?|leads?|sres?"
    r"|analysts?|data\s+scientists?|researchers?|stakeholders|partners?|counterparts?"
    r"|directors?|vps?|support|legal|finance|sales|vendors?)\b",
    r"\b(?:pms?|product\s+managers?|product\s+owners?|designers?|ux\s+researchers?|tech\s+leads?"
    r"|engineering\s+managers?|directors?|vps?|cto|ceo|stakeholders|data\s+scientists?"
    r"|analysts?|interns?|new\s+hires?|junior\s+engineers?|senior\s+engineers?|juniors"
    r"|customer\s+success|support\s+(?:team|engineers)|sre\s+team|security\s+team"
    r"|on-?call\s+(?:engineers|rotation))\b",
    r"\b(?:partnered|collaborated|mentored|mentoring|coached|coaching|onboarded|interviewed"
    r"|hired|paired|sponsored|trained|taught|negotiated|facilitated|delegated)\b",
    r"\bworked\s+(?:closely\s+)?with\b|\bcross-?functional\b",
    rf"(?:{COUNT})\s+(?:[\w-]+\s+)?(?:engineers|developers|people|reports|contributors"
    r"|teammates|interns|sres|data\s+scientists|designers)\b",
))

REFLECTION = compile_all((
    r"\bin\s+(?:hindsight|retrospect)\b|\blooking\s+back\b|\bwith\s+hindsight\b",
    r"\b(?:I|I'd|I’d)\s+(?:would\s+)?(?:do|have\s+done)\s+(?:\w+\s+){0,3}?differently\b",
    r"\bwhat\s+I(?:'d|’d|\s+would)\s+(?:do|change)\b|\bdo\s+(?:it\s+)?differently\b",
    r"\bI\s+(?:learned|learnt|(?:realised|realized)\s+(?:later|afterwards))\b",
    r"\blessons?\s+(?:I\s+)?(?:learned|learnt)\b",
    r"\bthe\s+lesson\b|\btaught\s+me\b|\bnext\s+time\b|\bif\s+I\s+(?:did|were\s+to\s+do)\s+it"
    r"\s+again\b",
    r"\bI\s+(?:should|would|could)\s+have\b|\bI\s+wish\s+I\s+had\b|\bmy\s+mistake\b",
    r"\bI(?:'d|’d)\s+(?:start|have\s+started|push|involve|measure)\b",
))

# Rows: the lowest level the phrase is evidence for, then the pattern.
AMBIGUITY: tuple[tuple[Level, re.Pattern[str]], ...] = tuple(
    (level, re.compile(p, re.IGNORECASE)) for level, p in (
        (Level.SENIOR, r"\bunclear\b|\bambigu(?:ous|ity)\b|\bundefined\b|\bopen[- ]ended\b"),
        (Level.SENIOR, r"\b(?:no|without|vague)\s+(?:clear\s+)?(?:spec|requirements|design)\b"
                       r"|\bopen\s+questions?\b|\bunknowns?\b"),
        (Level.STAFF, r"\bno\s+(?:clear\s+)?owner\b|\b(?:nobody|no\s+one|no-one)\s+(?:really\s+)?"
                      r"owned\b|\bunowned\b|\borphaned\b|\bfell\s+between\s+(?:the\s+)?teams\b"),
        (Level.STAFF, r"\b(?:nobody|no\s+one|no-one)\s+had\s+(?:asked|noticed|looked|measured)\b"
                      r"|\b(?:nobody|no\s+one)\s+was\s+(?:looking|measuring|tracking)\b"),
        (Level.STAFF, r"\bfound\s+the\s+(?:real\s+)?problem\b|\bthe\s+real\s+problem\b"
                      r"|\bnot\s+on\s+anyone'?s\s+roadmap\b|\breframed\b"
                      r"|\bdefined\s+the\s+problem\b"),
        (Level.STAFF, r"(?-i:I)\s+(?:\w+ly\s+)?(?:noticed|spotted|discovered|identified|realised"
                      r"|realized|found)\s+(?:that|the|a|an)\b"),
        (Level.SENIOR_STAFF, r"\bcompeting\s+(?:proposals|designs|visions|directions|approaches"
                             r"|strategies|roadmaps|plans)\b|\bconflicting\s+roadmaps\b"),
        (Level.SENIOR_STAFF, r"\bteams\s+(?:\w+\s+)?disagreed\b|\bdisagree(?:d|ment)\s+(?:\w+\s+)?"
                             r"(?:about|on|over)\s+(?:the\s+)?direction\b|\btwo\s+camps\b"),
        (Level.SENIOR_STAFF, r"\bno\s+(?:agreed|shared|common)\s+direction\b"
                             r"|\bset\s+(?:the\s+)?(?:technical\s+)?direction\b"),
        (Level.PRINCIPAL, r"\bno\s+(?:single\s+|clear\s+|obvious\s+)?right\s+answer\b"
                          r"|\bno\s+precedent\b|\bunprecedented\b"),
        (Level.PRINCIPAL, r"\brallied\s+the\s+(?:whole\s+|entire\s+)?(?:org|organi[sz]ation"
                          r"|company|engineering)\b|\bbet[- ]the[- ]company\b"
                          r"|\bcompany[- ]level\s+bet\b"),
    )
)

INFLUENCE: tuple[tuple[Level, re.Pattern[str]], ...] = tuple(
    (level, re.compile(p, re.IGNORECASE)) for level, p in (
        (Level.SENIOR, r"\b(?:convinced|persuaded|aligned|won\s+over|brought\s+\w+\s+along)\b"),
        (Level.SENIOR, r"\bgot\s+(?:buy-?in|agreement|sign-?off)\b|\braised\s+the\s+bar\b"),
        (Level.STAFF, r"\b(?:other|partner|\w+)\s+teams\s+(?:\w+\s+)?adopted\b"
                      r"|\badopted\s+by\s+(?:\w+\s+){0,2}teams\b"),
        (Level.STAFF, r"\bchanged\s+(?:their|the|its|our|other\s+teams'?)\s+(?:\w+\s+)?roadmaps?\b"
                      r"|\broadmaps?\s+(?:was|were)\s+changed\b"),
        (Level.STAFF, r"\b(?:rfc|design\s+doc|proposal)\s+(?:was\s+)?(?:adopted|accepted"
                      r"|approved)\b"),
        (Level.STAFF, r"\b(?:convinced|persuaded|aligned)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?"
                      r"teams\b|\bbecame\s+the\s+(?:standard|default)\b"),
        (Level.SENIOR_STAFF, r"\bdirectors?\b|\bhead\s+of\s+\w+|\bleadership\s+team\b"),
        (Level.SENIOR_STAFF, r"\b(?:group|department|org)(?:'s)?\s+strategy\b"
                             r"|\bstrategy\s+(?:doc|document|memo|paper)\b"),
        (Level.PRINCIPAL, r"\b(?:s?vps?|cto|ceo|cfo|cpo|c-level|c-suite)\b"
                          r"|\bboard\s+(?:of\s+directors|meetings?|members?|deck|review)\b"),
        # Not "exec" alone: "kubectl exec" is an SRE's daily verb.
        (Level.PRINCIPAL, r"\bexecutives\b|\bexecs\b|\bexecutive\s+(?:team|staff|sponsors?"
                          r"|review|leadership|audience|committee)\b"
                          r"|\bcompany(?:'s)?\s+(?:strategy|roadmap|priorities)\b"
                          r"|\bsenior\s+leadership\b"),
    )
)

# Markers that make a story read a level lower (DOMAIN.md).
ASSIGNED = compile_all((
    r"\b(?:my|our|the)\s+(?:manager|lead|tech\s+lead|boss|director)\s+(?:asked|assigned|told"
    r"|gave|handed|put)\b",
    r"(?-i:I)\s+was\s+(?:asked|assigned|told|tasked|given\s+the\s+task|put\s+on)\b",
    r"\bwas\s+tasked\s+with\b|\bassigned\s+to\s+me\b|\bhanded\s+(?:to\s+)?me\b",
))
MEETINGS = compile_all((
    r"\b(?:scheduled|set\s+up|booked|organi[sz]ed|called|held)\s+(?:more|another|further"
    r"|follow-?up|a\s+series\s+of|several|regular)\s+(?:\w+\s+)?meetings?\b",
    r"\bmore\s+meetings\b|\banother\s+meeting\b",
    r"\b(?:agreed|decided)\s+to\s+revisit\b|\btabled\s+(?:it|the\s+\w+)\b"
    r"|\bparked\s+the\s+(?:decision|question|discussion)\b",
    r"\bno\s+decision\s+was\s+(?:made|reached)\b|\bstill\s+(?:undecided|unresolved)\b"
    r"|\bwaited\s+for\s+(?:a\s+)?(?:decision|direction)\b",
))
STRATEGY = compile_all((
    r"\bstrateg(?:y|ies|ic)\b|\broadmaps?\b|\bvision\b|\bdirection\b|\bnorth\s+star\b"
    r"|\bprinciples\b|\bprioriti[sz](?:ed|ation|e)\b|\bbuild\s+vs\.?\s+buy\b",
))
# A change described without a number: the gap check asks "by how much?".
RESULT_WORDS = compile_all((
    r"\b(?:reduc|improv|increas|decreas|lower|rais|boost|speed|accelerat|eliminat)(?:ed|es|ing)\b",
    r"\b(?:cut|saved|halved|doubled)\b|\b(?:faster|quicker|cheaper|fewer|more\s+reliable)\b",
))
