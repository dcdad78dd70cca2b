"""Resumable, verified model downloads: `incomplete-` files, sha256, atomic rename.

Everything here blocks and is meant for a worker thread, never the GUI thread. Progress
goes to a plain callback and cancellation is a plain `should_stop()` callable polled
between network reads, so nothing here knows about Qt.

A file is written to `<dest_dir>/incomplete-<name>`; a later call resumes it with an HTTP
Range request. Only a file whose size and sha256 match (when the catalog gives them) is
fsynced and renamed to its final name, so nothing half-downloaded is ever at that path.
TLS verification stays on and every request has timeouts (GPT4All was criticised for
lacking both).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal
from urllib.parse import urlsplit

import httpx

from models.transfer import (
    INCOMPLETE_PREFIX,
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    Phase,
    RemoteFile,
)

__all__ = [
    "INCOMPLETE_PREFIX",
    "DownloadCancelled",
    "DownloadError",
    "DownloadProgress",
    "RemoteFile",
    "download_file",
    "download_files",
    "sha256_file",
]

CHUNK_SIZE = 1024 * 1024
# connect ~15 s, read ~60 s: long enough for a slow mirror, short enough to notice a dead one.
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=60.0, write=60.0, pool=15.0)
USER_AGENT = "Loopcoach (model download)"
# How many seconds of samples the moving-average speed uses.
SPEED_WINDOW_SECONDS = 5.0
# At most this many progress callbacks per second (the first and last always go out).
PROGRESS_INTERVAL_SECONDS = 0.1

ProgressCallback = Callable[[DownloadProgress], None]
StopCheck = Callable[[], bool]

_CONTENT_RANGE_RE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


class _TransientError(DownloadError):
    """A failure worth an automatic retry (the connection broke, the server stalled)."""


# --- public API ---------------------------------------------------------------------


def download_file(
    remote: RemoteFile,
    dest_dir: Path,
    *,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    client: httpx.Client | None = None,
    retries: int = 2,
    retry_delay: float = 1.0,
) -> Path:
    """Download `remote` to `dest_dir/remote.name`, resuming an earlier partial download.

    An existing file at the final path is replaced, atomically, once the new one is
    verified. `retries` automatic resumes follow a broken connection or a stall, after
    `retry_delay`, 2 x `retry_delay`, ... seconds. Raises DownloadError (a sentence for a
    person) or DownloadCancelled. Returns the final path.
    """
    dest_dir = Path(dest_dir)
    _make_dir(dest_dir)
    reporter = _Reporter(on_progress, remote.size_bytes, learn_total=True)
    with _client_or_default(client) as http:
        job = _Job(http, reporter, should_stop, retries, retry_delay)
        final = _download_into(remote, dest_dir, job)
    reporter.finish()
    return final


def download_files(
    files: Sequence[RemoteFile],
    dest_folder: Path,
    *,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    client: httpx.Client | None = None,
    retries: int = 2,
    retry_delay: float = 1.0,
) -> Path:
    """Download several files into one folder, which appears only when all are verified.

    Files gather in `<parent>/incomplete-<folder name>/`; each is resumable and, once
    verified, keeps its final name there, so a later call skips it. When all are present
    the folder is renamed to `dest_folder` in one step. Progress counts across all files.
    """
    dest_folder = Path(dest_folder)
    names = [f.name for f in files]
    if not files:
        raise ValueError("no files to download")
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate file names: {names}")
    if dest_folder.exists():
        raise DownloadError(f"{dest_folder} already exists; remove it first to download it again.")
    staging = dest_folder.parent / f"{INCOMPLETE_PREFIX}{dest_folder.name}"
    _make_dir(staging)

    done = {f.name: _already_downloaded(staging / f.name, f) for f in files}
    pending = [f for f in files if not done[f.name]]
    needed = sum(
        f.size_bytes - _size_on_disk(staging / f"{INCOMPLETE_PREFIX}{f.name}")
        for f in pending
        if f.size_bytes is not None
    )
    _check_free_space(staging, needed)

    sizes = [f.size_bytes for f in files]
    total = None if None in sizes else sum(s for s in sizes if s is not None)
    reporter = _Reporter(on_progress, total, learn_total=False)
    base = sum(_size_on_disk(staging / f.name) for f in files if done[f.name])
    with _client_or_default(client) as http:
        job = _Job(http, reporter, should_stop, retries, retry_delay)
        for remote in pending:
            reporter.base = base
            path = _download_into(remote, staging, job)
            base += path.stat().st_size
    reporter.base = 0
    reporter.update(base, "downloading", force=True)

    _fsync_dir(staging)
    try:
        staging.replace(dest_folder)
    except OSError as exc:
        raise DownloadError(
            f"The download finished but could not be moved to {dest_folder}: {exc.strerror}."
        ) from exc
    _fsync_dir(dest_folder.parent)
    return dest_folder


def sha256_file(
    path: Path,
    should_stop: StopCheck | None = None,
    on_progress: ProgressCallback | None = None,
) -> str:
    """The sha256 hex digest of a file, read in chunks; cancellable, reports "verifying"."""
    path = Path(path)
    hasher = hashlib.sha256()
    try:
        total = path.stat().st_size
        reporter = _Reporter(on_progress, total, learn_total=False)
        with path.open("rb") as f:
            _hash_stream(f, hasher, should_stop, reporter)
    except OSError as exc:
        raise DownloadError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    reporter.finish()
    return hasher.hexdigest()


# --- one file -----------------------------------------------------------------------


@dataclass
class _Job:
    """What every file of one download call shares."""

    client: httpx.Client
    reporter: _Reporter
    should_stop: StopCheck | None
    retries: int
    retry_delay: float


def _download_into(remote: RemoteFile, dest_dir: Path, job: _Job) -> Path:
    final = dest_dir / remote.name
    partial = _Partial(dest_dir / f"{INCOMPLETE_PREFIX}{remote.name}", remote)
    partial.load(job.should_stop, job.reporter)
    attempt = 0
    while True:
        try:
            _transfer(remote, partial, job)
            break
        except _TransientError:
            attempt += 1
            if attempt > job.retries:
                raise
            _pause(job.retry_delay * attempt, job.should_stop)
    partial.verify()
    partial.install(final)
    return final


class _Partial:
    """The `incomplete-` file and the running hash of the bytes in it."""

    def __init__(self, path: Path, remote: RemoteFile) -> None:
        self.path = path
        self.remote = remote
        self.size = 0
        # Hash only when there is something to compare with.
        self.hasher = hashlib.sha256() if remote.sha256 else None

    def load(self, should_stop: StopCheck | None, reporter: _Reporter) -> None:
        """Pick up bytes from an earlier attempt, hashing them so the hash can continue."""
        size = _size_on_disk(self.path)
        expected = self.remote.size_bytes
        if expected is not None and size > expected:
            self.discard()  # longer than the file can be: not ours to resume
            return
        if size and self.hasher is not None:
            try:
                with self.path.open("rb") as f:
                    size = _hash_stream(f, self.hasher, should_stop, reporter)
            except OSError as exc:
                raise DownloadError(f"Cannot read {self.path}: {exc.strerror}.") from exc
        self.size = size

    def restart(self) -> None:
        self.size = 0
        if self.hasher is not None:
            self.hasher = hashlib.sha256()
        with self.path.open("wb"):
            pass

    def discard(self) -> None:
        self.size = 0
        if self.hasher is not None:
            self.hasher = hashlib.sha256()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def append_from(
        self,
        chunks: Iterator[bytes],
        total: int | None,
        should_stop: StopCheck | None,
        reporter: _Reporter,
    ) -> None:
        """Write the body to the end of the file, polling `should_stop` between reads."""
        too_long = False
        try:
            # Network reads are small (≤ 64 KiB), which keeps cancelling quick; the file
            # buffer turns them into 1 MiB writes.
            with self.path.open("ab", buffering=CHUNK_SIZE) as f:
                for chunk in chunks:
                    if should_stop is not None and should_stop():
                        raise DownloadCancelled
                    if total is not None and self.size + len(chunk) > total:
                        too_long = True
                        break
                    f.write(chunk)
                    if self.hasher is not None:
                        self.hasher.update(chunk)
                    self.size += len(chunk)
                    reporter.update(self.size, "downloading")
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                # What reached the disk is still a prefix of the file: keep it to resume.
                raise DownloadError(
                    f"Not enough disk space: the disk filled up while downloading to "
                    f"{self.path.parent}. Free some space and run the download again "
                    "to resume."
                ) from exc
            raise DownloadError(f"Cannot write to {self.path}: {exc.strerror or exc}.") from exc
        if too_long:
            self.discard()
            raise DownloadError(
                f"The server sent more data than expected for {self.remote.name}; "
                "the download was removed. Try again."
            )

    def verify(self) -> None:
        """Size and checksum against the catalog; a mismatch removes the file."""
        expected = self.remote.size_bytes
        if expected is not None and self.size != expected:
            self.discard()
            raise DownloadError(
                f"The downloaded file has the wrong size ({self.size:,} bytes instead of "
                f"{expected:,}); it was removed. Try again."
            )
        expected_hash = self.remote.sha256
        if (
            self.hasher is not None
            and expected_hash is not None
            and self.hasher.hexdigest() != expected_hash.lower()
        ):
            self.discard()
            raise DownloadError(
                "The downloaded file does not match its published checksum; "
                "it was removed. Try again."
            )

    def install(self, final: Path) -> None:
        """fsync, then rename in one step: the final path has the old file or the new one."""
        try:
            with self.path.open("r+b") as f:
                os.fsync(f.fileno())
            self.path.replace(final)
        except OSError as exc:
            raise DownloadError(
                f"The download finished but could not be moved to {final}: {exc.strerror}."
            ) from exc
        _fsync_dir(final.parent)


def _transfer(remote: RemoteFile, partial: _Partial, job: _Job) -> None:
    """One request: fetch what is missing into `partial` (or learn that nothing is)."""
    expected = remote.size_bytes
    if expected is not None:
        if partial.size == expected:
            return  # complete already; verify() decides whether it is right
        _check_free_space(partial.path.parent, expected - partial.size)
    # A 416 to a Range request with a partial that is not complete sends us round once
    # more, without the range.
    for _ in range(2):
        _raise_if_stopped(job.should_stop)
        headers = {"Accept-Encoding": "identity"}  # ranges count bytes of the file itself
        if partial.size:
            headers["Range"] = f"bytes={partial.size}-"
        try:
            with job.client.stream(
                "GET", remote.url, headers=headers, follow_redirects=True
            ) as response:
                outcome = _start_body(response, remote, partial)
                if outcome == "complete":
                    return
                if isinstance(outcome, str):  # "restart"
                    continue
                # Without a length from the server, the catalog's size bounds the body.
                total = outcome if outcome is not None else expected
                job.reporter.learn(total)
                if total is not None:
                    _check_free_space(partial.path.parent, total - partial.size)
                job.reporter.update(partial.size, "downloading", force=True)
                partial.append_from(response.iter_bytes(), total, job.should_stop, job.reporter)
        except httpx.HTTPError as exc:
            raise _http_error(exc, remote, partial.size) from exc
        if total is not None and partial.size < total:
            # The body ended early without a protocol error (no length to check against).
            raise _TransientError(_interrupted_message(remote, partial.size))
        return
    raise DownloadError(f"The server at {_host(remote.url)} kept refusing to send {remote.name}.")


def _start_body(
    response: httpx.Response, remote: RemoteFile, partial: _Partial
) -> int | Literal["complete", "restart"] | None:
    """Read the status line and headers: the file's full size (or None), or what to do."""
    status = response.status_code
    if status == httpx.codes.PARTIAL_CONTENT:
        start, total = _parse_content_range(response.headers.get("Content-Range"))
        if start != partial.size:
            partial.discard()
            raise DownloadError(
                f"The server sent the wrong part of {remote.url}; the partial download "
                "was removed. Try again."
            )
    elif status == httpx.codes.OK:
        if partial.size:
            partial.restart()  # the server ignores ranges: start again from zero
        total = _content_length(response)
    elif status == httpx.codes.REQUESTED_RANGE_NOT_SATISFIABLE and partial.size:
        # The partial may hold the whole file already (a crash between the last byte and
        # the rename); verify() settles it when the size is unknown.
        _, total = _parse_content_range(response.headers.get("Content-Range"))
        if total is None:
            total = remote.size_bytes
        if total == partial.size or (total is None and remote.sha256 is not None):
            return "complete"
        partial.discard()
        return "restart"
    elif status >= httpx.codes.BAD_REQUEST:
        raise _status_error(status, remote.url)
    else:
        raise DownloadError(f"The server answered {remote.url} with an unexpected HTTP {status}.")
    if total is not None and remote.size_bytes is not None and total != remote.size_bytes:
        partial.discard()
        raise DownloadError(
            f"The file at {remote.url} is {total:,} bytes but {remote.size_bytes:,} were "
            "expected; it may have changed. Nothing was installed."
        )
    return total


