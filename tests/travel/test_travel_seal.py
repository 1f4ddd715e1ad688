"""Sealing depersonalised originals: encrypted, authenticated, only the right key opens them."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from tessera.errors import ConfigError
from tessera.travel.seal import Sealer, SealError, key_from_secret


def test_sealed_text_opens_with_its_key_only() -> None:
    sealer = Sealer.for_settings(Fernet.generate_key().decode(), "unused")
    token = sealer.seal('{"surname": "BENALI", "documents": ["FR7788990"]}')
    assert "BENALI" not in token and "FR7788990" not in token
    assert "BENALI" in sealer.open(token)
    with pytest.raises(SealError):
        Sealer(key_from_secret("another secret")).open(token)
    with pytest.raises(SealError):
        sealer.open(token[:-4] + "AAAA")  # altered


def test_without_a_seal_key_one_is_derived_from_the_secret_and_a_bad_key_is_refused() -> None:
    a, b = Sealer.for_settings("", "s1"), Sealer.for_settings("", "s1")
    assert b.open(a.seal("x")) == "x"
    with pytest.raises(ConfigError):
        Sealer("not a key")
