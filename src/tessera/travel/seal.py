"""Sealing the originals of depersonalised travel data (pure: no storage).

At depersonalisation (6 months) the original parsed message is encrypted with the seal key
(Fernet: AES-128-CBC with HMAC-SHA256, authenticated) and only the ciphertext is stored; a wrong
key or an altered payload cannot be opened. The key comes from ``TESSERA_SEAL_KEY``; without it,
one is derived from the application secret (development and tests only).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from tessera.errors import ConfigError


class SealError(ConfigError):
    """The sealed payload cannot be opened (wrong seal key, or altered)."""

    code = "seal_error"


def key_from_secret(secret: str) -> str:
    digest = hashlib.sha256(b"tessera-travel-seal\x00" + secret.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


class Sealer:
    def __init__(self, key: str) -> None:
        try:
            self._fernet = Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise ConfigError(
                "TESSERA_SEAL_KEY must be 32 bytes in URL-safe base64 (Fernet.generate_key())."
            ) from exc

    @classmethod
    def for_settings(cls, seal_key: str, secret: str) -> Sealer:
        return cls(seal_key or key_from_secret(secret))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise SealError("the sealed data cannot be opened with this key") from exc
