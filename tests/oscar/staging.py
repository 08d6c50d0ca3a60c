"""A real django-oscar staging shop that the test suite makes for itself (tests/oscar/README.md).

    with OscarStaging(faults=("at-vat-wrong",), smtp_port=2525) as shop:
        httpx.Client(base_url=shop.url, cookies={"country": "AT"}).get("/de/", follow_redirects=True)

The shop runs in its own virtualenv (.tools/oscar/venv, scripts/ensure-oscar): nothing here
imports Oscar or Django. A template instance (migrated and seeded database, search index,
compiled catalogue) is built once per hash of the pins, the project's files and its seed data,
under .tools/oscar/template-<hash>/; each instance copies it into a temporary directory of its
own, so every instance starts fresh, in about a second once the template exists.

    python -m tests.oscar.staging [--port N] [--fault NAME ...] [--smtp-port P]
"""
from __future__ import annotations

import argparse
import ctypes
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

from .project.regions.faults import FAULTS

__all__ = ["FAULTS", "OscarStaging", "OscarUnavailable", "ensure_template", "ensure_venv"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PROJECT = HERE / "project"
REQUIREMENTS = HERE / "requirements.txt"
TOOLS = ROOT / ".tools" / "oscar"
VENV = TOOLS / "venv"
ENSURE_SCRIPT = ROOT / "scripts" / "ensure-oscar"
INSTANCE_PREFIX = "oscar-staging-"  # + the starting process's pid + "-": temporary instance directories

# Variables of the caller's Python that must not leak into the shop's.
_FOREIGN_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "PYTHONSTARTUP")


class OscarUnavailable(RuntimeError):
    """The shop's virtualenv cannot be built here (no PyPI, no venv module): a reason to skip."""


