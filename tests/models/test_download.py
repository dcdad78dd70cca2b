"""Downloads against a real HTTP server on 127.0.0.1 serving a real model file."""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from models.download import (
    INCOMPLETE_PREFIX,
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    RemoteFile,
    download_file,
    download_files,
    sha256_file,
)
from tests.models.http_server import FileServer
from tests.registry_models import minilm_sha256

# The file the embedding_model fixture gives (from ../shared, or built from its wheel).
MODEL_SHA256 = minilm_sha256()
MODEL = "model.gguf"


@pytest.fixture
def model_size(embedding_model: Path) -> int:
    return embedding_model.stat().st_size


@pytest.fixture
def server(embedding_model: Path) -> Iterator[FileServer]:
    with FileServer({MODEL: embedding_model}) as running:
        yield running


def model_remote(
    server: FileServer, size: int | None, sha256: str | None = MODEL_SHA256
) -> RemoteFile:
    return RemoteFile(MODEL, server.url(MODEL), size_bytes=size, sha256=sha256)


def assert_installed(path: Path) -> None:
    assert path.is_file()
    assert sha256_file(path) == MODEL_SHA256
    assert not (path.parent / f"{INCOMPLETE_PREFIX}{path.name}").exists()


def stop_after(polls: int):
    """A should_stop that says yes on its `polls`-th call (it is polled once per read)."""
    counter = itertools.count(1)
    return lambda: next(counter) >= polls


# --- the normal path ----------------------------------------------------------------


