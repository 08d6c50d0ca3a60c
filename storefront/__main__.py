"""python -m storefront --host 127.0.0.1 --port 0 [--config FILE] [--faults NAME,...] [--database-url URL]"""
from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from pathlib import Path

from pydantic import ValidationError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m storefront", description="Reference multi-region storefront (staging).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    p.add_argument("--config", type=Path, help="markets file (default: the bundled storefront/config/markets.yaml)")
    p.add_argument("--faults", default="", help="comma-separated fault profiles (see --list-faults)")
    p.add_argument("--database-url", help="SQLAlchemy URL; default: a fresh SQLite file in a temporary directory")
    p.add_argument("--list-faults", action="store_true", help="print the fault profiles and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from . import faults

    if args.list_faults:
        for profile in faults.PROFILES.values():
            print(f"{profile.name:20} {profile.description}")
        return 0
    from .shop import load_shop

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

    import uvicorn

    from .app import create_app

    app = create_app(shop, args.database_url)
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"storefront: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    sock.listen(2048)  # before the "listening" line, so a client that reads it is never refused
    host, port = sock.getsockname()[:2]
    # proxy_headers=False: the shop resolves X-Forwarded-For itself, against its own trusted_proxies.
    config = uvicorn.Config(app, loop="uvloop", http="httptools", access_log=False, log_level="warning", proxy_headers=False)
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    print(f"storefront listening on http://{shown}:{port}", flush=True)
    try:
        import uvloop

        uvloop.run(server.serve(sockets=[sock]))
    except ImportError:
        asyncio.run(server.serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
