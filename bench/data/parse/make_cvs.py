"""Render the corpus's CVs from the people below, and write each one's truth file.

Run with RenderCV installed in its own venv (it pins its own pydantic and typst):

    python3 -m venv /tmp/rendercv-venv && /tmp/rendercv-venv/bin/pip install rendercv
    /tmp/rendercv-venv/bin/python bench/data/parse/make_cvs.py

Every person is rendered in every RenderCV theme (PDF), a few also through RenderCV's HTML
and LibreOffice into DOCX, and a few PDFs are rasterised with pdftoppm into image-only
"scanned" PDFs for OCR. The truth file beside each document is the person's experience in
RenderCV's YAML shape (cv.sections.experience[]), whatever the section's printed heading,
plus `corpus:` (split, family, source, licence). The split is fixed by a hash of the
person's key, so every rendering of one person sits in the same half.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from rendercv.api import functions as rcv
from rendercv.renderer import renderer

HERE = Path(__file__).resolve().parent
OUT = HERE / "cv"
THEMES = ("classic", "engineeringclassic", "engineeringresumes", "moderncv", "sb2nov")
DOCX_PEOPLE = ("amara_okafor", "lena_fischer", "tomas_novak", "priya_raman", "sofia_garcia")
SCAN = (("kenji_watanabe", "classic"), ("amara_okafor", "sb2nov"), ("lena_fischer", "moderncv"))


def split_of(key: str) -> str:
    """tune or holdout, fixed by the key's hash (not by what the parser does on it)."""
    return "holdout" if hashlib.sha256(key.encode()).digest()[0] % 2 else "tune"


def job(
    company: str,
    position: str,
    start: str | None,
    end: str | None,
    location: str | None,
    *highlights: str,
) -> dict[str, Any]:
    return {
        "company": company,
        "position": position,
        "start_date": start,
        "end_date": end,
        "location": location,
        "highlights": list(highlights),
    }


def school(  # noqa: PLR0917 - reads like the YAML entry it writes
    institution: str, degree: str, area: str, start: str | None, end: str | None,
    location: str | None, *highlights: str,
) -> dict[str, Any]:
    return {
        "institution": institution,
        "degree": degree,
        "area": area,
        "start_date": start,
        "end_date": end,
        "location": location,
        "highlights": list(highlights),
    }


GERMAN = {
    "language": "de",
    "present": "heute",
    "abbreviations_for_months": [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.",
        "Dez.",
    ],
    "full_names_of_months": [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
        "Oktober", "November", "Dezember",
    ],
}
FRENCH = {
    "language": "fr",
    "present": "aujourd'hui",
    "abbreviations_for_months": [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
        "nov.", "déc.",
    ],
    "full_names_of_months": [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre",
    ],
}
SPANISH = {
    "language": "es",
    "present": "actualidad",
    "abbreviations_for_months": [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.",
        "dic.",
    ],
    "full_names_of_months": [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre",
    ],
}

