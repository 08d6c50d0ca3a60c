"""Process model: a supervisor that owns the sockets and the mail sink, and N forked web workers.

The supervisor binds the web socket before anything else, so a client that has read the
address is never refused; workers forked from it share the loaded shop copy-on-write and
accept on that one socket. The SMTP sink runs in the supervisor, so every worker's mail lands
in one mailbox; so does the support desk (support/desk.py), one queue for every worker's
tickets. A worker that dies takes the shop down with it: a half-capacity staging shop would
hide the fault from the tests that should see it.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import secrets
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass

from .app import create_app
from .db import session_factory
from .mail import Mailer, MailSink
from .schema import open_database
from .shop import Shop
from .support.desk import Desk
from .support.inbound import SupportInbox

log = logging.getLogger("storefront")
SHUTDOWN_GRACE = 10.0  # seconds a worker gets to finish its requests before it is killed


@dataclass
class Plan:
    shop: Shop
    web: socket.socket  # bound and listening
    database_url: str
    workers: int


def serve(plan: Plan) -> int:
    """Runs on a database `prepare_database` has set up, until SIGTERM or SIGINT (exit 0) or
    until a worker dies (exit 1)."""
    smtp = socket.create_server(("127.0.0.1", 0))
    secret = secrets.token_bytes(32)
    write_lock = multiprocessing.Lock()  # a semaphore every forked process shares
    # The loaded shop lives as long as the process: out of the collector's way, its pages stay
    # shared with the workers and full collections stay short.
    gc.freeze()
    supervisor = os.getpid()
    pids = [_fork_worker(plan, smtp, secret, write_lock, supervisor) for _ in range(plan.workers)]
    return asyncio.run(_supervise(pids, smtp, plan, write_lock))


def _fork_worker(plan: Plan, smtp: socket.socket, secret: bytes, write_lock, supervisor: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        mail_to = smtp.getsockname()[:2]
        smtp.close()
        code = _run_worker(plan, secret, mail_to, write_lock, supervisor)
    except BaseException:  # the worker must never fall back into the supervisor's code
        log.exception("storefront worker %d failed", os.getpid())
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _run_worker(plan: Plan, secret: bytes, mail_to: tuple[str, int], write_lock, supervisor: int) -> int:
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    orphaned = _exit_with(supervisor)
    app = create_app(plan.shop, plan.database_url, secret, mail_to, write_lock)
    # proxy_headers=False: the shop resolves X-Forwarded-For itself, against its own trusted_proxies.
    config = uvicorn.Config(app, loop="uvloop", http="httptools", access_log=False, log_level="warning",
                            proxy_headers=False, timeout_graceful_shutdown=int(SHUTDOWN_GRACE) - 2)
    server = orphaned.server = uvicorn.Server(config)
    if orphaned.is_set():  # the supervisor died while this worker was starting
        return 0
    try:
        import uvloop

        uvloop.run(server.serve(sockets=[plan.web]))
    except ImportError:
        asyncio.run(server.serve(sockets=[plan.web]))
    return 0


class _Orphaned(threading.Event):
    server = None  # the uvicorn server, once there is one


def _exit_with(supervisor: int) -> _Orphaned:
    """A worker whose supervisor was killed outright (SIGKILL) stops by itself. The supervisor's
    pid comes from before the fork: asked later, a worker whose supervisor already died would
    get its new parent's and wait for the wrong process."""
    orphaned = _Orphaned()

    def watch() -> None:
        while os.getppid() == supervisor:
            time.sleep(0.2)
        orphaned.set()  # before reading .server: the worker sets .server, then checks the flag
        if orphaned.server is not None:
            orphaned.server.should_exit = True

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()
    return orphaned


async def _supervise(pids: list[int], smtp: socket.socket, plan: Plan, write_lock) -> int:
    engine = open_database(plan.database_url, write_lock)
    sessions = session_factory(engine)
    # The supervisor sends mail too (acknowledgements of tickets opened by e-mail), to its own sink.
    mailer = Mailer(*smtp.getsockname()[:2])
    sink = MailSink(sessions, smtp, on_message=SupportInbox(plan.shop, sessions, mailer).received)
    await sink.start()
    desk = asyncio.create_task(Desk(plan.shop, sessions).run(), name="support-desk")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    alive = set(pids)
    code = 0
    while not stop.is_set():
        for pid, status in _reap(alive):
            log.error("storefront: worker %d exited with code %d; stopping", pid, os.waitstatus_to_exitcode(status))
            code = 1
            stop.set()
        if not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), 0.2)
            except asyncio.TimeoutError:
                pass
    for pid in alive:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + SHUTDOWN_GRACE
    while alive and time.monotonic() < deadline:  # the sink keeps accepting their last mail meanwhile
        list(_reap(alive))
        await asyncio.sleep(0.05)
    for pid in alive:
        _signal(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    desk.cancel()
    await asyncio.gather(desk, return_exceptions=True)
    await loop.run_in_executor(None, mailer.close)  # its last message still reaches the sink
    await sink.stop()
    engine.dispose()
    return code


def _reap(alive: set[int]):
    for pid in list(alive):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            alive.discard(pid)
            yield pid, status


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
