"""faster-whisper: the Silero VAD model (assets/silero_vad_v6.onnx) is package data,
read from faster_whisper.__file__ when a transcription filters silence."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("faster_whisper") + copy_metadata("faster-whisper")
