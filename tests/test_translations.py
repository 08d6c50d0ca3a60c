"""Every UI string has a translation in every catalogue, with the same placeholders."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_catalogues_are_complete():
    run = subprocess.run([sys.executable, "storefront/locales/extract.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
