"""What counts as a claim in a drafted line, and where it sits."""

from __future__ import annotations

import pytest

from coach.provenance import Claim, ClaimKind, extract_claims

NUM, TEAM, SCOPE, OWN = ClaimKind.NUMBER, ClaimKind.TEAM_SIZE, ClaimKind.SCOPE, ClaimKind.OWNERSHIP
ABSOLUTE, COMPARATIVE, NAME = ClaimKind.ABSOLUTE, ClaimKind.COMPARATIVE, ClaimKind.NAME

EXTRACTION = [
    # numbers in every form
    ("Scaled ingestion to 10K users", [(NUM, "10K")]),
    ("Scaled ingestion to 10k users", [(NUM, "10k")]),
    ("Served 10,000 users and 4,000 merchants", [(NUM, "10,000"), (NUM, "4,000")]),
    ("Handled 1.2M requests a day", [(NUM, "1.2M")]),
    ("Saved $1.2M, €300k and £2m", [(NUM, "$1.2M"), (NUM, "€300k"), (NUM, "£2m")]),
    ("Cut errors 40% and pages 40 percent", [(NUM, "40%"), (NUM, "40 percent")]),
    ("Held 99.99% availability", [(NUM, "99.99%")]),
    ("Made builds 2x faster and tests 2× faster", [(NUM, "2x"), (NUM, "2×")]),
    ("Grew usage 3-fold", [(NUM, "3-fold")]),
    ("Deployed twice as often", [(NUM, "twice")]),
    (
        "Doubled throughput, tripled coverage and halved costs",
        [(NUM, "Doubled"), (NUM, "tripled"), (NUM, "halved")],
    ),
    (
        "Mentored a dozen, then eighteen, then forty people",
        [(NUM, "a dozen"), (NUM, "eighteen"), (TEAM, "forty people")],
    ),
    ("Ran 3–5 experiments a week", [(NUM, "3–5")]),
    ("Cut p99 to 200 ms across 15 services", [(NUM, "200 ms"), (NUM, "15")]),
    ("Shipped in Q3 2021", [(NUM, "Q3"), (NUM, "2021")]),
    ("Grew to over 10K users", [(NUM, "over 10K")]),
    ("Kept p99 under 200ms at ~40% CPU", [(NUM, "under 200ms"), (NUM, "~40%")]),
    ("Cut p99 from 2s to 500ms", [(NUM, "2s"), (NUM, "500ms")]),
    ("Stored 40 TB of events", [(NUM, "40 TB")]),
    ("Migrated hundreds of services", [(NUM, "hundreds")]),
    ("Kept four nines for two years", [(NUM, "four nines"), (NUM, "two years")]),
    # team and org sizes
    ("Led a team of 8", [(OWN, "Led"), (TEAM, "team of 8")]),
    ("Managed 8 engineers", [(OWN, "Managed"), (TEAM, "8 engineers")]),
    ("Worked with three teams", [(TEAM, "three teams")]),
    ("Ran a 40-person org", [(TEAM, "40-person org")]),
    ("Supported an org of 200", [(TEAM, "org of 200")]),
    ("Rolled it out across 5 squads", [(TEAM, "5 squads")]),
    # scope words
    ("Drove an org-wide migration", [(OWN, "Drove"), (SCOPE, "org-wide")]),
    (
        "A company-wide, multi-team, cross-functional programme",
        [(SCOPE, "company-wide"), (SCOPE, "multi-team"), (SCOPE, "cross-functional")],
    ),
    (
        "Adopted by every team, across the company",
        [(SCOPE, "every team"), (SCOPE, "across the company")],
    ),
    (
        "Rolled out to all of engineering and organisation-wide",
        [(SCOPE, "all of engineering"), (SCOPE, "organisation-wide")],
    ),
    (
        "A global, platform-wide, cross-team effort",
        [(SCOPE, "global"), (SCOPE, "platform-wide"), (SCOPE, "cross-team")],
    ),
    # ownership verbs, in their forms
    (
        "Owned, designed and architected the ledger",
        [(OWN, "Owned"), (OWN, "designed"), (OWN, "architected")],
    ),
    ("Spearheaded and championed the move", [(OWN, "Spearheaded"), (OWN, "championed")]),
    (
        "Founded the guild; established and initiated reviews",
        [(OWN, "Founded"), (OWN, "established"), (OWN, "initiated")],
    ),
    ("Headed, directed and drove the work", [(OWN, "Headed"), (OWN, "directed"), (OWN, "drove")]),
    ("Created, built and launched the app", [(OWN, "Created"), (OWN, "built"), (OWN, "launched")]),
    ("I decided to lead the rewrite", [(OWN, "decided"), (OWN, "lead")]),
    ("Leading the platform team", [(OWN, "Leading")]),
    ("Tech lead for payments", [(OWN, "Tech lead")]),
    ("Co-led the migration", [(OWN, "Co-led")]),
    ("Helped lead the migration", [(OWN, "Helped lead")]),
]

