"""CV and posting parsing, field by field, on real documents with truth files.

Corpora: bench/data/parse (in the repo; tune and holdout halves, see its SOURCES.md) and
../shared/realdocs when present ("dev"). Every document goes through the app's own
ingestion, `Library.ingest_file` (read, parse, store), in a throw-away data folder with an
unsealed database: no keyring, no passphrase.

Printed per layout family and in total, per split:
- CV roles with company, title, start and end right; with company and title each in its own
  field; made-up roles (predicted roles that pair with no truth role); truth bullets found
  whole in the right role;
- postings: must-have recall and precision, title right.
Rule path always; model path (`--model 0.5b`, `--model 1.5b`, `--model both`): a chat model
checks each posting's requirements (coach.prep.model_prep.check_requirements). The CV model
pass belongs to the CV parser and is scored when the app has one (`check_cv` in
coach.ingest.cv_model); otherwise the model rows for CVs say n/a.

    python bench/parse.py [--model none|0.5b|1.5b|both] [--only cv|postings] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _models import REPO, instruct_model, reference_model

from app.offline import OFFLINE_ENV

os.environ.update(OFFLINE_ENV)

import yaml

from coach.errors import UserError
from coach.library.service import Library
from coach.prep.posting_view import PostingRequirement, load_posting
from coach.storage.db import Database
from coach.tasks import TaskContext

CORPUS = REPO / "bench" / "data" / "parse"
REALDOCS = REPO.parent / "shared" / "realdocs"
DOC_SUFFIXES = (".pdf", ".docx", ".md", ".txt", ".html", ".json")

# ---------------------------------------------------------------- text matching

_WORD = re.compile(r"[^\W_]+(?:[+#]+)?|[+#]+")
_MARKS = re.compile(r"\*\*|__|\[([^\]]*)\]\([^)]*\)")


def words(text: str) -> list[str]:
    text = _MARKS.sub(lambda m: m.group(1) or "", text)
    return _WORD.findall(text.replace("’", "'").casefold())


def norm(text: str) -> str:
    return " ".join(words(text))


def same_item(truth: str, predicted: str) -> bool:
    """A predicted requirement is the truth's item: it holds nearly all of the truth's
    words and is not mostly other words (a whole paragraph is not one item)."""
    t, p = set(words(truth)), set(words(predicted))
    if not t or not p:
        return False
    both = len(t & p)
    return both / len(t) >= 0.8 and both / len(p) >= 0.5


# ---------------------------------------------------------------- scores


@dataclass
class Tally:
    roles: int = 0
    roles_right: int = 0
    roles_fields: int = 0
    made_up: int = 0
    bullets: int = 0
    bullets_whole: int = 0
    cvs: int = 0
    cv_errors: int = 0
    must: int = 0
    must_found: int = 0
    predicted_must: int = 0
    predicted_must_right: int = 0
    postings: int = 0
    titles_right: int = 0
    posting_errors: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if name == "notes":
                self.notes += value
            else:
                setattr(self, name, getattr(self, name) + value)


def _ratio(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "-"


# ---------------------------------------------------------------- CVs


def _ym(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip().lower()
    return "present" if text in {"present", "now", "current"} else text[:7]


def _stored_ym(value: tuple[int, int | None] | None) -> str | None:
    if value is None:
        return None
    year, month = value
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _truth_roles(truth: dict[str, Any]) -> list[dict[str, Any]]:
    sections = (truth.get("cv") or {}).get("sections") or {}
    return list(sections.get("experience") or [])


def score_cv(roles: list[Any], truth_roles: list[dict[str, Any]], name: str) -> Tally:
    tally = Tally(cvs=1, roles=len(truth_roles))
    free = list(range(len(roles)))
    for truth in truth_roles:
        company, title = norm(truth.get("company") or ""), norm(truth.get("position") or "")
        start, end = _ym(truth.get("start_date")), _ym(truth.get("end_date"))
        tally.bullets += len(truth.get("highlights") or [])

        want = set(words(f"{company} {title}"))

        def closeness(i: int, want: set[str] = want) -> float:
            got = set(words(f"{roles[i].company} {roles[i].title}"))
            return len(got & want) / max(1, len(got | want))

        best = max(free, key=closeness, default=None)
        if best is None or closeness(best) < 0.3:
            tally.notes.append(
                f"{name}: missing role {truth.get('position')} at {truth.get('company')}"
            )
            continue
        free.remove(best)
        role = roles[best]
        fields_right = norm(role.company) == company and norm(role.title) == title
        got_end = "present" if getattr(role, "current", False) else _stored_ym(role.end)
        dates_right = _stored_ym(role.start) == start and got_end == end
        tally.roles_fields += fields_right
        tally.roles_right += fields_right and dates_right
        if not (fields_right and dates_right):
            tally.notes.append(
                f"{name}: {role.company!r}/{role.title!r} {_stored_ym(role.start)}-{got_end}"
                f" for {truth.get('company')!r}/{truth.get('position')!r} {start}-{end}"
            )
        bullets = [norm(b) for b in role.bullets]
        for highlight in truth.get("highlights") or []:
            want = norm(highlight)
            if any(want in b and len(b) <= len(want) + 20 for b in bullets):
                tally.bullets_whole += 1
    tally.made_up = len(free)
    for i in free:
        tally.notes.append(f"{name}: made-up role {roles[i].company!r}/{roles[i].title!r}")
    return tally


def cv_documents(root: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    for truth_path in sorted(root.glob("*.yaml")):
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        document = next(
            (truth_path.with_suffix(s) for s in DOC_SUFFIXES if truth_path.with_suffix(s).exists()),
            None,
        )
        if document is not None:
            yield document, truth


# ---------------------------------------------------------------- postings


def posting_documents(root: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    truth_file = root / "TRUTH.json"
    if not truth_file.exists():
        return
    for name, truth in json.loads(truth_file.read_text(encoding="utf-8"))["postings"].items():
        if (root / name).exists():
            yield root / name, truth


def score_posting(
    title: str, requirements: Iterable[PostingRequirement], truth: dict[str, Any], name: str
) -> Tally:
    must_truth = list(truth.get("must") or [])
    predicted = [r.text for r in requirements if r.kind == "must"]
    tally = Tally(postings=1, must=len(must_truth), predicted_must=len(predicted))
    for item in must_truth:
        if any(same_item(item, p) for p in predicted):
            tally.must_found += 1
        else:
            tally.notes.append(f"{name}: missed must {item[:90]!r}")
    for p in predicted:
        if any(same_item(t, p) for t in must_truth):
            tally.predicted_must_right += 1
        else:
            tally.notes.append(f"{name}: extra must {p[:90]!r}")
    titles = [norm(t) for t in truth.get("titles") or [truth.get("title") or ""]]
    if norm(title) in titles:
        tally.titles_right += 1
    else:
        tally.notes.append(f"{name}: title {title!r}, truth {truth.get('title')!r}")
    return tally


# ---------------------------------------------------------------- running

ModelCheck = Callable[[str, tuple[PostingRequirement, ...]], tuple[PostingRequirement, ...]]


def model_check(path: Path | None) -> ModelCheck | None:
    """The app's model pass on a posting (extract_requirements, as PrepService runs it):
    the rules' requirements plus what the model found that is the posting's own words."""
    if path is None:
        return None
    from coach.prep.model_prep import extract_requirements
    from models.chat_engine import ChatEngine

    model = ChatEngine(path)

    def check(text: str, rules: tuple[PostingRequirement, ...]) -> tuple[PostingRequirement, ...]:
        try:
            found = extract_requirements(model, text, rules, TaskContext())
        except UserError as error:  # a model answer prep cannot use: the rules stand
            print(f"    model answer not usable: {error.message}")
            return rules
        return (*rules, *found.added)

    return check


def run(
    only: str, check: ModelCheck | None, folder: Path, splits: set[str]
) -> dict[tuple[str, str, str], Tally]:
    """(split, kind, family) -> tally, for the documents in `splits`."""
    library = Library(Database(folder / "library.sqlite3"))
    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    sources = [(CORPUS, None)] + ([(REALDOCS, "dev")] if REALDOCS.exists() else [])
    for root, split_name in sources:
        if only in {"all", "cv"}:
            for path, truth in cv_documents(root / "cv"):
                meta = truth.get("corpus") or {}
                key = (
                    split_name or meta.get("split", "tune"),
                    "cv",
                    meta.get("family") or _family(path),
                )
                try:
                    result = library.ingest_file(path, "cv")
                    roles = [
                        r
                        for r in library.roles(result.document_id)
                        if getattr(r, "section", "experience") == "experience"
                    ]
                    tallies[key].add(score_cv(roles, _truth_roles(truth), path.name))
                except UserError as error:
                    failed = score_cv([], _truth_roles(truth), path.name)
                    failed.cv_errors = 1
                    failed.notes.append(f"{path.name}: refused: {error.message}")
                    tallies[key].add(failed)
        if only in {"all", "postings"}:
            for path, truth in posting_documents(root / "postings"):
                key = (
                    split_name or truth.get("split", "tune"),
                    "posting",
                    truth.get("family") or _family(path),
                )
                try:
                    result = library.ingest_file(path, "posting")
                    view = load_posting(library.store, result.document_id)
                    requirements = view.requirements
                    if check is not None:
                        requirements = check(view.text, requirements)
                    scored = score_posting(view.title, requirements, truth, path.name)
                    if check is not None:  # a model run is slow: show each posting as it is done
                        print(
                            f"    {path.name}: must {scored.must_found}/{scored.must},"
                            f" predicted {scored.predicted_must_right}/{scored.predicted_must}",
                            flush=True,
                        )
                    tallies[key].add(scored)
                except UserError as error:
                    failed = score_posting("", (), truth, path.name)
                    failed.posting_errors = 1
                    failed.notes.append(f"{path.name}: refused: {error.message}")
                    tallies[key].add(failed)
    return tallies


def _family(path: Path) -> str:
    stem = path.stem.lower()
    for name in ("classic", "ember", "harvard", "moderncv", "two-column", "single-column"):
        if name in stem:
            return name
    return path.suffix.lstrip(".")


def report(label: str, tallies: dict[tuple[str, str, str], Tally], verbose: bool) -> None:
    print(f"\n=== {label}")
    for split in ("tune", "holdout", "dev"):
        rows = {k: v for k, v in tallies.items() if k[0] == split}
        if not rows:
            continue
        total_cv, total_posting = Tally(), Tally()
        print(f"\n-- {split}")
        for (_, kind, family), t in sorted(rows.items()):
            if kind == "cv":
                total_cv.add(t)
                print(
                    f"  cv      {family:28} n={t.cvs:2} roles {_ratio(t.roles_right, t.roles):14}"
                    f" own fields {_ratio(t.roles_fields, t.roles):14} made-up {t.made_up:3}"
                    f"  bullets {_ratio(t.bullets_whole, t.bullets)}"
                    + (f"  refused {t.cv_errors}" if t.cv_errors else "")
                )
            else:
                total_posting.add(t)
                print(
                    f"  posting {family:28} n={t.postings:2}"
                    f" must recall {_ratio(t.must_found, t.must):14}"
                    f" precision {_ratio(t.predicted_must_right, t.predicted_must):14}"
                    f" title {_ratio(t.titles_right, t.postings)}"
                    + (f"  refused {t.posting_errors}" if t.posting_errors else "")
                )
        for kind, t in (("cv", total_cv), ("posting", total_posting)):
            if kind == "cv" and t.cvs:
                print(
                    f"  TOTAL cv      n={t.cvs}: roles right {_ratio(t.roles_right, t.roles)};"
                    f" own fields {_ratio(t.roles_fields, t.roles)}; made-up {t.made_up};"
                    f" bullets whole {_ratio(t.bullets_whole, t.bullets)}"
                )
            if kind == "posting" and t.postings:
                print(
                    f"  TOTAL postings n={t.postings}: must recall {_ratio(t.must_found, t.must)};"
                    f" precision {_ratio(t.predicted_must_right, t.predicted_must)};"
                    f" title {_ratio(t.titles_right, t.postings)}"
                )
        if verbose:
            for t in rows.values():
                for note in t.notes:
                    print("    ", note)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", choices=["none", "0.5b", "1.5b", "both"], default="none")
    parser.add_argument("--only", choices=["all", "cv", "postings"], default="all")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--split",
        action="append",
        choices=["tune", "holdout", "dev"],
        help="only these halves (repeatable; default all)",
    )
    args = parser.parse_args()
    splits = set(args.split or ["tune", "holdout", "dev"])
    with tempfile.TemporaryDirectory() as tmp:
        report("rule path", run(args.only, None, Path(tmp) / "rules", splits), args.verbose)
        models: list[tuple[str, Callable[[], Path]]] = []
        if args.model in {"0.5b", "both"}:
            models.append(("Qwen2.5-Coder-0.5B-Instruct", instruct_model))
        if args.model in {"1.5b", "both"}:
            models.append(("Qwen2.5-Coder-1.5B-Instruct", reference_model))
        for name, locate in models:
            try:
                path = locate()
            except Exception as error:
                print(f"\n=== model path, {name}: not available ({error})")
                continue
            only = "postings" if args.only == "all" else args.only
            if only == "cv":
                print(f"\n=== model path, {name}: CVs n/a (no CV model pass in this branch)")
                continue
            tallies = run(only, model_check(path), Path(tmp) / name, splits)
            report(f"model path, {name} (postings; CVs n/a in this branch)", tallies, args.verbose)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
