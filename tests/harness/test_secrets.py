"""Credentials come from the environment and never stay in anything the harness writes: planted
secrets are searched for in every output file of a journey run (with a failure, so its
Playwright trace is attached) and a load run, plain, base64 and inside zips."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from harness.errors import UserInputError
from harness.secrets import MASK, load_secrets, scrub_tree

USER, PASSWORD, TOKEN = "qa-planted", "Planted-S3cret!", "tok-planted-7f3a9c"
PLANTED = {"HARNESS_BASIC_AUTH": f"{USER}:{PASSWORD}", "HARNESS_API_TOKEN": TOKEN}
FORMS = [PASSWORD, TOKEN, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()]


def _every_byte(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            yield path, data
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    for name in zf.namelist():
                        yield path / name, zf.read(name)


def test_secrets_come_from_the_environment_and_a_file_outside_the_repo(tmp_path):
    file = tmp_path / "staging.env"
    file.write_text("# staging\nexport HARNESS_ADAPTER_PASSWORD='from-file-pw'\n", encoding="utf-8")
    secrets = load_secrets({**PLANTED, "HARNESS_SECRETS_FILE": str(file), "HARNESS_MARKETS": "DE"})
    assert secrets.basic_auth == (USER, PASSWORD)
    assert set(secrets.names) == {"HARNESS_BASIC_AUTH", "HARNESS_API_TOKEN", "HARNESS_ADAPTER_PASSWORD"}
    text = f"Authorization: Basic {FORMS[2]} token={TOKEN} pw={PASSWORD} other=from-file-pw market=DE"
    assert secrets.scrub(text) == f"Authorization: Basic {MASK} token={MASK} pw={MASK} other={MASK} market=DE"


@pytest.mark.parametrize("environ, said", [
    ({"HARNESS_BASIC_AUTH": "no-colon"}, "HARNESS_BASIC_AUTH: expected user:password"),
    ({"HARNESS_SECRETS_FILE": "/nonexistent/staging.env"}, "/nonexistent/staging.env: no such file"),
    ({"HARNESS_SECRETS_FILE": str(Path(__file__))}, "is inside the repository"),
])
def test_bad_credentials_are_refused_in_one_line(environ, said):
    with pytest.raises(UserInputError, match=said):
        load_secrets(environ)


def test_a_trace_zip_is_scrubbed_inside(tmp_path):
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as zf:
        zf.writestr("trace.network", f'{{"name": "authorization", "value": "Basic {FORMS[2]}"}}')
    secrets = load_secrets(PLANTED)
    assert scrub_tree(tmp_path, secrets) == 1
    assert FORMS[2] not in zipfile.ZipFile(trace).read("trace.network").decode()


class BasicAuthGate:
    """Staging behind HTTP basic auth: 401 with a challenge unless the planted credentials come."""

    def __init__(self):
        self.let_in = self.turned_away = 0

    def gate(self, headers):
        if headers.get("Authorization") == f"Basic {FORMS[2]}":
            self.let_in += 1
            return None
        self.turned_away += 1
        return 401, {"WWW-Authenticate": 'Basic realm="staging"', "Content-Type": "text/plain"}, b"staging only"

    def __call__(self, method, path, client):
        return None


@pytest.mark.slow
def test_no_planted_secret_survives_in_any_output(tmp_path):
    from harness.target import EmbeddedStorefront
    from tests.scenarios.broken_shop import BrokenShop

    env = {**os.environ, **PLANTED, "COLUMNS": "160"}
    results = tmp_path / "allure-results"
    gate = BasicAuthGate()
    with EmbeddedStorefront(("wrong-currency",)) as shop, BrokenShop(shop.url, gate) as staging:
        walked = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "--personas", "1", "-m", "service_area", "--markets", "CH",
                                 "--target", staging.url, "-p", "no:cacheprovider", "-q", "--alluredir", str(results),
                                 "--progress-file", str(tmp_path / "progress.jsonl"), "-k", "lands"],
                                capture_output=True, text=True, timeout=300, env=env,
                                cwd=Path(__file__).resolve().parents[2])
        # Enough requests for DE to be judged (a region judged on nothing is exit 2) on a busy machine too.
        loaded = subprocess.run([sys.executable, "-m", "harness.entry", "load", "--target", staging.url, "--markets", "DE",
                                 "--users", "8", "--duration", "8s", "--alluredir", str(results), "--out", str(tmp_path)],
                                capture_output=True, text=True, timeout=300, env=env)
    # The journey got past the gate and failed on the shop's fault, so its trace is attached.
    assert walked.returncode == 1 and "expected currency CHF" in walked.stdout, walked.stdout[-2000:]
    assert loaded.returncode in (0, 1) and "0 failed" in loaded.stdout, loaded.stdout + loaded.stderr
    assert gate.let_in > 5, "the credentials never reached the shop: the test would prove nothing"
    assert list(results.glob("*-attachment.zip")), "no trace attached: the test would prove nothing"
    leaks = [str(path) for path, data in _every_byte(tmp_path) for form in FORMS if form.encode() in data]
    leaks += [f"output: {form}" for form in FORMS if form in walked.stdout + walked.stderr + loaded.stdout + loaded.stderr]
    assert not leaks, leaks
