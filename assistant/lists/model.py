"""Negative lists as data (SPEC §6): the format a list file must have.

A negative list names the data that still needs a mechanism (security assessment, or standard contract /
certification) for processors in a covered field; everything else in that field is exempt (M8, P6¶2). The
official Shanghai tables could not be obtained, so the repo ships an ILLUSTRATIVE sample: every verdict that
rests on a list with `status: illustrative` must say so (the rule engine adds the warning).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.models import Route

DataKind = Literal["important_data", "personal_information"]
ListStatus = Literal["official", "illustrative"]
ZoneId = str  # shanghai_ftz, lingang, or another FTZ's id (beijing, tianjin, hainan…)

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class Thresholds(BaseModel):
    """Volume conditions an entry states. Only these keys are understood, so a list cannot state a condition
    the engine would silently ignore."""

    model_config = ConfigDict(extra="forbid")

    defer_to_national: bool = Field(
        default=False, description="The entry leaves the choice of mechanism to the national thresholds (P7, P8)."
    )
    people_at_least: int | None = Field(
        default=None, ge=1, description="The entry covers the data only from this many people (non-sensitive PI), since 1 January."
    )
    sensitive_people_at_least: int | None = Field(
        default=None, ge=1, description="The entry covers the data only from this many people's sensitive PI, since 1 January."
    )
    note: str | None = Field(default=None, description="The list's own wording of the condition.")


class ListItem(BaseModel):
    """One row of a negative list."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID_PATTERN, description="Item id, unique in the list, e.g. 'RI-L-01'.")
    category: str = Field(min_length=1, description="数据类别.")
    subcategory: str = Field(min_length=1, description="数据子类.")
    description: str = Field(min_length=1, description="Description of the data's basic characteristics.")
    data_kind: DataKind = Field(description="important_data or personal_information.")
    route: Route = Field(description="The mechanism the entry requires.")
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Conditions as the list states them.")
    keywords: list[str] = Field(
        default_factory=list, description="Extra words users use for this data (any language), for matching only."
    )

    @property
    def stated(self) -> str:
        """The item as the list states it: what a list-item citation quotes and the verifier checks."""
        return f"{self.category}／{self.subcategory}：{self.description}"


class Scenario(BaseModel):
    """A business scenario (业务场景) inside a sector."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1)
    items: list[ListItem] = Field(min_length=1)


class Sector(BaseModel):
    """A field (行业、领域) the list covers."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID_PATTERN, description="Sector id, e.g. 'reinsurance' (matches Facts.sector).")
    name: str = Field(min_length=1, description="Name as the list writes it, e.g. '再保险'.")
    aliases: list[str] = Field(default_factory=list, description="Other names users give the field (any language).")
    scenarios: list[Scenario] = Field(min_length=1)


class AppliesTo(BaseModel):
    """Who may use the list."""

    model_config = ConfigDict(extra="forbid")

    zones: list[ZoneId] = Field(min_length=1, description="Zone ids: shanghai_ftz, lingang, or another FTZ's id.")
    excludes_ciio: bool = Field(default=True, description="CIIOs may not use the list (P7(1) governs them).")


class NegativeList(BaseModel):
    """A data-export negative list (SPEC §6)."""

    model_config = ConfigDict(extra="forbid")

    list_id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    status: ListStatus
    edition: str = Field(min_length=1)
    applies_to: AppliesTo
    source: str = Field(min_length=1, description="Where the list comes from; for a sample, what it is modelled on.")
    effective: date | None = Field(
        default=None, description="Date the edition takes effect; none: in force until a later edition replaces it."
    )
    repealed: date | None = Field(default=None, description="Date the edition stops applying without a successor.")
    supersedes: str | None = Field(
        default=None, pattern=_ID_PATTERN,
        description="list_id of the edition this one replaces from its `effective` date (editions of one list).",
    )
    sectors: list[Sector] = Field(min_length=1)
    path: str | None = Field(default=None, exclude=True, description="File the list was read from (not part of the format).")

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, value: Any) -> Any:
        # YAML reads `edition: 2024` as an int; the edition is a label.
        return str(value) if isinstance(value, int) else value

    def entries(self) -> Iterator[tuple[Sector, Scenario, ListItem]]:
        for sector in self.sectors:
            for scenario in sector.scenarios:
                for item in scenario.items:
                    yield sector, scenario, item

    def find_item(self, item_id: str) -> tuple[Sector, Scenario, ListItem] | None:
        for entry in self.entries():
            if entry[2].id == item_id:
                return entry
        return None

    def find_sector(self, name: str) -> Sector | None:
        """The sector whose id, name or alias is `name` (case-insensitive)."""
        wanted = name.strip().casefold()
        for sector in self.sectors:
            if wanted in {sector.id.casefold(), sector.name.casefold(), *(a.casefold() for a in sector.aliases)}:
                return sector
        # "再保险业务" names the 再保险 field; the reverse ("保险" ⊂ "再保险") would widen the field, so only
        # a longer phrase containing a name counts.
        for sector in self.sectors:
            names = [sector.name, *sector.aliases]
            if any(len(n) >= 2 and not n.isascii() and n.casefold() in wanted for n in names):
                return sector
        return None

    def applies_in(self, zone: str | None) -> bool:
        return zone is not None and zone in self.applies_to.zones
