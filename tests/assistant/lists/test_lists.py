"""Negative lists: the sample, the validator (file, line, field), CSV/XLSX import, matching, and the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.lists.importer import export_csv, import_csv, import_xlsx
from assistant.lists.load import (
    ListValidationError,
    dump_list,
    load_list_file,
    load_lists,
    parse_list,
    validate_paths,
)
from assistant.lists.match import match_items
from assistant.lists.model import NegativeList

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "corpus" / "lists" / "sh-ftz-negative-list-2024-sample.yaml"
FIXTURES = REPO / "tests" / "fixtures" / "lists"


@pytest.fixture(scope="module")
def sample() -> NegativeList:
    return load_list_file(SAMPLE)


# ------------------------------------------------------------------------------------------- the sample


def test_sample_is_marked_illustrative(sample: NegativeList) -> None:
    assert sample.list_id == "sh-ftz-negative-list-2024-sample"
    assert sample.status == "illustrative"
    assert "示例" in sample.title and "非官方" in sample.title
    assert "not the official" in sample.source.lower() or "Not the official" in sample.source
    assert sample.applies_to.zones == ["shanghai_ftz", "lingang"] and sample.applies_to.excludes_ciio


def test_sample_has_the_known_sectors_and_scenarios(sample: NegativeList) -> None:
    assert [s.name for s in sample.sectors] == ["再保险", "国际航运", "商贸"]
    scenarios = [c.name for s in sample.sectors for c in s.scenarios]
    assert scenarios == ["人身险再保险", "财产险再保险", "水路运输服务", "港口作业生产", "船员管理", "会员管理"]
    entries = list(sample.entries())
    assert len(entries) >= 20
    assert {i.data_kind for _, _, i in entries} == {"important_data", "personal_information"}
    assert {i.route for _, _, i in entries} == {"security_assessment", "standard_contract_or_certification"}
    # The official thresholds are unknown: the sample states no number.
    assert all(i.thresholds.people_at_least is None and i.thresholds.sensitive_people_at_least is None for _, _, i in entries)


def test_default_directories_include_uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uploads = tmp_path / "uploads" / "lists"
    uploads.mkdir(parents=True)
    shutil.copy(FIXTURES / "other_ftz_official.yaml", uploads / "beijing.yaml")
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    ids = [x.list_id for x in load_lists()]
    assert ids == ["sh-ftz-negative-list-2024-sample", "sh-ftz-negative-list-2027-sample", "test-other-ftz-official"]


def test_find_sector_by_alias(sample: NegativeList) -> None:
    assert sample.find_sector("再保险") is sample.sectors[0]
    assert sample.find_sector("Shipping") is sample.sectors[1]
    assert sample.find_sector("retail") is sample.sectors[2]
    assert sample.find_sector("automotive") is None
    assert sample.find_sector("再保险业务") is sample.sectors[0]
    assert sample.find_sector("保险") is None  # insurance in general is not the reinsurance field


# ------------------------------------------------------------------------------------------ validation


def _errors(name: str) -> list:  # type: ignore[type-arg]
    with pytest.raises(ListValidationError) as info:
        load_list_file(FIXTURES / name)
    return info.value.errors


def test_bad_route_names_file_line_field() -> None:
    (error,) = _errors("bad_route.yaml")
    assert error.file.endswith("bad_route.yaml")
    assert error.line == 20
    assert error.field == "sectors[0].scenarios[0].items[0].route"
    assert "bad_route.yaml:20: sectors[0].scenarios[0].items[0].route" in str(error)


def test_missing_field_points_at_the_item() -> None:
    (error,) = _errors("missing_description.yaml")
    assert error.field == "sectors[0].scenarios[0].items[1].description"
    assert error.line == 21  # the item that lacks it starts there
    assert "required" in error.message.lower()


def test_duplicate_item_id() -> None:
    (error,) = _errors("duplicate_item.yaml")
    assert error.field == "sectors[0].scenarios[0].items[1].id" and error.line == 21
    assert "duplicate" in error.message


def test_threshold_typo_is_an_error() -> None:
    (error,) = _errors("threshold_typo.yaml")
    assert error.field == "sectors[0].scenarios[0].items[0].thresholds.people_atleast"
    assert error.line == 22


def test_important_data_must_be_assessed() -> None:
    (error,) = _errors("important_not_assessed.yaml")
    assert error.field.endswith("items[0].route") and error.line == 20 and "P7" in error.message


def test_broken_yaml_syntax() -> None:
    (error,) = _errors("broken_syntax.yaml")
    assert error.field == "(yaml)" and error.line is not None and error.line >= 6


def test_illustrative_list_must_say_so() -> None:
    (error,) = _errors("unmarked_sample.yaml")
    assert error.field == "title" and error.line == 2


def test_load_lists_refuses_a_directory_with_a_bad_file(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "good.yaml")
    shutil.copy(FIXTURES / "bad_route.yaml", tmp_path / "bad.yaml")
    with pytest.raises(ListValidationError) as info:
        load_lists(tmp_path)
    assert any(e.file.endswith("bad.yaml") for e in info.value.errors)


def test_duplicate_list_ids_across_files(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.yaml")
    shutil.copy(SAMPLE, tmp_path / "b.yaml")
    lists, errors = validate_paths([tmp_path])
    assert len(lists) == 1
    assert errors[0].field == "list_id" and errors[0].file.endswith("b.yaml")


def test_dump_round_trip(sample: NegativeList) -> None:
    again = parse_list(dump_list(sample), "dumped.yaml")
    assert again.model_dump(exclude={"path"}) == sample.model_dump(exclude={"path"})


# --------------------------------------------------------------------------------------------- import


def test_csv_round_trip(sample: NegativeList, tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    export_csv(sample, path)
    imported = import_csv(path, list_id=sample.list_id, title=sample.title, status=sample.status,
                          edition=sample.edition, zones=sample.applies_to.zones, source=sample.source)
    drop = {"path": True, "sectors": {"__all__": {"aliases"}}}
    assert imported.model_dump(exclude=drop) == sample.model_dump(exclude=drop)


def test_xlsx_round_trip(sample: NegativeList, tmp_path: Path) -> None:
    import csv

    import openpyxl

    csv_path = tmp_path / "table.csv"
    export_csv(sample, csv_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    xlsx = tmp_path / "table.xlsx"
    workbook.save(xlsx)
    imported = import_xlsx(xlsx, list_id=sample.list_id, title=sample.title, status="illustrative", edition="2024")
    assert [e[2] for e in imported.entries()] == [e[2] for e in sample.entries()]


def test_csv_with_chinese_headers_and_values() -> None:
    lst = import_csv(FIXTURES / "chinese_headers.csv")
    assert lst.status == "illustrative"  # an imported table is official only when the maintainer says so
    assert "示例" in lst.title
    items = {i.id: i for _, _, i in lst.entries()}
    assert items["C-01"].data_kind == "personal_information" and items["C-01"].route == "standard_contract_or_certification"
    assert items["C-01"].keywords == ["crew passport", "seaman book"]
    assert items["P-01"].route == "security_assessment"
    assert items["T-01"].thresholds.defer_to_national is True
    assert [s.id for s in lst.sectors] == ["shipping", "trade"]
    assert [c.id for c in lst.sectors[0].scenarios] == ["crew", "port"]


def test_csv_errors_name_row_and_column() -> None:
    with pytest.raises(ListValidationError) as info:
        import_csv(FIXTURES / "bad_row.csv")
    errors = {(e.line, e.field) for e in info.value.errors}
    assert (4, "description") in errors  # empty cell on line 4
    with pytest.raises(ListValidationError) as info:
        import_csv(FIXTURES / "bad_columns.csv")
    assert [(e.line, e.field) for e in info.value.errors] == [(1, "route")]


def test_csv_bad_value_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text((FIXTURES / "bad_row.csv").read_text(encoding="utf-8").replace(",,", ",会员偏好,"), encoding="utf-8")
    with pytest.raises(ListValidationError) as info:
        import_csv(path)
    (error,) = info.value.errors
    assert error.line == 3 and error.field.endswith("route")


# ------------------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("被保险人体检报告", "RI-L-01"),
        ("被保险人的病历和诊断结果", "RI-L-01"),
        ("crew passport scans", "SH-C-01"),
        ("船员护照扫描件", "SH-C-01"),
        ("船舶航行轨迹", "SH-W-03"),
        ("会员名单和手机号", "TR-M-01"),
        ("hotel guest check-in records", "TR-M-04"),
        ("关键信息基础设施的汇总理赔数据", "RI-P-02"),
        ("码头布局和安防信息", "SH-P-01"),
    ],
)
def test_match_items_ranks_the_right_item_first(sample: NegativeList, description: str, expected: str) -> None:
    matches = match_items(description, [sample])
    assert matches and matches[0].item_id == expected
    assert matches[0].status == "illustrative" and matches[0].list_id == sample.list_id
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.parametrize("description", ["今天天气怎么样", "我们的数据", "员工工资条", "the quarterly board minutes", ""])
def test_unrelated_text_matches_nothing(sample: NegativeList, description: str) -> None:
    assert match_items(description, [sample]) == []


def test_match_items_sector_filter_and_k(sample: NegativeList) -> None:
    assert all(m.sector == "国际航运" for m in match_items("体检记录", [sample], sector="shipping"))
    assert match_items("体检记录", [sample], sector="shipping")[0].item_id == "SH-C-02"
    assert len(match_items("信息 理赔 会员 船员 护照 体检", [sample], k=2)) <= 2


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_lists_validate_and_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import app

    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    ok = runner.invoke(app, ["lists", "validate"])
    assert ok.exit_code == 0 and "sh-ftz-negative-list-2024-sample" in ok.output and "25 items" in ok.output
    bad = runner.invoke(app, ["lists", "validate", str(FIXTURES / "bad_route.yaml")])
    assert bad.exit_code == 1
    assert "bad_route.yaml:20: sectors[0].scenarios[0].items[0].route" in bad.output
    shown = runner.invoke(app, ["lists", "show"])
    assert shown.exit_code == 0 and "ILLUSTRATIVE" in shown.output
    one = runner.invoke(app, ["lists", "show", "sh-ftz-negative-list-2024-sample"])
    assert one.exit_code == 0 and "RI-L-01" in one.output and "人身险再保险" in one.output
    missing = runner.invoke(app, ["lists", "show", "nope"])
    assert missing.exit_code == 1
    match = runner.invoke(app, ["lists", "match", "crew passport scans", "--json"])
    assert match.exit_code == 0 and '"SH-C-01"' in match.output


def test_cli_lists_import(tmp_path: Path) -> None:
    from assistant.cli import app

    out = tmp_path / "imported.yaml"
    result = CliRunner().invoke(app, ["lists", "import", str(FIXTURES / "chinese_headers.csv"), "--out", str(out),
                                      "--list-id", "imported-test", "--edition", "2025"])
    assert result.exit_code == 0, result.output
    lst = load_list_file(out)
    assert lst.list_id == "imported-test" and lst.edition == "2025" and lst.status == "illustrative"
    bad = CliRunner().invoke(app, ["lists", "import", str(FIXTURES / "bad_row.csv"), "--out", str(tmp_path / "x.yaml")])
    assert bad.exit_code == 1 and "bad_row.csv:4: description" in bad.output
    assert not (tmp_path / "x.yaml").exists()
