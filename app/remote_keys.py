"""Where a model server's API key is kept: the OS keyring when there is one, otherwise
sealed with the data folder's key (AES-256-GCM, as every stored value) inside
remote.json. The key never sits in a file in the clear, and never in a log."""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Callable

from app.data_keys import SERVICE, SystemKeyring
from coach.storage.codec import CorruptValueError, SealedCodec
from coach.storage.keyfile import DataKey
from models.errors import ModelError
from models.remote_store import RemoteModel


def _username(name: str) -> str:
    return f"model-server-{name}"


class RemoteApiKeys:
    def __init__(self, keyring: SystemKeyring, data_key: Callable[[], DataKey]) -> None:
        self._keyring = keyring
        self._data_key = data_key  # asked each time: a key rotation changes it

    def put(self, name: str, key: str) -> tuple[str, str]:
        if self._keyring.usable():
            import keyring  # noqa: PLC0415

            keyring.set_password(SERVICE, _username(name), key)
            return "keyring", ""
        data_key = self._data_key()
        sealed = SealedCodec(data_key.secret).encode(key)
        return "sealed", f"{data_key.key_id}:{base64.b64encode(sealed).decode('ascii')}"

    def get(self, model: RemoteModel) -> str:
        if model.key_store == "keyring":
            import keyring  # noqa: PLC0415
            from keyring.errors import KeyringError  # noqa: PLC0415

            try:
                value = keyring.get_password(SERVICE, _username(model.name))
            except KeyringError as exc:
                raise ModelError(
                    f"The API key of {model.name} could not be read from the keyring: {exc}.",
                    hint="Unlock the keyring (log in to the desktop session) and try again.",
                ) from exc
            if value is None:
                raise ModelError(
                    f"The API key of {model.name} is not in the keyring any more.",
                    hint=f"Set it again: loopcoach models remote add {model.name} "
                    f"{model.base_url} --api-key-from-keyring",
                )
            return value
        if model.key_store == "sealed":
            return self._unseal(model)
        return ""

    def _unseal(self, model: RemoteModel) -> str:
        data_key = self._data_key()
        key_id, _, text = model.sealed_key.partition(":")
        again = f"Set it again on the Models page, or: loopcoach models remote add {model.name} "
        if key_id != data_key.key_id:
            raise ModelError(
                f"The API key of {model.name} was sealed under an earlier data key.",
                hint=again + model.base_url,
            )
        try:
            return SealedCodec(data_key.secret).decode(base64.b64decode(text, validate=True))
        except (CorruptValueError, binascii.Error, ValueError) as exc:
            raise ModelError(
                f"The stored API key of {model.name} does not open.", hint=again + model.base_url
            ) from exc

    def delete(self, model: RemoteModel) -> None:
        if model.key_store == "keyring":
            import keyring  # noqa: PLC0415
            from keyring.errors import KeyringError, PasswordDeleteError  # noqa: PLC0415

            with contextlib.suppress(PasswordDeleteError, KeyringError):
                keyring.delete_password(SERVICE, _username(model.name))
