"""Real places used by the synthetic world: countries of origin, cities, conflict zones, document formats."""

from __future__ import annotations

import random
import string

# country of an agency -> origin of "local" names there
LOCAL_ORIGIN: dict[str, str] = {
    "NL": "dutch",
    "BE": "flemish",
    "FR": "french",
    "DE": "german",
    "AT": "german",
    "CH": "german",
    "GB": "english",
    "IE": "english",
    "US": "american",
    "CA": "american",
    "ES": "spanish",
    "PT": "spanish",
    "IT": "italian",
    "GR": "italian",
    "SE": "swedish",
    "DK": "swedish",
    "NO": "swedish",
    "FI": "swedish",
    "PL": "german",
    "TR": "turkish",
    "MA": "maghrebi",
    "TN": "maghrebi",
    "JO": "arabic",
    "IQ": "arabic",
    "LB": "arabic",
    "AE": "arabic",
}

# origin -> countries where such names come from
ORIGIN_COUNTRIES: dict[str, tuple[str, ...]] = {
    "arabic": ("SY", "IQ", "JO", "LB", "SA", "EG"),
    "maghrebi": ("MA", "DZ", "TN", "LY"),
    "turkish": ("TR",),
    "russian": ("RU",),
    "persian": ("IR", "AF"),
    "pakistani": ("PK",),
}

CITIES: dict[str, tuple[str, ...]] = {
    "SY": ("Aleppo", "Homs", "Raqqa", "Deir ez-Zor", "Idlib", "Damascus"),
    "IQ": ("Mosul", "Baghdad", "Fallujah", "Kirkuk", "Tikrit"),
    "JO": ("Zarqa", "Amman", "Irbid", "Ma'an"),
    "LB": ("Tripoli", "Sidon", "Beirut"),
    "SA": ("Riyadh", "Jeddah", "Buraydah"),
    "EG": ("Cairo", "Alexandria", "Asyut"),
    "MA": ("Casablanca", "Tangier", "Tetouan", "Nador", "Fes", "Al Hoceima"),
    "DZ": ("Algiers", "Oran", "Constantine"),
    "TN": ("Tunis", "Sfax", "Bizerte", "Kairouan", "Ben Gardane"),
    "LY": ("Benghazi", "Derna", "Misrata"),
    "TR": ("Istanbul", "Gaziantep", "Ankara", "Konya", "Adana"),
    "RU": ("Grozny", "Makhachkala", "Nalchik", "Kazan"),
    "IR": ("Tehran", "Mashhad", "Ahvaz"),
    "AF": ("Kabul", "Herat", "Jalalabad"),
    "PK": ("Lahore", "Karachi", "Peshawar"),
    "AE": ("Dubai", "Sharjah", "Abu Dhabi"),
}

CONFLICT_ZONES: tuple[tuple[str, str], ...] = (
    ("Syria", "sy"),
    ("Iraq", "iq"),
    ("Somalia", "so"),
    ("Mali", "ml"),
    ("Yemen", "ye"),
    ("Afghanistan", "af"),
    ("Libya", "ly"),
)

ROUTES: tuple[str, ...] = (
    "via Istanbul and Gaziantep",
    "via Antalya by bus to the border",
    "via Tunis and the Libyan border",
    "overland through the Balkans",
    "via Athens and Izmir",
    "via Casablanca and Bamako",
    "via Dubai and Sanaa",
    "via Moscow and Tbilisi",
)

OUTCOMES: tuple[tuple[str, float], ...] = (
    ("returnee", 0.35),
    ("in conflict zone", 0.2),
    ("presumed deceased", 0.1),
    ("prevented from travelling", 0.15),
    ("detained in the region", 0.1),
    ("aspirant", 0.1),
)

_NO_O = "ABCDEFGHIJKLMNPQRSTUVWXYZ"
_DE = "CFGHJKLMNPRTVWXYZ0123456789"


def passport_number(country: str, rng: random.Random) -> str:
    """A document number in the country's usual shape (never a real document)."""
    digits = string.digits

    def pick(chars: str, n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    c = country.upper()
    if c == "NL":
        return pick(_NO_O, 2) + pick(_NO_O + digits, 6) + pick(digits, 1)
    if c == "BE":
        return pick(string.ascii_uppercase, 2) + pick(digits, 6)
    if c == "FR":
        return pick(digits, 2) + pick(string.ascii_uppercase, 2) + pick(digits, 5)
    if c == "DE":
        return "C" + pick(_DE, 8)
    if c in ("GB", "US", "CA"):
        return pick(digits, 9)
    if c == "TR":
        return "U" + pick(digits, 8)
    return pick(string.ascii_uppercase, 1) + pick(digits, 7)


def _iban_check(country: str, bban: str) -> str:
    raw = bban + country + "00"
    number = "".join(str(int(ch, 36)) for ch in raw)
    return f"{98 - int(number) % 97:02d}"


def iban(country: str, rng: random.Random) -> str:
    """A checksum-valid IBAN for NL, BE or DE (synthetic account numbers)."""
    c = country.upper()
    if c == "BE":
        head = "".join(rng.choice(string.digits) for _ in range(10))
        check = int(head) % 97 or 97
        bban = f"{head}{check:02d}"
    elif c == "DE":
        bban = "".join(rng.choice(string.digits) for _ in range(18))
    else:
        c = "NL"
        bank = rng.choice(("ABNA", "INGB", "RABO", "SNSB", "TRIO"))
        bban = bank + "".join(rng.choice(string.digits) for _ in range(10))
    return f"{c}{_iban_check(c, bban)}{bban}"
