"""Seed files and deterministic mutators for the ingestion fuzz test.

Seeds are real files made at test time by real tools: PDFs by typst and fpdf2 (the CV
generators in tests/coach/ingest/make_docs.py, plus a posting, plus an RC4-encrypted
copy with an empty open password), DOCX by python-docx, HTML job postings with the page
furniture real sites carry, and JSON Resume files. Producer timestamps and random file
ids are pinned, so the same seed bytes come out on every run and a failing case number
reproduces.

`cases(seeds, fmt, count)` yields `count` mutated files for one format. Case `i` applies
mutator `i % len(mutators)` of that format's list (so each mutator gets its share) to
seed `(i // len(mutators)) % len(seeds)` (so each mutator meets each seed), drawing its
choices from a `random.Random` seeded with "fmt:i"; about one case in seven then gets a
byte-level mutation on top. `Case.label` names the seed, the mutations and their
parameters; `case(make_seeds(folder), fmt, i)` rebuilds case `i` alone.
"""

from __future__ import annotations

import functools
import io
import json
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.coach.ingest import make_docs

FORMATS = ("pdf", "docx", "html", "json")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
TYPST_TIMESTAMP = 1_704_067_200  # 2024-01-01


@dataclass(frozen=True)
class Seed:
    name: str
    fmt: str
    kind: str  # "cv" or "posting": how the test ingests files made from it
    suffix: str
    data: bytes


@dataclass(frozen=True)
class Case:
    fmt: str
    index: int
    seed: Seed
    mutations: tuple[str, ...]
    data: bytes

    @property
    def label(self) -> str:
        done = "; then ".join(self.mutations)
        return f"{self.fmt} case {self.index} (seed {self.seed.name}: {done})"


# ====================================================================================== seeds

POSTING_LINES = (
    ("h1", "Staff Platform Engineer"),
    ("p", "Globex Corporation is hiring a staff engineer for its Platform team in Lisbon."),
    ("h2", "What you will do"),
    ("li", "Own the Kubernetes platform that runs 400 services for 60 teams."),
    ("li", "Lead the design of our multi-region failover, from RFC to rollout."),
    ("li", "Mentor senior engineers and run the platform guild."),
    ("h2", "Requirements"),
    ("li", "8+ years building and operating distributed systems."),
    ("li", "Deep knowledge of Kubernetes, Terraform and one of Go, Rust or Java."),
    ("li", "Experience leading incident response across teams."),
    ("h2", "Nice to have"),
    ("li", "Contributions to CNCF projects."),
    ("li", "Experience with eBPF."),
    ("h2", "Our values"),
    ("li", "We write things down."),
    ("li", "We own our outcomes."),
)


def _pin_pdf(data: bytes, *, keep_first_id: bool = False) -> bytes:
    """Producer dates and file ids fixed, every byte offset unchanged."""
    data = re.sub(rb"D:\d{14}", b"D:20240101000000", data)

    def ids(match: re.Match[bytes]) -> bytes:
        first = match.group(1) if keep_first_id else b"0" * len(match.group(1))
        return b"/ID [ <" + first + b"> <" + b"0" * len(match.group(2)) + b"> ]"

    # Rewrite only hex ids whose layout we know, keeping the exact length.
    def ids_spaced(match: re.Match[bytes]) -> bytes:
        out = ids(match)
        return out if len(out) == len(match.group(0)) else match.group(0)

    data = re.sub(rb"/ID \[ <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> \]", ids_spaced, data)

    def ids_tight(match: re.Match[bytes]) -> bytes:
        first = match.group(1) if keep_first_id else b"0" * len(match.group(1))
        return b"/ID [<" + first + b"><" + b"0" * len(match.group(2)) + b">]"

    return re.sub(rb"/ID \[<([0-9A-Fa-f]+)><([0-9A-Fa-f]+)>\]", ids_tight, data)


def _typst(source: str) -> bytes:
    import typst

    return typst.compile(source.encode(), timestamp=TYPST_TIMESTAMP)


def _typst_posting() -> str:
    out = ['#set page(paper: "a4", margin: 2cm)', "#set text(size: 10pt)"]
    for kind, text in POSTING_LINES:
        escaped = make_docs._typst_escape(text)
        out.append({"h1": "= ", "h2": "== ", "li": "- ", "p": ""}[kind] + escaped)
        if kind != "li":
            out.append("")
    return "\n".join(out) + "\n"


def pdf_seeds(folder: Path) -> list[Seed]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "typst-cv-two-columns": _typst(make_docs.typst_source(two_columns=True)),
        "typst-cv-two-pages": _typst(make_docs.typst_source(two_columns=False)),
        "typst-posting": _typst(_typst_posting()),
    }
    for name, make in (
        ("fpdf-cv-two-columns", lambda p: make_docs.fpdf_pdf(p, two_columns=True)),
        ("fpdf-cv-two-pages", lambda p: make_docs.fpdf_pdf(p, two_columns=False)),
        ("fpdf-cv-row-by-row", make_docs.fpdf_row_by_row_pdf),
    ):
        made[name] = _pin_pdf(make(folder / f"{name}.pdf").read_bytes())
    plain = folder / "fpdf-cv-pinned.pdf"
    plain.write_bytes(made["fpdf-cv-two-pages"])
    # Encrypted against editing only (empty open password): the reader decrypts it.
    encrypted = make_docs.encrypted_pdf(folder / "encrypted.pdf", plain, password="")
    made["fpdf-cv-rc4-empty-password"] = _pin_pdf(encrypted.read_bytes(), keep_first_id=True)
    kinds = {"typst-posting": "posting"}
    return [Seed(name, "pdf", kinds.get(name, "cv"), ".pdf", data) for name, data in made.items()]


def _pin_zip(data: bytes) -> bytes:
    """The same archive with every entry time fixed (python-docx stamps the clock)."""
    entries = _unzip(data)
    return _zip(entries)


