"""Recording from the default microphone into a WAV file, with a level for a meter.

Qt Multimedia's `QAudioSource` reads the microphone (16 kHz mono 16-bit when the device
offers it, which is what speech recognition wants; otherwise the device's own format).
Each chunk goes straight into the WAV file, whose header is rewritten and the file
flushed after every chunk: a crash or a kill leaves a playable file of what was said.

Qt Multimedia is imported only when the candidate first records. It needs the system's
audio client library (PulseAudio's libpulse on Linux); without it, or without a
microphone, the recorder says so plainly and the rest of the window carries on.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sys
import wave
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from PySide6.QtCore import QObject, QTimer, QtMsgType, Signal, qInstallMessageHandler

log = logging.getLogger(__name__)

NO_MICROPHONE = "No microphone was found. You can type, or import an audio file."
NO_AUDIO_LIBRARY = (
    "Recording is not available: Qt's audio support could not load ({reason}). On Linux, "
    "install the PulseAudio client library (libpulse0). You can type, or import an audio file."
)
SPEECH_RATE = 16000  # what the speech model works at
LEVEL_FLOOR_DB = -60.0  # the meter's zero; 0 dBFS is full scale
POLL_MS = 100  # how often the device's data and state are looked at besides readyRead

# Qt sample formats, by name (the enum lives in QtMultimedia, imported late).
_WIDTHS = {"UInt8": 1, "Int16": 2, "Int32": 4, "Float": 2}  # Float is written as 16-bit


# ---- Qt Multimedia, loaded on first use ---------------------------------------------------


@contextlib.contextmanager
def _qt_messages_to_log() -> Iterator[None]:
    """Route Qt's messages to the log for a moment: loading Qt Multimedia probes for
    optional libraries (PipeWire, VA-API) and the sound server, and warns about each one
    it does not find, which says nothing to the candidate."""

    def to_log(kind: QtMsgType, _context: object, message: str) -> None:
        level = logging.INFO if kind == QtMsgType.QtCriticalMsg else logging.DEBUG
        log.log(level, "qt multimedia: %s", message)

    previous = qInstallMessageHandler(to_log)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


_multimedia: Any = None
_multimedia_problem: str | None = None


def multimedia() -> tuple[Any, str]:
    """The PySide6.QtMultimedia module, or (None, why recording cannot work here)."""
    global _multimedia, _multimedia_problem  # noqa: PLW0603  (loaded once per process)
    if _multimedia is None and _multimedia_problem is None:
        with _qt_messages_to_log():
            try:
                from PySide6 import QtMultimedia  # noqa: PLC0415  (loads the sound backend)

                QtMultimedia.QMediaDevices.audioInputs()  # the backend's first probe
            except ImportError as exc:
                log.info("Qt Multimedia is not available: %s", exc)
                _multimedia_problem = NO_AUDIO_LIBRARY.format(reason=exc)
            else:
                _multimedia = QtMultimedia
    return _multimedia, _multimedia_problem or ""


def microphone_problem() -> str:
    """Why recording cannot start now ("" when a microphone is there)."""
    module, problem = multimedia()
    if module is None:
        return problem
    with _qt_messages_to_log():
        inputs = module.QMediaDevices.audioInputs()
    return "" if inputs else NO_MICROPHONE


# ---- the WAV file ---------------------------------------------------------------------------


def _level(samples: array) -> float:
    """0..1: the chunk's RMS on a 60 dB scale (0 dBFS is 1)."""
    if not samples:
        return 0.0
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0
    if rms <= 0:
        return 0.0
    return max(0.0, min(1.0, 1.0 - (20.0 * math.log10(rms)) / LEVEL_FLOOR_DB))


class WavSink:
    """A WAV file written as audio arrives. `sample_format` is the Qt sample format's name
    ("Int16", "UInt8", "Int32" or "Float"; float samples are written as 16-bit)."""

    def __init__(self, path: Path, *, rate: int, channels: int, sample_format: str) -> None:
        if sample_format not in _WIDTHS:
            raise ValueError(f"unsupported sample format {sample_format!r}")
        self.path = path
        self.rate = rate
        self.channels = channels
        self._format = sample_format
        self._frame_bytes = channels * (4 if sample_format == "Float" else _WIDTHS[sample_format])
        self._rest = b""
        self.frames = 0
        self._file: BinaryIO = path.open("wb")
        self._wav = wave.open(self._file, "wb")  # noqa: SIM115  (closed in close())
        self._wav.setnchannels(channels)
        self._wav.setsampwidth(_WIDTHS[sample_format])
        self._wav.setframerate(rate)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0

    def write(self, data: bytes) -> float:
        """Append `data` (raw samples in the device's format); returns its level, 0..1."""
        data = self._rest + data
        whole = len(data) - len(data) % self._frame_bytes
        data, self._rest = data[:whole], data[whole:]
        if not data:
            return 0.0
        samples, out = self._convert(data)
        # writeframes rewrites the header's sizes after each chunk; flushing puts the
        # chunk on disk, so what was said survives a crash.
        self._wav.writeframes(out)
        self._file.flush()
        self.frames += whole // self._frame_bytes
        return _level(samples)

    def _convert(self, data: bytes) -> tuple[array, bytes]:
        """The samples as 16-bit values for the meter, and the bytes for the file."""
        if self._format == "Int16":
            samples = array("h", data)
            if sys.byteorder == "big":  # WAV is little-endian
                swapped = array("h", samples)
                swapped.byteswap()
                return samples, swapped.tobytes()
            return samples, data
        if self._format == "UInt8":  # WAV's 8-bit samples are unsigned too
            return array("h", ((b - 128) << 8 for b in data)), data
        if self._format == "Int32":
            wide = array("i", data)
            return array("h", (s >> 16 for s in wide)), data
        floats = array("f", data)
        samples = array("h", (int(max(-1.0, min(1.0, x)) * 32767) for x in floats))
        return samples, samples.tobytes()

    def close(self) -> int:
        """Finish the file; returns how many frames it holds."""
        try:
            self._wav.close()
        finally:
            self._file.close()
        return self.frames