NOT_CLAIMS = [
    "Fixed N+1 queries and 5xx spikes in phase 2",
    "Passed the SOC 2 and ISO 27001 audits",
    "Mentored engineers and wrote design docs",
    "We decided as a team to roll back",
    "The build was slow, so the design changed",
    "Managed to ship before the freeze",
    "Worked on the product owner's roadmap",
    "One of the first hires on the team",
]


@pytest.mark.parametrize(("line", "expected"), EXTRACTION, ids=[line for line, _ in EXTRACTION])
def test_claims_found_in_order_with_their_kind(
    line: str, expected: list[tuple[ClaimKind, str]]
) -> None:
    claims = extract_claims(line)
    assert [(claim.kind, claim.text) for claim in claims] == expected


# Names, absolutes and comparatives are claims of their own (a small model invents them),
# but the digits inside a name or a label are still no number claims.
WORDING = [
    ("Tracked p50, p95 and p99 latency in Grafana", [(NAME, "Grafana")]),
    ("Upgraded services to Python 3.11 and OAuth 2.0 over HTTP/2",
     [(NAME, "Python"), (NAME, "OAuth")]),
    ("Moved k8s workloads from EC2 and S3 to GKE",
     [(NAME, "k8s"), (NAME, "EC2"), (NAME, "S3"), (NAME, "GKE")]),
    ("Ran 24/7 on-call and weekly 1:1s", [(ABSOLUTE, "24/7")]),
    ("Tracked leading indicators that led to fewer incidents", [(COMPARATIVE, "fewer")]),
    ("Kept search up with zero downtime and no outages",
     [(NUM, "zero"), (ABSOLUTE, "no outages")]),
    ("Made builds faster and never missed a release", [(COMPARATIVE, "faster"),
                                                       (ABSOLUTE, "never")]),
    ("Moved checkout to Stripe with Priya", [(NAME, "Stripe"), (NAME, "Priya")]),
    # Someone else's verbs are no ownership claims; the person is a name to trace.
    ("My manager led the review and Priya designed the schema", [(NAME, "Priya")]),
]


@pytest.mark.parametrize(("line", "expected"), WORDING, ids=[line for line, _ in WORDING])
def test_names_absolutes_and_comparatives_are_wording_claims(
    line: str, expected: list[tuple[ClaimKind, str]]
) -> None:
    assert [(claim.kind, claim.text) for claim in extract_claims(line)] == expected


@pytest.mark.parametrize("line", NOT_CLAIMS)
def test_plain_words_names_and_labels_are_no_claims(line: str) -> None:
    assert extract_claims(line) == []


@pytest.mark.parametrize("line", [line for line, _ in EXTRACTION])
def test_offsets_index_the_line(line: str) -> None:
    for claim in extract_claims(line):
        assert line[claim.start : claim.end] == claim.text
        assert isinstance(claim, Claim)


def test_offsets_survive_typographic_characters() -> None:
    line = "I didn’t “lead” it — but cut p99 by ~40%\u00a0org‑wide for 10\u202f000 users, 3×"
    claims = extract_claims(line)
    assert [(c.kind, c.text) for c in claims] == [
        (NUM, "~40%"),
        (SCOPE, "org‑wide"),
        (NUM, "10\u202f000"),
        (NUM, "3×"),
    ]
    for claim in claims:
        assert line[claim.start : claim.end] == claim.text


def test_case_does_not_matter() -> None:
    assert [c.text for c in extract_claims("LED AN ORG-WIDE MIGRATION FOR 10K USERS")] == [
        "LED",
        "ORG-WIDE",
        "10K",
    ]


def test_a_team_size_is_one_claim_not_a_team_and_a_number() -> None:
    claims = extract_claims("Led a team of 8 engineers")
    assert [(c.kind, c.text, c.start, c.end) for c in claims] == [
        (OWN, "Led", 0, 3),
        (TEAM, "team of 8 engineers", 6, 25),
    ]


def test_empty_line_has_no_claims() -> None:
    assert extract_claims("") == []
    assert extract_claims("   ") == []
