"""SSR codes that reveal protected characteristics; never kept, never usable in rules.

EU PNR directive 2016/681 art. 13(4) forbids processing data revealing racial or ethnic origin,
political opinions, religion or philosophical beliefs, trade-union membership, health, sex life or
sexual orientation. In PNR data these arrive as special service requests: religious and medical
meals reveal religion or health, assistance codes reveal health. The parser drops them (counting
them in ``ParsedMessage.withheld_sensitive``) and the rule compiler refuses them as values.
"""

from __future__ import annotations

SENSITIVE_SSR = frozenset(
    {
        "AVML",
        "BBML",
        "BLML",
        "CHML",
        "DBML",
        "FPML",
        "GFML",
        "HFML",
        "HNML",
        "KSML",
        "LCML",
        "LFML",
        "LPML",
        "LSML",
        "MOML",
        "NLML",
        "ORML",
        "PRML",
        "RVML",
        "SFML",
        "SPML",
        "VGML",
        "VJML",
        "VLML",
        "VOML",
        "WCHR",
        "WCHS",
        "WCHC",
        "WCBD",
        "WCBW",
        "WCMP",
        "WCOB",
        "MEDA",
        "BLND",
        "DEAF",
        "DPNA",
        "OXYG",
        "STCR",
        "MAAS",
        "PRGN",
        "SVAN",
        "ESAN",
    }
)
