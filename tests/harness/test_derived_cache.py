"""The phone tables kept between processes (harness/derived_cache.py): a process that finds them
reads the same numbers another derived, without phonenumbers' geocoder; a kept file that is
damaged, or a folder that cannot be written, costs only the time to derive them again."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from harness.derived_cache import DerivedTables
from harness.personas import phones
from harness.personas.places import load_places

# Markets with national mobiles (DE) and with area-coded mobiles (US): both kinds of kept entry.
MARKETS = ("DE", "US")
NUMBERS = """
import json, sys
from harness.personas.factory import PersonaFactory
from harness.policy import default_directory, load_policy
factory = PersonaFactory(load_policy(default_directory()), seed=1)
numbers = [factory.persona(m, n).phone for m in sys.argv[1:] for n in range(1, 41)]
print(json.dumps({"numbers": numbers, "geocoder": "phonenumbers.geocoder" in sys.modules}))
"""


def numbers(cache_dir, markets=MARKETS) -> dict:
    done = subprocess.run([sys.executable, "-c", NUMBERS, *markets], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "HARNESS_CACHE_DIR": str(cache_dir)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_second_process_reads_the_numbers_the_first_derived(tmp_path):
    first = numbers(tmp_path)
    assert first["geocoder"]  # derived: DE's area codes are placed by the geocoder
    assert sorted(p.name for p in tmp_path.glob("phones-*/*.json")) == ["DE.json", "US.json"]
    second = numbers(tmp_path)
    assert second["numbers"] == first["numbers"]
    assert not second["geocoder"]


@pytest.fixture
def fresh_tables(tmp_path, monkeypatch):
    """city_phones as a new process finds it, with its kept tables in tmp_path."""
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path))

    forget()
    yield tmp_path
    forget()


def forget():
    """What this process remembers of the tables, as if it had just started."""
    for cached in (phones.city_phones, phones.national_mobiles, phones._kept):
        cached.cache_clear()


def tables(market: str) -> list:
    places = load_places()[market]
    return [phones.city_phones(places, city) for city in places.cities]


@pytest.mark.parametrize("market", MARKETS)
def test_a_damaged_kept_file_is_derived_again(fresh_tables, market):
    derived = tables(market)
    kept = next(fresh_tables.glob(f"phones-*/{market}.json"))
    for damage in ("{not json", "[1, 2]", json.dumps({key: "x" for key in json.loads(kept.read_text())})):
        kept.write_text(damage)
        forget()
        assert tables(market) == derived, damage


def test_a_folder_that_cannot_be_written_leaves_the_numbers_alone(fresh_tables, monkeypatch):
    blocked = fresh_tables / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(blocked / "below"))  # below a file: mkdir fails
    assert tables("DE")
    assert DerivedTables("phones", "x").read("DE") == {}


def test_tables_of_another_library_version_or_rule_are_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path))
    DerivedTables("phones", "old").add("DE", {"Berlin": [[], None]})
    assert DerivedTables("phones", "new").read("DE") == {}
    assert DerivedTables("phones", "old").read("DE") == {"Berlin": [[], None]}