# Each person: name, location, email, the printed experience heading, the sections in order
# (experience under its printed heading), and an optional locale.
PEOPLE: dict[str, dict[str, Any]] = {
    "amara_okafor": {
        "name": "Amara Okafor",
        "location": "Lagos, Nigeria",
        "email": "amara.okafor@example.org",
        "experience_heading": "experience",
        "summary": [
            "Staff site reliability engineer who has run payments infrastructure at three "
            "fintechs, from a single region to five.",
        ],
        "experience": [
            job("Paystack", "Staff Site Reliability Engineer", "2022-03", "present",
                "Lagos, Nigeria",
                "Cut the monthly count of paging incidents from 41 to 9 by rewriting alert "
                "rules around service level objectives",
                "Led the move of 140 services from hand-built VMs to Kubernetes on three "
                "clusters, with zero customer-facing downtime",
                "Ran the incident commander rotation and wrote the postmortem template now "
                "used across engineering"),
            job("Paystack", "Senior Site Reliability Engineer", "2019-08", "2022-02",
                "Lagos, Nigeria",
                "Built the Terraform modules that provision every new payment region in under "
                "a day",
                "Brought the p99 latency of card authorisation down from 900 ms to 310 ms"),
            job("Interswitch", "Systems Engineer", "2016-01", "2019-07", "Lagos, Nigeria",
                "Automated the nightly settlement batch that had needed two operators on "
                "call",
                "Migrated monitoring from Nagios to Prometheus and Grafana"),
        ],
        "education": [
            school("University of Lagos", "BSc", "Electrical Engineering", "2011-09",
                   "2015-07", "Lagos, Nigeria",
                   "Teaching assistant for Digital Systems, two semesters",
                   "Final-year project: fault detection on the campus power grid"),
        ],
        "skills": [
            {"label": "Infrastructure", "details": "Kubernetes, Terraform, AWS, GCP, Linux"},
            {"label": "Observability", "details": "Prometheus, Grafana, OpenTelemetry"},
        ],
    },
    "lena_fischer": {
        "name": "Lena Fischer",
        "location": "Berlin, Deutschland",
        "email": "lena.fischer@example.de",
        "experience_heading": "Berufserfahrung",
        "education_heading": "Ausbildung",
        "skills_heading": "Kenntnisse",
        "locale": GERMAN,
        "experience": [
            job("Zalando SE", "Senior Backend-Entwicklerin", "2021-04", "present", "Berlin",
                "Entwurf der Bestell-API für 30 Millionen Kundinnen und Kunden in Java und "
                "Kotlin",
                "Einführung von Contract-Tests zwischen 12 Teams, Fehlerrate im Checkout um "
                "35 Prozent gesenkt"),
            job("SAP SE", "Softwareentwicklerin", "2017-10", "2021-03", "Walldorf",
                "Weiterentwicklung des Berechtigungsdienstes der Cloud-Plattform",
                "Betreuung von vier Werkstudierenden"),
            job("Fraunhofer FOKUS", "Wissenschaftliche Hilfskraft", "2015-04", "2017-09",
                "Berlin",
                "Prototypen für vernetzte Fahrzeuge in C++ und Python"),
        ],
        "education": [
            school("Technische Universität Berlin", "M.Sc.", "Informatik", "2014-10",
                   "2017-09", "Berlin", "Masterarbeit über verteilte Transaktionen"),
        ],
        "skills": [
            {"label": "Sprachen", "details": "Java, Kotlin, Python, SQL"},
            {"label": "Werkzeuge", "details": "Kafka, PostgreSQL, Docker, GitHub Actions"},
        ],
    },
    "tomas_novak": {
        "name": "Tomáš Novák",
        "location": "Prague, Czechia",
        "email": "tomas.novak@example.cz",
        "experience_heading": "Work History",
        "experience": [
            job("JetBrains", "Principal Engineer, Developer Productivity", "2020-01",
                "present", "Prague",
                "Set the technical direction of the build tooling group of 35 engineers",
                "Cut the median CI time of the IntelliJ monorepo from 52 to 19 minutes with "
                "remote caching",
                "Wrote the company's first engineering strategy for test infrastructure"),
            job("Avast", "Senior Software Engineer", "2014-06", "2019-12", "Prague",
                "Owned the update delivery service reaching 400 million devices",
                "Replaced a custom RPC layer with gRPC across 60 services"),
            job("Avast", "Software Engineer", "2011-03", "2014-05", "Brno",
                "Wrote the first version of the crash reporting pipeline"),
            job("Seznam.cz", "Junior Developer", "2009-07", "2011-02", "Prague",
                "Maintained the search front end in Python and C"),
        ],
        "education": [
            school("Czech Technical University", "Ing.", "Computer Science", "2004-09",
                   "2009-06", "Prague"),
        ],
        "projects": [
            {"name": "buildcache", "start_date": "2018-01", "end_date": "present",
             "highlights": ["Open-source compiler cache used by 2,000 projects"]},
        ],
    },
    "priya_raman": {
        "name": "Priya Raman",
        "location": "Bengaluru, India",
        "email": "priya.raman@example.in",
        "experience_heading": "Professional Experience",
        "summary": [
            "Machine learning engineer focused on ranking and retrieval, back after a "
            "two-year career break.",
        ],
        "experience": [
            job("Flipkart", "Senior Machine Learning Engineer", "2023-02", "present",
                "Bengaluru",
                "Trained the learning-to-rank model behind product search, lifting "
                "conversion by 3.1 percent in an A/B test",
                "Built the feature store ingestion jobs in Spark that feed 40 models"),
            job("Microsoft Research India", "Research Software Engineer", "2016-07",
                "2020-12", "Bengaluru",
                "Shipped a multilingual query understanding model to Bing in 11 Indian "
                "languages",
                "Co-authored two papers on low-resource retrieval"),
        ],
        "education": [
            school("Indian Institute of Science", "MTech", "Computational Science",
                   "2014-08", "2016-06", "Bengaluru",
                   "Research assistant in the Video Analytics Lab",
                   "Thesis on approximate nearest neighbour search"),
            school("Anna University", "BE", "Computer Science", "2010-08", "2014-05",
                   "Chennai"),
        ],
        "publications": True,
    },
    "sofia_garcia": {
        "name": "Sofía García",
        "location": "Madrid, España",
        "email": "sofia.garcia@example.es",
        "experience_heading": "Experiencia profesional",
        "education_heading": "Formación",
        "locale": SPANISH,
        "experience": [
            job("Cabify", "Engineering Manager", "2021-09", "present", "Madrid",
                "Dirijo dos equipos de ocho personas responsables de la facturación",
                "Reduje la rotación del equipo del 30 al 8 por ciento en dos años"),
            job("Cabify", "Tech Lead", "2019-01", "2021-08", "Madrid",
                "Lideré la migración del monolito de Ruby a servicios en Go"),
            job("BBVA", "Desarrolladora de software", "2015-02", "2018-12", "Madrid",
                "Desarrollo de la aplicación móvil de banca en Kotlin"),
        ],
        "education": [
            school("Universidad Politécnica de Madrid", "Grado", "Ingeniería Informática",
                   "2010-09", "2014-07", "Madrid"),
        ],
    },
    "kenji_watanabe": {
        "name": "Kenji Watanabe",
        "location": "Tokyo, Japan",
        "email": "kenji.watanabe@example.jp",
        "experience_heading": "Employment",
        "experience": [
            job("Mercari", "Senior Frontend Engineer", "2020-04", "present", "Tokyo",
                "Rebuilt the listing flow in React and TypeScript, cutting time to list an "
                "item by 40 percent",
                "Set up visual regression tests with Playwright for 300 screens",
                "Led the accessibility audit and fixed 180 WCAG issues"),
            job("LINE Corporation", "Frontend Engineer", "2016-04", "2020-03", "Tokyo",
                "Built the web version of the sticker shop in Vue",
                "Moved the build from webpack 3 to webpack 5 and halved bundle size"),
        ],
        "education": [
            school("Keio University", "BEng", "Information Engineering", "2012-04",
                   "2016-03", "Yokohama"),
        ],
        "skills": [
            {"label": "Frontend", "details": "React, TypeScript, Next.js, Vue, CSS"},
        ],
    },
    "marcus_bell": {
        "name": "Marcus Bell",
        "location": "Austin, TX",
        "email": "marcus.bell@example.com",
        "experience_heading": "experience",
        "experience": [
            job("Indie Consulting", "Independent Consultant", None, None, "Remote",
                "Advised four start-ups on their data platform and hiring plans"),
            job("Dell Technologies", "Senior Data Engineer", None, None, "Round Rock, TX",
                "Built the supply chain data lake on Spark and Delta Lake",
                "Replaced 300 cron jobs with Airflow DAGs"),
            job("HomeAway", "Data Engineer", None, None, "Austin, TX",
                "Wrote the booking events pipeline in Kafka Streams"),
        ],
        "education": [
            school("Texas A&M University", "BS", "Statistics", None, None,
                   "College Station, TX"),
        ],
    },
    "chloe_martin": {
        "name": "Chloé Martin",
        "location": "Lyon, France",
        "email": "chloe.martin@example.fr",
        "experience_heading": "Expérience professionnelle",
        "education_heading": "Formation",
        "locale": FRENCH,
        "experience": [
            job("Doctolib", "Ingénieure sécurité senior", "2022-01", "present", "Paris",
                "Mise en place du programme de bug bounty et traitement de 200 rapports",
                "Durcissement des clusters Kubernetes selon les benchmarks CIS"),
            job("OVHcloud", "Ingénieure sécurité", "2018-09", "2021-12", "Roubaix",
                "Conception du service de gestion des secrets pour 5 000 serveurs"),
        ],
        "education": [
            school("INSA Lyon", "Diplôme d'ingénieur", "Informatique", "2013-09",
                   "2018-06", "Lyon", "Stage de fin d'études chez Thales, six mois"),
        ],
    },
    "david_cohen": {
        "name": "David Cohen",
        "location": "Tel Aviv, Israel",
        "email": "david.cohen@example.co.il",
        "experience_heading": "Career",
        "summary": [
            "Distinguished engineer with twenty years in storage and databases.",
        ],
        "experience": [
            job("Redis", "Distinguished Engineer", "2021-01", "present", "Tel Aviv",
                "Architect of the active-active replication layer used by 8,000 customers",
                "Chair of the internal architecture review board"),
            job("Redis", "Principal Engineer", "2017-03", "2020-12", "Tel Aviv",
                "Designed the CRDT-based conflict resolution for geo-distributed databases"),
            job("Redis", "Senior Engineer", "2014-05", "2017-02", "Tel Aviv",
                "Led the module API that third parties use to extend the server"),
            job("Check Point", "Software Engineer", "2009-01", "2014-04", "Tel Aviv",
                "Wrote packet inspection code in C for the firewall kernel module",
                "Reduced memory per connection by 22 percent"),
            job("Intel", "Software Engineer", "2006-06", "2008-12", "Haifa",
                "Built validation tools for storage controllers"),
            job("Israeli Defense Forces", "Software Developer", "2003-03", "2006-05",
                "Tel Aviv",
                "Developed logistics software in Java"),
        ],
        "education": [
            school("Technion", "BSc", "Computer Science", "2000-10", "2003-02", "Haifa"),
        ],
        "projects": [
            {"name": "Open-source contributions", "start_date": "2010-01",
             "end_date": "present",
             "highlights": ["Committer on the Linux kernel's io_uring subsystem"]},
        ],
    },
    "olivia_nguyen": {
        "name": "Olivia Nguyen",
        "location": "Toronto, ON",
        "email": "olivia.nguyen@example.ca",
        "experience_heading": "experience",
        "experience": [
            job("Shopify", "Senior Mobile Developer", "2019", "2024", "Toronto, ON",
                "Led the iOS checkout rewrite in SwiftUI for the Shop app",
                "Cut cold start time by 45 percent"),
            job("Wattpad", "iOS Developer", "2015", "2018", "Toronto, ON",
                "Built offline reading for 2 million monthly readers"),
        ],
        "education": [
            school("University of Waterloo", "BMath", "Computer Science", "2010", "2015",
                   "Waterloo, ON", "Co-op terms at BlackBerry and Kik"),
        ],
    },
}


