"""`loopcoach transcribe FILE`: a recording to text, with its delivery (pace, fillers,
pauses, which story cut it fits). The file is transcribed where it is; the delivery is
kept in the data folder's history.

Progress goes to stderr; Ctrl+C stops between segments and exits 130, saving nothing.
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
from pathlib import Path
from typing import Any

from coach.delivery.records import Dictation
from coach.errors import UserError
from coach.tasks import Cancelled, CancelToken, Progress, TaskContext


def add_parsers(sub: Any, home_option: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = sub.add_parser(
        "transcribe", help="transcribe a recording and measure its pace, fillers and pauses"
    )
    home_option(parser)
    parser.add_argument("file", type=Path, help="WAV, MP3, M4A, OGG, FLAC or WEBM")
    parser.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="a faster-whisper model folder (default: the active speech model)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=_transcribe)


def _transcribe(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    engine: Any = None
    token = CancelToken()
    try:
        with _ctrl_c(token):
            engine = _engine(services, args.model)
            path = args.file.expanduser().absolute()
            status = _Status()
            say = None if args.json else status.print_above
            ctx = TaskContext(token, on_progress=status.show)
            try:
                dictation = services.dictation(lambda: engine).transcribe(
                    path, ctx, context="cli", on_text=say
                )
            finally:
                status.close()
        if args.json:
            print(json.dumps(dictation_json(dictation), ensure_ascii=False, indent=2))
        else:
            print()
            for line in delivery_lines(dictation):
                print(line)
        return 0
    except (Cancelled, KeyboardInterrupt):
        print("\nStopped; nothing was saved.", file=sys.stderr)
        return 130
    finally:
        if engine is not None:
            engine.close()
        services.close()


def _engine(services: Any, folder: Path | None) -> Any:
    if folder is not None:
        from models.transcriber import WhisperTranscriber  # noqa: PLC0415  (CTranslate2)

        return WhisperTranscriber(folder.expanduser(), n_threads=services.settings.threads or None)
    engine, why = services.load_transcriber()
    if engine is None:
        if services.models.active("speech") is None:
            why = "No speech model is chosen."
        raise UserError(
            why,
            hint="Get one with `loopcoach models download faster-whisper-base.en` and "
            "`loopcoach models use faster-whisper-base.en`, or pass --model DIR.",
        )
    return engine


@contextmanager
def _ctrl_c(token: CancelToken) -> Iterator[None]:
    """The first Ctrl+C asks the work to stop between segments; a second one interrupts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_: object) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Status:
    """One progress line on stderr (a line every few seconds when not a terminal)."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0
        self._open = False

    def show(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last < (0.2 if self._tty else 5.0):
            return
        self._last = now
        total = f" / {progress.total:.0f} s" if progress.total else " s"
        text = f"{progress.text} {progress.done:.0f}{total}"
        if self._tty:
            sys.stderr.write(f"\r\x1b[K{text}")
            self._open = True
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def print_above(self, text: str) -> None:
        """A transcript line on stdout, with the status line out of its way."""
        self.close()
        print(text, flush=True)
        self._last = 0.0  # redraw the status line with the next progress

    def close(self) -> None:
        if self._open:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._open = False


def dictation_json(dictation: Dictation) -> dict[str, Any]:
    delivery = dictation.delivery
    return {
        "text": dictation.text,
        "seconds": delivery.seconds,
        "words": delivery.words,
        "wpm": delivery.wpm,
        "filler_count": delivery.filler_count,
        "fillers_per_min": round(delivery.fillers_per_min, 2),
        "fillers": [{"text": f.text, "start": round(f.start, 2)} for f in delivery.fillers],
        "pauses": [{"start": round(p.start, 2), "seconds": p.seconds} for p in delivery.pauses],
        "cut": delivery.cut,
        "audio_path": str(dictation.audio_path),
    }


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def delivery_lines(dictation: Dictation) -> list[str]:
    d = dictation.delivery
    lines = [
        f"{d.words} words in {d.seconds:.0f} s: {d.wpm:.0f} words a minute "
        "(130 to 160 is easy to follow)",
        f"Fits the {d.cut} cut." if d.cut != "over 3 min" else "Longer than the 3 min cut.",
    ]
    if d.fillers:
        counts: dict[str, int] = {}
        for hit in d.fillers:
            counts[hit.text] = counts.get(hit.text, 0) + 1
        kinds = ", ".join(f'"{text}" ×{n}' for text, n in counts.items())
        lines.append(f"{d.filler_count} fillers, {d.fillers_per_min:.1f} a minute: {kinds}")
    else:
        lines.append("No filler words.")
    if d.pauses:
        spots = ", ".join(f"{p.seconds:.1f} s at {_clock(p.start)}" for p in d.pauses)
        lines.append(f"Long pauses: {spots}")
    return lines
