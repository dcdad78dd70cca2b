"""Opening the data folder's database sealed under its data key, and rotating that key.

On open, the key file and the database's `encryption` row are reconciled: a rotation
cut short by a crash is finished (the database already holds the new key's values) or
dropped (it does not); a folder from before encryption is sealed, then scrubbed so no
plain value stays in free pages or the WAL.
"""

from __future__ import annotations

from app.data_keys import KeyKeeper
from app.paths import DataPaths
from coach.errors import UserError
from coach.storage.codec import SealedCodec
from coach.storage.damage import NamingCodec, notices, survey
from coach.storage.db import Database
from coach.storage.keyfile import KEYRING, DataKey
from coach.storage.sealing import reseal, scrub, sealed_key_id


def open_sealed_database(
    paths: DataPaths, keeper: KeyKeeper
) -> tuple[Database, DataKey, list[str]]:
    """The folder's database, unlocked and sealed, the data key it is sealed under, and a
    sentence for each damaged value (see coach/storage/damage.py)."""
    keys = keeper.load()
    if keys is None:
        _refuse_sealed_without_key(paths)
        # The database first, then its key: a kill in between leaves an empty database
        # without a key (made again next time), never a key whose database seems deleted.
        Database(paths.database).close()
        key, pending = keeper.create(), None
        keys = keeper.load()
        assert keys is not None
    else:
        _refuse_missing_database(paths)
        key, pending = keeper.unlock(keys)
    db = Database(paths.database, codec=SealedCodec(key.secret))
    try:
        sealed = sealed_key_id(db)
        if keys.pending is not None:
            if pending is not None and sealed == pending.key_id:
                keeper.finish_rotation(keys)
                db.codec, key = SealedCodec(pending.secret), pending
            else:
                keeper.abandon_rotation(keys)
        if sealed is None:
            reseal(db, old=db.codec, new=db.codec, key_id=key.key_id)
            scrub(db)
        elif sealed != key.key_id:
            raise UserError(
                f"The database in {paths.root} was sealed under another key than the one "
                "its key file names, so it cannot be opened.",
                hint="Restore the folder from a backup archive, or wipe it to start again.",
            )
        damage = survey(db.conn, db.codec)
        said = notices(damage, db.conn, db.codec)
        if damage:
            db.damaged_documents = frozenset(
                item.document_id for item in damage if item.document_id is not None
            )
            db.codec = NamingCodec(db.codec, damage, db.conn)
    except BaseException:
        db.close()
        raise
    return db, key, said


def _refuse_missing_database(paths: DataPaths) -> None:
    """A key file without its database: the database was deleted or moved. Making a new,
    empty one would show an empty library as if nothing had ever been added."""
    if paths.database.exists():
        return
    raise UserError(
        f"The database of the data folder {paths.root} is missing ({paths.database.name} "
        "is not there, but its key file is), so none of your data can be shown.",
        hint="Put the file back or restore the folder from a backup archive (loopcoach "
        "backup import FILE --home NEW_FOLDER); to start again with an empty library, "
        "wipe the folder (loopcoach wipe).",
    )


def _refuse_sealed_without_key(paths: DataPaths) -> None:
    if not paths.database.exists():
        return
    probe = Database(paths.database)
    try:
        sealed = sealed_key_id(probe)
    finally:
        probe.close()
    if sealed is not None:
        raise UserError(
            f"The key file of the data folder {paths.root} is missing, so its data "
            "cannot be opened.",
            hint="Restore the folder from a backup archive (loopcoach backup import), or "
            "wipe it to start again (loopcoach wipe).",
        )


def rotate_data_key(db: Database, keeper: KeyKeeper, *, passphrase: str | None = None) -> DataKey:
    """Re-seal every value under a new key, and return it. Run it while nothing else
    writes (the CLI, or the window with no task running)."""
    keys = keeper.load()
    if keys is None:
        raise UserError("This data folder has no key file to rotate.")
    if keys.current.place != KEYRING:
        if passphrase is None:
            raise UserError("Give the folder's passphrase to change its key.")
        keys.current.unwrap(passphrase)  # a wrong passphrase stops here, before any change
    new: DataKey = keeper.begin_rotation(keys, passphrase=passphrase)
    sealer = SealedCodec(new.secret)
    reseal(db, old=db.codec, new=sealer, key_id=new.key_id)
    db.codec = sealer
    keeper.finish_rotation(keeper.load() or keys)
    scrub(db)
    return new
