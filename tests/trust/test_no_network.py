"""Nothing leaves the machine: the whole workflow (tests/trust/workflow.py: ingest,
refresh, stories, prep, drills, dictation, reopen) runs in a child process under a
Python audit hook that refuses and records every attempt to reach a non-loopback
address or to look up a name (tests/trust/net_guard.py). Where strace works, the child
also runs under it, which sees the sockets of native code (llama.cpp, CTranslate2,
chromadb's Rust core, onnxruntime) that no Python hook can.

The child starts as the app does: app.offline.keep_offline() first, with none of its
switches inherited from the test run, and no proxy in the environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.offline import OFFLINE_ENV, keep_offline
from tests.registry_models import REPO
from tests.trust.net_guard import is_loopback_host

CHILD = "tests.trust.offline_child"
CHILD_TIMEOUT_S = 280  # under pytest-timeout's 300 s, so this test says what went on
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY")
# No keyring in the child: the data folder is locked with a passphrase, as on a desktop
# without one (see tests/e2e/test_cli.py).
PASSPHRASE_ENV = {
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "LOOPCOACH_PASSPHRASE": "trust test passphrase",
}
TRACED_CALLS = "connect,sendto,sendmsg,sendmmsg,bind"


def child_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in (*PROXY_VARS, *(v.lower() for v in PROXY_VARS), *OFFLINE_ENV):
        env.pop(name, None)
    for name in ("LOOPCOACH_HOME", "LOOPCOACH_CATALOG", "HF_HOME", "HF_HUB_CACHE"):
        env.pop(name, None)
    user_home = tmp_path / "user-home"  # no cache or config of the machine's user
    user_home.mkdir(exist_ok=True)
    env.update(PASSPHRASE_ENV, QT_QPA_PLATFORM="offscreen", HOME=str(user_home))
    # The models folder (outside the data folder, in the platform's data dir) is put
    # beside it, so the home is left with nothing at all to explain.
    env["LOOPCOACH_MODELS"] = str(tmp_path / "models")
    return env


def strace_prefix(trace: Path) -> list[str]:
    """strace over the child and its threads, for the network calls only, when this
    machine lets us trace (a container may forbid ptrace): else no prefix."""
    strace = shutil.which("strace")
    if strace is None:
        return []
    base = [strace, "-f", "-qq", "--seccomp-bpf", "-e", f"trace={TRACED_CALLS}"]
    probe = subprocess.run(
        [*base, "-o", os.devnull, sys.executable, "-c", "pass"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0:
        return []
    return [*base, "-o", str(trace)]


_FAMILY = re.compile(r"sa_family=(AF_INET6?)")
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


def network_syscalls(trace_text: str) -> list[str]:
    """The traced calls that reach another machine: an INET address that is not
    loopback (binding to the wildcard address counts: it listens on the network), or a
    DNS query to a resolver on loopback (systemd-resolved's 127.0.0.53)."""
    found = []
    for line in trace_text.splitlines():
        if not _FAMILY.search(line):
            continue
        address = _ADDRESS.search(line)
        host = (address.group(1) or address.group(2)) if address else ""
        port = _PORT.search(line)
        if not is_loopback_host(host) or (port and port.group(1) == "53"):
            found.append(line.strip())
    return found


def run_child(
    args: list[str], tmp_path: Path, *, trace: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], bool]:
    """The child (under strace when `trace` is given and strace works), in its own
    process group, so a child that outlives its time is ended with everything it started
    (strace, killed, would leave the traced Python running)."""
    prefix = strace_prefix(trace) if trace is not None else []
    command = [*prefix, sys.executable, "-m", CHILD, *args]
    with subprocess.Popen(
        command,
        cwd=REPO,
        env=child_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            stdout, stderr = child.communicate()
            pytest.fail(f"the child ran past {CHILD_TIMEOUT_S} s:\n{stdout}\n{stderr[-4000:]}")
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr), bool(prefix)


