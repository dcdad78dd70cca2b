# ruff: noqa: PLC0415  (imports run only when the self-check is asked for)
"""PyInstaller runtime hook: the frozen app's self-check, for the packaging smoke test.

Does nothing unless LOOPCOACH_FROZEN_SELFCHECK is set (to anything but "" or "0"). Then,
instead of starting the app, the built executable checks that what the app needs at run
time, but the smoke test's CLI steps do not reach, made it into the bundle and works
there: keyring and its backends (found through entry points), cryptography, faster-whisper's
VAD model on onnxruntime, CTranslate2, PyAV, QtCharts and QtMultimedia with their
plugins, bm25s and PyStemmer, reportlab's fonts, the app's resources; and that no
module was imported from outside the bundle. It prints one JSON object and exits 0 when
every check passed, 1 otherwise.

Custom runtime hooks run before PyInstaller's own (PySide6's sets QT_PLUGIN_PATH,
pkgutil's lets pkgutil see frozen modules), so the check waits for the main script's
first import of the `app` package, which comes after all of them.

Modules are imported by names held in variables (importlib.import_module), so this hook
adds nothing to the bundle: a check passes only if the app's own analysis or the spec's
hidden imports brought the module in.
"""


def _loopcoach_selfcheck_install() -> None:
    import os
    import sys

    if os.environ.get("LOOPCOACH_FROZEN_SELFCHECK", "") in ("", "0"):
        return

    class _Trigger:
        def find_spec(self, name, path=None, target=None):
            if name == "app":
                sys.meta_path.remove(self)
                sys.exit(_loopcoach_selfcheck_run())

    sys.meta_path.insert(0, _Trigger())