def _sections(person: dict[str, Any]) -> dict[str, Any]:
    sections: dict[str, Any] = {}
    if person.get("summary"):
        sections["summary"] = person["summary"]
    sections[person["experience_heading"]] = copy.deepcopy(person["experience"])
    sections[person.get("education_heading", "education")] = copy.deepcopy(person["education"])
    if person.get("projects"):
        sections["projects"] = person["projects"]
    if person.get("publications"):
        sections["publications"] = [
            {"title": "Cheap Retrieval for Low-Resource Languages",
             "authors": [person["name"], "A. Kumar"], "date": "2019-06",
             "journal": "SIGIR"},
        ]
    if person.get("skills"):
        sections[person.get("skills_heading", "skills")] = person["skills"]
    return sections


def _source(person: dict[str, Any], theme: str) -> dict[str, Any]:
    source: dict[str, Any] = {
        "cv": {
            "name": person["name"],
            "location": person["location"],
            "email": person["email"],
            "sections": _sections(person),
        },
        "design": {"theme": theme},
        "rendercv_settings": {"date": "2026-12-01"},
    }
    if person.get("locale"):
        source["locale"] = person["locale"]
    return source


def _truth(key: str, person: dict[str, Any], family: str, how: str) -> dict[str, Any]:
    return {
        "corpus": {
            "split": split_of(key),
            "family": family,
            "person": key,
            "source": how,
            "licence": "CC0-1.0 (written for this corpus)",
        },
        "cv": {
            "name": person["name"],
            "location": person["location"],
            "email": person["email"],
            "sections": {
                "experience": person["experience"],
                "education": person["education"],
            },
        },
    }