# --- errors -------------------------------------------------------------------------


def _status_error(status: int, url: str) -> DownloadError:
    host = _host(url)
    if status == httpx.codes.NOT_FOUND:
        return DownloadError(f"The file was not found at {url} (HTTP 404).")
    if status in {httpx.codes.UNAUTHORIZED, httpx.codes.FORBIDDEN}:
        return DownloadError(
            f"{host} refused access to {url} (HTTP {status}); the model may require "
            "accepting its licence on the website first."
        )
    if status == httpx.codes.TOO_MANY_REQUESTS:
        return _TransientError(f"{host} is limiting requests (HTTP 429). Try again later.")
    if status >= httpx.codes.INTERNAL_SERVER_ERROR:
        return _TransientError(
            f"The server at {host} had a problem (HTTP {status}). Try again later."
        )
    return DownloadError(f"The server refused the download of {url} (HTTP {status}).")


def _http_error(exc: httpx.HTTPError, remote: RemoteFile, done: int) -> DownloadError:
    host = _host(remote.url)
    if isinstance(exc, httpx.ConnectTimeout):
        message = f"Cannot reach {host}: the connection timed out. No network connection?"
    elif isinstance(exc, httpx.ConnectError):
        message = _connect_message(exc, host)
    elif isinstance(exc, httpx.TimeoutException):
        resume = " Run the download again to resume." if done else ""
        return _TransientError(f"The server stopped responding (timeout).{resume}")
    elif isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return _TransientError(_interrupted_message(remote, done))
    elif isinstance(exc, httpx.ProxyError):
        message = f"The proxy refused the connection to {host}: {exc}."
    elif isinstance(exc, httpx.TooManyRedirects):
        message = f"{remote.url} redirects too many times."
    else:
        message = f"The download from {host} failed: {exc}."
    return DownloadError(message)


