"""Index keys for names and identifiers, shared by the store's search index and the screening index.

Interface (stable, used by ``tessera.store``):
- ``name_keys(name) -> set[str]``: blocking keys for a name in any script.
- ``identifier_key(value) -> str``: canonical form of an identifier (document number etc.).
- ``name_tokens(name) -> list[str]``: normalised Latin tokens of a name.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def name_tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold()
    latin = anyascii(text).lower()
    return [tok for tok in _NON_ALNUM.split(latin) if tok]


def name_keys(name: str) -> set[str]:
    keys: set[str] = set()
    for tok in name_tokens(name):
        keys.add(f"t:{tok}")
    return keys


def identifier_key(value: str) -> str:
    return "i:" + _NON_ALNUM.sub("", anyascii(value).lower())
