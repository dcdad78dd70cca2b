"""Library throughput and search latency.

1. A two-page CV and 50 postings through the whole path (read, parse, chunk, embed,
   store in SQLite and chromadb), against the raw embedder alone on the same chunks,
   in the same run. Target: at least 0.9x.
2. Search over 10,000 chunks (BM25 + vectors, fused), p95 latency. Target: under 50 ms.
   The 10,000 vectors are the real embeddings of 500 distinct passages, each stored 20
   times with a little noise, so the index has the size and spread of a real one
   without four minutes of embedding.

The last line printed is the figure.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from app.offline import OFFLINE_ENV

os.environ.update(OFFLINE_ENV)  # as the app does first: no library's telemetry

from _models import embedding_model

from coach.library.chunking import Chunk
from coach.library.service import Library
from coach.library.store import NewDocument
from coach.storage.db import Database
from coach.storage.vectors import ChunkVectors, delete_chunks_everywhere, open_vector_store
from models.embedder import Embedder

ROLES = [
    ("Staff SRE", "Acme Corp", "Mar 2019 – Present"),
    ("Senior Software Engineer", "Globex", "Jan 2014 – Feb 2019"),
    ("Software Engineer", "Initech", "Jun 2010 – Dec 2013"),
    ("Junior Developer", "Hooli", "Sep 2008 – May 2010"),
]
VERBS = ["Led", "Designed", "Cut", "Built", "Owned", "Mentored", "Migrated", "Automated"]
THINGS = [
    "the deploy pipeline",
    "incident reviews",
    "the AWS bill",
    "p99 latency",
    "on-call load",
    "the billing service",
    "schema migrations",
    "capacity planning",
]


def two_page_cv() -> str:
    lines = [
        "# Dana Example",
        "",
        "## Summary",
        "Staff SRE with 16 years of experience.",
        "",
        "## Experience",
        "",
    ]
    rng = random.Random(1)
    for title, company, dates in ROLES:
        lines.append(f"### {title} — {company} ({dates})")
        for _ in range(9):
            lines.append(
                f"- {rng.choice(VERBS)} {rng.choice(THINGS)} across {rng.randint(2, 12)} teams, "
                f"improving it by {rng.randint(10, 60)}% over {rng.randint(1, 4)} quarters."
            )
        lines.append("")
    lines += ["## Skills", "- Kubernetes, Terraform, Go, Python, PostgreSQL"]
    return "\n".join(lines)


def posting(n: int) -> str:
    rng = random.Random(n)
    must = "\n".join(f"- {rng.randint(5, 12)}+ years with {rng.choice(THINGS)}" for _ in range(8))
    nice = "\n".join(f"- Experience with {rng.choice(THINGS)}" for _ in range(4))
    return (
        f"# Staff Engineer {n}\n\nCompany: Company {n}\n\n## About the role\nYou will own "
        f"{rng.choice(THINGS)} for team {n}.\n\n## Requirements\n{must}\n\n"
        f"## Nice to have\n{nice}\n"
    )


def open_library(folder: Path, name: str, embedder: Embedder) -> tuple[Library, Database]:
    db = Database(folder / f"{name}.sqlite3")
    client = open_vector_store(folder / f"{name}-vectors")
    library = Library(
        db,
        embedder=embedder,
        open_vectors=lambda m: ChunkVectors(client, m.name, m.dimensions),
        purge_vectors=lambda ids: delete_chunks_everywhere(client, ids),
    )
    return library, db


def throughput(embedder: Embedder, folder: Path) -> tuple[float, float, int]:
    library, db = open_library(folder, "throughput", embedder)
    library.ingest_text("warm-up note", "note")
    texts = [(two_page_cv(), "cv")] + [(posting(n), "posting") for n in range(50)]
    started = time.perf_counter()
    for text, kind in texts:
        library.ingest_text(text, kind)
    app_seconds = time.perf_counter() - started
    chunks = [c.text for c in library.store.chunks() if c.text != "warm-up note"]
    started = time.perf_counter()
    for start in range(0, len(chunks), 64):
        embedder.embed(chunks[start : start + 64])
    raw_seconds = time.perf_counter() - started
    db.close()
    return len(chunks) / app_seconds, len(chunks) / raw_seconds, len(chunks)


def search_latency(embedder: Embedder, folder: Path) -> tuple[float, float]:
    library, db = open_library(folder, "search", embedder)
    rng = random.Random(7)
    distinct = [
        f"{rng.choice(VERBS)} {rng.choice(THINGS)} for {rng.randint(2, 40)} teams, saving "
        f"{rng.randint(5, 90)}% in {rng.randint(1, 8)} quarters (item {i})"
        for i in range(500)
    ]
    base = embedder.embed(distinct)
    for doc in range(20):
        chunks = [Chunk(f"{text} [copy {doc}]", "bullet", "experience") for text in distinct]
        document_id, ids = library.store.insert(
            NewDocument(
                kind="note",
                content_hash=f"{doc:064d}",
                source_format="text",
                raw_text="bench",
                chunks=chunks,
            )
        )
        noisy = [[x + rng.gauss(0, 0.01) for x in vector] for vector in base]
        library.vectors.add(ids, noisy, [document_id] * len(ids), ["bullet"] * len(ids))
        library.store.mark_ready(document_id)
    # Steady state: chromadb compacts a freshly filled index in the background for a while,
    # which a long-running library has long finished.
    for _ in range(20):
        library.search(f"warm up {rng.choice(THINGS)}")
    queries = [f"{rng.choice(THINGS)} {rng.choice(VERBS).lower()} teams" for _ in range(100)]
    times = []
    for query in queries:
        started = time.perf_counter()
        library.search(query, k=10)
        times.append(time.perf_counter() - started)
    db.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    embedder = Embedder(embedding_model(), n_threads=2)
    with tempfile.TemporaryDirectory() as tmp:
        app_rate, raw_rate, count = throughput(embedder, Path(tmp))
        median, p95 = search_latency(embedder, Path(tmp))
    print(f"ingest: {count} chunks from a two-page CV and 50 postings")
    print(f"  whole path {app_rate:.1f} chunks/s; raw embedder alone {raw_rate:.1f} chunks/s")
    print(f"search over 10,000 chunks: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(
        f"ingest: {app_rate / raw_rate:.2f}x the raw embedder (target >= 0.9x); "
        f"search p95 {p95 * 1000:.1f} ms over 10,000 chunks (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