def _write_truth(path: Path, truth: dict[str, Any]) -> None:
    head = "# Truth: the person's experience as written for make_cvs.py (RenderCV YAML shape).\n"
    path.write_text(head + yaml.safe_dump(truth, allow_unicode=True, sort_keys=False))


def render_pdf(key: str, person: dict[str, Any], theme: str, work: Path) -> Path:
    source = yaml.safe_dump(_source(person, theme), allow_unicode=True, sort_keys=False)
    typ = work / f"{key}_{theme}.typ"
    rcv.create_a_typst_file_from_a_yaml_string(source, typ)
    # Offline: typst cannot download the fontawesome package, so the icons render empty.
    text = typ.read_text(encoding="utf-8").replace(
        '#import "@preview/fontawesome:0.5.0": fa-icon',
        "#let fa-icon(name, size: 1em) = box(width: 0pt)[]",
    )
    typ.write_text(text, encoding="utf-8")
    return renderer.render_a_pdf_from_typst(typ)


def render_docx(key: str, person: dict[str, Any], work: Path) -> Path:
    source = yaml.safe_dump(_source(person, "classic"), allow_unicode=True, sort_keys=False)
    html = work / f"{key}.html"
    rcv.create_an_html_file_from_a_yaml_string(source, html)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
         str(work), str(html)],
        check=True, capture_output=True, timeout=180,
    )
    return work / f"{key}.docx"


