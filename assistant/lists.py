"""Negative lists as data (SPEC §6): the format, a loader whose errors name file, line and field, a CSV/XLSX
importer, and matching a user's own words to list items.

A negative list names the data that still needs a mechanism (security assessment, or standard contract /
certification) for processors in a covered field; everything else in that field is exempt (M8, P6¶2). The
official Shanghai tables could not be obtained, so the repo ships an ILLUSTRATIVE sample: every verdict that
rests on a list with `status: illustrative` must say so (the rule engine adds the warning).
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.models import ListMatch

Route = Literal["security_assessment", "standard_contract_or_certification"]
DataKind = Literal["important_data", "personal_information"]
ListStatus = Literal["official", "illustrative"]
ZoneId = str  # shanghai_ftz, lingang, or another FTZ's id (beijing, tianjin, hainan…)

_REPO_ROOT = Path(__file__).resolve().parents[1]
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


# --------------------------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class ListError:
    """One problem in a list file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.message}"


class ListValidationError(ValueError):
    """A list file (or several) failed validation; `errors` name file, line and field."""

    def __init__(self, errors: Sequence[ListError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _field_path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _line_of(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """1-based line of the YAML node at `loc`; for a missing key, the line of its parent mapping."""
    node = root
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == part:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            return line
        node = child
    return line


def _semantic_errors(lst: NegativeList) -> list[tuple[tuple[int | str, ...], str]]:
    """Checks pydantic cannot express: unique ids, a list that says which zones it serves."""
    problems: list[tuple[tuple[int | str, ...], str]] = []
    seen_items: dict[str, str] = {}
    seen_sectors: set[str] = set()
    for si, sector in enumerate(lst.sectors):
        if sector.id in seen_sectors:
            problems.append((("sectors", si, "id"), f"duplicate sector id {sector.id!r}"))
        seen_sectors.add(sector.id)
        seen_scenarios: set[str] = set()
        for ci, scenario in enumerate(sector.scenarios):
            if scenario.id in seen_scenarios:
                problems.append((("sectors", si, "scenarios", ci, "id"), f"duplicate scenario id {scenario.id!r}"))
            seen_scenarios.add(scenario.id)
            for ii, item in enumerate(scenario.items):
                loc: tuple[int | str, ...] = ("sectors", si, "scenarios", ci, "items", ii, "id")
                if item.id in seen_items:
                    problems.append((loc, f"duplicate item id {item.id!r} (also in {seen_items[item.id]})"))
                seen_items[item.id] = f"{sector.id}/{scenario.id}"
                if item.data_kind == "important_data" and item.route != "security_assessment":
                    # P7: important data always goes through a security assessment.
                    problems.append(
                        (("sectors", si, "scenarios", ci, "items", ii, "route"),
                         "important_data items must have route security_assessment (P7)")
                    )
    if lst.status == "illustrative" and "示例" not in lst.title and "illustrative" not in lst.title.lower():
        problems.append((("title",), "an illustrative list must say so in its title (示例，非官方文本)"))
    return problems


def parse_list(text: str, file: str = "<string>") -> NegativeList:
    """Parse and validate one list; raise ListValidationError naming file, line and field."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ListValidationError([ListError(file, line, "(yaml)", str(exc).splitlines()[0])]) from exc
    if not isinstance(data, dict):
        raise ListValidationError([ListError(file, 1, "(document)", "a list file must be a YAML mapping")])
    try:
        lst = NegativeList.model_validate(data)
    except ValidationError as exc:
        errors = [
            ListError(file, _line_of(root, err["loc"]), _field_path(err["loc"]), err["msg"]) for err in exc.errors()
        ]
        raise ListValidationError(errors) from exc
    problems = _semantic_errors(lst)
    if problems:
        raise ListValidationError([ListError(file, _line_of(root, loc), _field_path(loc), msg) for loc, msg in problems])
    return lst.model_copy(update={"path": file})


def load_list_file(path: Path) -> NegativeList:
    """Read one list file (.yaml/.yml)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ListValidationError([ListError(str(path), None, "(file)", str(exc))]) from exc
    return parse_list(text, str(path))


def default_list_dirs() -> list[Path]:
    """The repo's `corpus/lists/` (or `$CHUJING_CORPUS_DIR/lists`) and `<data_dir>/uploads/lists/`."""
    corpus_dir = Path(os.environ.get("CHUJING_CORPUS_DIR") or _REPO_ROOT / "corpus")
    data_dir = Path(os.environ.get("CHUJING_DATA_DIR") or ".chujing")
    return [corpus_dir / "lists", data_dir / "uploads" / "lists"]


def list_files(paths: Sequence[Path]) -> list[Path]:
    """List files named by `paths` (files as given, directories searched for *.yaml / *.yml)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()))
        elif path.exists():
            files.append(path)
    return files


def validate_paths(paths: Sequence[Path]) -> tuple[list[NegativeList], list[ListError]]:
    """Load every list under `paths`; return the good ones and every error (also duplicate list ids)."""
    lists: list[NegativeList] = []
    errors: list[ListError] = []
    seen: dict[str, str] = {}
    for file in list_files(paths):
        try:
            lst = load_list_file(file)
        except ListValidationError as exc:
            errors.extend(exc.errors)
            continue
        if lst.list_id in seen:
            errors.append(ListError(str(file), 1, "list_id", f"duplicate list_id {lst.list_id!r} (also in {seen[lst.list_id]})"))
            continue
        seen[lst.list_id] = str(file)
        lists.append(lst)
    return lists, errors


def load_lists(directory: Path | None = None) -> list[NegativeList]:
    """All negative lists: from `directory`, or by default the repo's and the uploaded ones.

    Raises ListValidationError when any file is invalid: a half-loaded list could turn listed data into
    "not on the list", which is a wrong exemption.
    """
    dirs = [directory] if directory is not None else default_list_dirs()
    lists, errors = validate_paths(dirs)
    if errors:
        raise ListValidationError(errors)
    return lists


def dump_list(lst: NegativeList) -> str:
    """The list as YAML in the SPEC §6 layout (keys in model order, unicode kept)."""
    data = lst.model_dump(mode="json", exclude_defaults=False)
    # Drop empty optional parts so hand-written and generated files look alike.
    for sector in data["sectors"]:
        if not sector["aliases"]:
            del sector["aliases"]
        for scenario in sector["scenarios"]:
            for item in scenario["items"]:
                thresholds = {k: v for k, v in item["thresholds"].items() if v not in (None, False)}
                item["thresholds"] = thresholds
                if not thresholds:
                    del item["thresholds"]
                if not item["keywords"]:
                    del item["keywords"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# ------------------------------------------------------------------------------------------------ import

# Column layout of an importable table (CSV or the first sheet of an XLSX), one row per item. Headers may be
# given in English or Chinese; order does not matter. thresholds / keywords are optional.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "sector_id": ("sector_id", "行业编号"),
    "sector": ("sector", "行业", "领域", "行业领域"),
    "scenario_id": ("scenario_id", "场景编号"),
    "scenario": ("scenario", "场景", "业务场景"),
    "item_id": ("item_id", "id", "编号", "条目编号"),
    "category": ("category", "数据类别"),
    "subcategory": ("subcategory", "数据子类", "数据小类"),
    "description": ("description", "描述", "数据特征描述", "基本特征描述"),
    "data_kind": ("data_kind", "数据类型"),
    "route": ("route", "出境路径", "管理要求", "出境方式"),
    "defer_to_national": ("defer_to_national", "适用国家标准"),
    "people_at_least": ("people_at_least", "人数下限"),
    "sensitive_people_at_least": ("sensitive_people_at_least", "敏感个人信息人数下限"),
    "threshold_note": ("threshold_note", "门槛说明"),
    "keywords": ("keywords", "关键词"),
}
_REQUIRED_COLUMNS = ("sector_id", "sector", "scenario_id", "scenario", "item_id", "category", "subcategory",
                     "description", "data_kind", "route")
_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "data_kind": {"重要数据": "important_data", "个人信息": "personal_information"},
    "route": {
        "数据出境安全评估": "security_assessment",
        "安全评估": "security_assessment",
        "标准合同或认证": "standard_contract_or_certification",
        "个人信息出境标准合同或个人信息保护认证": "standard_contract_or_certification",
        "标准合同/认证": "standard_contract_or_certification",
    },
}
_TRUE = {"true", "yes", "1", "是", "y"}


def _rows_to_list(
    rows: list[dict[str, str]],
    source_file: str,
    *,
    list_id: str,
    title: str,
    status: ListStatus,
    edition: str,
    zones: Sequence[str],
    source: str,
) -> NegativeList:
    if not rows:
        raise ListValidationError([ListError(source_file, 1, "(table)", "no rows")])
    headers = list(rows[0].keys())
    column_of: dict[str, str] = {}
    for field, names in CSV_COLUMNS.items():
        for header in headers:
            if header.strip().casefold() in {n.casefold() for n in names}:
                column_of[field] = header
    missing = [c for c in _REQUIRED_COLUMNS if c not in column_of]
    if missing:
        raise ListValidationError([ListError(source_file, 1, c, "missing column") for c in missing])

    sectors: dict[str, dict[str, Any]] = {}
    errors: list[ListError] = []
    for index, row in enumerate(rows):
        line = index + 2  # header is line 1

        def cell(field: str, row: dict[str, str] = row) -> str:
            header = column_of.get(field)
            return (row.get(header) or "").strip() if header else ""

        values = {f: cell(f) for f in CSV_COLUMNS}
        for field, aliases in _VALUE_ALIASES.items():
            values[field] = aliases.get(values[field], values[field])
        for field in _REQUIRED_COLUMNS:
            if not values[field]:
                errors.append(ListError(source_file, line, field, "empty cell"))
        thresholds: dict[str, Any] = {}
        if values["defer_to_national"]:
            thresholds["defer_to_national"] = values["defer_to_national"].casefold() in _TRUE
        for field in ("people_at_least", "sensitive_people_at_least"):
            if values[field]:
                try:
                    thresholds[field] = int(values[field].replace(",", ""))
                except ValueError:
                    errors.append(ListError(source_file, line, field, f"not a whole number: {values[field]!r}"))
        if values["threshold_note"]:
            thresholds["note"] = values["threshold_note"]
        sector = sectors.setdefault(values["sector_id"], {"id": values["sector_id"], "name": values["sector"], "scenarios": {}})
        scenario = sector["scenarios"].setdefault(
            values["scenario_id"], {"id": values["scenario_id"], "name": values["scenario"], "items": []}
        )
        item: dict[str, Any] = {
            "id": values["item_id"],
            "category": values["category"],
            "subcategory": values["subcategory"],
            "description": values["description"],
            "data_kind": values["data_kind"],
            "route": values["route"],
        }
        if thresholds:
            item["thresholds"] = thresholds
        if values["keywords"]:
            item["keywords"] = [k.strip() for k in re.split(r"[;；|]", values["keywords"]) if k.strip()]
        scenario["items"].append((line, item))
    if errors:
        raise ListValidationError(errors)

    data = {
        "list_id": list_id,
        "title": title,
        "status": status,
        "edition": edition,
        "applies_to": {"zones": list(zones), "excludes_ciio": True},
        "source": source,
        "sectors": [
            {**{k: v for k, v in s.items() if k != "scenarios"},
             "scenarios": [{**{k: v for k, v in c.items() if k != "items"}, "items": [i for _, i in c["items"]]}
                           for c in s["scenarios"].values()]}
            for s in sectors.values()
        ],
    }
    try:
        lst = NegativeList.model_validate(data)
    except ValidationError as exc:
        # Point at the table row of the offending item where we can.
        row_lines = [[[line for line, _ in c["items"]] for c in s["scenarios"].values()] for s in sectors.values()]
        out: list[ListError] = []
        for err in exc.errors():
            loc = err["loc"]
            line_no: int | None = None
            if len(loc) >= 6 and loc[0] == "sectors" and loc[2] == "scenarios" and loc[4] == "items":
                si, ci, ii = loc[1], loc[3], loc[5]
                if isinstance(si, int) and isinstance(ci, int) and isinstance(ii, int):
                    line_no = row_lines[si][ci][ii]
            out.append(ListError(source_file, line_no, _field_path(loc), err["msg"]))
        raise ListValidationError(out) from exc
    problems = _semantic_errors(lst)
    if problems:
        raise ListValidationError([ListError(source_file, None, _field_path(loc), msg) for loc, msg in problems])
    return lst


def _table_defaults(path: Path, list_id: str | None, title: str | None, status: ListStatus, source: str | None) -> tuple[str, str, str]:
    lid = list_id or re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "imported-list"
    ttl = title or (path.stem + ("（示例，非官方文本）" if status == "illustrative" else ""))
    src = source or f"imported from {path.name}"
    return lid, ttl, src


def import_csv(
    path: Path,
    *,
    list_id: str | None = None,
    title: str | None = None,
    status: ListStatus = "illustrative",
    edition: str = "unknown",
    zones: Sequence[str] = ("shanghai_ftz", "lingang"),
    source: str | None = None,
) -> NegativeList:
    """Build a NegativeList from a CSV table (columns: see CSV_COLUMNS; UTF-8, with or without BOM).

    `status` defaults to illustrative: a table is only treated as the official list when the maintainer says so.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lid, ttl, src = _table_defaults(path, list_id, title, status, source)
    return _rows_to_list(rows, str(path), list_id=lid, title=ttl, status=status, edition=edition, zones=zones, source=src)


def import_xlsx(
    path: Path,
    *,
    list_id: str | None = None,
    title: str | None = None,
    status: ListStatus = "illustrative",
    edition: str = "unknown",
    zones: Sequence[str] = ("shanghai_ftz", "lingang"),
    source: str | None = None,
) -> NegativeList:
    """Same as import_csv, reading the first sheet of an .xlsx workbook (first row = headers)."""
    import openpyxl  # only needed for spreadsheets

    path = Path(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    raw = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not raw:
        raise ListValidationError([ListError(str(path), 1, "(table)", "empty sheet")])
    headers = raw[0]
    rows = [dict(zip(headers, r, strict=False)) for r in raw[1:] if any(c.strip() for c in r)]
    lid, ttl, src = _table_defaults(path, list_id, title, status, source)
    return _rows_to_list(rows, str(path), list_id=lid, title=ttl, status=status, edition=edition, zones=zones, source=src)


def import_table(path: Path, **kwargs: Any) -> NegativeList:
    """Import a .csv or .xlsx table."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return import_xlsx(path, **kwargs)
    return import_csv(path, **kwargs)


def export_csv(lst: NegativeList, path: Path) -> None:
    """Write `lst` as a table in the CSV_COLUMNS layout (English headers)."""
    fields = list(CSV_COLUMNS)
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for sector, scenario, item in lst.entries():
            t = item.thresholds
            writer.writerow({
                "sector_id": sector.id,
                "sector": sector.name,
                "scenario_id": scenario.id,
                "scenario": scenario.name,
                "item_id": item.id,
                "category": item.category,
                "subcategory": item.subcategory,
                "description": item.description,
                "data_kind": item.data_kind,
                "route": item.route,
                "defer_to_national": "true" if t.defer_to_national else "",
                "people_at_least": "" if t.people_at_least is None else str(t.people_at_least),
                "sensitive_people_at_least": "" if t.sensitive_people_at_least is None else str(t.sensitive_people_at_least),
                "threshold_note": t.note or "",
                "keywords": ";".join(item.keywords),
            })


# ---------------------------------------------------------------------------------------------- matching

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
# Words so common in list items that matching on them alone says nothing.
_STOP = {
    "数据", "信息", "个人", "人信", "相关", "等数", "及其", "包括", "的数", "data", "information", "personal",
    "the", "and", "of", "for", "our", "we", "to", "in", "with", "on", "a", "an", "or", "records", "record",
}


def tokenize(text: str) -> list[str]:
    """Chinese as character bigrams (single characters for one-character runs), other text as lowercase words
    with a plural 's' stripped. Small and dependency-free: list items are short and few."""
    text = text.casefold()
    tokens: list[str] = []
    for run in _CJK.findall(text):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    for word in _WORD.findall(_CJK.sub(" ", text)):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) >= 2:
            tokens.append(word)
    return [t for t in tokens if t not in _STOP]


@dataclass(frozen=True)
class _Doc:
    lst: NegativeList
    sector: Sector
    scenario: Scenario
    item: ListItem
    tf: Counter[str]
    length: int


_DOC_CACHE: dict[tuple[int, ...], tuple[Sequence[NegativeList], list[_Doc]]] = {}


def _documents(lists: Sequence[NegativeList]) -> list[_Doc]:
    # The rule engine matches the same loaded lists many times per verdict; tokenise them once.
    key = tuple(id(lst) for lst in lists)
    cached = _DOC_CACHE.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], lists, strict=True)):
        return cached[1]
    docs = _build_documents(lists)
    if len(_DOC_CACHE) > 16:
        _DOC_CACHE.clear()
    _DOC_CACHE[key] = (list(lists), docs)
    return docs


def _build_documents(lists: Sequence[NegativeList]) -> list[_Doc]:
    docs = []
    for lst in lists:
        for sector, scenario, item in lst.entries():
            text = " ".join([item.category, item.subcategory, item.description, scenario.name, *item.keywords])
            tokens = tokenize(text)
            docs.append(_Doc(lst, sector, scenario, item, Counter(tokens), len(tokens)))
    return docs


MIN_COVERAGE = 0.3
MIN_MATCHED = 2


def match_items(
    description: str,
    lists: Sequence[NegativeList],
    k: int = 3,
    *,
    sector: str | None = None,
    min_coverage: float = MIN_COVERAGE,
) -> list[ListMatch]:
    """Rank list items for a user's description of their data (BM25 over char bigrams and words).

    A candidate must cover at least `min_coverage` of the query's idf weight with at least two distinct
    tokens (or one English word), so unrelated text matches nothing. `sector` restricts to one sector (id,
    name or alias). Candidates are for the user to confirm, never to rely on unconfirmed.
    """
    docs = _documents(lists)
    if sector is not None:
        docs = [d for d in docs if d.lst.find_sector(sector) is d.sector]
    query = list(dict.fromkeys(tokenize(description)))
    if not docs or not query:
        return []
    n = len(docs)
    df = Counter(t for d in docs for t in d.tf)
    avg_len = sum(d.length for d in docs) / n or 1.0
    k1, b = 1.2, 0.75

    def idf(term: str) -> float:
        return math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))

    total_idf = sum(idf(t) for t in query)
    scored: list[tuple[float, _Doc]] = []
    for doc in docs:
        matched = [t for t in query if doc.tf[t]]
        if not matched:
            continue
        coverage = sum(idf(t) for t in matched) / total_idf
        enough = len(matched) >= MIN_MATCHED or any(t.isascii() and len(t) >= 4 for t in matched)
        if coverage < min_coverage or not enough:
            continue
        score = sum(
            idf(t) * doc.tf[t] * (k1 + 1) / (doc.tf[t] + k1 * (1 - b + b * doc.length / avg_len)) for t in matched
        )
        scored.append((score * coverage, doc))
    scored.sort(key=lambda pair: (-pair[0], pair[1].item.id))
    return [
        ListMatch(
            list_id=d.lst.list_id,
            item_id=d.item.id,
            sector=d.sector.name,
            scenario=d.scenario.name,
            category=d.item.category,
            subcategory=d.item.subcategory,
            description=d.item.description,
            route=d.item.route,
            score=round(score, 4),
            status=d.lst.status,
        )
        for score, d in scored[:k]
    ]
