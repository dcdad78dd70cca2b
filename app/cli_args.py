"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def parsed_by(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Wrap a parser so argparse prints its message ("choose one of ...")."""

    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    convert.__name__ = parse.__name__
    return convert
