"""Editions of one negative list (issue 17): the edition in force on a date decides, the others are flagged, and
every doubt about the chain of editions is a load error — never a list silently lost or doubled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.lists.editions import edition_status, edition_statuses, in_force, other_editions, series_of
from assistant.lists.importer import export_csv
from assistant.lists.load import ListValidationError, load_list_file, load_lists, validate_paths
from assistant.lists.model import NegativeList

REPO = Path(__file__).resolve().parents[3]
LISTS = REPO / "corpus" / "lists"
OLD, NEW = "sh-ftz-negative-list-2024-sample", "sh-ftz-negative-list-2027-sample"
BEFORE, SWITCH, AFTER = date(2026, 12, 1), date(2027, 7, 1), date(2027, 8, 1)


@pytest.fixture(scope="module")
def lists() -> list[NegativeList]:
    return load_lists(LISTS)


def test_the_shipped_second_edition_is_marked_illustrative_and_replaces_the_sample(lists: list[NegativeList]) -> None:
    new = next(x for x in lists if x.list_id == NEW)
    assert new.status == "illustrative" and "示例" in new.title and "2027版" in new.title
    assert (new.edition, new.effective, new.supersedes) == ("2027", SWITCH, OLD)
    assert [x.list_id for x in series_of(new, lists)] == [OLD, NEW]


@pytest.mark.parametrize(("day", "current", "other", "other_status"), [
    (BEFORE, OLD, NEW, "not_yet_in_force"),
    (date(2027, 6, 30), OLD, NEW, "not_yet_in_force"),
    (SWITCH, NEW, OLD, "superseded"),
    (AFTER, NEW, OLD, "superseded"),
])
def test_exactly_one_edition_is_in_force(lists: list[NegativeList], day: date, current: str, other: str, other_status: str) -> None:
    assert [x.list_id for x in in_force(lists, day)] == [current]
    assert edition_statuses(lists, day) == {current: "in_force", other: other_status}
    used = [x for x in lists if x.list_id == current]
    assert [(e.list_id, e.edition_status) for e in other_editions(used, lists, day)] == [(other, other_status)]


def _write(path: Path, base: NegativeList, **changes: object) -> Path:
    data = base.model_dump(mode="json", exclude={"path"})
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"effective": None}, "effective", "needs the date it takes effect"),
    ({"supersedes": "x-next"}, "supersedes", "cannot supersede itself"),
    ({"applies_to": {"zones": ["beijing"], "excludes_ciio": True}}, "applies_to", "same zones"),
    ({"effective": "2020-01-01"}, None, None),  # before the sample: no effective date to compare, accepted
])
def test_a_doubtful_chain_is_a_load_error(tmp_path: Path, changes: dict[str, object], field: str | None, words: str | None) -> None:
    sample = load_list_file(LISTS / f"{OLD}.yaml")
    _write(tmp_path / "a.yaml", sample)
    next_edition = {"list_id": "x-next", "title": "下一版（示例）", "edition": "2028", "effective": "2028-01-01",
                    "supersedes": OLD, **changes}
    _write(tmp_path / "b.yaml", sample, **next_edition)
    lists, errors = validate_paths([tmp_path])
    if field is None:
        assert errors == [] and len(lists) == 2
        return
    assert any(e.field == field and words in e.message and e.file.endswith("b.yaml") for e in errors), errors
    with pytest.raises(ListValidationError):
        load_lists(tmp_path)


def test_two_editions_replacing_the_same_one_are_refused(tmp_path: Path) -> None:
    sample = load_list_file(LISTS / f"{OLD}.yaml")
    _write(tmp_path / "a.yaml", sample)
    for name in ("b", "c"):
        _write(tmp_path / f"{name}.yaml", sample, list_id=f"x-{name}", edition=name, effective="2028-01-01", supersedes=OLD)
    with pytest.raises(ListValidationError, match="already superseded"):
        load_lists(tmp_path)


def test_a_broken_new_edition_fails_the_load_instead_of_leaving_the_old_one(tmp_path: Path) -> None:
    # Falling back to the old edition would decide on the wrong list: the whole load must fail, loudly.
    (tmp_path / f"{OLD}.yaml").write_text((LISTS / f"{OLD}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    broken = (LISTS / f"{NEW}.yaml").read_text(encoding="utf-8").replace("route: security_assessment", "route: maybe", 1)
    (tmp_path / f"{NEW}.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ListValidationError) as exc:
        load_lists(tmp_path)
    assert f"{NEW}.yaml" in str(exc.value) and "route" in str(exc.value)


def test_the_csv_importer_makes_a_new_edition(tmp_path: Path) -> None:
    from assistant.cli import app

    table = tmp_path / "next.csv"
    export_csv(load_list_file(LISTS / f"{OLD}.yaml"), table)
    out = tmp_path / "lists" / "next.yaml"
    args = ["lists", "import", str(table), "--out", str(out), "--list-id", "sh-next-sample", "--title", "下一版（示例，非官方文本）",
            "--edition", "2028", "--effective", "2028-03-01", "--supersedes", OLD]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    made = load_list_file(out)
    assert (made.status, made.effective, made.supersedes) == ("illustrative", date(2028, 3, 1), OLD)
    both = [load_list_file(LISTS / f"{OLD}.yaml"), made]
    assert edition_status(made, both, date(2028, 3, 1)) == "in_force"
    assert edition_status(both[0], both, date(2028, 3, 1)) == "superseded"
    bad = CliRunner().invoke(app, [*args[:-4], "--effective", "someday"])
    assert bad.exit_code == 1 and "effective" in bad.output
