"""Child process for test_private_files.py: under umask 022, the way a shell leaves it,
it opens a data folder and makes every kind of file Loopcoach keeps there, then prints
each path's mode while the database is open (WAL and SHM present) and after closing.

Usage: python -m tests.trust.private_child HOME OUTSIDE EMBEDDING_MODEL
"""

from __future__ import annotations

import os

os.umask(0o022)  # first: whatever the parent's umask was, this is a typical shell's

import json  # noqa: E402
import stat  # noqa: E402
import sys  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402

from app.offline import keep_offline  # noqa: E402


def modes(root: Path) -> dict[str, str]:
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in sorted(root.rglob("*")):
        found[path.relative_to(root).as_posix() + ("/" if path.is_dir() else "")] = oct(
            stat.S_IMODE(path.lstat().st_mode)
        )
    return found


def silence(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes(3200))
    return path


def main() -> None:
    keep_offline()
    home, outside, model = (Path(arg) for arg in sys.argv[1:4])
    from app.logs import setup_logging, stop_logging
    from app.services import build_services

    services = build_services(home)
    setup_logging(services.paths.logs)
    import logging

    logging.getLogger("loopcoach").info("a line in the log")
    services.models.add(model)
    services.models.use(str(model))
    embedder, why = services.load_embedder()
    assert embedder is not None, why
    library = services.open_library(embedder=embedder)
    library.ingest_text(
        "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n"
        "- Cut cloud spend by 31% across four teams\n",
        "cv",
    )
    assert library.vectors is not None and library.vectors.count() > 0
    dictation = services.dictation()
    silence(dictation.new_recording_path())  # as the recorder writes one
    dictation.import_audio(silence(outside / "answer.wav"))
    report = services.export_backup(outside / "me.lcbackup", "backup passphrase 1")
    open_modes = modes(home)
    embedder.close()
    services.close()
    stop_logging()
    print(
        json.dumps(
            {
                "open": open_modes,
                "closed": modes(home),
                "archive": oct(stat.S_IMODE(report.path.stat().st_mode)),
            }
        )
    )


if __name__ == "__main__":
    main()
