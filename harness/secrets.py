"""Credentials for a staging shop, and keeping them out of everything the harness writes.

Credentials come from the environment only: `HARNESS_BASIC_AUTH=user:password` (the staging
shop's HTTP basic auth, sent by the browsers and the load users), any other `HARNESS_*`
variable whose name says PASSWORD, TOKEN, SECRET or KEY (for your own adapter or locustfile), and
`HARNESS_SECRETS_FILE=/path/outside/the/repo` (KEY=VALUE lines read into the same names). Every
file the harness writes (Allure results and attachments, Playwright traces, Locust reports,
logs) is scrubbed of their values, plain and in the encodings HTTP uses (base64 of basic auth,
URL-encoding), before the run ends.
"""
from __future__ import annotations

import base64
import os
import re
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import UserInputError

BASIC_AUTH = "HARNESS_BASIC_AUTH"
SECRETS_FILE = "HARNESS_SECRETS_FILE"
_SECRET_NAME = re.compile(r"^HARNESS_\w*(PASSWORD|TOKEN|SECRET|KEY|AUTH)\w*$")
MASK = "***"
_MIN_LENGTH = 4  # shorter values would mask ordinary text
_TEXT_SUFFIXES = {".json", ".txt", ".log", ".jsonl", ".csv", ".html", ".htm", ".properties", ".xml", ".svg",
                  ".trace", ".network", ".md", ".yaml", ".yml", ""}


@dataclass(frozen=True)
class Secrets:
    names: tuple[str, ...]
    basic_auth: tuple[str, str] | None
    values: tuple[str, ...]  # what must never be written, longest first

    def scrub(self, text: str) -> str:
        for value in self.values:
            if value in text:
                text = text.replace(value, MASK)
        return text

    def scrub_bytes(self, data: bytes) -> bytes:
        for value in self.values:
            raw = value.encode("utf-8")
            if raw in data:
                data = data.replace(raw, MASK.encode())
        return data

    @property
    def authorization(self) -> dict[str, str]:
        """The header load users send when the shop sits behind basic auth."""
        if not self.basic_auth:
            return {}
        token = base64.b64encode(":".join(self.basic_auth).encode()).decode()
        return {"Authorization": f"Basic {token}"}


def load_secrets(environ: dict[str, str] | None = None) -> Secrets:
    env = dict(os.environ if environ is None else environ)
    found: dict[str, str] = {}
    file = env.get(SECRETS_FILE)
    if file:
        found.update(_read_file(Path(file)))
    found.update({k: v for k, v in env.items() if _SECRET_NAME.match(k) and v and k != SECRETS_FILE})
    basic = None
    if found.get(BASIC_AUTH):
        user, sep, password = found[BASIC_AUTH].partition(":")
        if not sep or not user or not password:
            raise UserInputError(f"{BASIC_AUTH}: expected user:password, got a value without both parts")
        basic = (user, password)
    values: set[str] = set()
    for name, value in found.items():
        for form in _forms(value):
            if len(form) >= _MIN_LENGTH:
                values.add(form)
        if name == BASIC_AUTH and basic:
            values.add(basic[1]) if len(basic[1]) >= _MIN_LENGTH else None
            values.add(base64.b64encode(value.encode()).decode())
    return Secrets(tuple(sorted(found)), basic, tuple(sorted(values, key=len, reverse=True)))


def _forms(value: str) -> list[str]:
    return [value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)]


def _read_file(path: Path) -> dict[str, str]:
    shown = str(path)
    if not path.is_file():
        raise UserInputError(f"{SECRETS_FILE}: {shown}: no such file")
    repo = Path(__file__).resolve().parent.parent
    if path.resolve().is_relative_to(repo):
        raise UserInputError(f"{SECRETS_FILE}: {shown} is inside the repository; keep credentials outside it")
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip().removeprefix("export ").strip()
        if not sep or not re.fullmatch(r"HARNESS_\w+", name):
            raise UserInputError(f"{shown}:{number}: expected HARNESS_NAME=value")
        found[name] = value.strip().strip("'\"")
    return found


def scrub_tree(folder: Path, secrets: Secrets | None = None) -> int:
    """Scrubs every text file and every zip (Playwright traces) under `folder` (or the file itself);
    returns how many files changed. Images are left alone: the harness never types a secret into
    a page."""
    secrets = secrets or load_secrets()
    if not secrets.values or not folder.exists():
        return 0
    changed = 0
    for path in [folder] if folder.is_file() else folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        if path.suffix == ".zip":
            changed += _scrub_zip(path, secrets)
        elif path.suffix.lower() in _TEXT_SUFFIXES:
            data = path.read_bytes()
            clean = secrets.scrub_bytes(data)
            if clean != data:
                path.write_bytes(clean)
                changed += 1
    return changed


def _scrub_zip(path: Path, secrets: Secrets) -> int:
    try:
        with zipfile.ZipFile(path) as zf:
            entries = [(info, zf.read(info)) for info in zf.infolist()]
    except zipfile.BadZipFile:
        return 0
    cleaned = [(info, secrets.scrub_bytes(data)) for info, data in entries]
    if all(a[1] == b[1] for a, b in zip(entries, cleaned)):
        return 0
    tmp = path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in cleaned:
            zf.writestr(info, data)
    tmp.replace(path)
    return 1
