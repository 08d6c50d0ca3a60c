"""The `harness` console script. A load run needs gevent's monkey-patching before anything else
imports the socket or ssl modules, so that comes first when the command is `load`."""
from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "load":
        from gevent import monkey

        monkey.patch_all()
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
