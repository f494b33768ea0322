"""Reading list files: a loader whose errors name file, line and field, the default places lists live, and
writing a list back as YAML.

A half-loaded list could turn listed data into "not on the list" (a wrong exemption), so any invalid file
fails the whole load.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.lists.editions import edition_errors
from assistant.lists.model import NegativeList
from ingest.yaml_io import YAMLError, compose_yaml, error_line, load_yaml

_REPO_ROOT = Path(__file__).resolve().parents[2]



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


def field_path(loc: Sequence[int | str]) -> str:
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


def semantic_errors(lst: NegativeList) -> list[tuple[tuple[int | str, ...], str]]:
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
        data = load_yaml(text)
    except YAMLError as exc:
        raise ListValidationError([ListError(file, error_line(exc), "(yaml)", str(exc).splitlines()[0])]) from exc
    if not isinstance(data, dict):
        raise ListValidationError([ListError(file, 1, "(document)", "a list file must be a YAML mapping")])
    # The node tree (for the line of each error) is composed only when there is an error to place.
    try:
        lst = NegativeList.model_validate(data)
    except ValidationError as exc:
        root = compose_yaml(text)
        errors = [
            ListError(file, _line_of(root, err["loc"]), field_path(err["loc"]), err["msg"]) for err in exc.errors()
        ]
        raise ListValidationError(errors) from exc
    problems = semantic_errors(lst)
    if problems:
        root = compose_yaml(text)
        raise ListValidationError([ListError(file, _line_of(root, loc), field_path(loc), msg) for loc, msg in problems])
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
    for lst, field, message in edition_errors(lists):
        errors.append(ListError(lst.path or lst.list_id, None, field, message))
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
    for key in ("effective", "repealed", "supersedes"):
        if data[key] is None:
            del data[key]
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
