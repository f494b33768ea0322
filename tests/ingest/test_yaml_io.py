"""The one YAML reader: libyaml when PyYAML has it, the same data and the same error wording as yaml.safe_load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ingest.yaml_io import SAFE_LOADER, YAMLError, compose_yaml, error_line, load_yaml, load_yaml_file

SAMPLE = """\
list_id: sample
effective: 2025-01-01
sectors:
  - id: auto
    aliases: [汽车, "vehicles"]
    threshold: 100000
    sensitive: false
    note: null
"""

BROKEN = "a: [1,\nb: }\n"


def test_uses_libyaml_when_pyyaml_has_it() -> None:
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert SAFE_LOADER is expected


def test_reads_what_safe_load_reads() -> None:
    assert load_yaml(SAMPLE) == yaml.safe_load(SAMPLE)
    assert load_yaml("") is None


def test_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    assert load_yaml_file(path)["sectors"][0]["aliases"] == ["汽车", "vehicles"]


def test_error_is_worded_as_safe_load_words_it() -> None:
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(BROKEN)
    with pytest.raises(YAMLError) as got:
        load_yaml(BROKEN)
    assert str(got.value) == str(expected.value)  # the caret under the offending line included
    assert error_line(got.value) == 2


def test_compose_gives_each_node_its_line() -> None:
    root = compose_yaml(SAMPLE)
    assert isinstance(root, yaml.MappingNode)
    sectors = dict((k.value, v) for k, v in root.value)["sectors"]
    assert isinstance(sectors, yaml.SequenceNode)
    assert sectors.value[0].start_mark.line + 1 == 4
