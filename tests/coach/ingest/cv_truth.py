"""Score a parsed CV against a RenderCV-shaped truth file, field by field.

The measures of issue 15, per CV: roles with company, title, start and end right (the
words of company and title found in the role's fields, dates equal); the same with
company and title each exactly in its own field; made-up roles (parsed roles that match
no truth role); truth bullets found whole inside the right role. Text is compared as
words only (case, punctuation and Markdown marks ignored), so "4.2x" and "4.2x," agree.
A truth bullet with nested points ("a - b - c") counts when each point is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from coach.ingest.cv import CvStructure, Role, parse_cv
from coach.ingest.dates import YearMonth
from coach.ingest.readers import read_document

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def words(text: str) -> str:
    text = _MD_LINK.sub(r"\1", str(text or "")).replace("**", "").replace("*", "")
    return " ".join(re.findall(r"[\w$%+#./]+", text.casefold())).replace(" .", "")


def _ym(value: Any) -> YearMonth | None:
    if value is None or str(value).strip().lower() in {"", "present"}:
        return None
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return YearMonth(int(text))
    year, month = text.split("-")[:2]
    return YearMonth(int(year), int(month))


@dataclass(frozen=True)
class Score:
    truth_roles: int
    right: int
    own_fields: int
    made_up: int
    truth_bullets: int
    bullets: int
    notes: tuple[str, ...]


def _dates_right(role: Role, truth: dict[str, Any]) -> bool:
    start, end = _ym(truth.get("start_date")), _ym(truth.get("end_date"))
    current = str(truth.get("end_date") or "").lower() == "present"
    if role.start != start:
        return False
    return role.current if current else role.end == end


def _fields(role: Role) -> str:
    return words(f"{role.company} {role.title} {role.location}")


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def _bullet_found(role: Role, bullet: str) -> bool:
    bullets = [words(b) for b in role.bullets]
    points = [words(p) for p in re.split(r"\s+-\s+", str(bullet))]
    return all(any(_contains(b, p) for b in bullets) for p in points)


def _match(roles: list[Role], matched: set[int], company: str, title: str) -> int | None:
    """The parsed role for a truth role: its own fields first, then its words anywhere."""
    free = [(i, r) for i, r in enumerate(roles) if i not in matched]
    for index, role in free:
        if (words(role.company), words(role.title)) == (company, title):
            return index
    for index, role in free:
        if _contains(_fields(role), company) and _contains(_fields(role), title):
            return index
    return None


def score(cv: CvStructure, truth: list[dict[str, Any]]) -> Score:
    right = own = found = total_bullets = 0
    matched: set[int] = set()
    notes: list[str] = []
    roles = list(cv.roles)
    for item in truth:
        company, title = words(item["company"]), words(item["position"])
        total_bullets += len(item.get("highlights") or [])
        best = _match(roles, matched, company, title)
        if best is None:
            notes.append(f"missing: {item['position']} at {item['company']}")
            continue
        matched.add(best)
        role = roles[best]
        dates = _dates_right(role, item)
        if dates:
            right += 1
            if words(role.company) == company and words(role.title) == title:
                own += 1
            else:
                notes.append(f"fields: {role.title!r} / {role.company!r} / {role.location!r}")
        else:
            notes.append(f"dates: {role.title} at {role.company}: {role.start}-{role.end}")
        for bullet in item.get("highlights") or []:
            if _bullet_found(role, bullet):
                found += 1
            else:
                notes.append(f"bullet: {str(bullet)[:60]}")
    made_up = [r for i, r in enumerate(roles) if i not in matched]
    notes += [f"made up: {r.title!r} / {r.company!r} / {r.location!r}" for r in made_up]
    return Score(len(truth), right, own, len(made_up), total_bullets, found, tuple(notes))


def score_file(pdf: Path, *, today: date = date(2026, 12, 1)) -> Score:
    import yaml

    truth = yaml.safe_load(pdf.with_suffix(".yaml").read_text(encoding="utf-8"))
    experience = truth["cv"]["sections"].get("experience") or []
    return score(parse_cv(read_document(pdf), today=today), experience)


if __name__ == "__main__":  # python -m tests.coach.ingest.cv_truth FILE.pdf ...
    import sys

    totals = [0] * 6
    for name in sys.argv[1:]:
        s = score_file(Path(name))
        row = (s.right, s.own_fields, s.made_up, s.bullets, s.truth_roles, s.truth_bullets)
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(
            f"{Path(name).name:40s} right {s.right}/{s.truth_roles} own {s.own_fields} "
            f"made-up {s.made_up} bullets {s.bullets}/{s.truth_bullets}"
        )
        if "-v" in sys.argv[0:1] or len(sys.argv) == 2:
            print("   " + "\n   ".join(s.notes))
    print(
        f"TOTAL right {totals[0]}/{totals[4]} own {totals[1]}/{totals[4]} "
        f"made-up {totals[2]} bullets {totals[3]}/{totals[5]}"
    )
