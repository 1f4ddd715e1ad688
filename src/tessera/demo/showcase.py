"""Showcase records with fixed keys, names and markings that demos and end-to-end tests rely on.

Each entity is a ``Person``; tests search for the value of its ``name`` property
(``World.showcase_names[label]``). What each label demonstrates, for the personas
"Dutch analyst" (nl-analyst, agency NL) and "Belgian analyst" (be-analyst, agency BE), both cleared
confidential:

- ``be_only_discoverable`` (contributed by FR): every fact ``partners ["BE"]``, discoverable,
  restricted. The Belgian analyst reads it; the Dutch analyst only gets a hit (it exists, ask FR).
- ``hidden_not_discoverable`` (FR): ``partners ["BE"]``, not discoverable. Belgium reads it; the
  Netherlands neither reads nor discovers it.
- ``members_shared`` (DE): ``members``, restricted, discoverable. Both analysts read it; bank
  officers (cleared unclassified) do not.
- ``nl_own`` (NL): ``agency``, confidential, not discoverable. Only the Netherlands reads it.
- ``group_five_ct`` (US): ``group FIVE-CT``, discoverable. NL (a member) reads it; BE gets a hit.
- ``mixed_markings`` (NL): one person, facts under different markings: name, birth date and
  nationality ``members``; passport number ``partners ["BE"]``; address ``partners ["BE", "DE"]``;
  a background note ``agency`` confidential. Belgium sees name + passport + address, Germany name +
  address, France the name only.
- ``cross_script_jo`` (JO) and ``cross_script_nl`` (NL): the same person, reported in Arabic script
  by Jordan and in Latin script by the Netherlands (same birth date), both ``members``: a
  cross-script match.
"""

from __future__ import annotations

from tessera.demo import marks
from tessera.demo.build import Builder
from tessera.demo.specs import MarkingDict

NL_BE = marks.partners(["BE"])

# label -> (key, agency, name, birthDate, nationality, gender, marking)
SHOWCASE: dict[str, tuple[str, str, str, str, str, str, MarkingDict]] = {
    "be_only_discoverable": ("showcase-be-only", "FR", "Samir Okhtarbay", "1991-03-14", "fr", "male", NL_BE),
    "hidden_not_discoverable": (
        "showcase-hidden",
        "FR",
        "Idris Kelmouane",
        "1988-11-02",
        "fr",
        "male",
        marks.mark("partners", partners=["BE"], discoverable=False),
    ),
    "members_shared": (
        "showcase-members",
        "DE",
        "Walid Brauneck",
        "1993-07-21",
        "de",
        "male",
        marks.members(),
    ),
    "nl_own": (
        "showcase-nl-own",
        "NL",
        "Youssef Terhaaren",
        "1996-01-30",
        "nl",
        "male",
        marks.own("confidential", discoverable=False),
    ),
    "group_five_ct": (
        "showcase-five-ct",
        "US",
        "Tariq Hollowell",
        "1990-05-09",
        "us",
        "male",
        marks.group("FIVE-CT"),
    ),
    "mixed_markings": (
        "showcase-mixed",
        "NL",
        "Hamza El Ouarzazi",
        "1994-09-17",
        "nl",
        "male",
        marks.members(),
    ),
    "cross_script_jo": (
        "showcase-xscript-jo",
        "JO",
        "أنس قديمات",
        "1989-04-04",
        "jo",
        "male",
        marks.members(),
    ),
    "cross_script_nl": (
        "showcase-xscript-nl",
        "NL",
        "Anas Qudeimat",
        "1989-04-04",
        "jo",
        "male",
        marks.members(),
    ),
}


def add_showcase(b: Builder) -> tuple[dict[str, str], dict[str, str]]:
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for label, (key, agency, name, born, nationality, gender, mark) in SHOWCASE.items():
        b.add(
            key,
            "Person",
            agency,
            mark,
            [
                ("name", name),
                ("birthDate", born),
                ("nationality", nationality),
                ("gender", gender),
                ("topics", "crime.terror"),
            ],
            watch=True,
            tags=("showcase", label),
        )
        keys[label] = key
        names[label] = name
    mixed = b.by_key["showcase-mixed"]
    passport_mark = marks.partners(["BE"])
    address_mark = marks.partners(["BE", "DE"])
    mixed.add_fact("passportNumber", "NXR4K72P5", passport_mark)
    mixed.add_fact("address", "Kade 12, 3011 AB Rotterdam", address_mark)
    b.add(
        "showcase-mixed-passport",
        "Passport",
        "NL",
        passport_mark,
        [
            ("holder", "showcase-mixed"),
            ("number", "NXR4K72P5"),
            ("country", "nl"),
            ("type", "passport"),
        ],
        tags=("showcase",),
    )
    b.add(
        "showcase-mixed-note",
        "Note",
        "NL",
        marks.own("confidential"),
        [
            ("entity", "showcase-mixed"),
            ("name", "Background"),
            (
                "description",
                "Returned from the conflict zone in 2019; handled under the national reintegration "
                "programme. Source reporting not for onward dissemination.",
            ),
        ],
        tags=("showcase",),
    )
    b.by_key["showcase-xscript-nl"].add_fact("alias", "Anas Qudaimat", marks.members())
    return keys, names