def ensure_venv() -> Path:
    """Builds .tools/oscar/venv if needed (scripts/ensure-oscar; instant once built) and returns
    its python."""
    try:
        run = subprocess.run([str(ENSURE_SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OscarUnavailable(f"scripts/ensure-oscar could not run: {exc}") from None
    if run.returncode != 0:
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exited with {run.returncode}"
        raise OscarUnavailable(f"scripts/ensure-oscar: {reason}")
    return VENV / "bin" / "python"


def template_hash() -> str:
    """Of the pins and every file of the project (code, templates, catalogues, shop.json)."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes())
    for path in sorted(PROJECT.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def ensure_template() -> Path:
    """The template instance's directory (db.sqlite3, whoosh_index/, locale/), built if needed:
    into a temporary directory renamed into place when complete, under a lock, so a crash never
    leaves a half-built template and two processes (xdist workers) build it once."""
    python = ensure_venv()
    target = TOOLS / f"template-{template_hash()}"
    if target.is_dir():
        return target
    with _locked(TOOLS / ".template.lock"):
        if target.is_dir():
            return target
        for stale in TOOLS.glob("template-*.tmp*"):  # left by a build that died: builders hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        building = TOOLS / f"{target.name}.tmp{os.getpid()}"
        building.mkdir(parents=True)
        try:
            _manage(python, building, "build_template", str(building / "locale"), timeout=600)
            os.rename(building, target)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        for old in TOOLS.glob("template-*"):
            if old != target and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return target


class OscarStaging:
    """One instance of the staging shop: gunicorn on a free loopback port, serving a fresh copy of
    the template database with `faults` applied, mail over SMTP to 127.0.0.1:`smtp_port` (or, without
    one, one file per message in `.mail_dir`)."""

    def __init__(self, faults: tuple[str, ...] = (), smtp_port: int | None = None, workers: int = 2, *,
                 port: int | None = None, threads: int = 4, startup_timeout: float = 60.0):
        unknown = [name for name in faults if name not in FAULTS]
        if unknown:
            raise ValueError(f"unknown fault {', '.join(map(repr, unknown))}: known faults are "
                             f"{', '.join(FAULTS)}")
        self.faults = tuple(faults)
        self.smtp_port = smtp_port
        self.workers = workers
        self.threads = threads
        self.port = port
        self.startup_timeout = startup_timeout
        self.url = ""
        self.dir: Path | None = None
        self._process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self._dir() / "server.log"

    @property
    def mail_dir(self) -> Path:
        """Where mail goes without an smtp_port: one .log file per message (Django's file backend)."""
        return self._dir() / "mail"

    def __enter__(self) -> OscarStaging:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> str:
        if self._process is not None:
            return self.url
        _remove_abandoned_instances()
        self.dir = Path(tempfile.mkdtemp(prefix=f"{INSTANCE_PREFIX}{os.getpid()}-"))
        try:
            self._copy_template()
            (self.dir / "mail").mkdir()
            (self.dir / "media").mkdir()
            env = self._env()
            if self.faults:
                _manage(VENV / "bin" / "python", self.dir, "apply_faults", *self.faults, env=env, timeout=120)
            deadline = time.monotonic() + self.startup_timeout
            for _attempt in range(3):  # a free port can be taken before gunicorn binds it
                port = self.port or _free_port()
                _set_site_domain(self.dir / "db.sqlite3", f"127.0.0.1:{port}")
                self.url = f"http://127.0.0.1:{port}"
                if self._serve(port, env, deadline):
                    break
                if self.port:
                    raise RuntimeError(f"127.0.0.1:{port} is in use: choose another port")
            else:
                raise RuntimeError("three free loopback ports were taken before gunicorn could bind them")
            self._wait_until_up(deadline)
        except BaseException:
            self.stop()
            raise
        return self.url

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _terminate(process)
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        self.url = ""

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except (OSError, RuntimeError):
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _dir(self) -> Path:
        if self.dir is None:
            raise RuntimeError("the staging shop is not started")
        return self.dir

    def _copy_template(self) -> None:
        """The instance owns copies of everything it uses: a newer template (the project changed)
        replaces this one while the instance runs."""
        for attempt in range(2):
            template = ensure_template()
            try:
                shutil.copyfile(template / "db.sqlite3", self.dir / "db.sqlite3")
                for part in ("whoosh_index", "locale"):
                    shutil.copytree(template / part, self.dir / part, dirs_exist_ok=True)
                return
            except FileNotFoundError:  # replaced by another process just now
                if attempt:
                    raise

    def _env(self) -> dict[str, str]:
        env = _clean_env()
        env["OSCAR_STAGING_DIR"] = str(self.dir)
        env["OSCAR_STAGING_LOCALE"] = str(self.dir / "locale")
        if self.smtp_port:
            env["OSCAR_STAGING_SMTP_PORT"] = str(self.smtp_port)
        return env

    def _serve(self, port: int, env: dict[str, str], deadline: float) -> bool:
        """Starts gunicorn on the port; False if the port turned out to be taken."""
        command = [str(VENV / "bin" / "gunicorn"), "shop.wsgi:application",
                   "--bind", f"127.0.0.1:{port}", "--workers", str(self.workers),
                   "--threads", str(self.threads), "--worker-class", "gthread", "--preload",
                   "--timeout", "60", "--graceful-timeout", "5",
                   "--access-logfile", "-", "--error-logfile", "-"]
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True,
                                             preexec_fn=_stop_with_parent)
        while time.monotonic() < deadline and self._process.poll() is None:
            started = self._log_since(offset)
            if "Listening at" in started:
                return True
            if "Connection in use" in started:  # it would retry for 5 s, deaf to SIGINT, then give up
                os.killpg(self._process.pid, signal.SIGKILL)  # only the master exists yet
                self._process.wait()
                self._process = None
                return False
            time.sleep(0.05)
        return True  # exited or slow: _wait_until_up says which, with the log

    def _log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")

    def _wait_until_up(self, deadline: float) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        while True:
            if self._process is None or self._process.poll() is not None:
                raise RuntimeError(f"the Oscar staging shop exited while starting; its log ends:\n{self.log_tail()}")
            try:
                with opener.open(self.url + "/en/regions/", timeout=5) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                raise RuntimeError(f"the Oscar staging shop answers {exc.code} on /en/regions/; "
                                   f"its log ends:\n{self.log_tail()}") from None
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Oscar staging shop did not answer at {self.url} within "
                                   f"{self.startup_timeout:.0f} s; its log ends:\n{self.log_tail()}")
            time.sleep(0.1)


def _manage(python: Path, instance: Path, *args: str, env: dict[str, str] | None = None, timeout: float) -> None:
    """Runs manage.py in the shop's venv against an instance directory."""
    if env is None:
        env = _clean_env()
        env["OSCAR_STAGING_DIR"] = str(instance)
    run = subprocess.run([str(python), "manage.py", *args], cwd=PROJECT, env=env, capture_output=True,
                         text=True, timeout=timeout)
    if run.returncode != 0:
        output = "\n".join((run.stdout + run.stderr).splitlines()[-30:])
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({run.returncode}):\n{output}")


def _remove_abandoned_instances() -> None:
    """Instance directories of processes that died without stopping their shop (killed)."""
    for path in Path(tempfile.gettempdir()).glob(f"{INSTANCE_PREFIX}*-*"):
        owner = path.name[len(INSTANCE_PREFIX):].split("-")[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


_PR_SET_PDEATHSIG = 1
_prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None) if sys.platform == "linux" else None


def _stop_with_parent() -> None:
    """In gunicorn's process before it starts: SIGINT (its quick shutdown) when the process that
    started it dies, so a killed test run leaves no shop behind. (Linux; tied to the starting
    thread, which is the main thread in pytest and in main().)"""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGINT)


def _set_site_domain(database: Path, domain: str) -> None:
    """The links in Oscar's e-mails are built from the Site's domain: this instance's host:port."""
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE django_site SET domain = ? WHERE id = 1", (domain,))


def _clean_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _FOREIGN_ENV}
    env["DJANGO_SETTINGS_MODULE"] = "shop.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _terminate(process: subprocess.Popen) -> None:
    """SIGINT to gunicorn's master (its quick shutdown: it stops its workers at once), SIGKILL to its
    process group if it is still there after 10 s. The group is the one this module started
    (start_new_session)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # stray workers, if any
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)



def started_or_skipped(**kwargs) -> OscarStaging:
    """A started staging for a test, or the test skipped with the reason (no PyPI to build it)."""
    import pytest

    shop = OscarStaging(**kwargs)
    try:
        shop.start()
    except OscarUnavailable as exc:
        pytest.skip(str(exc))
    return shop

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.oscar.staging",
                                     description="Start the django-oscar staging shop until Ctrl-C.")
    parser.add_argument("--port", type=int, help="loopback port (default: a free one)")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME", choices=sorted(FAULTS),
                        help="apply a named fault (repeatable): " + ", ".join(FAULTS))
    parser.add_argument("--smtp-port", type=int, help="send mail over SMTP to 127.0.0.1:PORT (default: files)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, 4 threads each)")
    parser.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    args = parser.parse_args(argv)
    if args.list_faults:
        for name, description in FAULTS.items():
            print(f"{name}: {description}")
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also where it was started with SIGINT ignored (`cmd &`)
    shop = OscarStaging(tuple(args.fault), smtp_port=args.smtp_port, workers=args.workers, port=args.port)
    try:
        shop.start()
        print(shop.url, flush=True)
        print(f"log: {shop.log_path}" + ("" if args.smtp_port else f"; mail: {shop.mail_dir}"),
              file=sys.stderr, flush=True)
        while shop.running:
            time.sleep(0.5)
        print(f"the shop stopped; its log ends:\n{shop.log_tail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OscarUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        shop.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
