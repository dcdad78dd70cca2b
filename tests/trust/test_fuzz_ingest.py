"""Hostile input: 1,060 mutated files through real ingestion, none may crash or hang.

How the files are made (tests/trust/fuzz_corpus.py): real seed files are generated at
test time with real tools: 7 PDFs (typst and fpdf2 CVs from tests/coach/ingest/make_docs,
one and two columns, one written row by row, a typst posting, an RC4-encrypted copy with
an empty open password), 3 DOCX files from python-docx (headings, bullets, a table with a
merged cell and a nested table, a CV laid out in a table), 4 HTML pages (job postings with
scripts, navigation, a cookie banner, hidden text; one in windows-1252; a CV) and 4 JSON
Resume files. From them, 265 mutated files per format (1,060 in all), each made by a
`random.Random` seeded with "<format>:<case number>", so every run makes the same bytes:

- any format: bit flips, random overwrites, truncation, chunks duplicated or deleted,
  runs of up to 3 MB of one byte;
- PDF: odd numbers in objects, moved xref offsets and startxref, wrong stream lengths,
  mangled or forged /Encrypt dictionaries, inflated content streams, fonts and ToUnicode
  maps mutated and re-deflated (extreme operands, 100,000 unbalanced q, 1 MB strings,
  far-away text), arrays and dictionaries nested up to 100,000 deep, page trees that
  loop or list one page 20,000 times, objects deleted or duplicated;
- DOCX: parts removed, truncated, byte-mutated (archive kept valid) or corrupted in their
  compressed data, w:val values python-docx parses, renamed and unclosed elements,
  invalid UTF-8, huge attributes, escaping relationship targets, billion-laughs and
  external (file:///etc/passwd) entities, 5,000-deep tables and content controls, zip
  bombs (300 MB declared honestly, or declaring a small size, or 4 GB declared), 2,000
  extra parts, duplicate entries;
- HTML: tags nested 50,000 deep, unclosed tags, comments and scripts, 5 MB attributes,
  50,000 attributes, wrong or unknown charsets, invalid UTF-8, UTF-16 and UTF-32, odd
  character references, 100,000 elements;
- JSON: wrong types anywhere, nesting 200,000 deep, 3 MB strings, 100,000-digit numbers,
  NaN, 60,000 jobs, invalid UTF-8, lone surrogate escapes, UTF-16/32, syntax errors.

Each file goes through `Library.ingest_file` (kind "cv" or "posting" as its seed is) on
a real SQLite database, without an embedder. It passes when it is added, or refused with
a `UserError` whose message is a sentence for a person. Any other exception is a crash.
Every file must finish within 10 s (a hang guard from the issue, not a speed target;
the PDF reader gives up after 6 s by itself). Failures are collected and reported
together, each with its case label (format, case number, seed, mutations); the failing
files stay in the test's tmp folder, and `fuzz_corpus.case(seeds, format, number)`
rebuilds one. A real hang trips pytest-timeout instead; the file it hung on is the
highest-numbered `case-*` file left in that folder. After each format the database passes `PRAGMA
integrity_check`, has no document left 'ingesting', and holds no /etc/passwd line.

All four formats take 50 to 100 s on the 2-core development machine, depending on its
load (seeds included); marked slow.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest

from coach.errors import UserError
from coach.library.service import Library
from coach.storage.db import Database
from tests.trust import fuzz_corpus
from tests.trust.fuzz_corpus import FORMATS, Seed

CASES_PER_FORMAT = 265
LIMIT_SECONDS = 10.0
TODAY = dt.date(2026, 1, 1)
_BARE_REPR = re.compile(r"^[A-Za-z_.]*(Error|Exception|Warning)\b|object at 0x|^<.*>$")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Seed]]:
    return fuzz_corpus.make_seeds(tmp_path_factory.mktemp("fuzz-seeds"))


def _unclear(error: UserError) -> str:
    """Why the message is not a clear sentence for a person ("" when it is)."""
    text = str(error)
    message = error.message.strip()
    if not message:
        return "empty message"
    if "Traceback" in text or 'File "' in text:
        return "traceback text"
    if _BARE_REPR.search(message):
        return "an exception's repr"
    if not message[0].isupper() or not message.endswith((".", "!", "?")):
        return "not a sentence"
    if len(text) > 500:
        return "too long to read"
    return ""


def _check_database(db: Database) -> None:
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stuck = db.conn.execute("SELECT count(*) FROM documents WHERE status = 'ingesting'")
    assert stuck.fetchone()[0] == 0
    for (blob,) in db.conn.execute("SELECT raw_text FROM documents"):
        assert "root:x:0:0" not in db.codec.decode(blob), "an external XML entity was resolved"


@pytest.mark.parametrize("fmt", FORMATS)
def test_mutated_files_are_added_or_refused_clearly(
    fmt: str, seeds: dict[str, list[Seed]], tmp_path: Path
) -> None:
    db = Database(tmp_path / "db.sqlite3")
    library = Library(db, today=lambda: TODAY)
    try:
        # The seeds themselves are good files: mutations start from something readable.
        for seed in seeds[fmt]:
            path = tmp_path / f"seed-{seed.name}{seed.suffix}"
            path.write_bytes(seed.data)
            # (Not necessarily `created`: two PDFs of the same CV hold the same text.)
            assert library.ingest_file(path, seed.kind).chunks > 0, seed.name

        failures: list[str] = []
        outcomes: Counter[str] = Counter()
        for case in fuzz_corpus.cases(seeds, fmt, CASES_PER_FORMAT):
            path = tmp_path / f"case-{case.index:04d}{case.seed.suffix}"
            path.write_bytes(case.data)
            problem = ""
            start = time.monotonic()
            try:
                library.ingest_file(path, case.seed.kind)
                outcomes["added"] += 1
            except UserError as exc:
                outcomes["refused"] += 1
                if why := _unclear(exc):
                    problem = f"unclear refusal ({why}): {str(exc)!r}"
            except Exception as exc:  # every crash is reported, not only the first
                outcomes["crashed"] += 1
                problem = "crash: " + "".join(traceback.format_exception(exc))[-2500:]
            took = time.monotonic() - start
            if took >= LIMIT_SECONDS:
                problem += f" took {took:.1f} s (limit {LIMIT_SECONDS:.0f} s)"
            if problem:
                failures.append(f"{case.label} [kept as {path.name}]: {problem.strip()}")
            else:
                path.unlink()

        assert not failures, (
            f"{len(failures)} of {CASES_PER_FORMAT} {fmt} files failed "
            f"({dict(outcomes)}; files in {tmp_path}):\n\n" + "\n\n".join(failures)
        )
        # Not everything refused: the mutations leave many files readable, so the
        # parsers and the database see damaged text too, not just the readers.
        assert outcomes["added"] >= 10, dict(outcomes)
        _check_database(db)
    finally:
        db.close()
