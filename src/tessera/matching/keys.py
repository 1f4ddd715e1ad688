"""Index keys for names and identifiers, shared by the store's search index and the screening index.

- ``name_keys(name) -> set[str]``: blocking keys for a name in any script (phonetic tokens and
  consonant skeletons, see :mod:`tessera.matching.text`).
- ``identifier_key(value) -> str``: canonical form of an identifier (document number etc.).
- ``name_tokens(name) -> list[str]``: normalised Latin tokens of a name.
"""

from __future__ import annotations

import re

from tessera.matching import text

# The version of the key functions below. Stored keys derived with another version are rebuilt from
# the stored statements when the database is upgraded: bump it whenever normalisation changes keys.
KEYS_VERSION = 2

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def name_tokens(name: str) -> list[str]:
    return text.to_latin(name).split()


def name_keys(name: str) -> set[str]:
    form = text.name_form(name)
    keys = {"n:" + p for p in form.phon if len(p) >= 2} | {"k:" + s for s in form.skel if len(s) >= 2}
    keys |= {"n:" + tok for tok in name_tokens(name) if len(tok) >= 2}
    return keys


def identifier_key(value: str) -> str:
    return "i:" + _NON_ALNUM.sub("", text.to_latin(value))
