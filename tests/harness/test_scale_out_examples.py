"""The scale-out examples (docs/scale-out/) are what their platforms accept and run commands the
harness has: the GitHub Actions workflows (the sharded run's, the sharded rehearsal's) against
GitHub's workflow schema (check-jsonschema's copy), the Kubernetes manifests against Kubernetes'
own schemas (kubernetes-validate's copy), and every `harness` command in them with options its
command takes and a --shard every index of the Indexed Job can give."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from harness.shards import parse_shard

from ..helpers import ROOT

EXAMPLES = ROOT / "docs" / "scale-out"
WORKFLOWS = sorted(EXAMPLES.glob("*.yml"))  # the sharded run's, the sharded rehearsal's
MANIFESTS = sorted(EXAMPLES.glob("kubernetes*.yaml"))  # the sharded run's, the sharded rehearsal's
KUBERNETES = "1.30.0"  # the oldest version the manifest is meant for (backoffLimitPerIndex: 1.29+)


def _check_workflow(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, timeout=120)


def _check_manifest(text: str) -> list[str]:
    import kubernetes_validate

    problems = []
    for doc in yaml.safe_load_all(text):
        try:
            kubernetes_validate.validate(doc, KUBERNETES, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{doc.get('kind')}: {exc}")
    return problems


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflows_are_valid_github_actions_workflows(tmp_path, workflow):
    checked = _check_workflow(workflow)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("runs-on:", "runs_on:", 1))
    assert _check_workflow(broken).returncode != 0, "the schema check would pass anything"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda path: path.name)
def test_the_manifests_are_valid_kubernetes_objects(manifest):
    text = manifest.read_text()
    assert _check_manifest(text) == []
    assert [doc["kind"] for doc in yaml.safe_load_all(text)] == ["PersistentVolumeClaim", "Job", "Job"]
    assert _check_manifest(text.replace("completionMode:", "completionsMode:")), "the schema check would pass anything"


def _commands() -> list[tuple[str, list[str]]]:
    """(where, words) of every harness command the examples run: each workflow step's `run`,
    each container's `args`."""
    found = []
    scripts = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        scripts += [(f"{path.name} job {name}", step["run"]) for name, job in workflow["jobs"].items()
                    for step in job["steps"] if "run" in step]
    for doc in (doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text())):
        for container in doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            scripts += [(f"manifest {doc['metadata']['name']}", arg) for arg in container.get("args", [])]
    for where, script in scripts:
        for line in script.replace("\\\n", " ").splitlines():
            at = re.search(r"(?:\.venv/bin/)?harness (\w+)(.*)", line)
            if at:
                found.append((where, [at.group(1), *shlex.split(at.group(2))]))
    return found


def test_every_harness_command_in_the_examples_takes_the_options_it_is_given():
    import typer.main

    from harness.cli import app

    group = typer.main.get_command(app)
    commands = _commands()
    assert {words[0] for _, words in commands} >= {"run", "load", "merge", "rehearse"}
    assert len(WORKFLOWS) == 2 and len(MANIFESTS) == 2
    for where, words in commands:
        command = group.commands.get(words[0])
        assert command is not None, f"{where}: harness {words[0]}: no such command"
        known = {opt for param in command.params for opt in param.opts}
        given = [w for w in words[1:] if w.startswith("--")]
        assert set(given) <= known, f"{where}: harness {words[0]} takes no {sorted(set(given) - known)}"


@pytest.mark.parametrize("job", ["harness-shards", "rehearsal-shards"])
@pytest.mark.parametrize("index", range(4))
def test_every_pod_of_the_indexed_job_names_a_shard(job, index):
    shard_args = [words for where, words in _commands() if where == f"manifest {job}"]
    assert shard_args
    words = shard_args[0]
    given = words[words.index("--shard") + 1]
    shown = subprocess.run(["sh", "-c", f'echo "{given}"'], capture_output=True, text=True,
                           env={"JOB_COMPLETION_INDEX": str(index)}).stdout.strip()
    assert parse_shard(shown).index == index + 1
