"""The harness states its expectations itself: it never reads the storefront's configuration."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP_FILES = ("markets.yaml", "geoip.csv", "catalogue.yaml", "storefront/config")

# Loads the policy, makes personas of every market and prints them through the CLI, with an
# audit hook recording every file opened on the way.
PROBE = r"""
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and args and isinstance(args[0], str) else None)
from harness.policy import load_policy
from harness.personas import PersonaFactory
policy = load_policy()
factory = PersonaFactory(policy, seed=3)
for market in policy:
    factory.personas(market, 3)
from harness import cli
sys.argv = ["harness", "personas", "--market", "all", "--count", "1", "--format", "json"]
try:
    cli.main()
except SystemExit:
    pass
print("\n@@" + json.dumps(opened))
"""


def test_making_personas_opens_no_storefront_file():
    r = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    opened = json.loads(r.stdout.rsplit("\n@@", 1)[1])
    assert any(p.endswith("places.yaml") for p in opened), "the probe did not run the factory"
    shop = str(ROOT / "storefront")
    assert [p for p in opened if p.startswith(shop) or "/storefront/" in p] == []


def test_no_harness_source_names_a_storefront_config_file():
    hits = []
    for folder in ("harness", "personas", "scenarios"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".yaml", ".yml", ".toml", ".json") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            hits += [f"{path.relative_to(ROOT)}: {name}" for name in SHOP_FILES if name in text]
    assert hits == []