def _loopcoach_selfcheck_run() -> int:  # noqa: PLR0915
    import importlib
    import io
    import json
    import math
    import os
    import struct
    import sys
    import traceback
    import wave
    from pathlib import Path

    bundle = Path(sys._MEIPASS).resolve()  # type: ignore[attr-defined]
    imp = importlib.import_module
    results: dict[str, dict[str, object]] = {}

    def check(name):
        def run(fn):
            try:
                detail = fn()
                results[name] = {"ok": True, "detail": detail}
            except Exception as exc:
                results[name] = {
                    "ok": False,
                    "detail": f"{type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(limit=6),
                }
            return fn

        return run

    @check("imports")
    def _imports():
        names = [
            "chromadb", "chromadb_rust_bindings", "llama_cpp", "gguf", "pypdf", "docx", "bs4",
            "charset_normalizer", "httpx", "psutil", "platformdirs", "numpy", "tokenizers",
            "reportlab", "PySide6.QtWidgets",
        ]  # fmt: skip
        for name in names:
            imp(name)
        return f"{len(names)} modules"

    @check("resources")
    def _resources():
        files = imp("importlib.resources").files
        package = imp("resources")
        # A regular package, as in the source tree: a namespace package (no __init__ in the
        # bundle) gets a MultiplexedPath, whose joinpath takes one name on Python 3.11.
        assert getattr(package, "__file__", None), "resources is a namespace package here"
        root = files("resources")
        json.loads(root.joinpath("drills", "rubric.json").read_text("utf-8"))
        seen = 0

        def walk(node):
            nonlocal seen
            for child in node.iterdir():
                if child.is_dir():
                    walk(child)
                elif child.name.endswith(".json"):
                    json.loads(child.read_text("utf-8"))
                    seen += 1
                elif child.name.endswith(".qss"):
                    assert child.read_text("utf-8").strip(), f"{child.name} is empty"
                    seen += 1

        walk(root)
        assert seen, "no JSON or QSS resources found"
        catalog = json.loads(files("models").joinpath("catalog.json").read_text("utf-8"))
        assert catalog, "models/catalog.json is empty"
        return f"{seen} resource files parsed, catalog has {len(catalog)} top-level entries"

    @check("keyring")
    def _keyring():
        metadata = imp("importlib.metadata")
        points = sorted(ep.name for ep in metadata.entry_points(group="keyring.backends"))
        assert points, "no keyring.backends entry points (keyring's metadata is missing)"
        keyring = imp("keyring")
        backend = imp("keyring.backend")
        errors = imp("keyring.errors")
        classes = sorted(type(k).__module__ + "." + type(k).__name__ for k in
                         backend.get_all_keyring())  # fmt: skip
        current = keyring.get_keyring()
        current_name = type(current).__module__ + "." + type(current).__name__
        wanted = os.environ.get("PYTHON_KEYRING_BACKEND")
        if wanted:
            assert current_name == wanted, f"backend {current_name}, wanted {wanted}"
        if current_name == "keyring.backends.fail.Keyring":
            try:
                keyring.get_password("loopcoach-selfcheck", "key")
            except errors.NoKeyringError:
                pass  # what the app's passphrase fallback relies on
            else:
                raise AssertionError("the fail backend did not raise NoKeyringError")
        return {"entry_points": points, "viable_backends": classes, "active": current_name}

    @check("cryptography")
    def _cryptography():
        fernet = imp("cryptography.fernet")
        aead = imp("cryptography.hazmat.primitives.ciphers.aead")
        scrypt = imp("cryptography.hazmat.primitives.kdf.scrypt")
        pbkdf2 = imp("cryptography.hazmat.primitives.kdf.pbkdf2")
        hashes = imp("cryptography.hazmat.primitives.hashes")
        openssl = imp("cryptography.hazmat.backends.openssl").backend
        passphrase = os.environ.get("LOOPCOACH_PASSPHRASE", "selfcheck").encode()
        salt = b"loopcoach-selfcheck-salt"
        key = scrypt.Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(passphrase)
        key2 = pbkdf2.PBKDF2HMAC(
            algorithm=hashes.SHA256(), length=32, salt=salt, iterations=1000
        ).derive(passphrase)
        message = b"Staff engineer, led the Kubernetes migration"
        nonce = os.urandom(12)
        box = aead.AESGCM(key)
        assert box.decrypt(nonce, box.encrypt(nonce, message, None), None) == message
        fkey = imp("base64").urlsafe_b64encode(key2)
        token = fernet.Fernet(fkey).encrypt(message)
        assert fernet.Fernet(fkey).decrypt(token) == message
        return f"AESGCM, Fernet, Scrypt, PBKDF2 round trips; {openssl.openssl_version_text()}"

    @check("faster_whisper_vad")
    def _vad():
        np = imp("numpy")
        vad = imp("faster_whisper.vad")
        asset = Path(imp("faster_whisper.utils").get_assets_path()) / "silero_vad_v6.onnx"
        assert asset.is_file(), f"missing {asset}"
        tone = (0.5 * np.sin(np.arange(16000 * 2) * 2 * np.pi * 220 / 16000)).astype("float32")
        speech = vad.get_speech_timestamps(tone, vad.VadOptions())
        return f"Silero VAD ran on onnxruntime ({len(speech)} segments in 2 s of tone)"

    @check("onnxruntime")
    def _onnxruntime():
        providers = imp("onnxruntime").get_available_providers()
        assert "CPUExecutionProvider" in providers, providers
        return providers

    @check("ctranslate2")
    def _ctranslate2():
        ct2 = imp("ctranslate2")
        types = sorted(ct2.get_supported_compute_types("cpu"))
        assert types, "no CPU compute types"
        imp("faster_whisper").WhisperModel  # noqa: B018  (import only: no speech model here)
        return f"ctranslate2 {ct2.__version__}: {', '.join(types)}"

    @check("pyav")
    def _pyav():
        av = imp("av")
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(b"".join(
                struct.pack("<h", int(8000 * math.sin(i * 2 * math.pi * 440 / 16000)))
                for i in range(16000)
            ))  # fmt: skip
        buffer.seek(0)
        with av.open(buffer, format="wav") as container:
            samples = sum(frame.samples for frame in container.decode(audio=0))
        assert samples == 16000, samples
        mp3 = "mp3" in av.codecs_available
        return f"PyAV {av.__version__} decoded 1 s of WAV; mp3 decoder: {mp3}"

    @check("qt_plugins")
    def _qt():
        core = imp("PySide6.QtCore")
        imp("PySide6.QtCharts")
        multimedia = "imported"
        try:
            qtmm = imp("PySide6.QtMultimedia")
            # The app's recorder probes the sound backend the same way; the FFmpeg media
            # plugin must load from the bundle for any format to be listed.
            gui = imp("PySide6.QtGui")
            _app = core.QCoreApplication.instance() or gui.QGuiApplication([])
            decode = qtmm.QMediaFormat.ConversionMode.Decode
            formats = qtmm.QMediaFormat().supportedFileFormats(decode)
            assert formats, "the FFmpeg media plugin did not load: no decodable formats"
            inputs = qtmm.QMediaDevices.audioInputs()
            multimedia = f"FFmpeg plugin: {len(formats)} formats; {len(inputs)} audio inputs"
        except ImportError as exc:
            # The app copes (dictation says recording cannot work here). A library the
            # bundle should hold (Qt's, FFmpeg's) is a packaging failure; one the system
            # lacks (libpulse on a server) is not.
            text = str(exc)
            shipped = ("libQt6", "libav", "libsw", "libpyside6", "libshiboken6", "QtMultimedia")
            if any(name in text for name in shipped) or "cannot open shared object" not in text:
                raise
            multimedia = f"not importable on this system: {text}"
        plugins = Path(core.QLibraryInfo.path(core.QLibraryInfo.LibraryPath.PluginsPath))
        found = {folder: sorted(p.name for p in (plugins / folder).glob("*")) for folder in
                 ("platforms", "multimedia", "imageformats")}  # fmt: skip
        found["QtMultimedia"] = multimedia
        assert found["platforms"], f"no platform plugins in {plugins}"
        if sys.platform.startswith("linux"):
            for name in ("libqoffscreen.so", "libqxcb.so"):
                assert name in found["platforms"], f"{name} missing from {plugins / 'platforms'}"
            assert found["multimedia"], f"no multimedia plugin in {plugins / 'multimedia'}"
        return {"plugins_path": str(plugins), **found}

    @check("bm25s_stemmer")
    def _bm25s():
        stemmer = imp("Stemmer").Stemmer("english")
        assert stemmer.stemWord("reduced") == stemmer.stemWord("reduce"), "stemmer"
        bm25s = imp("bm25s")
        corpus = ["reduced latency by half", "hired four engineers", "migrated to Kubernetes"]
        tokens = bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        query = bm25s.tokenize(["reduce latency"], stemmer=stemmer, show_progress=False)
        docs, _ = retriever.retrieve(query, k=1, show_progress=False)
        assert int(docs[0][0]) == 0, docs
        return f"bm25s {bm25s.__version__} with PyStemmer"

    @check("reportlab_fonts")
    def _fonts():
        reportlab = imp("reportlab")
        ttfonts = imp("reportlab.pdfbase.ttfonts")
        folder = Path(reportlab.__file__).parent / "fonts"
        for name in ("Vera.ttf", "VeraBd.ttf"):
            ttfonts.TTFont("SelfCheck" + name, str(folder / name))
        return str(folder)

    @check("isolation")
    def _isolation():
        outside = []
        for name, module in list(sys.modules.items()):
            where = getattr(module, "__file__", None)
            if not where:
                continue
            path = Path(where)
            if not path.is_absolute():
                continue  # PyInstaller's frozen modules: names relative to the bundle
            try:
                path.resolve().relative_to(bundle)
            except ValueError:
                outside.append(f"{name}: {where}")
        paths = [p for p in sys.path if p and not str(Path(p).resolve()).startswith(str(bundle))]
        assert not outside, f"modules imported from outside the bundle: {outside[:10]}"
        assert not paths, f"sys.path entries outside the bundle: {paths}"
        return f"{len(sys.modules)} modules, all from {bundle}"

    failed = [name for name, result in results.items() if not result["ok"]]
    print(json.dumps({"ok": not failed, "failed": failed, "checks": results}, indent=2))
    sys.stdout.flush()
    return 1 if failed else 0


_loopcoach_selfcheck_install()
