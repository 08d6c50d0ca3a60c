"""A throwaway PostgreSQL cluster for one test session, from the machine's server binaries."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class NoPostgres(RuntimeError):
    pass


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        raise NoPostgres("no PostgreSQL server binaries (Debian: apt-get install postgresql; `make test` does it as root)")
    return Path(initdb).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.bin = _bindir()
        # The server refuses to run as root: as root, run it as Debian's postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.dir = Path(tempfile.mkdtemp(prefix="storefront-pg-"))
        self.port = _free_port()
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"

    def _run(self, *cmd: str) -> None:
        r = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, timeout=120)
        if r.returncode:
            raise NoPostgres(f"{cmd[0]} failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")

    def start(self) -> str:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "shop", "-E", "UTF8", "--no-sync")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.dir / "log"),
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dir} -F", "start")
        return f"postgresql+psycopg://shop@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        except NoPostgres:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