# ---- the recorder ---------------------------------------------------------------------------


class _CannotRecord(Exception):
    """Why recording cannot start, in words for the candidate."""


class Recorder(QObject):
    """Records the default microphone into a WAV file: `start(path)`, then `stop()`.

    `level_changed` gives the input level (0..1) for a meter as chunks arrive; `failed`
    says in plain words why recording cannot start or has stopped."""

    level_changed = Signal(float)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: Any = None
        self._io: Any = None
        self._sink: WavSink | None = None
        self.device_name = ""
        self._device_id = b""
        self._devices: Any = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)

    @property
    def recording(self) -> bool:
        return self._sink is not None

    def seconds(self) -> float:
        return self._sink.seconds if self._sink is not None else 0.0

    def start(self, path: Path) -> bool:
        """Start recording into `path`; False (after `failed`) when it cannot."""
        if self.recording:
            return True
        try:
            self._open(path)
        except _CannotRecord as why:
            self.failed.emit(str(why))
            return False
        return True

    def _open(self, path: Path) -> None:
        problem = microphone_problem()
        if problem:
            raise _CannotRecord(problem)
        module, _ = multimedia()
        with _qt_messages_to_log():
            device = module.QMediaDevices.defaultAudioInput()
            if device.isNull():
                raise _CannotRecord(NO_MICROPHONE)
            audio_format = _choose_format(module, device)
            name = audio_format.sampleFormat().name
            if name not in _WIDTHS:
                raise _CannotRecord(
                    f"The microphone ({device.description()}) offers no sample format "
                    "Loopcoach can record. You can type, or import an audio file."
                )
            try:
                sink = WavSink(
                    path,
                    rate=audio_format.sampleRate(),
                    channels=audio_format.channelCount(),
                    sample_format=name,
                )
            except OSError as exc:
                raise _CannotRecord(
                    f"The recording could not be written to {path}: {exc}."
                ) from exc
            source = module.QAudioSource(device, audio_format, self)
            io = source.start()
        if io is None:
            sink.close()
            path.unlink(missing_ok=True)
            source.deleteLater()
            raise _CannotRecord(
                f"The microphone ({device.description()}) could not be opened. It may be in "
                "use by another program. You can type, or import an audio file."
            )
        self._source, self._io, self._sink = source, io, sink
        self.device_name = device.description()
        self._device_id = bytes(device.id().data())
        io.readyRead.connect(self._read)
        self._poll.start()
        if self._devices is None:  # tells when a microphone is plugged in or out
            self._devices = module.QMediaDevices(self)
            self._devices.audioInputsChanged.connect(self._inputs_changed)
        log.info(
            "recording from %s at %d Hz, %d channel(s), %s into %s",
            self.device_name,
            audio_format.sampleRate(),
            audio_format.channelCount(),
            name,
            path,
        )

    def stop(self) -> Path | None:
        """Stop and close the file; its path, or None when nothing was recorded."""
        sink = self._sink
        if sink is None:
            return None
        self._poll.stop()
        self._read()
        source, self._source, self._io, self._sink = self._source, None, None, None
        if source is not None:
            source.stop()
            source.deleteLater()
        frames = sink.close()
        self.level_changed.emit(0.0)
        if frames == 0:
            sink.path.unlink(missing_ok=True)
            return None
        log.info("recorded %.1f s into %s", frames / sink.rate, sink.path)
        return sink.path

    def _read(self) -> None:
        if self._io is None or self._sink is None:
            return
        data = bytes(self._io.readAll().data())
        if not data:
            return
        try:
            level = self._sink.write(data)
        except OSError as exc:  # the disk filled up, say
            log.warning("the recording could not be written: %s", exc)
            self.failed.emit(f"The recording could not be written: {exc}.")
            return
        self.level_changed.emit(level)

    def _inputs_changed(self) -> None:
        if self._source is None:
            return
        module, _ = multimedia()
        with _qt_messages_to_log():
            present = {bytes(d.id().data()) for d in module.QMediaDevices.audioInputs()}
        if self._device_id not in present:
            log.warning("the microphone %s went away while recording", self.device_name)
            self._stopped()

    def _stopped(self) -> None:
        self._poll.stop()
        self.failed.emit(
            "The microphone stopped (it may have been unplugged). What was recorded is kept."
        )

    def _check(self) -> None:
        """Read what has come in, and notice a device that stopped. (Polled: PySide cannot
        hand QAudio.State to a Python slot, so stateChanged is of no use here.)"""
        source = self._source
        if source is None:
            return
        self._read()
        error = source.error()
        if error.name == "NoError":
            return
        log.warning("the microphone stopped: %s", error.name)
        self._stopped()


def _choose_format(module: Any, device: Any) -> Any:
    """16 kHz mono 16-bit if the device has it; else its preferred rate and channels in
    16-bit; else its preferred format as it is."""
    sample = module.QAudioFormat.SampleFormat
    wanted = module.QAudioFormat()
    wanted.setSampleRate(SPEECH_RATE)
    wanted.setChannelCount(1)
    wanted.setSampleFormat(sample.Int16)
    if device.isFormatSupported(wanted):
        return wanted
    preferred = device.preferredFormat()
    as16 = module.QAudioFormat(preferred)
    as16.setSampleFormat(sample.Int16)
    if device.isFormatSupported(as16):
        return as16
    return preferred
