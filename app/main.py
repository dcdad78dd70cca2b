"""Entry point: `loopcoach` (or `python -m app`) opens the window; a subcommand runs the CLI."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from app.offline import keep_offline  # noqa: PLC0415

    keep_offline()  # before any library that reads its telemetry switch is imported
    from app.cli import parse, run_cli  # noqa: PLC0415

    args = parse(sys.argv[1:] if argv is None else argv)
    if args.command:
        try:
            return run_cli(args)
        except BrokenPipeError:
            # `loopcoach models list | head`: the reader left; say nothing more.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    from app.system_libraries import window_problem  # noqa: PLC0415

    problem = window_problem()  # before Qt, which would abort with no advice
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from app.gui import run_gui  # noqa: PLC0415  (Qt only for the window)

    return run_gui(home=args.home, quit_after_show=args.quit_after_show)


if __name__ == "__main__":
    raise SystemExit(main())
