"""`loopcoach models ...`: the model manager on the command line.

Long work (download, verify, check) shows progress on stderr and stops cleanly on
Ctrl+C: a download keeps its partial file and resumes when run again.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from models.describe import download_text, fitness_text, format_size
from models.manager import LocalModel, ModelManager
from models.transfer import DownloadCancelled, DownloadProgress


def add_parser(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    models = sub.add_parser("models", help="list, find, download, test and choose local models")
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text)
        home_option(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(handler=run_models)
        return parser

    action("list", "the catalog and the models on this computer")
    action("discover", "find GGUF models of other apps and folders").add_argument(
        "dir", nargs="?", type=Path, help="also search this folder"
    )
    action("add", "register a model file or folder where it is").add_argument("path", type=Path)
    action("download", "download a catalog model (resumes)").add_argument("name")
    action("verify", "check an installed catalog model against its sha256").add_argument("name")
    check = action("check", "test a model's speed and reliability on this computer")
    check.add_argument("name")
    check.add_argument("--requests", type=int, default=5, help="structured requests to try")
    use = action("use", "make a model the active one of its kind (a local or a server model)")
    use.add_argument("name")
    use.add_argument("--kind", choices=("chat", "embedding", "speech"))
    _add_remote_parser(actions, home_option)


def _add_remote_parser(
    actions: Any, home_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    remote = actions.add_parser(
        "remote", help="models on a server: llama.cpp server, Ollama, LM Studio, vLLM"
    )
    steps = remote.add_subparsers(dest="remote_action", metavar="STEP", required=True)

    def step(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = steps.add_parser(name, help=help_text)
        home_option(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(handler=run_models, action="remote")
        return parser

    add = step("add", "add (or change) a server model; checks the address and the model list")
    add.add_argument("name", help="a short name for it, used by `models use`")
    add.add_argument("url", help="the server's address, e.g. http://192.168.1.20:8080/v1")
    add.add_argument("--model", default="", help="which of the server's models (see `probe`)")
    add.add_argument("--kind", choices=("chat", "embedding"), default="chat")
    add.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    add.add_argument(
        "--api-key-from-keyring",
        action="store_true",
        help=f"ask for the server's API key (or read {API_KEY_ENV}) and keep it in the OS "
        "keyring, or sealed with the data key where there is none",
    )
    add.add_argument(
        "--allow-public-address",
        action="store_true",
        help="allow a server outside this computer and your network: your CV and answers "
        "leave this computer",
    )
    probe = step("probe", "list the models a server offers and where it runs")
    probe.add_argument("url")
    probe.add_argument("--allow-public-address", action="store_true")
    step("list", "the server models added")
    step("remove", "forget a server model and its API key").add_argument("name")


API_KEY_ENV = "LOOPCOACH_SERVER_API_KEY"


def run_models(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        return _ACTIONS[args.action](services.models, args)
    finally:
        services.close()


# ---- actions ------------------------------------------------------------------------


def _list(manager: ModelManager, args: argparse.Namespace) -> int:
    catalog = [
        {
            "id": entry.id,
            "name": entry.name,
            "kind": entry.kind,
            "size_bytes": entry.size_bytes,
            "min_ram_gb": entry.min_ram_gb,
            "licence": entry.licence,
            "status": manager.status(entry),
        }
        for entry in manager.catalog
    ]
    installed = manager.installed()
    servers = manager.remote.all()
    if args.json:
        print(
            json.dumps(
                {
                    "catalog": catalog,
                    "installed": [_model_json(m) for m in installed],
                    "servers": [_remote_json(m) for m in servers],
                }
            )
        )
        return 0
    print("Recommended models:")
    for row in catalog:
        size = format_size(row["size_bytes"])
        print(
            f"  {row['id']:<32} {row['kind']:<9} {size:>8}  needs {row['min_ram_gb']:g} GB RAM"
            f"  {row['status']}"
        )
    print("\nOn this computer:" if installed else "\nNothing installed yet.")
    for model in installed:
        print(_model_line(model))
    if servers:
        print("\nOn a server (see `loopcoach models remote list`):")
    for server in servers:
        mark = "*" if server.active else " "
        print(f" {mark} {server.kind:<9} {server.name}: {server.model}, {server.place}")
    return 0


def _discover(manager: ModelManager, args: argparse.Namespace) -> int:
    extra = [args.dir] if args.dir else []
    if args.dir and not args.dir.is_dir():
        print(f"loopcoach: {args.dir} is not a folder.", file=sys.stderr)
        return 2
    found = manager.discover(extra)
    if args.json:
        print(json.dumps([_model_json(m) for m in found]))
    elif not found:
        print(
            "No GGUF models found in LM Studio, Ollama, GPT4All, the Hugging Face cache"
            " or your model folders."
        )
    else:
        for model in found:
            print(_model_line(model))
    return 0


def _add(manager: ModelManager, args: argparse.Namespace) -> int:
    model = manager.add(args.path)
    _print(args, _model_json(model), f"Added {model.name} ({model.kind}) at {model.path}")
    return 0


def _download(manager: ModelManager, args: argparse.Namespace) -> int:
    entry = manager.entry(args.name)
    with _cancellable() as stopped, _Progress(f"Downloading {entry.name}") as progress:
        try:
            model = manager.download(entry.id, on_progress=progress.download, should_stop=stopped)
        except DownloadCancelled:
            progress.close()
            print("Download paused; run the same command to resume.", file=sys.stderr)
            return 130
    _print(args, _model_json(model), f"Installed {model.name} at {model.path}")
    return 0


def _verify(manager: ModelManager, args: argparse.Namespace) -> int:
    with _cancellable() as stopped, _Progress("Verifying") as progress:
        try:
            message = manager.verify(args.name, on_progress=progress.download, should_stop=stopped)
        except DownloadCancelled:
            return 130
    _print(args, {"name": args.name, "verified": True}, message)
    return 0


def _check(manager: ModelManager, args: argparse.Namespace) -> int:
    check = manager.remote.check if manager.remote.get(args.name) else manager.check
    with _cancellable() as stopped, _Progress("Testing") as progress:
        result = check(
            args.name, report=progress.steps, should_stop=stopped, requests=args.requests
        )
    if stopped():
        print("Test cancelled.", file=sys.stderr)
        return 130
    _print(args, asdict(result), fitness_text(result) + f"\n{result.verdict}")
    return 0


def _use(manager: ModelManager, args: argparse.Namespace) -> int:
    remote = manager.remote.get(args.name)
    if remote is not None and args.kind in (None, remote.kind):
        remote = manager.remote.use(args.name)
        _print(
            args,
            _remote_json(remote),
            f"Active {remote.kind} model: {remote.name} ({remote.model} at {remote.base_url}, "
            f"{remote.place})",
        )
        return 0
    model = manager.use(args.name, args.kind)
    _print(args, _model_json(model), f"Active {model.kind} model: {model.name}")
    return 0


def _remote(manager: ModelManager, args: argparse.Namespace) -> int:
    remote = manager.remote
    if args.remote_action == "add":
        api_key = _read_api_key(args.name) if args.api_key_from_keyring else ""
        model = remote.add(
            args.name,
            args.url,
            model=args.model,
            kind=args.kind,
            timeout_seconds=args.timeout,
            allow_public=args.allow_public_address,
            api_key=api_key,
        )
        _print(
            args,
            _remote_json(model),
            f"Added {model.name}: {model.model} at {model.base_url}, {model.place}.\n"
            f"Choose it with: loopcoach models use {model.name}",
        )
    elif args.remote_action == "probe":
        names, place = remote.server_models(args.url, allow_public=args.allow_public_address)
        _print(
            args,
            {"models": names, "place": place},
            f"The server runs {place}. It offers:\n" + "\n".join(f"  {n}" for n in names),
        )
    elif args.remote_action == "list":
        models = remote.all()
        if args.json:
            print(json.dumps([_remote_json(m) for m in models]))
        elif not models:
            print("No server models. Add one: loopcoach models remote add NAME URL")
        for model in [] if args.json else models:
            mark = "*" if model.active else " "
            print(f" {mark} {model.kind:<9} {model.name}: {model.model} at {model.base_url}")
            print(f"      {model.place}" + (" (API key kept)" if model.key_store else ""))
            if model.fitness:
                print(f"      tested: {fitness_text(model.fitness)}")
    else:
        remote.remove(args.name)
        _print(args, {"removed": args.name}, f"Removed {args.name} and its API key.")
    return 0


def _read_api_key(name: str) -> str:
    import os  # noqa: PLC0415

    key = os.environ.get(API_KEY_ENV, "")
    if not key and sys.stdin.isatty():
        import getpass  # noqa: PLC0415

        key = getpass.getpass(f"API key for {name} (not shown): ")
    if not key.strip():
        from coach.errors import UserError  # noqa: PLC0415

        raise UserError("No API key was given.", hint=f"Type it when asked, or set {API_KEY_ENV}.")
    return key.strip()


def _remote_json(model: Any) -> dict[str, Any]:
    data = asdict(model)
    data.pop("sealed_key", None)
    return data


_ACTIONS: dict[str, Callable[[ModelManager, argparse.Namespace], int]] = {
    "list": _list,
    "discover": _discover,
    "add": _add,
    "download": _download,
    "verify": _verify,
    "check": _check,
    "use": _use,
    "remote": _remote,
}


# ---- output -------------------------------------------------------------------------


def _print(args: argparse.Namespace, payload: Any, text: str) -> None:
    print(json.dumps(payload) if args.json else text)


def _model_json(model: LocalModel) -> dict[str, Any]:
    data = asdict(model)
    data["path"] = str(model.path)
    data["usable"] = model.usable
    return data


def _model_line(model: LocalModel) -> str:
    mark = "*" if model.active else " "
    size = format_size(model.size_bytes) if model.size_bytes else ""
    line = f" {mark} {model.kind:<9} {model.name} {model.quantization} {size} [{model.source}]"
    line += f"\n      {model.path}"
    if model.problem:
        line += f"\n      cannot be used: {model.problem}"
    if model.fitness:
        line += f"\n      tested: {fitness_text(model.fitness)}"
    return line


class _Progress:
    """One status line on stderr, redrawn at most a few times a second."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._tty = sys.stderr.isatty()
        self._last = 0.0
        self._open = False

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _show(self, text: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < (0.2 if self._tty else 5.0):
            return
        self._last = now
        if self._tty:
            sys.stderr.write(f"\r\x1b[K{self.title}: {text}")
        else:
            sys.stderr.write(f"{self.title}: {text}\n")
        sys.stderr.flush()
        self._open = self._tty

    def download(self, progress: DownloadProgress) -> None:
        self._show(download_text(progress), force=progress.done_bytes == progress.total_bytes)

    def steps(self, done: int, total: int, text: str) -> None:
        self._show(f"{text} ({done}/{total})", force=True)

    def close(self) -> None:
        if self._open:
            sys.stderr.write("\n")
            self._open = False


@contextmanager
def _cancellable() -> Iterator[Callable[[], bool]]:
    """Ctrl+C sets a flag the work polls, so it stops cleanly instead of mid-write."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop.is_set
        return
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        yield stop.is_set
    finally:
        signal.signal(signal.SIGINT, previous)