# ---- the pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        (b"127.0.0.1", True),
        ("example.org", False),
        ("10.255.255.53", False),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        (None, False),
        ("localhost.example.org", False),
    ],
)
def test_what_counts_as_loopback(host: Any, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_keep_offline_sets_every_switch_even_over_the_shells_own() -> None:
    env = {"ANONYMIZED_TELEMETRY": "True", "HF_HUB_OFFLINE": "", "DO_NOT_TRACK": "1"}
    overridden = keep_offline(env)
    assert overridden == {"ANONYMIZED_TELEMETRY": "True"}  # reported, not obeyed
    assert {name: env[name] for name in OFFLINE_ENV} == OFFLINE_ENV
    assert keep_offline(env) == {}  # idempotent


def test_the_strace_reading_flags_only_other_machines() -> None:
    trace = "\n".join(
        [
            '7 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.215.14")}, 16) = -1',  # noqa: E501
            '7 connect(4, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0',  # noqa: E501
            '7 connect(5, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',  # noqa: E501
            '7 connect(6, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',  # noqa: E501
            '7 connect(7, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 110) = 0',
            '7 bind(8, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, 16) = 0',  # noqa: E501
            "7 bind(9, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0",
        ]
    )
    flagged = network_syscalls(trace)
    assert [line.split("(")[1].split(",")[0] for line in flagged] == ["3", "4", "8"]


def test_the_guard_catches_deliberate_attempts_and_lets_loopback_through(
    tmp_path: Path,
) -> None:
    """The same hook the workflow runs under, proven on attempts made on purpose. The
    hook fires before anything is sent, so no network needs to exist."""
    report_path = tmp_path / "probe.json"
    done, _ = run_child(["probe", str(report_path)], tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    verdicts = {probe["name"]: probe["refused"] for probe in report["probes"]}
    assert verdicts == {
        "create_connection example.org": 1,
        "getaddrinfo example.org": 1,
        "gethostbyname example.org": 1,
        "connect 93.184.215.14": 1,
        "udp sendto 8.8.8.8": 1,
        "urlopen http://example.org": 1,
        "bind 0.0.0.0": 1,
        "swallowed getaddrinfo": 1,  # caught and ignored by the caller: still recorded
        "connect 127.0.0.1": 0,
        "getaddrinfo localhost": 0,
        "connect ::1": 0,
        "unix socketpair": 0,
    }, report["probes"]
    errors = {probe["name"]: probe["error"] for probe in report["probes"]}
    assert "NetworkAttempt" in errors["create_connection example.org"]
    assert errors["connect 127.0.0.1"] == ""  # really connected to the local server
    attempts = report["guard"]["attempts"]
    assert len(attempts) == 8
    assert all(attempt["stack"] for attempt in attempts)  # who tried, for the report
    assert report["guard"]["loopback"] >= 3


@pytest.mark.slow
def test_the_whole_workflow_reaches_no_other_machine(
    tmp_path: Path, embedding_model: Path, chat_model_path: Path, whisper_model_path: Path
) -> None:
    report_path, trace = tmp_path / "report.json", tmp_path / "strace.txt"
    args = ["workflow", str(report_path), str(tmp_path / "home"), str(tmp_path / "outside")]
    args += [str(embedding_model), str(chat_model_path), str(whisper_model_path)]
    done, traced = run_child(args, tmp_path, trace=trace)
    print(done.stdout)  # the workflow's steps and timings, shown with -s
    assert report_path.is_file(), f"the child wrote no report:\n{done.stderr[-4000:]}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    guard = report["guard"]
    attempts = "\n\n".join(
        f"{a['event']} -> {a['target']}\n  " + "\n  ".join(a["stack"]) for a in guard["attempts"]
    )
    assert report["error"] is None, report["error"]
    assert guard["attempts"] == [], f"network attempts:\n{attempts}"
    assert done.returncode == 0, done.stderr[-4000:]
    # The app's own switch set every one of them (the child inherited none).
    assert report["offline_env"] == OFFLINE_ENV and report["overridden"] == {}
    assert "chromadb" in report["modules"] and "llama_cpp" in report["modules"]
    # A program started by the workflow would escape the hook.
    assert guard["processes"] == [], guard["processes"]
    # Nothing was written to the user's home either (onnxruntime's telemetry would
    # leave a device id and an event cache in ~/.cache/Microsoft without its switch).
    written = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "user-home").rglob("*"))
    assert written == [], written
    if traced:
        native = network_syscalls(trace.read_text(encoding="utf-8", errors="replace"))
        assert native == [], "native code reached for the network:\n" + "\n".join(native)
    else:
        print("strace is not usable here: native sockets were not watched")
    print(json.dumps({k: report[k] for k in ("summary", "modules")}, indent=1))
