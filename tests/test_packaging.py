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


def _wheel(out: Path) -> Path:
    """The harness's wheel, built from a copy of what it ships (not in the repository: no build/
    left behind, and no two builds in one folder)."""
    import shutil

    source = out / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "harness", "scenarios", "personas"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (ROOT / name).is_dir() else {}))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    return next(out.glob("regional_harness-*.whl"))


def _bare_env(wheel: Path, where: Path) -> dict:
    """A fresh virtual environment with the harness installed from its wheel, without the extra;
    its dependencies are this environment's (a path, so this environment's editable installs, the
    storefront among them, are not)."""
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
def test_pip_install_without_the_extra_walks_a_shop_and_installs_no_storefront(tmp_path):
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"harness"}  # no top-level storefront, scenarios or personas
    assert "harness/scenarios/test_checkout.py" in names and "harness/data/policy/DE.yaml" in names
    assert "harness/data/data/places.yaml" in names and "harness/data/data/names/JP.yaml" in names

    bare = _bare_env(wheel, tmp_path / "bare")
    probe = subprocess.run([bare["python"], "-c", "import importlib.util as u; import harness; "
                            "print(harness.__file__, [u.find_spec(n) is None for n in "
                            "('storefront', 'scenarios', 'personas')])"],
                           capture_output=True, text=True, env=bare["env"], cwd=bare["cwd"], timeout=60)
    assert "/venv/lib/" in probe.stdout and probe.stdout.strip().endswith("[True, True, True]"), probe.stdout + probe.stderr
    no_target = _harness(bare, "run", "--markets", "DE", "--no-load")
    assert no_target.returncode == 2
    assert "the embedded storefront is not installed: give --target URL" in no_target.stdout + no_target.stderr

    drawn = _harness(bare, "personas", "--market", "JP", "--count", "2", "--format", "json")
    assert drawn.returncode == 0 and '"JP-0002"' in drawn.stdout, drawn.stderr[-2000:]
    with EmbeddedStorefront() as shop:  # the shop under test, started from this environment
        walked = _harness(bare, "run", "--target", shop.url, "--adapter", "harness.shop.reference:make_shop",
                          "--markets", "DE", "--journeys", "service-area", "--personas", "1", "--no-load",
                          "--workers", "1", "--reports", str(tmp_path / "reports"))
    assert walked.returncode == 0, (walked.stdout + walked.stderr)[-3000:]
    assert "green" in walked.stdout
