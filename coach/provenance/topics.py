"""What a sentence is about, so a number said about costs does not back a claim about latency.

Two light signals, both deliberately forgiving: metric families (latency, cost, errors...)
for numbers, and shared content words for ownership verbs. A check only objects when both
sides say clearly what they are about and the two do not meet.
"""

from __future__ import annotations

import re

from coach.provenance.text import word_set, words

# Metric families as regex fragments; a family matches at the start of a word.
_FAMILIES = {
    # Not "fast" or "speed": "4x faster" says nothing about *what* got faster.
    "latency": r"latenc|p50|p90|p95|p99|p999|response time|load time|page load|tail\b|ttfb"
    r"|round trip",
    "cost": r"cost|spend|bill\b|bills\b|budget|saving|saved|save\b|expense|dollar|opex|capex"
    r"|\$|€|£|cheaper|price|pricing|licen",
    "errors": r"error|failure|5xx|exception|crash|bug|defect|flak",
    "incidents": r"incident|outage|sev[- ]?\d|severity|downtime|postmortem",
    "alerts": r"page\b|pages\b|paging|pager|alert|on-call|oncall|toil|ticket",
    "deploys": r"deploy|release|rollout|ship|lead time|merge",
    "builds": r"build|ci\b|compile|test suite|pipeline",
    "availability": r"availab|uptime|slos?\b|slas?\b|nines|reliab",
    "throughput": r"throughput|rps|qps|requests per|traffic|load\b",
    "users": r"user|customer|signup|sign-up|dau\b|mau\b|adoption|subscriber",
    "revenue": r"revenue|arr\b|mrr\b|gmv|sales|bookings",
    "conversion": r"conversion|retention|churn|engagement|ctr\b|click",
    "storage": r"storage|disk|footprint",
    "accuracy": r"accuracy|precision|recall|f1\b|auc\b|ndcg|mape|rmse",
    "training": r"train|inference|gpu",
    "recovery": r"mttr|mttd|recover|resolution|time to detect|time to mitigate",
    "onboarding": r"onboard|ramp|time to first",
}
_FAMILY_PATTERNS = {
    name: re.compile(rf"(?<![a-z0-9])(?:{fragment})") for name, fragment in _FAMILIES.items()
}


def families(norm_text: str) -> frozenset[str]:
    return frozenset(name for name, rx in _FAMILY_PATTERNS.items() if rx.search(norm_text))


def same_topic(a: frozenset[str], b: frozenset[str]) -> bool:
    """Unknown topic on either side is no evidence of a mismatch."""
    return not a or not b or bool(a & b)


FUNCTION_WORDS = word_set(
    """a an the and or but of to in on at by for with from into onto over under about as
    is are was were be been being am i we you he she they it its our my your their his her
    me us them this that these those which who whom whose what when where why how than
    then so too very just also not no nor only own same such both each few more most other
    some any all can could would should will shall may might must do does did done doing
    have has had having get got across after before during while up down out off again
    further once here there via per"""
)
# Words too common in résumé lines to say what a line is about.
STOPWORDS = FUNCTION_WORDS | word_set(
    """new one two first last team teams work worked working project projects company org
    effort efforts initiative end thing things whole"""
)

# A few spellings that mean the same system or thing in engineering talk.
_SYNONYMS = {
    "k8s": "kubernetes",
    "db": "database",
    "dbs": "database",
    "postgresql": "postgres",
    "pg": "postgres",
    "microservice": "service",
    "microservices": "service",
    "svc": "service",
    "infra": "infrastructure",
    "oncall": "on-call",
    "ml": "machine-learning",
    "repo": "repository",
    "repos": "repository",
    "deployment": "deploy",
    "deployments": "deploy",
    "move": "migrat",
    "moved": "migrat",
    "moving": "migrat",
}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ies", "es", "ed", "s")


def stem(word: str) -> str:
    """A crude stem: enough for "migrated"/"migration" or "deploys"/"deploy" to meet."""
    word = _SYNONYMS.get(word, word)
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(norm_text: str, ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    out = set()
    for word in words(norm_text):
        text = word.text.strip("$€£¥%~")
        if len(text) < 2 or text in STOPWORDS or text in ignore or text[0].isdigit():
            continue
        out.add(stem(text))
    return frozenset(out)


def stems_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    for x in a:
        for y in b:
            if x == y:
                return True
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 4 and long_.startswith(short):
                return True
    return False


_PLURAL_RULES = (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"))


def lemma(word: str) -> str:
    """Singular form of a counted noun: "services" -> "service", "queries" -> "query"."""
    for suffix, replacement in _PLURAL_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word
