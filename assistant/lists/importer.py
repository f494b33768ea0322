"""Importing a negative list from a table (CSV, or the first sheet of an XLSX) and exporting one as CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.lists.load import ListError, ListValidationError, field_path, semantic_errors
from assistant.lists.model import ListStatus, NegativeList

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


def _build_list(
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
    column_of = _columns(list(rows[0].keys()), source_file)
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
    lst = _validated(data, sectors, source_file)
    problems = semantic_errors(lst)
    if problems:
        raise ListValidationError([ListError(source_file, None, field_path(loc), msg) for loc, msg in problems])
    return lst


def _columns(headers: list[str], source_file: str) -> dict[str, str]:
    """Which header holds each CSV_COLUMNS field (English or Chinese names); every required one must be there."""
    column_of: dict[str, str] = {}
    for field, names in CSV_COLUMNS.items():
        for header in headers:
            if header.strip().casefold() in {n.casefold() for n in names}:
                column_of[field] = header
    missing = [c for c in _REQUIRED_COLUMNS if c not in column_of]
    if missing:
        raise ListValidationError([ListError(source_file, 1, c, "missing column") for c in missing])
    return column_of


def _validated(data: dict[str, Any], sectors: dict[str, dict[str, Any]], source_file: str) -> NegativeList:
    """The list built from `data`; a validation error points at the table row of the offending item."""
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
            out.append(ListError(source_file, line_no, field_path(loc), err["msg"]))
        raise ListValidationError(out) from exc
    return lst


def _table_defaults(path: Path, list_id: str | None, title: str | None, status: ListStatus, source: str | None) -> tuple[str, str, str]:
    lid = list_id or re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "imported-list"
    ttl = title or (path.stem + ("（示例，非官方文本）" if status == "illustrative" else ""))
    src = source or f"imported from {path.name}"
    return lid, ttl, src


def import_csv(path: Path, **options: Any) -> NegativeList:
    """Build a NegativeList from a CSV table (columns: see CSV_COLUMNS; UTF-8, with or without BOM).
    `options` are those of `rows_to_list`."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows_to_list(path, rows, **options)


def import_xlsx(path: Path, **options: Any) -> NegativeList:
    """Same as import_csv, reading the first sheet of an .xlsx workbook (first row = headers)."""
    import openpyxl  # only needed for spreadsheets (and slow to import)

    path = Path(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    raw = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not raw:
        raise ListValidationError([ListError(str(path), 1, "(table)", "empty sheet")])
    headers = raw[0]
    rows = [dict(zip(headers, r, strict=False)) for r in raw[1:] if any(c.strip() for c in r)]
    return rows_to_list(path, rows, **options)


def rows_to_list(
    path: Path,
    rows: list[dict[str, str]],
    *,
    list_id: str | None = None,
    title: str | None = None,
    status: ListStatus = "illustrative",
    edition: str = "unknown",
    zones: Sequence[str] = ("shanghai_ftz", "lingang"),
    source: str | None = None,
) -> NegativeList:
    """The list in a table's rows; `list_id`, `title` and `source` default from the file name.

    `status` defaults to illustrative: a table is only treated as the official list when the maintainer says so.
    """
    lid, ttl, src = _table_defaults(path, list_id, title, status, source)
    return _build_list(rows, str(path), list_id=lid, title=ttl, status=status, edition=edition, zones=zones, source=src)


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
