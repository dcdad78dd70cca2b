"""The command line: `loopcoach SUBCOMMAND ...`. Every subcommand takes --home."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from app.cli_args import parsed_by
from coach.errors import UserError
from coach.profile import Level, Profile, Track, parse_level, parse_track

Handler = Callable[[argparse.Namespace], int]


def _home_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Subcommands must not reset a --home given before them, hence SUPPRESS there.
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=None if top else argparse.SUPPRESS,
        help="data folder (default: $LOOPCOACH_HOME or the platform's)",
    )


def build_parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopcoach",
        description="Local-first interview coach. With no subcommand, opens the window.",
    )
    _home_option(parser, top=True)
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    if not subcommands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    profile = sub.add_parser("profile", help="show or set the target level and track")
    _home_option(profile)
    profile.add_argument(
        "--level", type=parsed_by(parse_level), help="; ".join(level.label for level in Level)
    )
    profile.add_argument(
        "--track", type=parsed_by(parse_track), help="; ".join(track.label for track in Track)
    )
    profile.add_argument("--name", help="what the coach calls you")
    profile.add_argument("--json", action="store_true", help="print JSON")
    profile.set_defaults(handler=_profile)

    doctor = sub.add_parser("doctor", help="report Python, Qt, llama.cpp, data folder and models")
    _home_option(doctor)
    doctor.add_argument("--json", action="store_true", help="print JSON")
    doctor.set_defaults(handler=_doctor)

    from app import (  # noqa: PLC0415  (keeps `profile` light)
        cli_data,
        cli_drill,
        cli_library,
        cli_models,
        cli_prep,
        cli_refresh,
        cli_transcribe,
    )

    cli_library.add_parsers(sub, _home_option)
    cli_refresh.add_parsers(sub, _home_option)
    cli_drill.add_parsers(sub, _home_option)
    cli_prep.add_parsers(sub, _home_option)
    cli_transcribe.add_parsers(sub, _home_option)
    cli_models.add_parser(sub, _home_option)
    cli_data.add_parsers(sub, _home_option)
    return parser


def _profile(args: argparse.Namespace) -> int:
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home)
    try:
        current = services.profiles.load()
        if args.level or args.track or args.name is not None:
            if current is None and not (args.level and args.track):
                raise UserError("No profile yet: give both --level and --track.")
            base = current or Profile(level=args.level, track=args.track)
            current = Profile(
                level=args.level or base.level,
                track=args.track or base.track,
                display_name=base.display_name if args.name is None else args.name,
            )
            services.profiles.save(current)
        if args.json:
            payload = None
            if current:
                payload = {
                    "level": current.level.value,
                    "track": current.track.value,
                    "display_name": current.display_name,
                }
            print(json.dumps(payload))
        elif current is None:
            print("No profile yet. Set one: loopcoach profile --level Staff --track SRE")
        else:
            print(f"Target level: {current.level.label}")
            print(f"Track:        {current.track.label}")
            if current.display_name:
                print(f"Name:         {current.display_name}")
    finally:
        services.close()
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from app import doctor  # noqa: PLC0415
    from app.services import build_services  # noqa: PLC0415

    services = build_services(args.home, tell_damage=lambda _: None)  # in the report
    try:
        report = doctor.collect(services)
    finally:
        services.close()
    print(json.dumps(report, indent=2) if args.json else doctor.render(report))
    return 0 if report["llama_cpp"]["available"] else 1


def run_cli(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    try:
        return handler(args)
    except Exception as exc:
        # UserError, and errors of other layers marked user_facing (models/), are
        # sentences for a person; anything else is a bug and keeps its traceback.
        if not (isinstance(exc, UserError) or getattr(exc, "user_facing", False)):
            raise
        print(f"loopcoach: {exc}", file=sys.stderr)
        return 2


# The options of a plain `loopcoach` (the window); anything else goes to the full parser.
_WINDOW_FLAGS = frozenset({"--quit-after-show"})


def _opens_the_window(argv: Sequence[str]) -> bool:
    tokens = iter(argv)
    for token in tokens:
        if token == "--home":
            if next(tokens, None) is None:
                return False  # let the full parser say what is missing
        elif not (token.startswith("--home=") or token in _WINDOW_FLAGS):
            return False
    return True


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    given = sys.argv[1:] if argv is None else list(argv)
    # A plain `loopcoach` (the window) skips importing every subcommand's modules.
    return build_parser(subcommands=not _opens_the_window(given)).parse_args(given)
