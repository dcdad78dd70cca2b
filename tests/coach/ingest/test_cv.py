"""CV structure: role headers and dates (table-driven), whole CVs as block lists."""

from __future__ import annotations

from datetime import date

import pytest

from coach.ingest.blocks import Block, ExtractedText
from coach.ingest.cv import CvStructure, Role, ended_more_than, parse_cv, years_since_end
from coach.ingest.dates import YearMonth, find_date_range

TODAY = date(2026, 11, 22)
YM = YearMonth


def blocks_from_text(text: str) -> ExtractedText:
    """A tiny stand-in reader: '# ' heading, '- '/'• ' bullet, other lines paragraphs."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block("heading", line.lstrip("#").strip(), level=level))
        elif line.startswith(("- ", "• ")):
            blocks.append(Block("bullet", line[2:].strip()))
        else:
            blocks.append(Block("paragraph", line))
    return ExtractedText(tuple(blocks), "text")


def parse(text: str) -> CvStructure:
    return parse_cv(blocks_from_text(text), today=TODAY)


def one_role(header: str) -> Role:
    cv = parse(f"# Experience\n{header}\n- Cut p99 latency by 40% for 3 teams.")
    assert len(cv.roles) == 1, cv.roles
    assert cv.roles[0].bullets == ("Cut p99 latency by 40% for 3 teams.",)
    return cv.roles[0]


def case(header, title, company, start, end=None, *, current=False, location=""):
    """One role header and the role it should give."""
    return pytest.param(header, (title, company, start, end, current, location), id=header[:40])


HEADER_CASES = [
    case(
        "Staff Engineer — Acme Corp (Mar 2019 – Present)",
        "Staff Engineer",
        "Acme Corp",
        YM(2019, 3),
        current=True,
    ),
    case(
        "Acme Corp | Staff Engineer | 2019 – Present",
        "Staff Engineer",
        "Acme Corp",
        YM(2019),
        current=True,
    ),
    case(
        "Staff Engineer, Acme Corp, Berlin · 01/2019 – 12/2022",
        "Staff Engineer",
        "Acme Corp",
        YM(2019, 1),
        YM(2022, 12),
        location="Berlin",
    ),
    case(
        "Senior SRE, Initech · Jan 2015 – Feb 2019",
        "Senior SRE",
        "Initech",
        YM(2015, 1),
        YM(2019, 2),
    ),
    case("Senior Engineer at Acme (2015-2019)", "Senior Engineer", "Acme", YM(2015), YM(2019)),
    case("Engineer — Globex (2015–2019)", "Engineer", "Globex", YM(2015), YM(2019)),
    case("Engineer — Globex (2015—2019)", "Engineer", "Globex", YM(2015), YM(2019)),
    case("SRE | Hooli | 03/2019 - Present", "SRE", "Hooli", YM(2019, 3), current=True),
    case(
        "Developer, Initrode Ltd, Sept. 2012 to June 2014",
        "Developer",
        "Initrode Ltd",
        YM(2012, 9),
        YM(2014, 6),
    ),
    case(
        "Backend Developer | Initech | Jun 2020 - now",
        "Backend Developer",
        "Initech",
        YM(2020, 6),
        current=True,
    ),
    case(
        "Staff Engineer, Acme Engineering GmbH (Jan 2015 – Feb 2019)",
        "Staff Engineer",
        "Acme Engineering GmbH",
        YM(2015, 1),
        YM(2019, 2),
    ),
    case("Head of Platform at Acme (2019–2021)", "Head of Platform", "Acme", YM(2019), YM(2021)),
    case(
        "STAFF ENGINEER — ACME CORP (2019 – PRESENT)",
        "STAFF ENGINEER",
        "ACME CORP",
        YM(2019),
        current=True,
    ),
    case(
        "Principal Engineer — Hooli (2019-03 – Present)",
        "Principal Engineer",
        "Hooli",
        YM(2019, 3),
        current=True,
    ),
    case("Tech Lead, Pied Piper · 2016 until 2018", "Tech Lead", "Pied Piper", YM(2016), YM(2018)),
    case(
        "Staff Software Engineer @ Stripe · Jan 2020 – Current",
        "Staff Software Engineer",
        "Stripe",
        YM(2020, 1),
        current=True,
    ),
    case("Intern, Foo Ltd (2003)", "Intern", "Foo Ltd", YM(2003), YM(2003)),
    case(
        "2019 – Present: Staff Engineer, Acme Corp",
        "Staff Engineer",
        "Acme Corp",
        YM(2019),
        current=True,
    ),
    case(
        "Acme, Inc. — Senior Engineer (since 2018)",
        "Senior Engineer",
        "Acme, Inc.",
        YM(2018),
        current=True,
    ),
    case(
        "Director of Engineering, Umbrella Labs, Remote (2021 – ongoing)",
        "Director of Engineering",
        "Umbrella Labs",
        YM(2021),
        current=True,
        location="Remote",
    ),
    case(
        "Architect | Vandelay Industries | January 2010 – December 2012",
        "Architect",
        "Vandelay Industries",
        YM(2010, 1),
        YM(2012, 12),
    ),
    case(
        "Data Scientist at Soylent.com (2012 to today)",
        "Data Scientist",
        "Soylent.com",
        YM(2012),
        current=True,
    ),
    case("Consultant — Contoso LLC (2008 – 2010)", "Consultant", "Contoso LLC", YM(2008), YM(2010)),
    case(
        "Co-founder & CTO, Nimbus Labs, 2017 - 2019",
        "Co-founder & CTO",
        "Nimbus Labs",
        YM(2017),
        YM(2019),
    ),
    case(
        "Senior Engineering Manager, Wayne Technologies (Nov 2020 – Mar 2023)",
        "Senior Engineering Manager",
        "Wayne Technologies",
        YM(2020, 11),
        YM(2023, 3),
    ),
    case(
        "Acme Corp — Staff SRE — 2019/04 – 2022/08",
        "Staff SRE",
        "Acme Corp",
        YM(2019, 4),
        YM(2022, 8),
    ),
    case("Engineer, Foo Ltd (2004–2008)", "Engineer", "Foo Ltd", YM(2004), YM(2008)),
    case(
        "Staff Engineer (Payments) — Acme Corp [2019 – 2021]",
        "Staff Engineer (Payments)",
        "Acme Corp",
        YM(2019),
        YM(2021),
    ),
    case(
        "Software Engineer\tGlobex Corporation\tMay 2011 – Aug 2013",
        "Software Engineer",
        "Globex Corporation",
        YM(2011, 5),
        YM(2013, 8),
    ),
    case("SENIOR ENGINEER AT HOOLI (2014 - 2016)", "SENIOR ENGINEER", "HOOLI", YM(2014), YM(2016)),
    case(
        "Lead Developer | Massive Dynamic | 2016 – 2018 · 2 yrs",
        "Lead Developer",
        "Massive Dynamic",
        YM(2016),
        YM(2018),
    ),
]


@pytest.mark.parametrize(("header", "expected"), HEADER_CASES)
def test_role_header(header, expected):
    role = one_role(header)
    got = (role.title, role.company, role.start, role.end, role.current, role.location)
    assert got == expected


MULTI_LINE_CASES = [
    # title line, company line, date line
    ("Staff Engineer\nAcme Corp\nMar 2019 – Present", "Staff Engineer", "Acme Corp", YM(2019, 3)),
    # company first, then title, then dates: the cues decide
    ("Globex Inc.\nSenior Developer\n2015 - 2018", "Senior Developer", "Globex Inc.", YM(2015)),
    # title and dates on one line, company on the next
    (
        "Senior Engineer    Jan 2016 – Dec 2018\nInitech, Austin",
        "Senior Engineer",
        "Initech",
        YM(2016, 1),
    ),
    # a company line, then a title-and-date line
    ("Hooli\nSenior SRE  Jan 2015 - Feb 2019", "Senior SRE", "Hooli", YM(2015, 1)),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "title", "company", "start"), MULTI_LINE_CASES)
def test_role_header_over_several_lines(lines, title, company, start):
    role = one_role(lines)
    assert (role.title, role.company, role.start) == (title, company, start)


def test_company_heading_in_caps_covers_the_roles_below_it():
    cv = parse(
        "# EXPERIENCE\n## ACME CORP\nSenior SRE  Jan 2015 - Feb 2019\n"
        "- Ran on-call for 40 services.\n"
        "SRE  Mar 2012 - Dec 2014\n- Automated failover.\n## GLOBEX\nEngineer  2010 - 2012\n"
        "- Wrote the billing service."
    )
    assert [(r.title, r.company, r.start) for r in cv.roles] == [
        ("Senior SRE", "ACME CORP", YM(2015, 1)),
        ("SRE", "ACME CORP", YM(2012, 3)),
        ("Engineer", "GLOBEX", YM(2010)),
    ]
    assert [s.kind for s in cv.sections] == ["experience"]
    assert [len(r.bullets) for r in cv.roles] == [1, 1, 1]


DATE_CASES = [
    ("Jan 2015 – Feb 2019", YM(2015, 1), YM(2019, 2), False),
    ("2015–2019", YM(2015), YM(2019), False),
    ("03/2019 - Present", YM(2019, 3), None, True),
    ("Sept. 2012 to June 2014", YM(2012, 9), YM(2014, 6), False),
    ("Jun 2020 - now", YM(2020, 6), None, True),
    ("2019-03 – 2021-11", YM(2019, 3), YM(2021, 11), False),
    ("2019-03-01 - 2020-01-31", YM(2019, 3), YM(2020, 1), False),
    ("March 2018 until Current", YM(2018, 3), None, True),
    ("2017 — today", YM(2017), None, True),
    ("since Oct 2021", YM(2021, 10), None, True),
    ("(2019 – )", YM(2019), None, True),
    ("2019", YM(2019), YM(2019), False),
    ("12.2010 – 1.2013", YM(2010, 12), YM(2013, 1), False),
    ("Aug 2020 – Ongoing", YM(2020, 8), None, True),
    ("Summer 2019", YM(2019), YM(2019), False),  # seasons are not read: the year alone
]


@pytest.mark.parametrize(("text", "start", "end", "current"), DATE_CASES)
def test_date_ranges(text, start, end, current):
    found = find_date_range(text)
    assert found is not None
    assert (found.start, found.end, found.current) == (start, end, current)


@pytest.mark.parametrize("text", ["no dates here", "Q3 rollout", "version 3.11", "+1 555 0100"])
def test_no_date_range(text):
    assert find_date_range(text) is None


ONE_COLUMN = """
# Jane Doe
jane@example.com · Berlin · +49 30 1234
# Summary
Staff SRE with 14 years of experience running platforms at scale.
# Professional Experience
## Staff Site Reliability Engineer — Acme Cloud GmbH (Mar 2019 – Present)
- Led the multi-region failover design adopted by 6 teams.
- Cut incident count by 35% in 12 months through SLO-based alerting.
Owned the reliability roadmap for the storage group.
## Senior SRE — Globex Inc. (Jan 2015 – Feb 2019)
- Built the on-call rotation for 40 services.
- Reduced cloud cost by $1.2M a year.
## Software Engineer — Initech (2010–2014)
- Wrote the billing pipeline.
# Education
MSc Computer Science, TU Berlin (2008–2010)
# Technical Skills
Go, Python, Kubernetes, Terraform
"""


def test_one_column_cv():
    cv = parse(ONE_COLUMN)
    assert cv.name == "Jane Doe"
    assert [s.kind for s in cv.sections] == ["summary", "experience", "education", "skills"]
    assert [(r.company, r.current) for r in cv.roles] == [
        ("Acme Cloud GmbH", True),
        ("Globex Inc.", False),
        ("Initech", False),
    ]
    assert [len(r.bullets) for r in cv.roles] == [3, 2, 1]
    assert cv.roles[0].bullets[2] == "Owned the reliability roadmap for the storage group."
    assert cv.warnings == ()
    assert years_since_end(cv.roles[0], TODAY) == 0
    assert years_since_end(cv.roles[1], TODAY) == pytest.approx(7.73, abs=0.01)
    assert years_since_end(cv.roles[2], TODAY) == pytest.approx(11.9, abs=0.01)
    assert not ended_more_than(cv.roles[2], 12, TODAY)
    assert ended_more_than(cv.roles[2], 10, TODAY)
    experience = cv.sections[1]
    assert (experience.name, experience.start_block, experience.end_block) == (
        "Professional Experience",
        4,
        14,
    )


SIDEBAR = """
ALEX KIM
SKILLS
- Kubernetes, Envoy, Go
EDUCATION
BSc Physics, University of Leeds (2002–2005)
PROFILE
Principal engineer who builds platforms other teams adopt.
WORK HISTORY
Principal Engineer
Pied Piper Technologies
Jan 2021 – Present
- Set the platform strategy for 12 teams.
- Moved 300 services to the new mesh in 18 months.
Staff Engineer
Hooli
Jun 2016 – Dec 2020
- Designed the internal developer portal used by 2,000 engineers.
EARLIER EXPERIENCE
- Engineer, Foo Ltd (2004–2008)
- Developer, Bar Systems (2001–2004)
"""


def test_sidebar_cv_with_caps_headings_and_earlier_experience():
    cv = parse(SIDEBAR)
    assert cv.name == "ALEX KIM"
    assert [s.kind for s in cv.sections] == [
        "skills",
        "education",
        "summary",
        "experience",
        "experience",
    ]
    assert [s.name for s in cv.sections][-1] == "EARLIER EXPERIENCE"
    assert [(r.title, r.company) for r in cv.roles] == [
        ("Principal Engineer", "Pied Piper Technologies"),
        ("Staff Engineer", "Hooli"),
        ("Engineer", "Foo Ltd"),
        ("Developer", "Bar Systems"),
    ]
    assert [len(r.bullets) for r in cv.roles] == [2, 1, 0, 0]
    assert [r.current for r in cv.roles] == [True, False, False, False]
    assert [ended_more_than(r, 12, TODAY) for r in cv.roles] == [False, False, True, True]
    assert years_since_end(cv.roles[3], TODAY) == pytest.approx(21.9, abs=0.01)


def test_json_resume_shaped_cv():
    blocks = (
        Block("heading", "Sam Rivera", level=1),
        Block("paragraph", "Senior backend engineer"),
        Block("heading", "Work", level=2),
        Block("paragraph", "Staff Engineer — Acme (2019-03 – Present)"),
        Block("paragraph", "Leads the payments platform."),
        Block("bullet", "Cut checkout latency by 30%."),
        Block("bullet", "Mentored 4 engineers to senior."),
        Block("paragraph", "Senior Engineer — Globex (2015-06 – 2019-02)"),
        Block("bullet", "Built the ledger service."),
        Block("heading", "Education", level=2),
        Block("paragraph", "BSc — MIT (2008 – 2012)"),
    )
    cv = parse_cv(ExtractedText(blocks, "json-resume"), today=TODAY)
    assert cv.name == "Sam Rivera"
    assert [r.title for r in cv.roles] == ["Staff Engineer", "Senior Engineer"]
    assert cv.roles[0].bullets == (
        "Leads the payments platform.",
        "Cut checkout latency by 30%.",
        "Mentored 4 engineers to senior.",
    )
    assert cv.roles[1].end == YM(2019, 2)
    assert years_since_end(cv.roles[1], TODAY) == pytest.approx(7.73, abs=0.01)


def test_plain_text_cv_with_unmarked_headings_and_bullet_glyphs():
    cv = parse(
        "Priya Natarajan\nExperience\nHead of Platform at Acme (2020–now)\n"
        "• Grew the platform group from 3 to 14 engineers.\n"
        "Senior Engineer at Initech (2014 to 2020)\n• Shipped the search rewrite.\n"
        "Skills\nRust, Go"
    )
    assert [s.kind for s in cv.sections] == ["experience", "skills"]
    assert [(r.title, r.company, r.current) for r in cv.roles] == [
        ("Head of Platform", "Acme", True),
        ("Senior Engineer", "Initech", False),
    ]
    assert cv.roles[0].bullets == ("Grew the platform group from 3 to 14 engineers.",)


def test_bullets_with_years_stay_bullets():
    cv = parse(
        "# Experience\nStaff Engineer — Acme Corp (2019 – Present)\n"
        "- Led the 2021 migration to Kubernetes.\n- Promoted to Staff in 2019.\n"
        "- Cut costs from 2019 to 2021 by 30%."
    )
    assert len(cv.roles) == 1
    assert len(cv.roles[0].bullets) == 3


def test_volunteering_roles_are_tagged():
    cv = parse(
        "# Experience\nEngineer — Acme Corp (2019 – Present)\n- Did things.\n"
        "# Volunteering\nMentor — Code Club (2018 – 2020)\n- Taught 30 children."
    )
    assert [r.section for r in cv.roles] == ["experience", "volunteering"]


def test_warning_when_no_experience_section():
    cv = parse("Jo Bloggs\nStaff Engineer — Acme Corp (2019 – Present)\n- Built the CI.")
    assert any("No experience section" in w for w in cv.warnings)
    assert [(r.title, r.company) for r in cv.roles] == [("Staff Engineer", "Acme Corp")]


def test_warning_for_role_without_dates():
    cv = parse("# Experience\nStaff Engineer — Acme Corp\n- Built the CI.")
    assert [(r.title, r.company, r.start) for r in cv.roles] == [
        ("Staff Engineer", "Acme Corp", None)
    ]
    assert cv.warnings == ("No dates found for Staff Engineer at Acme Corp.",)
    assert years_since_end(cv.roles[0], TODAY) == 0
    assert not ended_more_than(cv.roles[0], 12, TODAY)


def test_warnings_for_future_dates_and_end_before_start():
    cv = parse(
        "# Experience\nEngineer — Acme Corp (Jan 2027 – Present)\n- A.\n"
        "Engineer — Globex Inc (2019 – 2015)\n- B."
    )
    assert cv.warnings == (
        "The start date of Engineer at Acme Corp (2027-01) is in the future.",
        "Engineer at Globex Inc: the end (2015) is before the start (2019).",
    )


def test_years_since_end_counts_month_ends():
    role = Role("Acme", "SRE", YM(2010, 1), YM(2014, 11), False, ())
    assert years_since_end(role, date(2026, 11, 30)) == pytest.approx(12.0, abs=0.01)
    assert ended_more_than(role, 11.9, date(2026, 11, 30))
    future = Role("Acme", "SRE", YM(2025), YM(2027, 1), False, ())
    assert years_since_end(future, TODAY) == 0
