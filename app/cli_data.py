"""Your data as a whole: `loopcoach key`, `loopcoach backup`, `loopcoach wipe`.

Passphrases come from the environment when set (LOOPCOACH_PASSPHRASE for the data
folder, LOOPCOACH_BACKUP_PASSPHRASE for an archive), else from a prompt that does not
echo; they are never taken as arguments, which other users can read in `ps`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.data_keys import (
    PASSPHRASE_ENV,
    KeyKeeper,
    SystemKeyring,
    read_new_passphrase,
    terminal_prompt,
)
from app.paths import DataPaths, resolve_home
from coach.errors import UserError
from coach.storage.keyfile import KEYRING

BACKUP_PASSPHRASE_ENV = "LOOPCOACH_BACKUP_PASSPHRASE"
CONFIRM_WORD = "DELETE"


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    key = sub.add_parser("key", help="where the data key is kept; rotate it")
    home_option(key)
    key.add_argument(
        "action",
        nargs="?",
        choices=("status", "rotate", "passphrase"),
        default="status",
        help="status (default); rotate: re-seal everything under a new key; "
        "passphrase: change the passphrase (folders without a keyring)",
    )
    key.add_argument("--json", action="store_true", help="print JSON")
    key.set_defaults(handler=_key)

    backup = sub.add_parser("backup", help="export everything to a sealed archive, or import")
    home_option(backup)
    backup.add_argument("action", choices=("export", "import"))
    backup.add_argument("archive", type=Path, metavar="FILE")
    backup.set_defaults(handler=_backup)

    # No abbreviations: --forget-passphrase must be typed in full.
    wipe = sub.add_parser(
        "wipe", help="delete every file and key of the data folder", allow_abbrev=False
    )
    home_option(wipe)
    wipe.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    wipe.add_argument(
        "--keep-models", action="store_true", help="keep downloaded models (public files)"
    )
    wipe.add_argument(
        "--forget-passphrase",
        action="store_true",
        help="wipe without proving the key (it is lost): the data can never be opened again",
    )
    wipe.set_defaults(handler=_wipe)


def _key(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        keys = services.keys.load()
        assert keys is not None
        if args.action == "rotate":
            passphrase = None
            if keys.current.place != KEYRING:
                passphrase = _passphrase(PASSPHRASE_ENV, "Passphrase of this data folder: ")
            old = services.data_key.key_id
            services.rotate_key(passphrase)
            print(f"Every stored value is now sealed under a new key ({old} → "
                  f"{services.data_key.key_id}); the old key is deleted.")  # fmt: skip
            return 0
        if args.action == "passphrase":
            if keys.current.place == KEYRING:
                raise UserError("This folder's key is in the system keyring; it has no passphrase.")
            new = _new_passphrase(None, "New passphrase: ")
            services.keys.change_passphrase(services.data_key, new)
            print("The passphrase is changed.")
            return 0
        status = {
            "folder": str(services.paths.root),
            "kept_in": keys.current.place,
            "key_id": keys.current.key_id,
            "cipher": "AES-256-GCM",
        }
        if args.json:
            print(json.dumps(status))
        else:
            where = (
                "the system keyring"
                if keys.current.place == KEYRING
                else "this folder, wrapped under your passphrase (scrypt)"
            )
            print(f"Data in {status['folder']} is sealed with AES-256-GCM.")
            print(f"Its key ({status['key_id']}) is kept in {where}.")
        return 0
    finally:
        services.close()


def _backup(args: argparse.Namespace) -> int:
    from app.backup import import_backup  # noqa: PLC0415
    from app.services import build_services  # noqa: PLC0415

    if args.action == "import":
        passphrase = _passphrase(BACKUP_PASSPHRASE_ENV, "Passphrase of the backup: ")
        paths = DataPaths(resolve_home(args.home))
        manifest = import_backup(
            args.archive,
            passphrase,
            paths,
            lambda p: KeyKeeper(p.key_file, SystemKeyring(), terminal_prompt),
        )
        services = build_services(args.home)  # opens and checks what was restored
        try:
            documents = services.db.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            print(
                f"Restored the backup of {manifest.get('created_at')} into {paths.root}: "
                f"{documents} documents, {manifest.get('recordings', 0)} recordings."
            )
            print(_reindexed(services))
        finally:
            services.close()
        return 0
    services = build_services(args.home)
    try:
        passphrase = _new_passphrase(BACKUP_PASSPHRASE_ENV, "Passphrase for the backup: ")
        report = services.export_backup(args.archive.expanduser().resolve(), passphrase)
    finally:
        services.close()
    print(f"Saved {report.path} ({report.bytes / 1e6:.1f} MB, {report.files} files), sealed "
          "under its passphrase. Without the passphrase it cannot be opened.")  # fmt: skip
    return 0


def _reindexed(services: Any) -> str:
    """Vectors are not archived: rebuild them now if an embedding model is chosen."""
    from coach.library.reindex import index_missing  # noqa: PLC0415

    embedder, why_not = services.load_embedder()
    if embedder is None:
        return f"{why_not} Search indexes the library when an embedding model is loaded."
    try:
        count = index_missing(services.open_library(embedder=embedder))
    finally:
        embedder.close()
    return f"Indexed {count} passages for search with {embedder.name}."


def _wipe(args: argparse.Namespace) -> int:
    from app.wipe import looks_like_a_data_folder, prove_key, wipe  # noqa: PLC0415

    paths = DataPaths(resolve_home(args.home))
    if not paths.root.exists() or not looks_like_a_data_folder(paths):
        print(f"There is no Loopcoach data in {paths.root}; nothing to delete.")
        return 0
    keeper = KeyKeeper(paths.key_file, SystemKeyring(), terminal_prompt)
    if not args.forget_passphrase:
        prove_key(paths, keeper)  # a wrong passphrase stops here, before anything is deleted
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("Nothing was deleted.", hint="Pass --yes to wipe without a prompt.")
        answer = input(
            f"This deletes your CV, answers, stories, drills, recordings and keys in "
            f"{paths.root}. They cannot be recovered.\nType {CONFIRM_WORD} to go on: "
        )
        if answer.strip() != CONFIRM_WORD:
            print("Nothing was deleted.")
            return 1
    report = wipe(paths, keeper, keep_models=args.keep_models)
    print(f"Deleted the keys and {len(report.removed) - 1} items in {paths.root}.")
    if report.left:
        print("Left alone (not Loopcoach's):")
        for path in report.left:
            print(f"  {path}")
    return 0


def _passphrase(env: str, prompt: str) -> str:
    given = os.environ.get(env)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError("A passphrase is needed.", hint=f"Set {env}, or run this in a terminal.")
    return getpass.getpass(prompt)


def _new_passphrase(env: str | None, prompt: str) -> str:
    given = os.environ.get(env) if env else None
    if given is not None:
        return given
    if not sys.stdin.isatty():
        hint = f"Set {env}, or run this in a terminal." if env else "Run this in a terminal."
        raise UserError("A new passphrase is needed.", hint=hint)
    return read_new_passphrase(prompt)
