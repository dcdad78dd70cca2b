"""Values sealed with AES-256-GCM, re-sealed under a new key, and nothing plain left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.library.service import Library
from coach.library.store import LibraryStore
from coach.storage.codec import CorruptValueError, PlainCodec, SealedCodec
from coach.storage.db import Database
from coach.storage.sealing import codec_columns, plain_values, reseal, scrub, sealed_key_id

SECRET_TEXT = "Led the Quillfeather migration for 37 teams"


def _files_contain(folder: Path, needle: bytes) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes()]


def test_a_sealed_value_opens_only_with_its_key_and_detects_tampering() -> None:
    codec = SealedCodec(os.urandom(32))
    blob = codec.encode(SECRET_TEXT)
    assert blob[0] == 0x01 and SECRET_TEXT.encode() not in blob
    assert codec.decode(blob) == SECRET_TEXT
    assert codec.encode(SECRET_TEXT) != blob  # a fresh nonce each time
    with pytest.raises(CorruptValueError, match="does not open with this key"):
        SealedCodec(os.urandom(32)).decode(blob)
    altered = bytearray(blob)
    altered[-1] ^= 1
    with pytest.raises(CorruptValueError):
        codec.decode(bytes(altered))
    with pytest.raises(ValueError, match="32 bytes"):
        SealedCodec(b"short")


def test_fingerprints_are_keyed_under_sealing() -> None:
    key = os.urandom(32)
    assert SealedCodec(key).fingerprint("cv") == SealedCodec(key).fingerprint("cv")
    assert SealedCodec(key).fingerprint("cv") != SealedCodec(os.urandom(32)).fingerprint("cv")
    assert SealedCodec(key).fingerprint("cv") != PlainCodec().fingerprint("cv")


def _plain_library(path: Path) -> int:
    """A library written before encryption (the plain codec)."""
    db = Database(path)
    cv = f"Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- {SECRET_TEXT}\n"
    document_id = Library(db).ingest_text(cv, "cv").document_id
    db.close()
    return document_id


def test_a_plain_database_is_sealed_in_place_and_scrubbed(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    document_id = _plain_library(path)
    assert _files_contain(tmp_path, SECRET_TEXT.encode())

    codec = SealedCodec(os.urandom(32))
    db = Database(path, codec=codec)
    assert sealed_key_id(db) is None and plain_values(db) > 0
    written = reseal(db, old=codec, new=codec, key_id="k1")
    scrub(db)
    assert written > 0 and plain_values(db) == 0 and sealed_key_id(db) == "k1"
    store = LibraryStore(db)
    assert SECRET_TEXT in store.document_text(document_id)
    assert store.find_by_hash("cv", codec.fingerprint(store.document_text(document_id)))
    db.close()
    assert _files_contain(tmp_path, SECRET_TEXT.encode()) == []
    assert _files_contain(tmp_path, b"Quillfeather") == []


def test_resealing_moves_every_value_to_the_new_key(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    document_id = _plain_library(path)
    old, new = SealedCodec(os.urandom(32)), SealedCodec(os.urandom(32))
    db = Database(path, codec=old)
    reseal(db, old=old, new=old, key_id="old")
    reseal(db, old=old, new=new, key_id="new")
    db.codec = new
    assert sealed_key_id(db) == "new"
    assert SECRET_TEXT in LibraryStore(db).document_text(document_id)
    with pytest.raises(CorruptValueError):
        old.decode(db.conn.execute("SELECT raw_text FROM documents").fetchone()[0])
    db.close()


def test_every_blob_column_is_found_from_the_schema(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    columns = codec_columns(db.conn)
    assert "raw_text" in columns["documents"]
    assert {"question", "answer", "note", "audio_path"} <= set(columns["refresh_turns"])
    assert "transcript" in columns["deliveries"] and "notes" in columns["opportunity_notes"]
    assert "encryption" not in columns  # holds a key id, never a key or text
    db.close()
