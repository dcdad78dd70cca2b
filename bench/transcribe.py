"""Speech-to-text speed: the app's transcriber (WhisperTranscriber, then the delivery
metrics) against raw faster-whisper on the same ~60 s of espeak-ng speech, same model
(Whisper base, int8) and 2 threads, alternating runs in one process.

References: raw `WhisperModel.transcribe` with its defaults (no word timings, no VAD,
language detection), and with the app's options on the whole file in one call. The
real-time factor is processing time over audio length (lower is faster). Target on the
2-core machines: the app at most 0.20 (5x faster than real time), and keeps the planted
fillers. The last line printed is the figure.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.offline import OFFLINE_ENV

os.environ.update(OFFLINE_ENV)  # as the app does first: no library's telemetry

from _models import whisper_model
from faster_whisper import WhisperModel

from coach.delivery.metrics import measure
from coach.protocols import TranscriptWord
from models.transcriber import BEAM_SIZE, FILLER_PROMPT, WhisperTranscriber
from tests.speech import ANSWER_SCRIPT, Pause, speak_to_wav

ROUNDS = 3
THREADS = 2
SCRIPT = (
    *ANSWER_SCRIPT,
    Pause(1.5),
    "My next step was, um, to set up a weekly review with every team lead.",
    Pause(1.0),
    "We measured the on call load, and it dropped by half within a quarter.",
    Pause(2.0),
    "I mentored two engineers who, uh, now run that service on their own.",
    Pause(1.0),
    "Looking back, I would have involved the finance team much sooner,",
    "because, um, they owned the budget for the new hardware.",
    Pause(1.5),
    "Uh, the last thing I changed was the release checklist for every service.",
)
PLANTED = 8  # um and uh in SCRIPT
SOUNDS = re.compile(r"\b(u+h*m+|u+h+|e+r+m*|h+m+)\b", re.IGNORECASE)


def timed(run: Callable[[], str]) -> tuple[float, str]:
    started = time.perf_counter()
    text = run()
    return time.perf_counter() - started, text


def main() -> None:
    folder = whisper_model()
    with tempfile.TemporaryDirectory() as tmp:
        audio = speak_to_wav(SCRIPT, Path(tmp) / "answer.wav")
        raw = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=THREADS)
        engine = WhisperTranscriber(folder, n_threads=THREADS)
        length = engine.duration(audio)

        def raw_defaults() -> str:
            segments, _ = raw.transcribe(str(audio))
            return " ".join(s.text.strip() for s in segments)

        def raw_same_options() -> str:
            segments, _ = raw.transcribe(
                str(audio), language="en", beam_size=BEAM_SIZE, word_timestamps=True,
                vad_filter=True, condition_on_previous_text=False, hotwords=FILLER_PROMPT,
            )  # fmt: skip
            return " ".join(s.text.strip() for s in segments)

        def app() -> str:
            segments = list(engine.transcribe(audio))
            words = [TranscriptWord(w.start, w.end, w.text) for s in segments for w in s.words]
            measure(words)
            return " ".join(s.text for s in segments)

        runs = {"raw defaults": raw_defaults, "raw, same options": raw_same_options, "app": app}
        for run in runs.values():  # warm-up: first calls load kernels and the VAD model
            run()
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        texts: dict[str, str] = {}
        for _ in range(ROUNDS):
            for name, run in runs.items():
                took, texts[name] = timed(run)
                seconds[name].append(took)

    print(f"model: {folder.name} (int8), {THREADS} threads, {length:.1f} s of espeak-ng speech")
    median = {name: statistics.median(values) for name, values in seconds.items()}
    for name, took in median.items():
        kept = len(SOUNDS.findall(texts[name]))
        print(
            f"{name:<19} {took:6.2f} s  real-time factor {took / length:.3f}  "
            f"fillers kept {kept}/{PLANTED}"
        )
    print(f"app vs raw defaults: {median['raw defaults'] / median['app']:.2f}x the speed")
    same = median["raw, same options"] / median["app"]
    print(f"app vs raw with the app's options on the whole file: {same:.2f}x the speed")
    rtf = median["app"] / length
    print(f"real-time factor: {rtf:.2f} ({1 / rtf:.1f}x faster than real time)")


if __name__ == "__main__":
    main()