def scan(pdf: Path, out: Path) -> None:
    """An image-only copy of the PDF, as a scanner would give: 150 dpi greyscale pages."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(pdf), f"{tmp}/p"],
                       check=True, timeout=120)
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p*.png"))]
        pages[0].save(out, "PDF", resolution=150, save_all=True, append_images=pages[1:])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for key, person in PEOPLE.items():
            if only and key not in only:
                continue
            for theme in THEMES:
                pdf = render_pdf(key, person, theme, work)
                shutil.copy(pdf, OUT / pdf.name)
                truth = _truth(key, person, f"rendercv-{theme}", f"RenderCV 2.3, theme {theme}")
                _write_truth(OUT / f"{pdf.stem}.yaml", truth)
                if (key, theme) in SCAN:
                    scanned = OUT / f"{key}_{theme}_scanned.pdf"
                    scan(pdf, scanned)
                    _write_truth(OUT / f"{scanned.stem}.yaml",
                                 _truth(key, person, "scanned",
                                        f"RenderCV 2.3 {theme}, rasterised by pdftoppm -r 150"))
            if key in DOCX_PEOPLE:
                docx = render_docx(key, person, work)
                shutil.copy(docx, OUT / f"{key}_libreoffice.docx")
                _write_truth(OUT / f"{key}_libreoffice.yaml",
                             _truth(key, person, "docx-libreoffice",
                                    "RenderCV 2.3 HTML, converted to DOCX by LibreOffice 7.4"))
            print("rendered", key)


if __name__ == "__main__":
    main()
