"""`loopcoach ingest | docs | roles | search | forget`: the library on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.tasks import Cancelled, TaskContext


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        home_option(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")
        return parser

    ingest = command("ingest", "add CVs, job postings or notes to the library")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--kind", choices=("cv", "posting", "note"), required=True)
    ingest.add_argument("--company", default="", help="the company a posting or note is about")
    ingest.add_argument("--password", help="password of an encrypted PDF")
    ingest.set_defaults(handler=_ingest)

    docs = command("docs", "list the documents in the library")
    docs.set_defaults(handler=_docs)

    roles = command("roles", "the roles found in your CV")
    roles.set_defaults(handler=_roles)

    search = command("search", "find evidence in the library")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=8, help="how many results (default 8)")
    search.set_defaults(handler=_search)

    forget = command("forget", "delete a document everywhere")
    forget.add_argument("document_id", type=int, metavar="DOC_ID")
    forget.set_defaults(handler=_forget)


def _with_library(args: argparse.Namespace, *, embed: bool, work: Callable[..., int]) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    embedder = None
    note = ""
    try:
        if embed:
            embedder, note = services.load_embedder()
        library = services.open_library(embedder=embedder)
        return work(library, note)
    finally:
        if embedder is not None:
            embedder.close()
        services.close()


def _ingest(args: argparse.Namespace) -> int:
    def work(library: Any, note: str) -> int:
        results: list[dict[str, Any]] = []
        failed = 0
        ctx = TaskContext()
        for path in args.paths:
            try:
                result = library.ingest_file(
                    path, args.kind, company=args.company, password=args.password, ctx=ctx
                )
            except UserError as exc:
                failed += 1
                results.append({"path": str(path), "error": str(exc)})
                print(f"loopcoach: {path.name}: {exc}", file=sys.stderr)
                continue
            except (Cancelled, KeyboardInterrupt):
                print("Stopped; nothing of the unfinished file was kept.", file=sys.stderr)
                return 130
            results.append({"path": str(path), "id": result.document_id, **asdict(result)})
            if not args.json:
                verb = "Added" if result.created else "Already in the library:"
                print(
                    f"{verb} #{result.document_id} {result.title} ({result.kind}, "
                    f"{result.chunks} passages, {result.roles} roles)"
                )
                for warning in result.warnings:
                    print(f"  note: {warning}")
        if note and not args.json:
            print(note, file=sys.stderr)
        if args.json:
            print(json.dumps(results))
        return 1 if failed else 0

    return _with_library(args, embed=True, work=work)


def _docs(args: argparse.Namespace) -> int:
    def work(library: Any, _note: str) -> int:
        documents = library.documents()
        if args.json:
            print(json.dumps([asdict(d) for d in documents]))
        elif not documents:
            print("The library is empty. Add your CV: loopcoach ingest CV.pdf --kind cv")
        for d in documents if not args.json else ():
            pages = f", {d.pages} pages" if d.pages else ""
            company = f" [{d.company}]" if d.company else ""
            print(
                f"#{d.id:<4} {d.kind:<8} {d.title}{company} ({d.source_format}{pages}, "
                f"{d.chunks} passages)"
            )
        return 0

    return _with_library(args, embed=False, work=work)


def _roles(args: argparse.Namespace) -> int:
    def work(library: Any, _note: str) -> int:
        roles = library.roles()
        if args.json:
            print(json.dumps([_role_json(r) for r in roles]))
            return 0
        if not roles:
            print("No roles yet: add your CV with loopcoach ingest CV.pdf --kind cv")
        for role in roles:
            print(f"#{role.id} {role.title} — {role.company} ({_when(role)})")
            for bullet in role.bullets:
                print(f"    • {bullet}")
        return 0

    return _with_library(args, embed=False, work=work)


def _search(args: argparse.Namespace) -> int:
    def work(library: Any, _note: str) -> int:
        result = library.search(args.query, k=args.k)
        titles = {d.id: d.title for d in library.documents()}
        if args.json:
            print(
                json.dumps(
                    {
                        "mode": result.mode,
                        "note": result.note,
                        "hits": [
                            {
                                "chunk_id": h.chunk.id,
                                "document_id": h.chunk.document_id,
                                "document": titles.get(h.chunk.document_id, ""),
                                "kind": h.chunk.kind,
                                "section": h.chunk.section,
                                "page": h.chunk.page,
                                "text": h.chunk.text,
                                "score": round(h.score, 5),
                                "keyword_rank": h.keyword_rank,
                                "vector_rank": h.vector_rank,
                            }
                            for h in result.hits
                        ],
                    }
                )
            )
            return 0
        print(result.note, file=sys.stderr)
        if not result.hits:
            print("Nothing found.")
        for rank, hit in enumerate(result.hits, start=1):
            where = titles.get(hit.chunk.document_id, "?")
            section = f", {hit.chunk.section}" if hit.chunk.section else ""
            print(f"{rank:>2}. {hit.chunk.text}\n    — {where}{section}")
        return 0

    return _with_library(args, embed=True, work=work)


def _forget(args: argparse.Namespace) -> int:
    def work(library: Any, _note: str) -> int:
        if not library.forget(args.document_id):
            raise UserError(f"There is no document #{args.document_id}.")
        print(f"Deleted document #{args.document_id} and everything made from it.")
        return 0

    return _with_library(args, embed=True, work=work)


def _ym(value: tuple[int, int | None] | None) -> str | None:
    if value is None:
        return None
    year, month = value
    return f"{year}-{month:02d}" if month else str(year)


def _when(role: Any) -> str:
    return f"{_ym(role.start) or '?'} – {'present' if role.current else _ym(role.end) or '?'}"


def _role_json(role: Any) -> dict[str, Any]:
    return {
        "id": role.id,
        "document_id": role.document_id,
        "company": role.company,
        "title": role.title,
        "location": role.location,
        "start": _ym(role.start),
        "end": "present" if role.current else _ym(role.end),
        "current": role.current,
        "edited": role.edited,
        "bullets": list(role.bullets),
    }
