"""What encryption at rest costs: the same library work with and without sealing.

1. Add a CV and 200 postings (keyword library: read, parse, chunk, store), then read
   every passage back (as search does when it builds its index), once into a database
   with the plain codec and once sealed with AES-256-GCM, in the same run. The ratio
   is sealed / plain time; target: at most 1.10x.
2. Rotating the key of that sealed database (every value re-sealed in one transaction,
   then VACUUM), against copying the same database file, as a reference for a full
   rewrite of the file. Reported, no target.

The last line printed is the figure.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from coach.library.service import Library
from coach.storage.codec import PlainCodec, SealedCodec, TextCodec
from coach.storage.db import Database
from coach.storage.sealing import reseal, scrub

POSTINGS = 200
ROUNDS = 3


def posting(n: int) -> str:
    return "\n".join(
        [
            f"# Staff Engineer {n}, Platform",
            "## Requirements",
            *(f"- {years + n % 5}+ years of {topic}" for years, topic in enumerate(
                ["distributed systems", "Kubernetes", "incident response", "Go or Rust",
                 "capacity planning", "on-call leadership"], start=3)),
            "## Nice to have",
            "- Experience with chromadb or other vector stores",
            "## About us",
            f"We run {n} services for millions of users across three regions.",
        ]
    )  # fmt: skip


CV = "\n".join(
    ["# Dana Example", "## Experience", "### Staff SRE, Acme Corp, Mar 2019 – Present"]
    + [f"- Cut p99 latency by {i}% across {i * 3} services" for i in range(10, 40)]
)


def library_work(folder: Path, codec: TextCodec) -> float:
    db = Database(folder / "db.sqlite3", codec=codec)
    start = time.perf_counter()
    library = Library(db)
    library.ingest_text(CV, "cv")
    for n in range(POSTINGS):
        library.ingest_text(posting(n), "posting")
    passages = library.store.chunks()
    elapsed = time.perf_counter() - start
    assert len(passages) > POSTINGS * 6
    db.close()
    return elapsed


def main() -> None:
    plain, sealed = [], []
    for _ in range(ROUNDS):
        for codec, times in ((PlainCodec(), plain), (SealedCodec(os.urandom(32)), sealed)):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(library_work(Path(tmp), codec))
    p, s = statistics.median(plain), statistics.median(sealed)
    print(f"library work, plain codec:  {p:.2f} s (median of {ROUNDS})")
    print(f"library work, sealed codec: {s:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        key = SealedCodec(os.urandom(32))
        library_work(folder, key)
        db = Database(folder / "db.sqlite3", codec=key)
        start = time.perf_counter()
        written = reseal(db, old=key, new=SealedCodec(os.urandom(32)), key_id="bench")
        scrub(db)
        rotation = time.perf_counter() - start
        db.close()
        start = time.perf_counter()
        shutil.copyfile(folder / "db.sqlite3", folder / "copy.sqlite3")
        copy = time.perf_counter() - start
        size = (folder / "db.sqlite3").stat().st_size / 1e6
    ratio = rotation / max(copy, 1e-6)
    print(f"key rotation: {written} values, {size:.1f} MB, {rotation:.2f} s "
          f"({ratio:.0f}x a plain copy of the file, {copy * 1000:.0f} ms)")  # fmt: skip
    print(f"sealed / plain library work: {s / p:.2f}x (target ≤ 1.10x)")


if __name__ == "__main__":
    main()
