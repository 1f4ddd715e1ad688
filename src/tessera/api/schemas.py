"""Request bodies at the API edge (pydantic v2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prop: str
    value: str
    marking: dict[str, Any] | None = None


class EntityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_name: str = Field(alias="schema")
    properties: dict[str, list[str] | str] = Field(default_factory=dict)
    marking: dict[str, Any] | None = None
    facts: list[FactIn] = Field(default_factory=list)
    watch: bool = False


class EntityPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    properties: dict[str, list[str] | str] | None = None
    marking: dict[str, Any] | None = None


class AccessRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str
    purpose: str


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str
    until: datetime | None = None
    reason: str | None = None


class ImportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    marking: dict[str, Any] | None = None
    entities: list[dict[str, Any]]


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str
    reason: str = ""