def test_downloads_verifies_and_renames(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    final = download_file(model_remote(server, model_size), tmp_path / "models")

    assert final == tmp_path / "models" / MODEL
    assert_installed(final)
    assert sorted(p.name for p in final.parent.iterdir()) == [MODEL]
    assert server.seen(MODEL)[0].range is None


def test_progress_is_monotonic_and_ends_at_the_total(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    reports: list[DownloadProgress] = []
    # No size in the catalog: the total comes from Content-Length.
    download_file(model_remote(server, None), tmp_path, on_progress=reports.append)

    done = [r.done_bytes for r in reports]
    assert done == sorted(done)
    assert reports[0].done_bytes == 0
    assert {r.phase for r in reports} == {"downloading"}
    assert {r.total_bytes for r in reports} == {model_size}
    assert reports[-1].done_bytes == model_size
    assert all(r.bytes_per_second >= 0 for r in reports)
    assert reports[-1].fraction == 1.0
    assert reports[-1].eta_seconds in {None, 0.0}


# --- resuming -----------------------------------------------------------------------


def test_a_cut_transfer_resumes_with_a_range_request(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    cut = 10 * 1024 * 1024 + 123
    server.behaviour.cut_after[MODEL] = cut
    remote = model_remote(server, model_size)

    with pytest.raises(DownloadError, match=r"interrupted.*resume"):
        download_file(remote, tmp_path, retries=0)
    partial = tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}"
    assert partial.stat().st_size == cut
    assert not (tmp_path / MODEL).exists()

    reports: list[DownloadProgress] = []
    final = download_file(remote, tmp_path, retries=0, on_progress=reports.append)

    assert_installed(final)
    assert [r.range for r in server.seen(MODEL)] == [None, f"bytes={cut}-"]
    assert server.seen(MODEL)[1].status == 206
    # The partial is hashed again ("verifying"), then the rest is downloaded.
    assert reports[0].phase == "verifying"
    assert reports[-1].phase == "downloading"
    assert [r.done_bytes for r in reports] == sorted(r.done_bytes for r in reports)
    assert reports[-1].done_bytes == model_size


def test_a_broken_connection_is_resumed_automatically(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    server.behaviour.cut_after[MODEL] = 5_000_000

    final = download_file(model_remote(server, model_size), tmp_path, retries=1, retry_delay=0)

    assert_installed(final)
    assert [r.range for r in server.seen(MODEL)] == [None, "bytes=5000000-"]


def test_a_server_that_ignores_ranges_restarts_from_zero(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    # Wrong bytes in the partial: appending to it would fail the checksum.
    (tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}").write_bytes(b"\xff" * 4096)
    server.behaviour.ignore_range = True

    final = download_file(model_remote(server, model_size), tmp_path)

    assert_installed(final)
    (seen,) = server.seen(MODEL)
    assert (seen.range, seen.status) == ("bytes=4096-", 200)


def test_a_complete_partial_is_verified_when_the_server_answers_416(
    tmp_path: Path, server: FileServer, embedding_model: Path, model_size: int
) -> None:
    shutil.copyfile(embedding_model, tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}")

    final = download_file(model_remote(server, None), tmp_path)

    assert_installed(final)
    (seen,) = server.seen(MODEL)
    assert (seen.range, seen.status) == (f"bytes={model_size}-", 416)


def test_a_complete_partial_of_known_size_needs_no_request(
    tmp_path: Path, server: FileServer, embedding_model: Path, model_size: int
) -> None:
    shutil.copyfile(embedding_model, tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}")

    assert_installed(download_file(model_remote(server, model_size), tmp_path))
    assert server.seen(MODEL) == []


def test_cancel_keeps_the_partial_and_a_later_call_resumes(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    remote = model_remote(server, model_size)

    with pytest.raises(DownloadCancelled):
        download_file(remote, tmp_path, should_stop=stop_after(40))
    partial = tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}"
    kept = partial.stat().st_size
    assert 0 < kept < model_size
    assert not (tmp_path / MODEL).exists()

    assert_installed(download_file(remote, tmp_path, should_stop=lambda: False))
    assert server.seen(MODEL)[-1].range == f"bytes={kept}-"


# --- errors -------------------------------------------------------------------------


def test_not_found_is_a_clear_error(tmp_path: Path, server: FileServer) -> None:
    url = server.url("missing.gguf")
    with pytest.raises(DownloadError) as caught:
        download_file(RemoteFile("missing.gguf", url, None, None), tmp_path)

    assert str(caught.value) == f"The file was not found at {url} (HTTP 404)."
    assert list(tmp_path.iterdir()) == []


def test_a_closed_port_cannot_be_reached(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: the connection is refused.
    remote = RemoteFile(MODEL, f"http://127.0.0.1:{port}/{MODEL}", None, None)

    with pytest.raises(DownloadError, match=r"^Cannot reach 127\.0\.0\.1: "):
        download_file(remote, tmp_path)


def test_a_stalled_server_times_out(tmp_path: Path, server: FileServer) -> None:
    server.behaviour.stall.add(MODEL)
    remote = model_remote(server, None)

    with (
        httpx.Client(timeout=httpx.Timeout(5.0, read=0.3)) as client,
        pytest.raises(DownloadError, match=r"stopped responding \(timeout\)"),
    ):
        download_file(remote, tmp_path, client=client, retries=0)


def test_a_wrong_checksum_removes_the_file(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    remote = model_remote(server, model_size, sha256="0" * 64)

    with pytest.raises(DownloadError, match="does not match its published checksum"):
        download_file(remote, tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_a_size_that_differs_from_the_catalog_installs_nothing(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    with pytest.raises(DownloadError, match=f"is {model_size:,} bytes but {model_size + 1:,} were"):
        download_file(model_remote(server, model_size + 1), tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_not_enough_disk_space_fails_before_any_request(tmp_path: Path, server: FileServer) -> None:
    with pytest.raises(DownloadError) as caught:
        download_file(model_remote(server, 10**15), tmp_path)

    message = str(caught.value)
    assert message.startswith("Not enough disk space: the download needs 1000000.0 GB and ")
    assert str(tmp_path) in message
    assert server.seen(MODEL) == []
    assert list(tmp_path.iterdir()) == []


def test_disk_space_is_checked_against_content_length(tmp_path: Path, server: FileServer) -> None:
    server.behaviour.fake_length[MODEL] = 10**15

    with pytest.raises(DownloadError, match=r"^Not enough disk space"):
        download_file(model_remote(server, None), tmp_path)

    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
def test_a_full_disk_while_writing_is_a_clear_error(
    tmp_path: Path, server: FileServer, model_size: int
) -> None:
    # /dev/full answers every write with ENOSPC: a real full disk, without filling one.
    partial = tmp_path / f"{INCOMPLETE_PREFIX}{MODEL}"
    partial.symlink_to("/dev/full")

    with pytest.raises(DownloadError, match=r"^Not enough disk space.*resume"):
        download_file(model_remote(server, model_size), tmp_path)

    assert partial.is_symlink()  # kept for a resume
    assert not (tmp_path / MODEL).exists()


def test_bad_catalog_entries_are_refused() -> None:
    url = "https://huggingface.co/x/model.gguf"
    for name in ("../evil.gguf", "a/b.gguf", "a\\b.gguf", "..", "", "incomplete-x"):
        with pytest.raises(ValueError, match="not a plain file name"):
            RemoteFile(name, url)
    with pytest.raises(ValueError, match="not an http or https URL"):
        RemoteFile("model.gguf", "file:///etc/passwd")
    with pytest.raises(ValueError, match="not a sha256"):
        RemoteFile("model.gguf", url, sha256="abc")


# --- TLS ----------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path: Path, embedding_model: Path) -> Iterator[tuple[FileServer, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with FileServer({MODEL: embedding_model}, tls=context) as running:
        yield running, cert


def test_https_verifies_certificates(
    tmp_path: Path, tls_server: tuple[FileServer, Path], model_size: int
) -> None:
    server, cert = tls_server
    remote = model_remote(server, model_size)
    assert remote.url.startswith("https://")

    # A self-signed certificate is refused by the default client...
    with pytest.raises(DownloadError, match="certificate could not be verified"):
        download_file(remote, tmp_path / "untrusted")
    assert not (tmp_path / "untrusted" / MODEL).exists()

    # ...and accepted by a client that trusts it, verification still on.
    trusting = ssl.create_default_context(cafile=cert)
    with httpx.Client(verify=trusting) as client:
        assert_installed(download_file(remote, tmp_path / "trusted", client=client))


# --- several files make one model ---------------------------------------------------


@pytest.fixture
def speech_files(tmp_path: Path, embedding_model: Path) -> dict[str, Path]:
    source = tmp_path / "source"
    source.mkdir()
    files = {}
    for name, content in (
        ("config.json", b'{"model": "tiny"}'),
        ("tokenizer.json", os.urandom(200_000)),
        ("vocabulary.txt", b"a\nb\nc\n" * 1000),
    ):
        (source / name).write_bytes(content)
        files[name] = source / name
    files["model.bin"] = embedding_model
    return files


def remotes_for(server: FileServer, files: dict[str, Path]) -> list[RemoteFile]:
    return [
        RemoteFile(
            name,
            server.url(name),
            size_bytes=path.stat().st_size,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for name, path in files.items()
    ]


def test_a_folder_of_files_appears_only_when_all_are_verified(
    tmp_path: Path, speech_files: dict[str, Path]
) -> None:
    dest = tmp_path / "models" / "whisper-base"
    reports: list[DownloadProgress] = []
    with FileServer(speech_files) as server:
        # The third file is cut: the first call fails with two files done.
        server.behaviour.cut_after["vocabulary.txt"] = 100
        remotes = remotes_for(server, speech_files)

        with pytest.raises(DownloadError, match="interrupted"):
            download_files(remotes, dest, retries=0)
        staging = tmp_path / "models" / f"{INCOMPLETE_PREFIX}whisper-base"
        assert not dest.exists()
        assert sorted(p.name for p in staging.iterdir()) == [
            "config.json",
            "incomplete-vocabulary.txt",
            "tokenizer.json",
        ]

        assert download_files(remotes, dest, on_progress=reports.append, retries=0) == dest
        requests = [(r.name, r.range) for r in server.requests]

    assert not staging.exists()
    assert sorted(p.name for p in dest.iterdir()) == sorted(speech_files)
    for name, source in speech_files.items():
        assert (dest / name).read_bytes() == source.read_bytes()
    # Finished files were not fetched again; the cut one resumed where it stopped.
    assert requests == [
        ("config.json", None),
        ("tokenizer.json", None),
        ("vocabulary.txt", None),
        ("vocabulary.txt", "bytes=100-"),
        ("model.bin", None),
    ]
    total = sum(p.stat().st_size for p in speech_files.values())
    assert {r.total_bytes for r in reports} == {total}
    downloading = [r.done_bytes for r in reports if r.phase == "downloading"]
    assert downloading == sorted(downloading)
    assert reports[-1].done_bytes == total


def test_a_folder_download_refuses_an_existing_folder(
    tmp_path: Path, speech_files: dict[str, Path]
) -> None:
    dest = tmp_path / "whisper-base"
    dest.mkdir()
    with FileServer(speech_files) as server, pytest.raises(DownloadError, match="already exists"):
        download_files(remotes_for(server, speech_files), dest)
    assert server.requests == []


def test_a_cancelled_folder_download_keeps_its_files(
    tmp_path: Path, speech_files: dict[str, Path]
) -> None:
    dest = tmp_path / "whisper-base"
    with FileServer(speech_files) as server:
        remotes = remotes_for(server, speech_files)
        with pytest.raises(DownloadCancelled):
            download_files(remotes, dest, should_stop=stop_after(60))
        assert not dest.exists()
        assert (tmp_path / f"{INCOMPLETE_PREFIX}whisper-base" / "config.json").is_file()

        download_files(remotes, dest)

    assert (dest / "model.bin").stat().st_size == speech_files["model.bin"].stat().st_size
    assert sha256_file(dest / "model.bin") == MODEL_SHA256


# --- hashing on its own -------------------------------------------------------------


def test_sha256_file_reports_and_can_be_cancelled(embedding_model: Path, model_size: int) -> None:
    reports: list[DownloadProgress] = []
    assert sha256_file(embedding_model, on_progress=reports.append) == MODEL_SHA256
    assert {r.phase for r in reports} == {"verifying"}
    assert reports[-1].done_bytes == reports[-1].total_bytes == model_size

    with pytest.raises(DownloadCancelled):
        sha256_file(embedding_model, should_stop=stop_after(3))


def test_sha256_file_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"^Cannot read .*missing"):
        sha256_file(tmp_path / "missing")
