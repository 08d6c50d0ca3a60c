"""The command line reads like the tools users know (issue 19): -h as well as --help, --version,
a word for what each option takes instead of a Python type, no type shown for a flag, an example
at the end of every command's help, Typer's shell completion, and one default seed."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from harness import __version__
from harness.cli import app
from harness.settings import DEFAULT_SEED, Settings

PYTHON_TYPES = re.compile(r"<(str|int|float|bool|path|list\[[a-z]+\])>")


def commands(group=None, path=()):
    """Every command's words after `harness`: ("run",), ("adapter", "check"), ..."""
    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from commands(cmd, (*path, name))
        else:
            yield (*path, name)


COMMANDS = sorted(commands())


def help_of(*words: str) -> str:
    done = CliRunner().invoke(app, [*words, "-h"], prog_name="harness", env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_takes_h_and_ends_its_help_with_an_example(words):
    said = help_of(*words)
    assert f"Example: harness {' '.join(words)}" in said
    # an option missing from harness.cli.METAVARS would show its Python type here
    assert not PYTHON_TYPES.findall(said), PYTHON_TYPES.findall(said)


def test_the_group_takes_h_version_and_offers_completion():
    said = help_of()
    assert "--install-completion" in said and "--show-completion" in said
    assert not PYTHON_TYPES.findall(said)
    done = CliRunner().invoke(app, ["--version"], prog_name="harness")
    assert done.exit_code == 0 and done.output.strip() == f"harness {__version__}"
    # A process of its own, with Typer's switch for tests: by default --show-completion detects the
    # shell it runs under, and a test worker has none to detect (it then exits 1).
    script = subprocess.run([sys.executable, "-m", "harness.entry", "--show-completion", "bash"], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert script.returncode == 0 and "complete -o default -F" in script.stdout, script.stdout + script.stderr


@pytest.mark.parametrize("words", [("run",), ("personas",), ("load",), ("adapter", "check")], ids=" ".join)
def test_one_default_seed_everywhere(words):
    assert f"[default: {DEFAULT_SEED}]" in re.search(r"--seed.*", help_of(*words)).group(0)
    assert Settings().seed == DEFAULT_SEED