def _connect_message(exc: BaseException, host: str) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or "certificate problem"
            return (
                f"Cannot reach {host} securely: its certificate could not be verified ({reason})."
            )
        if isinstance(cause, ssl.SSLError):
            return f"Cannot reach {host} securely: {cause.reason or cause}."
        if isinstance(cause, socket.gaierror):
            return f"Cannot reach {host}: no network connection?"
        if isinstance(cause, ConnectionRefusedError):
            return f"Cannot reach {host}: the connection was refused."
    return f"Cannot reach {host}: no network connection?"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _interrupted_message(remote: RemoteFile, done: int) -> str:
    total = f" of {_format_size(remote.size_bytes)}" if remote.size_bytes else ""
    return (
        f"The connection to {_host(remote.url)} was interrupted after "
        f"{_format_size(done)}{total}. Run the download again to resume."
    )


# --- progress -----------------------------------------------------------------------


class _Reporter:
    """Turns byte counts into DownloadProgress: moving-average speed, ETA, rate limit."""

    def __init__(
        self, callback: ProgressCallback | None, total: int | None, *, learn_total: bool
    ) -> None:
        self.callback = callback
        self.total = total
        self.learn_total = learn_total  # a single file takes its size from the server
        self.base = 0  # bytes of earlier files, when several make one download
        self.phase: Phase = "downloading"
        self.samples: deque[tuple[float, int]] = deque()
        self.last_emit = float("-inf")
        self.latest: tuple[int, Phase] | None = None  # the newest count, sent or not

    def learn(self, file_total: int | None) -> None:
        if self.learn_total and self.total is None:
            self.total = file_total

    def update(self, file_done: int, phase: Phase, *, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        done = self.base + file_done
        self.latest = (done, phase)
        if phase != self.phase:
            self.phase = phase
            self.samples.clear()  # hashing speed says nothing about network speed
            force = True
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[1][0] >= SPEED_WINDOW_SECONDS:
            self.samples.popleft()
        if not force and now - self.last_emit < PROGRESS_INTERVAL_SECONDS:
            return
        first_time, first_done = self.samples[0]
        elapsed = now - first_time
        speed = max(0.0, (done - first_done) / elapsed) if elapsed > 0 else 0.0
        eta = None
        if self.total is not None and speed > 0:
            eta = max(0, self.total - done) / speed
        self.last_emit = now
        self.callback(DownloadProgress(done, self.total, speed, eta, phase))

    def finish(self) -> None:
        """Always end on a report of the final count, whatever the rate limit dropped."""
        if self.latest is not None:
            done, phase = self.latest
            self.update(done - self.base, phase, force=True)


def _hash_stream(
    f: BinaryIO, hasher: hashlib._Hash, should_stop: StopCheck | None, reporter: _Reporter
) -> int:
    done = 0
    reporter.update(0, "verifying", force=True)
    while chunk := f.read(CHUNK_SIZE):
        _raise_if_stopped(should_stop)
        hasher.update(chunk)
        done += len(chunk)
        reporter.update(done, "verifying")
    reporter.update(done, "verifying", force=True)
    return done


# --- small helpers ------------------------------------------------------------------


@contextlib.contextmanager
def _client_or_default(client: httpx.Client | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client  # the caller's client, timeouts and all; the caller closes it
        return
    # verify=True is the default; spelled out because it must never change.
    with httpx.Client(
        timeout=DEFAULT_TIMEOUT,
        verify=True,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    ) as default:
        yield default


def _check_free_space(folder: Path, needed: int) -> None:
    if needed <= 0:
        return
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise DownloadError(
            f"Not enough disk space: the download needs {_format_size(needed)} and "
            f"{_format_size(free)} is free in {folder}."
        )


def _make_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Cannot create the folder {folder}: {exc.strerror}.") from exc


def _size_on_disk(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _already_downloaded(path: Path, remote: RemoteFile) -> bool:
    """A file under its final name in a staging folder was verified by an earlier call."""
    if not path.is_file():
        return False
    return remote.size_bytes is None or path.stat().st_size == remote.size_bytes


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open folders, and NTFS journals it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _raise_if_stopped(should_stop: StopCheck | None) -> None:
    if should_stop is not None and should_stop():
        raise DownloadCancelled


def _pause(seconds: float, should_stop: StopCheck | None) -> None:
    """Sleep before a retry, still answering a cancel within a tenth of a second."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        _raise_if_stopped(should_stop)
        time.sleep(min(0.1, left))
    _raise_if_stopped(should_stop)


def _parse_content_range(value: str | None) -> tuple[int | None, int | None]:
    """`bytes 100-199/200` → (100, 200); `bytes */200` → (None, 200)."""
    match = _CONTENT_RANGE_RE.fullmatch((value or "").strip())
    if match is None:
        return None, None
    start = int(match.group(1)) if match.group(1) is not None else None
    total = int(match.group(3)) if match.group(3) != "*" else None
    return start, total


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _format_size(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
