"""Synthetic names: romanisation of Arabic- and Cyrillic-script names and spelling variants."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from tessera.demo.names import NamePools, romanise_arabic, romanise_cyrillic, spelling_variant

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "ةىأإآءئؤپچژگکی"
arabic_words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=12)
cyrillic_words = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ", min_size=1, max_size=12
)


@given(st.lists(arabic_words, min_size=1, max_size=3))
def test_arabic_script_romanises_to_ascii(words: list[str]) -> None:
    latin = romanise_arabic(" ".join(words))
    assert latin.isascii()
    assert latin == romanise_arabic(" ".join(words))


@given(st.lists(cyrillic_words, min_size=1, max_size=3))
def test_cyrillic_romanises_to_ascii(words: list[str]) -> None:
    latin = romanise_cyrillic(" ".join(words))
    assert latin.isascii()


def test_usual_spellings_and_known_renderings() -> None:
    assert romanise_arabic("محمد عبد الله") == "Mohammed Abdullah"
    assert romanise_arabic("حجازي") == "Hajazi"
    assert romanise_cyrillic("Иван Сидоров") == "Ivan Sidorov"


@given(st.from_regex(r"[A-Z][a-z]{2,10} [A-Z][a-z]{2,10}", fullmatch=True), st.integers(0, 2**32))
def test_spelling_variant_differs_and_is_deterministic(name: str, seed: int) -> None:
    variant = spelling_variant(name, random.Random(seed))
    assert variant != name
    assert variant == spelling_variant(name, random.Random(seed))


def test_identities_pair_latin_names_with_their_original_script() -> None:
    pools = NamePools(3)
    rng = random.Random(3)
    for origin, check in (
        ("arabic", romanise_arabic),
        ("persian", romanise_arabic),
        ("russian", romanise_cyrillic),
    ):
        for _ in range(50):
            ident = pools.identity(origin, rng)
            assert ident.script_name is not None and ident.script_name in ident.aliases
            assert ident.name.isascii()
            first, last = ident.script_name.rsplit(" " + (ident.script_last or ""), 1)[0], ident.script_last
            assert f"{check(first)} {check(last or '')}" == ident.name
            relative = pools.relative(ident, rng, "male")
            assert relative.script_last is not None
            if origin != "russian":
                assert relative.last == ident.last
