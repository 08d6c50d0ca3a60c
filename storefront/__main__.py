"""python -m storefront --host 127.0.0.1 --port 0 [--config FILE] [--faults NAME,...] [--database-url URL] [--workers N]"""
from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from pathlib import Path

from pydantic import ValidationError


def _whole(low: int, high: int):
    def parse(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not {value!r}")
        return int(value)

    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        self.exit(2, f"storefront: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m storefront", description="Reference multi-region storefront (staging).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_whole(0, 65535), default=8000, help="0 picks a free port")
    p.add_argument("--config", type=Path, help="markets file (default: the bundled storefront/config/markets.yaml)")
    p.add_argument("--faults", default="", help="comma-separated fault profiles (see --list-faults)")
    p.add_argument("--database-url", help="SQLAlchemy URL; default: a fresh SQLite file in a temporary directory")
    p.add_argument("--workers", type=_whole(1, 64), default=1, help="web worker processes (1-64; default 1)")
    p.add_argument("--list-faults", action="store_true", help="print the fault profiles and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from . import faults

    if args.list_faults:
        for profile in faults.PROFILES.values():
            print(f"{profile.name:20} {profile.description}")
        return 0
    from .loading import load_shop

    names = [n.strip() for n in args.faults.split(",") if n.strip()]
    try:
        shop = load_shop(args.config, names)
    except faults.UnknownFault as exc:
        print(f"storefront: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"storefront: --config: no such file {exc.filename}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        print(f"storefront: {args.config or 'markets.yaml'}: {where}: {err['msg']} (value {err.get('input')!r})", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"storefront: {args.config or 'markets.yaml'}: {exc}", file=sys.stderr)
        return 2

    from sqlalchemy.exc import SQLAlchemyError

    from .app import prepare_database
    from .server import Plan, serve

    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"storefront: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    sock.listen(2048)  # before the "listening" line, so a client that reads it is never refused
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    with tempfile.TemporaryDirectory(prefix="storefront-") as scratch:
        database_url = args.database_url or f"sqlite:///{Path(scratch) / 'shop.db'}"
        try:
            prepare_database(shop, database_url)
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            print(f"storefront: --database-url {args.database_url!r}: {reason}", file=sys.stderr)
            return 2
        print(f"storefront listening on http://{shown}:{port}", flush=True)
        return serve(Plan(shop=shop, web=sock, database_url=database_url, workers=args.workers))


if __name__ == "__main__":
    sys.exit(main())
