"""Build the corpus's postings from the real ones in src/, and write postings/TRUTH.json.

    python3 bench/data/parse/make_postings.py    (needs LibreOffice's soffice for the PDFs)

src/ holds the postings as published (Hack Club's site, GPL-3.0; 18F's site, CC0), see
SOURCES.md. Each is written out as the candidate would bring it:
- Markdown (.md): the source text, the page's heading prepended as "# ..." (18F: front
  matter and Liquid tags dropped, as the published page shows neither);
- saved job pages (.html): the same text inside a job-board page made to look like a
  Greenhouse, Lever, Ashby or Workday posting: menus, cookie banner, apply form, related
  jobs, footer; what a browser's "Save page" keeps;
- plain text (.txt): Markdown marks removed, as pasted from a browser;
- PDF: the saved page printed by LibreOffice.
The split (tune or holdout) is fixed by a hash of the posting's key, so every rendering of
one posting sits in the same half.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "postings" / "src"
OUT = HERE / "postings"

# key: (page heading, company for the job-board page, formats beyond Markdown)
POSTINGS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "bank-tech-lead": ("Tech Lead for Hack Club Bank", "Hack Club", ("greenhouse", "pdf")),
    "clubs-lead": ("Clubs Lead @ Hack Club", "Hack Club", ("txt",)),
    "communications-manager": ("Communications Manager @ Hack Club", "Hack Club", ("lever",)),
    "customer-success-lead": ("Customer Success Lead @ Hack Club", "Hack Club", ("ashby",)),
    "executive-assistant": ("Executive Assistant @ Hack Club", "Hack Club", ("workday", "pdf")),
    "education-engineer": ("Education Engineer @ Hack Club", "Hack Club", ("txt",)),
    "brand-director": ("Hack Club Brand Director", "Hack Club", ()),
    "hcb-ops-lead": ("HCB Operations Lead", "Hack Club", ("greenhouse",)),
    "executive-producer": ("Executive Producer", "Hack Club", ("txt",)),
    "vp-donor-engagement": (
        "Vice President, Donor Engagement @ Hack Club", "Hack Club", ("lever",)
    ),
    "backend-software-engineer": ("Backend Software Engineer", "18F", ("greenhouse", "pdf")),
    "onrr-front-end-engineer": ("Front end engineer", "18F", ("ashby",)),
    "acquisition-technical-lead": ("Innovation Specialist — Technical Lead", "18F", ("workday",)),
    "front-end-design-intern": ("Front end design intern", "18F", ("lever",)),
    "service-visual-design-intern": ("Service/visual design intern", "18F", ("txt",)),
}
# Titles that are also right: the heading's words, or a "Title:" line in the text.
TITLE_ALSO: dict[str, list[str]] = {
    "bank-tech-lead": ["Tech Lead, Hack Club Bank"],
    "brand-director": ["Hack Club Brand Director"],
    "vp-donor-engagement": ["Vice President, Donor Engagement"],
    "onrr-front-end-engineer": ["DOI ONRR Front end engineer", "Front end engineer"],
    "acquisition-technical-lead": ["Innovation Specialist - Technical Lead"],
    "front-end-design-intern": ["18F – Front end design intern"],
    "service-visual-design-intern": ["18F — Service/visual design intern"],
}


def split_of(key: str) -> str:
    return "holdout" if hashlib.sha256(key.encode()).digest()[0] % 2 else "tune"


def source_markdown(key: str) -> str:
    path = SRC / f"{key}.mdx" if (SRC / f"{key}.mdx").exists() else SRC / f"{key}.md"
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    text = re.sub(r"\{%.*?%\}", "", text)
    text = re.sub(r"\{\{\s*site\.baseurl\s*\}\}", "https://18f.gsa.gov", text)
    return text.strip() + "\n"


def plain(markdown: str) -> str:
    """What a browser's copy gives: no Markdown marks, links as their words."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<([^>@\s]+@[^>\s]+)>", r"\1", text)
    text = re.sub(r"\*\*|__|(?<!\w)_(?!\s)|(?<!\s)_(?!\w)|`", "", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*]\s+", "• ", text, flags=re.MULTILINE)
    text = re.sub(r"^\\-", "-", text, flags=re.MULTILINE)
    return text


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r'<a href="\2">\1</a>', text)
    text = re.sub(r"&lt;([^&\s]+@[^&\s]+)&gt;", r'<a href="mailto:\1">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def to_html(markdown: str) -> str:
    """A small Markdown renderer, enough for these postings (headings, lists, paragraphs)."""
    out: list[str] = []
    in_list = False
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal in_list
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if in_list:
            out.append("</ul>")
            in_list = False

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line == "---" or line.startswith("-----"):
            flush()
            continue
        if heading := re.match(r"^(#{1,6})\s*(.+)$", line):
            flush()
            level = min(len(heading.group(1)) + 1, 6)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif item := re.match(r"^(?:[-*]|\d+\.)\s+(.+)$", line):
            if paragraph:
                out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
                paragraph.clear()
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{_inline(item.group(1))}</li>")
        else:
            if in_list:
                flush()
            paragraph.append(line.lstrip("> ").replace("\\-", "-"))
    flush()
    return "\n".join(out)


_CHROME = {
    "greenhouse": (
        '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your '
        "experience and to analyse traffic. By clicking Accept all, you agree to our use of "
        'cookies.</p><button>Accept all</button><button>Manage preferences</button></div>'
        '<header class="header"><nav><a href="/">Home</a> <a href="/jobs">All jobs</a> '
        '<a href="/teams">Teams</a> <a href="/life">Life at {company}</a></nav></header>'
        '<div id="app_body"><div id="header"><h1 class="app-title">{title}</h1>'
        '<span class="company-name">at {company}</span><div class="location">Remote</div></div>'
        '<div id="content">{body}</div>'
        '<div id="application"><h2>Apply for this Job</h2><form><label>First Name *</label>'
        "<input><label>Last Name *</label><input><label>Email *</label><input>"
        "<label>Resume/CV *</label><input type=file><label>LinkedIn Profile</label><input>"
        "<button>Submit Application</button></form></div></div>"
        '<footer><a href="https://www.greenhouse.io/privacy-policy">Privacy Policy</a> '
        "Powered by Greenhouse</footer>"
    ),
    "lever": (
        '<div class="cc-window">This website uses cookies to ensure you get the best '
        'experience. <a class="cc-btn">Got it!</a></div>'
        '<div class="main-header-content"><a href="/">{company} home page</a> '
        '<a href="/jobs">Jobs</a></div>'
        '<div class="posting-headline"><h2>{title}</h2><div class="posting-categories">'
        '<div class="location">Burlington, VT</div><div class="department">Team</div>'
        '<div class="commitment">Full-time</div></div></div>'
        '<div class="section-wrapper page-full-width">{body}</div>'
        '<div class="postings-btn-wrapper"><a class="postings-btn">Apply for this job</a></div>'
        '<div class="main-footer"><p>{company} Home Page</p><p>Jobs powered by Lever</p></div>'
    ),
    "ashby": (
        '<div role="dialog" aria-label="Cookie consent">We and our partners use cookies. '
        "Reject non-essential | Accept all</div>"
        '<nav class="ashby-job-board-header"><a href="/">{company}</a> <a>Open positions (12)</a>'
        "</nav><main><h1>{title}</h1><div class=\"ashby-job-posting-left-pane\">"
        "<h2>Location</h2><p>Remote</p><h2>Employment Type</h2><p>Full time</p>"
        "<h2>Department</h2><p>Operations</p></div>"
        '<div class="ashby-job-posting-right-pane"><div class="tabs"><a>Overview</a> '
        "<a>Application</a></div>{body}</div></main>"
        "<footer>Powered by Ashby · Privacy Policy · Security · Vulnerability Disclosure</footer>"
    ),
    "workday": (
        '<div data-automation-id="legalNotice">This site uses cookies. Continue to use the site '
        "or change your settings. Accept Cookies</div>"
        '<header><a>Search for Jobs</a> <a>Sign In</a> <a>English</a></header>'
        '<div data-automation-id="jobPostingHeader"><h2>{title}</h2></div>'
        '<ul data-automation-id="jobPostingSubheader"><li>locations: Remote</li>'
        "<li>time type: Full time</li><li>posted on: Posted 30+ Days Ago</li>"
        "<li>job requisition id: R-0042</li></ul>"
        '<div data-automation-id="jobPostingDescription">{body}</div>'
        '<div><h3>Similar Jobs (3)</h3><ul><li><a>Senior Analyst</a></li>'
        "<li><a>Program Manager</a></li><li><a>Staff Accountant</a></li></ul></div>"
        "<footer>© 2026 Workday, Inc. All rights reserved.</footer>"
    ),
}


def job_page(board: str, title: str, company: str, markdown: str) -> str:
    body = to_html(markdown)
    chrome = _CHROME[board].format(
        title=html.escape(title), company=html.escape(company), body=body
    )
    return (
        f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)} - {html.escape(company)}</title></head>"
        f"<body>{chrome}</body></html>\n"
    )


