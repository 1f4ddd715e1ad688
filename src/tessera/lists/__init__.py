"""Sanctions and watch list formats (pure parsers) and list differences."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tessera.errors import ErrorDetail, ValidationError
from tessera.lists.eu import read_eu_xml
from tessera.lists.ftm import read_ftm_jsonl
from tessera.lists.model import ListEntry, ParsedList, RowProblem
from tessera.lists.ofac import read_ofac_csv
from tessera.lists.un import read_un_xml

READERS: dict[str, Callable[[Path], ParsedList]] = {
    "ofac-csv": read_ofac_csv,
    "un-xml": read_un_xml,
    "eu-xml": read_eu_xml,
    "ftm": read_ftm_jsonl,
}


def read_list(path: Path, fmt: str) -> ParsedList:
    reader = READERS.get(fmt)
    if reader is None:
        raise ValidationError(
            f"Unknown list format {fmt!r}.", details=[ErrorDetail("format", f"one of {', '.join(READERS)}")]
        )
    if not path.exists():
        raise ValidationError(
            f"{path} does not exist.", details=[ErrorDetail("path", "give a file or folder")]
        )
    return reader(path)


__all__ = ["READERS", "ListEntry", "ParsedList", "RowProblem", "read_list"]
