"""`loopcoach drill`, `drills` and `scenarios` as a user runs them: a separate process,
a real data folder, the rule path and the real llama.cpp engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import PASSPHRASE_ENV, run

REWARDS = ("framing", "diagnosis", "taste", "verification", "communication")
ANSWERS = [
    "What changed in the config for this release? I'd want to know before touching it.",
    "The most likely cause is the connection pool, because the log shows pool waits while "
    "the database is healthy. The latency is the symptom. I'd verify with pool wait metrics "
    "per endpoint, then roll back the config behind a canary.",
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def profiled(home: Path) -> Path:
    assert run("profile", "--level", "Staff", "--track", "Backend", home=home).returncode == 0
    return home


def _answers(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "answers.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_drill_on_the_rule_path(profiled: Path, tmp_path: Path) -> None:
    done = run(
        "drill", "--scenario", "diag-checkout-p99", "--answers", str(_answers(tmp_path, ANSWERS)),
        "--no-model", "--json", home=profiled,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "scored" and report["level"] == "staff"
    assert report["scenario"]["id"] == "diag-checkout-p99"
    speakers = [(t["speaker"], t["source"]) for t in report["turns"]]
    assert speakers == [
        ("interviewer", "scenario"),
        ("candidate", "typed"),
        ("fact", "pool-config"),
        ("interviewer", "probe"),
        ("candidate", "typed"),
        ("interviewer", "probe"),
    ]
    assert [t["text"] for t in report["turns"] if t["speaker"] == "candidate"] == ANSWERS
    assert all(t["aim"] for t in report["turns"] if t["source"] == "probe")
    assert [f["id"] for f in report["revealed"]] == ["pool-config"]
    assert report["scorer"] == "rules"
    assert tuple(report["scores"]) == REWARDS
    for score in report["scores"].values():
        assert 1 <= score["score"] <= 4 and score["spread"] == 0 and not score["uncertain"]
        assert score["rationale"]
        for quote in score["evidence"]:
            assert any(quote in answer for answer in ANSWERS)
    assert len(report["score_runs"]) == 1

    text = run(
        "drill", "--round", "diagnosis", "--answers", str(_answers(tmp_path, ANSWERS[:1])),
        "--no-model", home=profiled,
    )  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert "Interviewer (probe):" in text.stdout and "Scores (rules):" in text.stdout

    history = run("drills", "--json", home=profiled)
    assert history.returncode == 0, history.stderr
    listed = json.loads(history.stdout)
    assert [d["drill"] for d in listed["drills"]] == [2, 1]  # newest first
    first = listed["drills"][1]
    assert first["scores"] == {k: v["score"] for k, v in report["scores"].items()}
    assert first["answers"] == 2 and first["revealed"] == 1
    assert all(len(points) == 2 for points in listed["progress"].values())
    suggestion = listed["suggestion"]
    assert suggestion["reward"] in report["scores"] and suggestion["reason"]
    assert suggestion["scenario_id"] != "diag-checkout-p99"
    plain = run("drills", home=profiled)
    assert plain.returncode == 0 and "Next:" in plain.stdout


def test_scenarios_lists_the_bank_without_giving_anything_away(home: Path) -> None:
    done = run("scenarios", "--round", "diagnosis", "--json", home=home)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert listed and all(s["round"] == "diagnosis" for s in listed)
    assert "diag-checkout-p99" in {s["id"] for s in listed}
    assert not any("hidden_facts" in s or "flaw" in s for s in listed)
    assert all(s["generated"] is False for s in listed)
    text = run("scenarios", "--track", "Data/ML", home=home)
    assert text.returncode == 0 and "diag-feature-skew" in text.stdout


def test_bad_input_gives_a_clear_error(home: Path, tmp_path: Path) -> None:
    no_profile = run("drill", "--round", "screen", "--no-model", home=home)
    assert no_profile.returncode == 2 and "No target level" in no_profile.stderr
    assert "Traceback" not in no_profile.stderr
    assert run("profile", "--level", "Senior", "--track", "SRE", home=home).returncode == 0

    unknown = run("drill", "--scenario", "no-such-thing", "--no-model", home=home)
    assert unknown.returncode == 2 and "no scenario 'no-such-thing'" in unknown.stderr

    empty = run(
        "drill", "--round", "screen", "--answers", str(_answers(tmp_path, [""])), "--no-model",
        home=home,
    )  # fmt: skip
    assert empty.returncode == 2 and "No answer" in empty.stderr
    assert "Traceback" not in empty.stderr
    assert json.loads(run("drills", "--json", home=home).stdout)["drills"] == []  # not kept

    bad_round = run("drill", "--round", "lunch", home=home)
    assert bad_round.returncode == 2 and "invalid choice" in bad_round.stderr

    missing = run("drill", "--round", "screen", "--answers", str(tmp_path / "nope.txt"),
                  "--no-model", home=home)  # fmt: skip
    assert missing.returncode == 2 and "cannot be read" in missing.stderr


def test_drills_without_a_profile_still_lists_history(home: Path) -> None:
    done = run("drills", "--json", home=home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "drills": [],
        "progress": {r: [] for r in REWARDS},
        "suggestion": None,
    }


@pytest.mark.slow
def test_a_drill_on_the_real_engine(profiled: Path, tmp_path: Path, chat_model_path: Path) -> None:
    """Gemma 3 270M is a base model: its words are not coaching, but the mechanics run: a
    model follow-up (or a probe saying why not) and two model scorings combined."""
    assert run("models", "add", str(chat_model_path), home=profiled).returncode == 0
    assert run("models", "use", str(chat_model_path), home=profiled).returncode == 0
    done = run(
        "drill", "--scenario", "diag-checkout-p99", "--answers",
        str(_answers(tmp_path, ANSWERS[:1])), "--k", "2", "--json",
        home=profiled, timeout=280,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    follow_up = report["turns"][-1]
    assert follow_up["speaker"] == "interviewer"
    assert follow_up["source"] == "model" or "model" in follow_up["note"]
    if report["scorer"] == "rules":  # both scorings failed: said plainly
        assert "could not score" in report["score_note"]
        return
    assert report["scorer"] != "rules"
    assert 1 <= len(report["score_runs"]) <= 2
    for reward, score in report["scores"].items():
        values = [run_[reward] for run_ in report["score_runs"]]
        assert score["spread"] == max(values) - min(values)
        for quote in score["evidence"]:
            assert quote in ANSWERS[0]


def test_with_no_round_the_drill_is_the_suggested_one(profiled: Path, tmp_path: Path) -> None:
    done = run(
        "drill", "--answers", str(_answers(tmp_path, ANSWERS[:1])), "--no-model", "--json",
        home=profiled,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["scenario"]["round"] == "screen"  # no history yet: the experience screen
    assert "backend" in report["scenario"]["tracks"] and report["track"] == "backend"


def test_answers_can_be_piped_in(profiled: Path) -> None:
    env = {**os.environ, **PASSPHRASE_ENV, "HOME": str(profiled.parent / "user-home")}
    env.pop("LOOPCOACH_HOME", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "drill", "--scenario", "diag-checkout-p99", "--no-model",
         "--json", "--home", str(profiled)],
        input=f"{ANSWERS[0]}\n{ANSWERS[1]}",  # the end of input ends the drill
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [t["text"] for t in report["turns"] if t["speaker"] == "candidate"] == ANSWERS
