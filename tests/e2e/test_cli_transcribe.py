"""`loopcoach transcribe` as a user runs it: a separate process, a real data folder, the
real Whisper base model on espeak-ng speech."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach.storage.db import Database
from tests.e2e.test_cli import PASSPHRASE_ENV, run
from tests.speech import ANSWER_FILLERS, ANSWER_SCRIPT, speak_to_wav

KEYS = {
    "text", "wpm", "filler_count", "fillers_per_min", "pauses", "fillers", "seconds",
    "words", "cut", "audio_path",
}  # fmt: skip


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak_to_wav(ANSWER_SCRIPT, tmp_path_factory.mktemp("speech") / "answer.wav")


@pytest.mark.slow
def test_transcribe_json_gives_the_text_and_its_delivery(
    home: Path, answer_wav: Path, whisper_model_path: Path
) -> None:
    done = run("transcribe", str(answer_wav), "--json", "--model", str(whisper_model_path),
               home=home)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == KEYS
    assert "incident commander" in result["text"].casefold()
    assert [f["text"] for f in result["fillers"]] == ANSWER_FILLERS
    assert result["filler_count"] == 4
    assert all(set(f) == {"text", "start"} for f in result["fillers"])
    assert [set(p) for p in result["pauses"]] == [{"start", "seconds"}] * 2
    assert all(p["seconds"] > 1.5 for p in result["pauses"])
    assert 25 < result["seconds"] < 29
    assert result["words"] > 40
    assert 100 < result["wpm"] < 200
    assert result["fillers_per_min"] == pytest.approx(4 / (result["seconds"] / 60), abs=0.01)
    assert result["cut"] == "45 s"
    assert result["audio_path"] == str(answer_wav)
    assert "Transcribing" in done.stderr

    db = Database(home / "loopcoach.sqlite3")
    try:
        rows = db.conn.execute("SELECT context FROM deliveries").fetchall()
    finally:
        db.close()
    assert rows == [("cli",)]


@pytest.mark.slow
def test_transcribe_prints_the_transcript_then_the_delivery(
    home: Path, answer_wav: Path, whisper_model_path: Path
) -> None:
    done = run("transcribe", str(answer_wav), "--model", str(whisper_model_path), home=home)
    assert done.returncode == 0, done.stderr
    assert "incident commander" in done.stdout.casefold()
    assert "words a minute" in done.stdout
    assert '"um" ×2, "uh" ×2' in done.stdout
    assert "Fits the 45 s cut." in done.stdout


@pytest.mark.slow
def test_a_file_that_is_not_audio_exits_2_with_a_plain_message(
    home: Path, tmp_path: Path, whisper_model_path: Path
) -> None:
    bad = tmp_path / "answer.wav"
    bad.write_text("this is not a recording", encoding="utf-8")
    done = run("transcribe", str(bad), "--json", "--model", str(whisper_model_path), home=home)
    assert done.returncode == 2
    assert "This file is not audio Loopcoach can read (answer.wav" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_without_a_speech_model_it_says_how_to_get_one(home: Path, answer_wav: Path) -> None:
    done = run("transcribe", str(answer_wav), home=home)
    assert done.returncode == 2
    assert "No speech model is chosen." in done.stderr
    assert "--model DIR" in done.stderr


def test_a_folder_that_is_not_a_model_exits_2(home: Path, answer_wav: Path, tmp_path: Path) -> None:
    done = run("transcribe", str(answer_wav), "--model", str(tmp_path), home=home)
    assert done.returncode == 2
    assert "not a faster-whisper model folder" in done.stderr


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_130(
    home: Path, tmp_path: Path, whisper_model_path: Path
) -> None:
    long_answer = speak_to_wav([*ANSWER_SCRIPT, *ANSWER_SCRIPT], tmp_path / "long.wav")
    env = {**os.environ, **PASSPHRASE_ENV, "QT_QPA_PLATFORM": "offscreen"}
    env["HOME"] = str(tmp_path / "user-home")
    env.pop("LOOPCOACH_HOME", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "transcribe", str(long_answer), "--json",
         "--model", str(whisper_model_path), "--home", str(home)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # printed as transcription starts
        assert "Transcribing" in first
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Stopped" in err
    assert out == ""
