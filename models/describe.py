"""Numbers about models in words people read: sizes, download progress, test results.
Shared by the Models page and `loopcoach models`."""

from __future__ import annotations

from models.fitness import FitnessResult
from models.transfer import DownloadProgress

GB = 1_000_000_000  # decimal, as model publishers state sizes
MB = 1_000_000


def format_size(size: int | None) -> str:
    """Sizes as people read them: one decimal of a GB, or whole MB below a GB."""
    if not size:
        return "—"
    if size >= GB:
        return f"{size / GB:.1f} GB"
    return f"{round(size / MB)} MB" if size >= MB / 2 else "< 1 MB"


def format_amount(done: int, total: int | None) -> str:
    """Done and total in the unit of the total (1.2 GB of 2.0 GB), so they compare at a glance."""
    if total is None:
        return f"{format_size(done) if done else '0 MB'} so far"
    if total >= GB:
        return f"{done / GB:.1f} GB of {total / GB:.1f} GB"
    return f"{round(done / MB)} MB of {format_size(total)}"


def format_speed(bytes_per_second: float) -> str:
    if bytes_per_second >= MB:
        return f"{bytes_per_second / MB:.1f} MB/s"
    return f"{bytes_per_second / 1000:.0f} kB/s"


def format_time_left(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min left"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min left"


def download_text(progress: DownloadProgress) -> str:
    """For the status bar, e.g. 1.2 GB of 2.0 GB · 8.4 MB/s · 2 min left."""
    amount = format_amount(progress.done_bytes, progress.total_bytes)
    if progress.phase == "verifying":
        # Hashing bytes already on disk: before resuming, or the final checksum.
        return f"checking {amount}"
    parts = [amount]
    if progress.bytes_per_second > 0:
        parts.append(format_speed(progress.bytes_per_second))
        if progress.eta_seconds is not None:
            parts.append(format_time_left(progress.eta_seconds))
    return " · ".join(parts)


def fitness_text(result: FitnessResult) -> str:
    """The numbers of a test, shortest first: speed, then latency, reliability, memory."""
    # A server model's memory is the server's (remote_models.check records -1).
    memory = "memory on the server" if result.memory_mb < 0 else f"{result.memory_mb:.0f} MB"
    if result.kind == "chat":
        return " · ".join(
            (
                f"{result.tokens_per_second or 0:.1f} tok/s",
                f"first token {result.first_token_seconds or 0:.2f} s",
                f"{result.structured_valid or 0}/{result.structured_total or 0} valid",
                memory,
            )
        )
    return " · ".join(
        (
            f"{result.chunks_per_second or 0:.0f} chunks/s",
            f"loads in {result.load_seconds:.1f} s",
            memory,
        )
    )