def _docx_posting(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(POSTING_LINES[0][1], level=0)
    facts = document.add_table(rows=2, cols=3)
    facts.cell(0, 0).text = "Location"
    facts.cell(0, 1).merge(facts.cell(0, 2)).text = "Lisbon or remote (EU)"
    facts.cell(1, 0).text = "Level"
    facts.cell(1, 1).text = "Staff (L6)"
    inner = facts.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Salary"
    inner.cell(0, 1).text = "€120K – €150K"
    for kind, text in POSTING_LINES[1:]:
        if kind == "h2":
            document.add_heading(text, level=1)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph().add_run(text).bold = kind == "b"
    document.add_paragraph("Apply by 30 June.", style="List Number")
    document.save(str(path))
    return path


def _docx_cv_in_table(path: Path) -> Path:
    """A CV laid out as a two-column table, sidebar left, as many templates do."""
    import docx

    document = docx.Document()
    document.add_heading(make_docs.NAME, level=0)
    layout = document.add_table(rows=1, cols=2)
    side, main = layout.cell(0, 0), layout.cell(0, 1)
    side.add_paragraph().add_run("SKILLS").bold = True
    for skill in make_docs.SKILLS:
        side.add_paragraph(skill, style="List Bullet")
    main.add_paragraph("Experience", style="Heading 1")
    for role in make_docs.ROLES:
        main.add_paragraph().add_run(role.header).bold = True
        for bullet in role.bullets:
            main.add_paragraph(bullet, style="List Bullet")
    document.save(str(path))
    return path


def docx_seeds(folder: Path) -> list[Seed]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        Seed(name, "docx", kind, ".docx", _pin_zip(make(folder / f"{name}.docx").read_bytes()))
        for name, kind, make in (
            ("python-docx-cv", "cv", make_docs.docx_cv),
            ("python-docx-posting", "posting", _docx_posting),
            ("python-docx-cv-table-layout", "cv", _docx_cv_in_table),
        )
    ]


