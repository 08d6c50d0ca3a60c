"""The one YAML entry point (harness/yamlfile.py): ordinary documents load as before, anchors
used sensibly included; a "billion laughs", an alias inside its own anchor and an oversized file
are refused at once, in words that a caller puts after the file's name."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from harness import yamlfile
from harness.errors import UserInputError
from harness.policy.load import read_yaml

ROOT = Path(__file__).resolve().parents[2]


def laughs(levels: int, width: int = 10) -> str:
    """The "billion laughs": each level an anchored list of `width` aliases of the level below,
    width ** levels values once expanded, a few hundred bytes written."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_ordinary_document_loads_as_before():
    text = (ROOT / "personas" / "policy" / "DE.yaml").read_text(encoding="utf-8")
    assert yamlfile.safe_load(text) == yaml.safe_load(text)


def test_anchors_used_sensibly_still_load():
    text = ("shipping: &standard {carrier: DHL, days: [1, 3]}\n"
            "express: {<<: *standard, days: [1, 1]}\n"
            "zones: {north: *standard, south: *standard, islands: *standard}\n"
            "languages: &langs [de, en]\nsupport: {languages: *langs}\n")
    data = yamlfile.safe_load(text)
    assert data["express"] == {"carrier": "DHL", "days": [1, 1]}
    assert data["zones"]["islands"] == {"carrier": "DHL", "days": [1, 3]}
    assert data["support"]["languages"] == ["de", "en"]


def test_aliases_up_to_the_bound_load():
    # One anchored list of 100 values used 99 times: 9,900 repeated, just inside the bound.
    text = "a: &a [" + ", ".join(["x"] * 99) + "]\nb: [" + ", ".join(["*a"] * 99) + "]\n"
    assert len(yamlfile.safe_load(text)["b"]) == 99


def test_aliases_past_the_bound_are_refused():
    text = "a: &a [" + ", ".join(["x"] * 99) + "]\nb: [" + ", ".join(["*a"] * 102) + "]\n"
    with pytest.raises(yamlfile.Refused, match=f"more than {yamlfile.MAX_ALIAS_VALUES:,} values"):
        yamlfile.safe_load(text)


@pytest.mark.parametrize("levels", [5, 9, 10, 30])
def test_a_billion_laughs_is_refused_before_it_is_built(levels):
    with pytest.raises(yamlfile.Refused, match=r"^too many YAML aliases \(.*\), refused$"):
        yamlfile.safe_load(laughs(levels))


def test_the_refusal_is_found_early_not_after_walking_the_expansion():
    # 10 ** 30 values: a refusal that counted them one by one would never end.
    with pytest.raises(yamlfile.Refused):
        yamlfile.safe_load(laughs(30))


def test_an_alias_inside_its_own_anchor_is_refused():
    with pytest.raises(yamlfile.Refused, match="inside the anchor it names"):
        yamlfile.safe_load("a: &a [1, *a]\n")


def test_a_star_that_is_no_alias_keeps_its_meaning():
    assert yamlfile.safe_load("host: '*.example.com'\nnote: 2 * 3\n") == {"host": "*.example.com", "note": "2 * 3"}


def test_bytes_and_open_files_load_too(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    assert yamlfile.safe_load(path.read_bytes()) == {"a": 1, "b": 1}
    with path.open(encoding="utf-8") as fh:
        assert yamlfile.safe_load(fh) == {"a": 1, "b": 1}


def test_an_empty_document_is_none():
    assert yamlfile.safe_load("") is None
    assert yamlfile.safe_load("# only a comment with a * in it\n") is None


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * yamlfile.MAX_BYTES + "\n", encoding="utf-8")
    monkeypatch.setattr(Path, "read_text", lambda *a, **k: pytest.fail("the file was read"))
    with pytest.raises(yamlfile.Refused, match=f"more than the {yamlfile.MAX_BYTES:,}"):
        yamlfile.read_file(path)


def test_text_over_the_size_limit_is_refused():
    with pytest.raises(yamlfile.Refused, match="bytes, more than"):
        yamlfile.safe_load("#" * (yamlfile.MAX_BYTES + 1))


def test_a_users_file_is_refused_in_one_line_naming_it(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(laughs(10), encoding="utf-8")
    with pytest.raises(UserInputError) as refused:
        read_yaml(path, "rehearsal plan fields")
    assert re.fullmatch(r".*plan\.yaml: too many YAML aliases \(.*\), refused", str(refused.value))
    assert "\n" not in str(refused.value)


def test_the_shipped_files_are_well_inside_the_bounds():
    shipped = [p for p in ROOT.glob("personas/**/*.yaml")] + list(ROOT.glob("plans/*.yaml"))
    assert shipped
    for path in shipped:
        assert path.stat().st_size < yamlfile.MAX_BYTES / 4, path
        yamlfile.read_file(path)


def test_every_yaml_reader_of_the_harness_goes_through_yamlfile():
    """One entry point: a reader that calls PyYAML directly would skip the bounds."""
    found = subprocess.run(["grep", "-rnE", r"yaml\.(safe_load|load|full_load|unsafe_load|compose|parse)\(",
                            "harness", "personas"], capture_output=True, text=True, cwd=ROOT).stdout
    direct = [line for line in found.splitlines() if not line.startswith("harness/yamlfile.py")
              and ".pyc" not in line]
    assert not direct, direct