def main() -> None:
    truth_src = json.loads((OUT / "truth_src.json").read_text(encoding="utf-8"))["postings"]
    truth: dict[str, dict[str, object]] = {}
    for key, (heading, company, formats) in POSTINGS.items():
        origin = "Hack Club site, GPL-3.0" if (SRC / f"{key}.mdx").exists() else "18F site, CC0-1.0"
        body = source_markdown(key)
        files: dict[str, tuple[str, str]] = {f"{key}.md": ("markdown", f"# {heading}\n\n{body}")}
        for fmt in formats:
            if fmt == "txt":
                files[f"{key}.txt"] = ("text", plain(f"{heading}\n\n{body}"))
            elif fmt != "pdf":
                files[f"{key}.{fmt}.html"] = (f"html-{fmt}", job_page(fmt, heading, company, body))
        for name, (_, content) in files.items():
            (OUT / name).write_text(content, encoding="utf-8")
        if "pdf" in formats:
            with tempfile.TemporaryDirectory() as tmp:
                page = Path(tmp) / f"{key}.html"
                page.write_text(job_page("greenhouse", heading, company, body), encoding="utf-8")
                subprocess.run(
                    ["soffice", "--headless", "--convert-to", "pdf",
                     "--outdir", str(OUT), str(page)],
                    check=True, capture_output=True, timeout=180,
                )
            files[f"{key}.pdf"] = ("pdf-libreoffice", "")
        item = dict(truth_src[key])
        item["titles"] = [item["title"], *TITLE_ALSO.get(key, [])]
        for name, (family, _) in files.items():
            truth[name] = {**item, "split": split_of(key), "family": family, "posting": key,
                           "source": origin}
    about = (
        "Ground truth for bench/parse.py, one entry per file (same shape as "
        "shared/realdocs/postings/TRUTH.json, plus split, family, titles that are also right). "
        "Written by hand in truth_src.json; this file is generated by make_postings.py."
    )
    (OUT / "TRUTH.json").write_text(
        json.dumps({"about": about, "postings": truth}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(len(truth), "files")


if __name__ == "__main__":
    main()