def _posting_page(*, charset: str) -> str:
    items = []
    for kind, text in POSTING_LINES:
        tag = {"h1": "h1", "h2": "h2", "li": "li", "p": "p"}[kind]
        items.append(f"<{tag}>{text}</{tag}>")
    body = "\n".join(items).replace("<h2>", "</ul><h2>").replace("</h2>", "</h2><ul>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="{charset}">
<title>Staff Platform Engineer · Globex Careers</title>
<script type="application/ld+json">{{"@type": "JobPosting", "title": "Staff Engineer"}}
</script>
<script>document.cookie = "seen=1"; (function () {{ var a = 1 < 2 && 3 > 2; }})();</script>
</head><body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><nav aria-label="Main"><a href="/">Careers</a> ·
<a href="/teams">Teams</a></nav></header>
<div class="cookieConsent" role="dialog"><p>We use cookies &amp; similar tech.</p>
<button>OK</button></div>
<main id="main"><article>
{body}</ul>
<table><tr><th>Salary</th><td>€120K – €150K · “competitive”</td></tr></table>
<p style="display:none">hidden tracking text</p>
<div aria-hidden="true">decorative</div>
<!-- a comment <p>not text</p> -->
</article></main>
<footer><p>© Globex · Impressum · Datenschutz</p></footer>
</body></html>
"""


def _html_cv() -> str:
    parts = [f"<h1>{make_docs.NAME}</h1>", f"<p>{make_docs.LABEL}</p>", "<h2>Experience</h2>"]
    for role in make_docs.ROLES:
        parts.append(f"<p><strong>{role.header}</strong></p><ul>")
        parts += [f"<li>{bullet}</li>" for bullet in role.bullets]
        parts.append("</ul>")
    parts.append("<h2>Skills</h2><ul>" + "".join(f"<li>{s}</li>" for s in make_docs.SKILLS))
    return "<!DOCTYPE html><html><body><main>" + "\n".join(parts) + "</ul></main></body></html>"


def html_seeds(folder: Path) -> list[Seed]:
    folder.mkdir(parents=True, exist_ok=True)
    made = [
        ("acme-posting", "posting", make_docs.posting_html(folder / "p.html").read_bytes()),
        ("globex-posting-utf8", "posting", _posting_page(charset="utf-8").encode("utf-8")),
        (
            "globex-posting-cp1252",
            "posting",
            _posting_page(charset="windows-1252").encode("cp1252"),
        ),
        ("html-cv", "cv", _html_cv().encode("utf-8")),
    ]
    return [Seed(name, "html", kind, ".html", data) for name, kind, data in made]


FULL_RESUME = {
    "basics": {
        "name": "Zoë Müller-Łukasiewicz",
        "label": "Principal Engineer",
        "email": "zoe@example.org",
        "phone": "+48 22 123 45 67",
        "url": "https://zoe.example.org",
        "summary": "Principal engineer; 15 years across search, ads and developer tools.",
        "location": {"city": "Kraków", "countryCode": "PL"},
        "profiles": [{"network": "GitHub", "username": "zoe"}],
    },
    "work": [
        {
            "name": "Initech",
            "position": "Principal Engineer",
            "startDate": "2020-02",
            "summary": "Tech lead for search relevance.",
            "highlights": [
                "Raised click-through by 12% with a learning-to-rank rewrite.",
                "Cut index build time from 9 h to 40 min.",
            ],
        },
        {
            "name": "Umbrella",
            "position": "Senior Engineer",
            "startDate": "2014-06-01",
            "endDate": "2020-01-31",
            "highlights": ["Built the ads auction service serving 30K QPS."],
        },
    ],
    "volunteer": [{"organization": "PyLadies", "position": "Mentor", "startDate": "2016"}],
    "education": [
        {"institution": "AGH", "area": "Computer Science", "studyType": "MSc", "endDate": "2009"}
    ],
    "awards": [{"title": "Engineer of the Year", "awarder": "Initech", "date": "2022"}],
    "certificates": [{"name": "CKA", "issuer": "CNCF", "date": "2021-05"}],
    "publications": [{"name": "Ranking at scale", "publisher": "ACM", "releaseDate": "2019"}],
    "skills": [{"name": "Search", "keywords": ["Lucene", "LTR", "Vespa"]}],
    "languages": [{"language": "Polish", "fluency": "Native"}, {"language": "English"}],
    "interests": [{"name": "Climbing", "keywords": ["bouldering"]}],
    "projects": [{"name": "ranklib-rs", "startDate": "2021-01", "highlights": ["600 stars"]}],
}


def json_seeds(folder: Path) -> list[Seed]:
    folder.mkdir(parents=True, exist_ok=True)
    made = [
        ("make-docs-resume", make_docs.json_resume(folder / "r.json").read_bytes()),
        ("full-resume", json.dumps(FULL_RESUME, indent=2, ensure_ascii=False).encode()),
        ("ascii-escaped-resume", json.dumps(FULL_RESUME).encode()),
        ("basics-only", json.dumps({"basics": {"name": "Sam Lee", "label": "SRE"}}).encode()),
    ]
    return [Seed(name, "json", "cv", ".json", data) for name, data in made]


def make_seeds(folder: Path) -> dict[str, list[Seed]]:
    return {
        "pdf": pdf_seeds(folder),
        "docx": docx_seeds(folder),
        "html": html_seeds(folder),
        "json": json_seeds(folder),
    }


# ================================================================== mutators: any bytes

Mutator = Callable[[bytes, random.Random], tuple[bytes, str]]


def flip_bits(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    buf = bytearray(data)
    count = rng.choice((1, 3, 16, 200))
    for _ in range(count):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf), f"flip {count} bits"


def overwrite_range(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    length = rng.choice((4, 64, 1024, 8192))
    return data[:start] + rng.randbytes(length) + data[start + length :], (
        f"overwrite {length} bytes at {start} with random bytes"
    )


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(1, len(data))
    return data[:cut], f"truncate at {cut} of {len(data)}"


def duplicate_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((8, 256, 4096, len(data) // 2)))
    times = rng.choice((1, 2, 40))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[start:end] * times + data[at:], (
        f"copy bytes {start}:{end} x{times} to {at}"
    )


def delete_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((1, 64, 2048, len(data) // 3)))
    return data[:start] + data[end:], f"delete bytes {start}:{end}"


def insert_run(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    byte = rng.choice(b'\x00\xff A<[{(\n"')
    length = rng.choice((1_000, 65_536, 1_000_000, 3_000_000))
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes([byte]) * length + data[at:], (
        f"insert {length} x {bytes([byte])!r} at {at}"
    )


GENERIC: tuple[Mutator, ...] = (
    flip_bits,
    overwrite_range,
    truncate,
    duplicate_chunk,
    delete_chunk,
    insert_run,
)


# ============================================================================ PDF mutators

_PDF_NUMBER = re.compile(rb"(?<![\w.#])-?\d+(?:\.\d+)?(?![\w.])")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_EXTREMES = (
    b"0", b"-1", b"1", b"2147483648", b"-2147483649", b"9223372036854775808",
    b"99999999999999999999999999999999", b"1e308", b"0.0000000001", b"3.4.5", b"-0",
    b"4294967295", b"65535", b"1000000000", b"-1000000000", b"nan",
)  # fmt: skip


def _outside_streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) spans of the file that are not stream bodies."""
    spans, position = [], 0
    for match in _STREAM.finditer(data):
        spans.append((position, match.start(1)))
        position = match.end(1)
    spans.append((position, len(data)))
    return spans


def _numbers_outside_streams(data: bytes) -> list[re.Match[bytes]]:
    found = []
    for start, end in _outside_streams(data):
        found += list(_PDF_NUMBER.finditer(data, start, end))
    return found


def _replace_spans(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for start, end, new in sorted(edits, reverse=True):
        data = data[:start] + new + data[end:]
    return data


def _weird_number(rng: random.Random, original: bytes) -> bytes:
    if rng.random() < 0.3:
        try:
            value = int(float(original))
        except ValueError:
            value = 0
        return str(value + rng.choice((-100, -1, 1, 7, 1000))).encode()
    return rng.choice(_EXTREMES)


def pdf_numbers(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    numbers = _numbers_outside_streams(data)
    count = min(len(numbers), rng.choice((1, 5, 40)))
    picked = rng.sample(numbers, count)
    edits = [(m.start(), m.end(), _weird_number(rng, m.group())) for m in picked]
    return _replace_spans(data, edits), f"replace {count} numbers in objects with odd values"


def reindex(data: bytes) -> bytes:
    """Rewrite the classic xref table and startxref to where objects now are (best effort:
    the last table, fixed 20-byte entries), so a change that moved bytes stays readable."""
    tables = list(re.finditer(rb"xref\r?\n0 (\d+)\r?\n", data))
    if not tables:
        return data
    table = tables[-1]
    count, start = int(table.group(1)), table.end()
    entries = bytearray(data[start : start + 20 * count])
    for number in range(1, count):
        found = re.search(rb"(?:^|[\r\n])" + str(number).encode() + rb" 0 obj\b", data)
        if found and 20 * number + 10 <= len(entries):
            offset = found.start() + (0 if found.group().startswith(str(number).encode()) else 1)
            entries[20 * number : 20 * number + 10] = b"%010d" % offset
    data = data[:start] + bytes(entries) + data[start + len(entries) :]
    return re.sub(rb"startxref\r?\n\d+", b"startxref\n%d" % table.start(), data)


def pdf_xref(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    entries = list(re.finditer(rb"(\d{10}) (\d{5}) ([nf])", data))
    choice = rng.randrange(4)
    if choice == 0 and entries:
        picked = rng.sample(entries, min(len(entries), rng.choice((1, 5, 20))))
        edits = [
            (m.start(1), m.end(1), b"%010d" % rng.choice((0, 1, len(data) - 5, 9_999_999_999,
                                                          rng.randrange(len(data)))))
            for m in picked
        ]  # fmt: skip
        return _replace_spans(data, edits), f"move {len(picked)} xref offsets"
    if choice == 1 and entries:
        picked = rng.sample(entries, min(len(entries), rng.choice((1, 10))))
        edits = [(m.start(3), m.end(3), b"f" if m.group(3) == b"n" else b"n") for m in picked]
        return _replace_spans(data, edits), f"toggle free/in-use on {len(picked)} xref entries"
    found = list(re.finditer(rb"startxref\r?\n(\d+)", data))
    if not found:
        return pdf_numbers(data, rng)
    match = found[-1]
    value = rng.choice((b"0", b"-5", b"99999999999", str(rng.randrange(len(data))).encode()))
    return _replace_spans(data, [(match.start(1), match.end(1), value)]), (
        f"startxref -> {value.decode()}"
    )


def pdf_lengths(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lengths = list(re.finditer(rb"/Length\s*(\d+)(?!\s+\d+\s+R)", data))
    if not lengths:
        return pdf_numbers(data, rng)
    picked = rng.sample(lengths, min(len(lengths), rng.choice((1, 3, 50))))
    edits = []
    for match in picked:
        old = int(match.group(1))
        new = rng.choice(
            (b"0", b"-1", b"999999999", b"%d" % (old + rng.randint(-40, 40)), b"9999 0 R",
             b"%d" % (old * 1000), b"1 0 R")
        )  # fmt: skip
        edits.append((match.start(1), match.end(1), new))
    return _replace_spans(data, edits), f"change {len(picked)} stream /Length values"


_ENCRYPT_VALUES = {
    b"/V": (b"0", b"1", b"2", b"4", b"5", b"99", b"-1"),
    b"/R": (b"2", b"3", b"4", b"5", b"6", b"7", b"0"),
    b"/Length": (b"40", b"128", b"256", b"0", b"7", b"99999999"),
    b"/P": (b"-1", b"0", b"-3904", b"4294967295", b"(text)"),
}


def pdf_encrypt(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if b"/Encrypt" in data and rng.random() < 0.8:
        found = re.search(rb"<<[^>]*?/Filter\s*/Standard.*?>>", data, re.DOTALL)
        if found:
            block = found.group()
            key = rng.choice((*_ENCRYPT_VALUES, b"/O", b"/U", b"/Filter"))
            if key == b"/Filter":
                new = block.replace(b"/Standard", rng.choice((b"/Unknown", b"/Adobe.PubSec")))
            elif key in (b"/O", b"/U"):
                new = re.sub(
                    key + rb"\s*<([0-9a-fA-F]*)>",
                    lambda m: key + b" <" + m.group(1)[: rng.randrange(len(m.group(1)) + 1)] + b">",
                    block,
                    count=1,
                )
            else:
                value = rng.choice(_ENCRYPT_VALUES[key])
                new = re.sub(key + rb"\s+-?\d+", key + b" " + value, block, count=1)
            data = data[: found.start()] + new + data[found.end() :]
            return reindex(data), f"encryption dictionary: change {key.decode()}"
    trailer = data.rfind(b"trailer")
    at = data.find(b"<<", trailer) + 2 if trailer >= 0 else -1
    if at < 2:
        return pdf_numbers(data, rng)
    v, r = rng.choice((b"1", b"2", b"4", b"5", b"9")), rng.choice((b"2", b"3", b"4", b"6", b"8"))
    forged = rng.choice(
        (
            b"/Encrypt 9999 0 R",
            b"/Encrypt 1 0 R",
            b"/Encrypt << /Filter /Standard /V " + v + b" /R " + r
            + b" /Length 128 /P -4 /O <00> /U <00> >>",
            b"/Encrypt << /Filter /Standard /V 4 /R 4 /CF << /StdCF << /CFM /AESV2 >> >>"
            b" /StmF /StdCF /StrF /StdCF /O (x) /U (y) /P -1 >>",
            b"/Encrypt [1 2 3]",
        )
    )  # fmt: skip
    return data[:at] + forged + b" " + data[at:], f"forge trailer {forged[:40]!r}"


def _flate_streams(data: bytes) -> list[tuple[re.Match[bytes], bytes]]:
    found = []
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 300) : match.start()]
        if b"/FlateDecode" not in head[head.rfind(b"<<") :]:
            continue
        try:
            found.append((match, zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return found


def _operands(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    numbers = list(_PDF_NUMBER.finditer(content))
    picked = rng.sample(numbers, min(len(numbers), rng.choice((1, 10, 200))))
    edits = [(m.start(), m.end(), rng.choice(_EXTREMES)) for m in picked]
    return _replace_spans(content, edits), f"{len(picked)} operands to extremes"


def _unbalanced_q(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    depth = rng.choice((1_000, 100_000))
    return b"q\n" * depth + content, f"{depth} unbalanced q operators"


def _long_string(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    size = rng.choice((10_000, 1_000_000))
    text = b"BT /F1 12 Tf 10 700 Td (" + b"W" * size + b") Tj ET\n"
    return content + text, f"one Tj of {size} characters"


def _long_array(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    count = rng.choice((10_000, 200_000))
    array = b"[" + b"(a) -99999 " * count + b"] TJ"
    return content + b"\nBT " + array + b" ET", f"TJ array of {count} pieces"


def _far_away(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    far = 10**9
    moves = b"".join(
        b"BT 1 0 0 1 %d %d Tm (x) Tj ET\n" % (rng.randint(-far, far), rng.randint(-far, far))
        for _ in range(rng.choice((1, 50)))
    )
    return content + moves, "text placed at far-away coordinates"


def _tokens_deleted(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    tokens = content.split(b" ")
    for _ in range(min(len(tokens) - 1, 20)):
        tokens.pop(rng.randrange(len(tokens)))
    return b" ".join(tokens), "20 tokens deleted"


def _unbalanced(content: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(len(content) + 1)
    opener = rng.choice((b"(", b"<", b"[", b"<<", b"BI ", b"\\"))
    return content[:cut] + opener + content[cut:], f"unbalanced {opener!r}"


_CONTENT_EDITS = (
    _operands,
    _unbalanced_q,
    _long_string,
    _long_array,
    _far_away,
    _tokens_deleted,
    _unbalanced,
)


def pdf_streams(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    streams = _flate_streams(data)
    if not streams:
        return pdf_numbers(data, rng)
    match, content = rng.choice(streams)
    mutated, what = rng.choice(_CONTENT_EDITS)(content, rng)
    packed = zlib.compress(mutated, 6)
    dict_start = data.rfind(b"<<", 0, match.start())
    head = re.sub(rb"/Length\s+\d+(?!\s+\d+\s+R)", b"/Length %d" % len(packed),
                  data[dict_start : match.start(1)], count=1)  # fmt: skip
    data = data[:dict_start] + head + packed + data[match.end(1) :]
    fixed = rng.random() < 0.8
    return (reindex(data) if fixed else data), (
        f"stream at {match.start()}: {what}{'' if fixed else ' (xref left stale)'}"
    )


def pdf_nesting(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    opens = [m.end() for m in re.finditer(rb"<<", data)]
    if not opens:
        return pdf_numbers(data, rng)
    at = rng.choice(opens)
    depth = rng.choice((200, 5_000, 100_000))
    kind = rng.randrange(3)
    if kind == 0:
        inserted = b"/Deep " + b"[" * depth + b"]" * depth + b" "
    elif kind == 1:
        inserted = b"/Deep " + b"<</A " * depth + b">>" * depth + b" "
    else:
        inserted = b"/Deep " + b"[" * depth + b" "  # never closed
    data = data[:at] + inserted + data[at:]
    return reindex(data), f"{depth}-deep {('arrays', 'dicts', 'unclosed arrays')[kind]} at {at}"


def pdf_page_tree(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", data)
    pages = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Type\s*/Pages", data)
    if not kids:
        return pdf_numbers(data, rng)
    refs = re.findall(rb"\d+ 0 R", kids.group(1)) or [b"1 0 R"]
    choice = rng.randrange(4)
    if choice == 0 and pages:
        new, what = pages.group(1) + b" 0 R", "the page tree lists itself as a kid"
    elif choice == 1:
        times = rng.choice((500, 20_000))
        new, what = b" ".join([refs[0]] * times), f"the first page listed {times} times"
    elif choice == 2:
        new, what = b"9999 0 R 0 0 R -1 0 R", "kids that do not exist"
    else:
        new, what = b"/Kids", "a kid that is a name"
    data = data[: kids.start(1)] + new + data[kids.end(1) :]
    if rng.random() < 0.5:
        data = re.sub(rb"/Count\s+\d+", b"/Count " + rng.choice((b"0", b"-3", b"99999999")),
                      data, count=1)  # fmt: skip
        what += ", /Count changed"
    return reindex(data), what


def pdf_objects(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    objects = list(re.finditer(rb"(?m)^(\d+) 0 obj\b.*?endobj", data, re.DOTALL))
    if not objects:
        return pdf_numbers(data, rng)
    match = rng.choice(objects)
    choice = rng.randrange(3)
    if choice == 0:
        data, what = data[: match.start()] + data[match.end() :], "deleted"
    elif choice == 1:
        body = match.group().replace(b"endobj", b"")
        data, what = data[: match.start()] + body + data[match.end() :], "endobj removed"
    else:
        data = data[: match.start()] + match.group() + b"\n" + match.group() + data[match.end() :]
        what = "duplicated"
    return reindex(data), f"object {match.group(1).decode()} {what}"


PDF: tuple[Mutator, ...] = (
    *GENERIC,
    pdf_numbers,
    pdf_xref,
    pdf_lengths,
    pdf_encrypt,
    pdf_streams,
    pdf_streams,
    pdf_nesting,
    pdf_page_tree,
    pdf_objects,
)


# =========================================================================== DOCX mutators


def _unzip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]], *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body, compresslevel=level)
    return out.getvalue()


def _with_entry(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    return _zip([(n, change(b) if n == name else b) for n, b in _unzip(data)])


_XML_PARTS = ("word/document.xml", "word/styles.xml", "[Content_Types].xml",
              "word/_rels/document.xml.rels", "_rels/.rels", "word/numbering.xml",
              "docProps/core.xml", "word/settings.xml")  # fmt: skip


def docx_remove_entry(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    entries = _unzip(data)
    names = [n for n, _ in entries]
    name = rng.choice([n for n in _XML_PARTS if n in names] + names)
    return _zip([(n, b) for n, b in entries if n != name]), f"remove {name}"


def docx_truncate_entry(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    name = rng.choice(_XML_PARTS[:5])
    cut = {}

    def change(body: bytes) -> bytes:
        cut["at"] = rng.randrange(len(body))
        return body[: cut["at"]]

    return _with_entry(data, name, change), f"truncate {name} at {cut.get('at')}"


def docx_corrupt_compressed(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Flip bytes inside one entry's compressed data: CRC and inflate errors."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    header = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[header + 26 : header + 30])
    start = header + 30 + name_len + extra_len
    buf = bytearray(data)
    for _ in range(rng.choice((1, 8))):
        buf[start + rng.randrange(max(1, info.compress_size))] ^= 0xFF
    return bytes(buf), f"corrupt compressed bytes of {info.filename}"


def _bad_values(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Attribute values python-docx parses: on/off, sizes, style ids."""
    values = list(re.finditer(rb'w:val="([^"]*)"', body))
    bad = rng.choice((b"maybe", b"-1", b"99999999999999999999", b"", b"1.5", b"\xff"))
    picked = rng.sample(values, min(len(values), 5))
    edits = [(m.start(1), m.end(1), bad) for m in picked]
    return _replace_spans(body, edits), f"{len(picked)} w:val attributes -> {bad!r}"


def _closing_tags_dropped(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    closes = list(re.finditer(rb"</[^>]+>", body))
    picked = rng.sample(closes, min(len(closes), 3))
    edits = [(m.start(), m.end(), b"") for m in picked]
    return _replace_spans(body, edits), f"{len(picked)} closing tags removed"


def _renamed(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    tags = list(re.finditer(rb"<(w:[A-Za-z]+)", body))
    picked = rng.sample(tags, min(len(tags), 5))
    new = rng.choice((b"w:tbl", b"w:p", b"w:tc", b"w:r", b"w:zzz", b"w:body"))
    edits = [(m.start(1), m.end(1), new) for m in picked]
    return _replace_spans(body, edits), f"{len(picked)} elements renamed to {new.decode()}"


def _bad_encoding(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    if rng.random() < 0.5:
        at = rng.randrange(len(body))
        return body[:at] + b"\xc3\x28\xff\xfe" + body[at:], "invalid UTF-8 bytes"
    declared = re.sub(rb'encoding="[^"]*"', b'encoding="UTF-16"', body, count=1)
    return declared, "declared encoding utf-16"


def _huge_attribute(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    size = rng.choice((100_000, 3_000_000))
    huge = b"A" * size
    body = body.replace(b"<w:p>", b'<w:p w:rsidR="' + huge + b'">', 1)
    return body.replace(b"<w:p ", b'<w:p w:huge="' + huge + b'" ', 1), f"{size}-byte attribute"


def _targets(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Relationship targets that escape the package, loop or go nowhere."""
    target = rng.choice((b"../../../../etc/passwd", b"document.xml", b"/word/missing.xml",
                         b"http://example.com/x", b"", b"styles.xml#frag"))  # fmt: skip
    changed = re.sub(rb'Target="[^"]*"', b'Target="' + target + b'"', body)
    return changed, f"relationship targets -> {target!r}"


def _other_namespace(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    changed = body.replace(b"document.main+xml", b"template.main+xml")
    return changed.replace(b"wordprocessingml", b"spreadsheetml", 1), "main part type changed"


def _control_characters(body: bytes, rng: random.Random) -> tuple[bytes, str]:
    def dirty(match: re.Match[bytes]) -> bytes:
        return b"<w:t>\x01\x02&#xD800;&#0;" + match.group(1)

    changed = re.sub(rb"<w:t>([^<]{1,40})", dirty, body, count=5)
    return changed, "control characters and surrogate references in the text"


_XML_EDITS = (
    _bad_values,
    _closing_tags_dropped,
    _renamed,
    _bad_encoding,
    _huge_attribute,
    _targets,
    _other_namespace,
    _control_characters,
)


def docx_xml_edit(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    name = rng.choice(("word/document.xml", "word/document.xml", "word/styles.xml",
                       "word/numbering.xml", "word/_rels/document.xml.rels",
                       "[Content_Types].xml"))  # fmt: skip
    edit = rng.choice(_XML_EDITS)
    what = ""

    def change(body: bytes) -> bytes:
        nonlocal what
        body, what = edit(body, rng)
        return body

    return _with_entry(data, name, change), f"{name}: {what}"


_LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
        for i in range(9)
    )
    + b"]>"
)
_XXE = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def docx_entities(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    laughs = rng.random() < 0.5
    doctype, ref = (_LAUGHS, b"&j;") if laughs else (_XXE, b"&x;")

    def change(body: bytes) -> bytes:
        body = body.replace(b"?>", b"?>" + doctype, 1)
        return body.replace(b"<w:t>", b"<w:t>" + ref, 3)

    what = "billion-laughs entities" if laughs else "external entity file:///etc/passwd"
    return _with_entry(data, "word/document.xml", change), f"document.xml: {what}"


def docx_deep_nesting(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    depth = rng.choice((40, 90, 300, 5_000))
    kind = rng.randrange(2)
    if kind == 0:
        open_ = b"<w:tbl><w:tr><w:tc>" * depth
        close = b"<w:p/></w:tc></w:tr></w:tbl>" * depth
        what = f"{depth} nested tables"
    else:
        open_ = b"<w:sdt><w:sdtContent>" * depth
        close = b"</w:sdtContent></w:sdt>" * depth
        what = f"{depth} nested content controls"
    inner = b"<w:p><w:r><w:t>Deep inside</w:t></w:r></w:p>"

    def change(body: bytes) -> bytes:
        return body.replace(b"<w:body>", b"<w:body>" + open_ + inner + close, 1)

    return _with_entry(data, "word/document.xml", change), f"document.xml: {what}"


@functools.cache
def _deflated_spaces(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate data for `megabytes` MB of spaces (about 1 KB per MB), and its CRC.
    One fully flushed piece per MB, repeated: each piece stands alone, so this is quick."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # one empty final block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return piece * megabytes + final, crc


def docx_zip_bomb(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    entries = _unzip(data)
    name = rng.choice(("word/document.xml", "word/styles.xml", "word/media/bomb.bin"))
    kept = [(n, b) for n, b in entries if n != name]
    raw, crc = _deflated_spaces(300)
    choice = rng.randrange(4)
    if choice == 0:  # a real bomb: a few KB that inflate to 300 MB, sizes declared honestly
        return _raw_entry_zip(kept, name, raw, crc, 300 << 20), (
            f"{name} replaced by 300 MB of spaces deflated to a few KB"
        )
    if choice == 1:  # the same bomb declaring a small size: only a careful reader notices
        declared = rng.choice((1000, 40_000))
        return _raw_entry_zip(kept, name, raw, zlib.crc32(b" " * declared), declared), (
            f"{name} replaced by 300 MB of deflated spaces that declare {declared} bytes"
        )
    if choice == 2:  # a declared size far beyond what is there
        return _lie_about_size(_zip(entries), "word/document.xml", 0xFFFFFFF0), (
            "word/document.xml declares 4 GB"
        )
    many = entries + [(f"word/media/{n}.bin", b"") for n in range(2_000)]
    return _zip(many, level=0), "2000 extra empty entries"


def _raw_entry_zip(
    entries: list[tuple[str, bytes]], name: str, raw: bytes, crc: int, size: int
) -> bytes:
    """A zip with `entries` and, last, entry `name` given as raw deflate data."""
    packed = _zip([*entries, (name, b"")])
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", packed[start + 26 : start + 30])
    data_start = start + 30 + name_len + extra_len
    local = bytearray(packed[start:data_start])
    struct.pack_into("<III", local, 14, crc, len(raw), size)
    body = packed[:start] + bytes(local) + raw
    rest = bytearray(packed[data_start + info.compress_size :])  # the central directory
    shift = len(body) - (data_start + info.compress_size)
    position = 0
    while (position := rest.find(b"PK\x01\x02", position)) >= 0:
        n_len = struct.unpack_from("<H", rest, position + 28)[0]
        if rest[position + 46 : position + 46 + n_len] == name.encode():
            struct.pack_into("<III", rest, position + 16, crc, len(raw), size)
        position += 4
    end = rest.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", rest, end + 16)[0]
    struct.pack_into("<I", rest, end + 16, offset + shift)
    return body + bytes(rest)


def _lie_about_size(packed: bytes, name: str, size: int) -> bytes:
    buf = bytearray(packed)
    encoded = name.encode()
    position = 0
    while (position := buf.find(b"PK\x01\x02", position)) >= 0:
        n_len = struct.unpack_from("<H", buf, position + 28)[0]
        if buf[position + 46 : position + 46 + n_len] == encoded:
            struct.pack_into("<I", buf, position + 24, size)
            header = struct.unpack_from("<I", buf, position + 42)[0]
            struct.pack_into("<I", buf, header + 22, size)
        position += 4
    return bytes(buf)


def docx_duplicate_entry(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    entries = _unzip(data)
    name = rng.choice(("word/document.xml", "[Content_Types].xml"))
    body = dict(entries)[name]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: the point
        return _zip([*entries, (name, body[: len(body) // 2])]), f"second, truncated {name}"


def docx_entry_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A byte-level mutation inside one XML part, the archive itself kept valid."""
    name = rng.choice(_XML_PARTS[:5] + ("word/document.xml",) * 3)
    mutator = rng.choice(GENERIC)
    what = ""

    def change(body: bytes) -> bytes:
        nonlocal what
        body, what = mutator(body, rng)
        return body

    return _with_entry(data, name, change), f"{name}: {mutator.__name__}: {what}"


DOCX: tuple[Mutator, ...] = (
    *GENERIC,
    docx_entry_bytes,
    docx_entry_bytes,
    docx_entry_bytes,
    docx_remove_entry,
    docx_truncate_entry,
    docx_corrupt_compressed,
    docx_xml_edit,
    docx_xml_edit,
    docx_xml_edit,
    docx_entities,
    docx_deep_nesting,
    docx_zip_bomb,
    docx_duplicate_entry,
)


# =========================================================================== HTML mutators


def html_deep_nesting(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    tag = rng.choice((b"div", b"li", b"b", b"header", b"section", b"span", b"table"))
    depth = rng.choice((500, 5_000, 50_000))
    closed = rng.random() < 0.5
    block = b"<%s>" % tag * depth + b"deep text" + (b"</%s>" % tag * depth if closed else b"")
    at = data.find(b"<main>")
    at = at + 6 if at >= 0 else rng.randrange(len(data) + 1)
    return data[:at] + block + data[at:], (
        f"{depth} nested <{tag.decode()}>{' closed' if closed else ' unclosed'}"
    )


def html_unclosed(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    choice = rng.randrange(3)
    if choice == 0:
        closes = list(re.finditer(rb"</[a-z0-9]+>", data))
        picked = rng.sample(closes, min(len(closes), rng.choice((3, 30, 1000))))
        return _replace_spans(data, [(m.start(), m.end(), b"") for m in picked]), (
            f"{len(picked)} closing tags removed"
        )
    opener = rng.choice((b"<script>", b"<!--", b"<![CDATA[", b"<style>", b"<textarea>",
                         b"<title>", b"<a href='", b"<!DOCTYPE", b"<?xml ", b"</"))  # fmt: skip
    at = rng.randrange(len(data) + 1)
    times = 1 if choice == 1 else 20_000
    return data[:at] + opener * times + data[at:], f"{times} unclosed {opener!r} at {at}"


def html_huge_attribute(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    choice = rng.randrange(3)
    if choice == 0:
        size = rng.choice((100_000, 5_000_000))
        tag = b'<div class="' + b"cookie " * (size // 7) + b'">x</div>'
        what = f"{size}-byte class attribute"
    elif choice == 1:
        count = rng.choice((1_000, 50_000))
        tag = b"<p " + b"".join(b'a%d="%d" ' % (n, n) for n in range(count)) + b">x</p>"
        what = f"{count} attributes on one tag"
    else:
        size = rng.choice((100_000, 2_000_000))
        tag = b'<p style="' + b"display :" * (size // 9) + b'">x</p>'
        what = f"{size}-byte style attribute"
    at = data.find(b"<h1")
    at = at if at >= 0 else rng.randrange(len(data) + 1)
    return data[:at] + tag + data[at:], what


def _charset(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    charset = rng.choice((b"x-unknown", b"utf-16", b"utf-7", b"iso-2022-jp", b"", b"ebcdic"))
    meta = b'<meta charset="' + charset + b'">'
    if b"charset" in data:
        return re.sub(rb'<meta charset="[^"]*">', meta, data), f"charset {charset!r}"
    return data.replace(b"<head>", b"<head>" + meta, 1), f"charset {charset!r} added"


def _invalid_utf8(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    picks = [rng.randrange(len(data)) for _ in range(rng.choice((1, 20, 300)))]
    bad = (b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x00")
    edits = [(at, at, rng.choice(bad)) for at in picks]
    return _replace_spans(data, edits), f"{len(picks)} invalid UTF-8 sequences"


def _utf16(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    return text.encode("utf-16-le"), "UTF-16 without a byte-order mark"


def _utf32(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    return b"\xff\xfe\x00\x00" + text.encode("utf-32-le"), "UTF-32 with a byte-order mark"


def _references(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    refs = (b"&#x110000;", b"&#99999999999999999999;", b"&#0;", b"&#xD800;", b"&#x7f;",
            b"&unknown;", b"&amp", b"&#;", b"&#x;")  # fmt: skip
    count = rng.choice((5, 5000))
    blob = b"<p>" + b"".join(rng.choice(refs) for _ in range(count)) + b"</p>"
    at = data.find(b"</h1>")
    at = at if at >= 0 else len(data) // 2
    return data[:at] + blob + data[at:], f"{count} odd character references"


def _bom_and_nul(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    return b"\xef\xbb\xbf" + data.replace(b"<html", b"\x00<html", 1), "BOM and a NUL"


def html_encoding(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    edit = rng.choice((_charset, _invalid_utf8, _utf16, _utf32, _references, _bom_and_nul))
    return edit(data, rng)


def html_many_elements(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    count = rng.choice((10_000, 100_000))
    tag = rng.choice((b"li", b"p", b"br", b"td", b"h2"))
    blob = b"<ul>" + (b"<%s>item %s</%s>" % (tag, tag, tag)) * count + b"</ul>"
    at = data.find(b"</main>")
    at = at if at >= 0 else len(data)
    return data[:at] + blob + data[at:], f"{count} <{tag.decode()}> elements"


HTML: tuple[Mutator, ...] = (
    *GENERIC,
    html_deep_nesting,
    html_deep_nesting,
    html_unclosed,
    html_huge_attribute,
    html_encoding,
    html_encoding,
    html_many_elements,
)


# =========================================================================== JSON mutators


def _json_paths(value: object, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_paths(item, (*path, index))


def _set(root: object, path: tuple, value: object) -> object:
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    parent[path[-1]] = value  # type: ignore[index]
    return root


def _load(data: bytes) -> object | None:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def json_wrong_types(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    root = _load(data)
    if root is None:
        return flip_bits(data, rng)
    paths = list(_json_paths(root))
    count = rng.choice((1, 3, 12))
    odd = (None, True, 0, -1, 1.5e308, [], {}, [[[]]], {"a": {"b": {}}}, "", "x", 10**30,
           ["a", 1, None], {"name": 5})  # fmt: skip
    for path in rng.sample(paths, min(count, len(paths))):
        try:
            root = _set(root, path, rng.choice(odd))
        except (KeyError, IndexError, TypeError):
            continue
    return json.dumps(root).encode(), f"{count} values given wrong types"


def json_deep(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    depth = rng.choice((100, 900, 5_000, 200_000))
    choice = rng.randrange(3)
    if choice == 0:
        nested = "[" * depth + "]" * depth
        what = "arrays"
    elif choice == 1:
        nested = '{"a":' * depth + "1" + "}" * depth
        what = "objects"
    else:
        nested = "[" * depth
        what = "unclosed arrays"
    root = data.decode("utf-8", errors="replace")
    at = root.find('"work"')
    if at < 0:
        at = root.find("{") + 1
        text = root[:at] + '"deep": ' + nested + ", " + root[at:]
    else:
        text = root[:at] + '"deep": ' + nested + ", " + root[at:]
    return text.encode(), f"{depth}-deep {what}"


def json_huge_values(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    root = _load(data)
    if not isinstance(root, dict):
        return insert_run(data, rng)
    choice = rng.randrange(4)
    if choice == 0:
        size = rng.choice((100_000, 3_000_000))
        word = rng.choice(("x", "word ", "Led 40% of\n", "• "))
        root.setdefault("basics", {})
        if isinstance(root["basics"], dict):
            root["basics"]["summary"] = word * (size // len(word))
        return json.dumps(root).encode(), f"{size}-character summary of {word!r}"
    if choice == 1:
        digits = rng.choice((5_000, 100_000))
        text = json.dumps(root).replace('"basics"', f'"n": {"9" * digits}, "basics"', 1)
        return text.encode(), f"a {digits}-digit number"
    if choice == 2:
        count = rng.choice((12_000, 60_000))
        work = [{"position": f"Engineer {n}", "name": "Acme", "startDate": "2020-01",
                 "highlights": ["Did a thing."]} for n in range(count)]  # fmt: skip
        root["work"] = work
        return json.dumps(root).encode(), f"{count} work entries"
    number = rng.choice(("NaN", "Infinity", "-Infinity", "1e999", "-0.0"))
    text = json.dumps(root).replace('"basics"', f'"n": {number}, "basics"', 1)
    return text.encode(), f"number {number}"


def json_encoding(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    choice = rng.randrange(6)
    text = data.decode("utf-8", errors="replace")
    if choice == 0:
        at = data.find(b'"name": "') + 9 if b'"name": "' in data else len(data) // 2
        bad = rng.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00"))
        return data[:at] + bad + data[at:], f"invalid UTF-8 {bad!r} in a string"
    if choice == 1:
        escape = rng.choice(("\\ud800", "\\udfff\\ud800", "\\u0000", "\\uffff", "\\u001b[31m"))
        return text.replace('"name": "', '"name": "' + escape, 2).encode(), (
            f"escape {escape} in names"
        )
    if choice == 2:
        return text.encode("utf-16-le"), "UTF-16 without a byte-order mark"
    if choice == 3:
        return b"\xff\xfe" + text.encode("utf-16-le"), "UTF-16 with a byte-order mark"
    if choice == 4:
        return text.encode("utf-32"), "UTF-32"
    return text.encode("cp1252", errors="replace"), "re-encoded as cp1252"


def json_syntax(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    choice = rng.randrange(5)
    if choice == 0:
        return (text + rng.choice(("garbage", "}", "{}", "\x00", "// comment"))).encode(), (
            "trailing garbage"
        )
    if choice == 1:
        return text.replace("{", '{"basics": 1, ', 1).encode(), "duplicate keys"
    if choice == 2:
        return text.replace(",", ",,", 3).encode(), "doubled commas"
    if choice == 3:
        return text.replace('"', "'").encode(), "single quotes"
    return ("/* c */" + text).encode(), "leading comment"


JSON: tuple[Mutator, ...] = (
    *GENERIC,
    json_wrong_types,
    json_wrong_types,
    json_deep,
    json_huge_values,
    json_encoding,
    json_encoding,
    json_syntax,
)

MUTATORS: dict[str, tuple[Mutator, ...]] = {"pdf": PDF, "docx": DOCX, "html": HTML, "json": JSON}


def mutate(seed: Seed, index: int) -> Case:
    rng = random.Random(f"{seed.fmt}:{index}")
    mutators = MUTATORS[seed.fmt]
    chosen = [mutators[index % len(mutators)]]
    if rng.random() < 0.15:  # sometimes a byte-level mutation on top of the first
        chosen.append(rng.choice(GENERIC))
    data, done = seed.data, []
    for mutator in chosen:
        if not data:
            break
        data, what = mutator(data, rng)
        done.append(f"{mutator.__name__}: {what}")
    return Case(seed.fmt, index, seed, tuple(done), data)


def case(seeds: dict[str, list[Seed]], fmt: str, index: int) -> Case:
    """Case `index` of format `fmt`: the same bytes on every run."""
    pool = seeds[fmt]
    return mutate(pool[(index // len(MUTATORS[fmt])) % len(pool)], index)


def cases(seeds: dict[str, list[Seed]], fmt: str, count: int) -> Iterator[Case]:
    for index in range(count):
        yield case(seeds, fmt, index)
