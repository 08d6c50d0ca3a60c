"""The harness installs without the storefront: `pip install .` gives the harness, its journeys and
its data (inside the `harness` package), and nothing named `storefront`, `scenarios` or `personas`;
the storefront is its own distribution (storefront/pyproject.toml), the extra `[storefront]`."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from harness.target import EmbeddedStorefront

ROOT = Path(__file__).resolve().parents[1]


def _packages(folder: Path, name: str) -> set[str]:
    return {".".join((name, *p.parent.relative_to(folder).parts)) for p in folder.rglob("__init__.py")
            if "__pycache__" not in p.parts}


def test_the_listed_packages_are_the_folders():
    harness = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert set(harness["packages"]) == _packages(ROOT / "harness", "harness") | {"harness.scenarios", "harness.data"}
    assert harness["package-dir"] == {"harness.scenarios": "scenarios", "harness.data": "personas"}
    storefront = tomllib.loads((ROOT / "storefront" / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert set(storefront["packages"]) == _packages(ROOT / "storefront", "storefront")


def test_the_harness_declares_none_of_the_storefronts_dependencies():
    harness = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    storefront = tomllib.loads((ROOT / "storefront" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    own = {d.split(">")[0].split("[")[0] for d in storefront["dependencies"]} - {
        d.split(">")[0].split("[")[0] for d in harness["dependencies"]}
    assert own >= {"fastapi", "uvicorn", "sqlalchemy", "aiosmtpd", "jinja2", "itsdangerous"}
    assert harness["optional-dependencies"]["storefront"] == ["regional-storefront"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    return next(out.glob("regional_harness-*.whl"))


@pytest.mark.slow
def test_the_wheel_holds_the_harness_its_journeys_and_data_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"harness"}
    assert "harness/scenarios/test_checkout.py" in names and "harness/data/policy/DE.yaml" in names
    assert "harness/data/data/places.yaml" in names and "harness/data/data/names/JP.yaml" in names


@pytest.fixture(scope="module")
def bare_env(wheel, tmp_path_factory) -> dict:
    """A fresh virtual environment with the harness installed from its wheel, without the extra;
    its dependencies are this environment's (a path, so this environment's editable installs, the
    storefront among them, are not)."""
    where = tmp_path_factory.mktemp("bare")
    venv.create(where / "venv", with_pip=False)
    site = next((where / "venv" / "lib").glob("python3*/site-packages"))
    ours = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "typer").exists())
    (site / "deps.pth").write_text(ours + "\n", encoding="utf-8")
    python = where / "venv" / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {"env": env, "python": str(python), "bin": str(where / "venv" / "bin"), "cwd": str(where)}


def _harness(bare: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([f"{bare['bin']}/harness", *args], capture_output=True, text=True, env=bare["env"],
                          cwd=bare["cwd"], timeout=600)


@pytest.mark.slow
def test_without_the_extra_the_storefront_is_not_there(bare_env):
    probe = subprocess.run([bare_env["python"], "-c", "import importlib.util as u; import harness; "
                            "print(harness.__file__, [u.find_spec(n) is None for n in "
                            "('storefront', 'scenarios', 'personas', 'fastapi', 'sqlalchemy')][:3])"],
                           capture_output=True, text=True, env=bare_env["env"], cwd=bare_env["cwd"], timeout=60)
    assert "/venv/lib/" in probe.stdout and probe.stdout.strip().endswith("[True, True, True]"), probe.stdout + probe.stderr
    no_target = _harness(bare_env, "run", "--markets", "DE", "--no-load")
    assert no_target.returncode == 2
    assert "the embedded storefront is not installed: give --target URL" in no_target.stdout + no_target.stderr


@pytest.mark.slow
def test_without_the_extra_the_harness_walks_a_shop_and_draws_personas(bare_env, tmp_path):
    drawn = _harness(bare_env, "personas", "--market", "JP", "--count", "2", "--format", "json")
    assert drawn.returncode == 0 and '"JP-0002"' in drawn.stdout, drawn.stderr[-2000:]
    with EmbeddedStorefront() as shop:  # the shop under test, started from this environment
        walked = _harness(bare_env, "run", "--target", shop.url, "--adapter", "harness.shop.reference:make_shop",
                          "--markets", "DE", "--journeys", "service-area", "--personas", "1", "--no-load",
                          "--workers", "1", "--reports", str(tmp_path / "reports"))
    assert walked.returncode == 0, (walked.stdout + walked.stderr)[-3000:]
    assert "green" in walked.stdout
