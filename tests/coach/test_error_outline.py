"""What the log keeps of an exception: its type and place, never its message."""

from __future__ import annotations

from coach.errors import outline


def _parse(text: str) -> None:
    raise ValueError(f"cannot read {text!r}")


def test_the_outline_names_the_type_and_place_but_not_the_words() -> None:
    try:
        try:
            _parse("Led the Quillfeather migration")
        except ValueError as exc:
            raise RuntimeError("while reading jane.doe@example.org's CV") from exc
    except RuntimeError as exc:
        text = outline(exc)
    assert text.startswith("builtins.RuntimeError at test_error_outline.py:")
    assert "caused by builtins.ValueError at test_error_outline.py:" in text and "_parse" in text
    assert "Quillfeather" not in text and "jane.doe" not in text
