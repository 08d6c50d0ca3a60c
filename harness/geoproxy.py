"""The geo-proxy: how a persona's browser reaches the shop from its own market's address.

Only the network level can change the client address a site sees. Each persona's browser
context gets a loopback proxy port of its own; requests through it reach the shop with
`X-Forwarded-For` set to the persona's address, which a shop behind a CDN or load balancer
trusts from its proxies (the reference storefront trusts loopback). The address can change
mid-journey (a traveller's flight). HTTPS goes through as a plain tunnel (CONNECT): a staging
shop that must see the real address needs a real egress proxy in that market (`proxy:` in the
run settings), not this one.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from http import HTTPStatus
from urllib.parse import urlsplit

log = logging.getLogger("harness.geoproxy")
# Connection stays: a browser's "Connection: close" must reach the shop, which then closes, and so do we.
HOP_BY_HOP = {"keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade"}
READ = 65536


class Route:
    """One persona's way in: a proxy port whose requests carry `client_ip`."""

    def __init__(self, proxy: "GeoProxy", client_ip: str):
        self.proxy = proxy
        self.client_ip = client_ip
        self.port = 0
        self._server: asyncio.base_events.Server | None = None

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def travel_to(self, client_ip: str) -> None:
        """From now on, requests come from `client_ip` (connections already open included)."""
        self.client_ip = client_ip

    def close(self) -> None:
        if self._server is not None:
            self.proxy._call(self._close())
            self._server = None

    async def _close(self) -> None:
        self._server.close()


class GeoProxy:
    """The proxy's event loop runs in a thread of its own, so browsers driven synchronously
    (Playwright's sync API) and the proxy never wait on each other."""

    def __init__(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="geo-proxy", daemon=True)
        self._thread.start()

    def route(self, client_ip: str) -> Route:
        route = Route(self, client_ip)

        async def listen():
            route._server = await asyncio.start_server(lambda r, w: self._serve(route, r, w), "127.0.0.1", 0)
            route.port = route._server.sockets[0].getsockname()[1]

        self._call(listen())
        return route

    def close(self) -> None:
        """Ends every connection, then the proxy's loop."""
        if not self._loop.is_running():
            return

        async def finish():
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self._call(finish(), timeout=5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def _call(self, coro, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _serve(self, route: Route, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One browser connection. Only request heads are parsed (to stamp the address); each
        connection is pinned to one upstream connection whose bytes are copied back untouched:
        a browser sends its next request on a connection only once the last response is in, so
        the two directions never need to be matched up here."""
        upstream: _Upstream | None = None
        try:
            while True:
                try:
                    head = await _read_head(reader)
                except _BadRequest as exc:
                    await _reply(writer, exc.status, str(exc).encode())
                    return
                if head is None:
                    return
                method, target, version, headers = head
                if method == "CONNECT":
                    await self._tunnel(target, reader, writer)
                    return
                url = urlsplit(target)
                if not url.hostname:  # not proxy form: a request for the proxy itself
                    await _reply(writer, 400, b"this is a proxy: send absolute URLs")
                    return
                host, port = url.hostname, url.port or 80
                if upstream is None or not upstream.serves(host, port):
                    if upstream:
                        upstream.close()
                    try:
                        upstream = await _Upstream.open(host, port, writer)
                    except OSError as exc:
                        await _reply(writer, 502, f"geo-proxy: cannot reach {host}:{port} ({exc})".encode())
                        return
                path = (url.path or "/") + (f"?{url.query}" if url.query else "")
                kept = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP and k.lower() != "x-forwarded-for"]
                kept.append(("X-Forwarded-For", route.client_ip))
                upstream.writer.write(f"{method} {path} {version}\r\n".encode("latin-1") + b"".join(
                    f"{k}: {v}\r\n".encode("latin-1") for k, v in kept) + b"\r\n")
                await _copy_body(headers, reader, upstream.writer)
        except (ConnectionError, asyncio.IncompleteReadError, OSError, ValueError) as exc:
            log.debug("geo-proxy connection ended: %s", exc)
        except asyncio.CancelledError:  # the proxy is closing; asyncio would log a cancelled handler as an error
            pass
        finally:
            if upstream:
                upstream.close()
            writer.close()

    async def _tunnel(self, target: str, reader, writer) -> None:
        host, _, port = target.rpartition(":")
        try:
            up_reader, up_writer = await asyncio.open_connection(host.strip("[]"), int(port))
        except (OSError, ValueError):
            await _reply(writer, 502, b"cannot reach " + target.encode("latin-1"))
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            await writer.drain()
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            up_writer.close()


class _BadRequest(Exception):
    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status


class _Upstream:
    """The shop's side of one browser connection: whatever the shop sends goes straight back,
    and when the shop closes, so does the browser's connection (the browser then retries on a
    new one, as it does with any keep-alive connection a server let go)."""

    def __init__(self, host: str, port: int, writer: asyncio.StreamWriter, copying: asyncio.Task):
        self.host, self.port, self.writer, self.copying = host, port, writer, copying

    @classmethod
    async def open(cls, host: str, port: int, browser: asyncio.StreamWriter) -> "_Upstream":
        up_reader, up_writer = await asyncio.open_connection(host, port)
        return cls(host, port, up_writer, asyncio.create_task(_pipe(up_reader, browser)))

    def serves(self, host: str, port: int) -> bool:
        return (self.host, self.port) == (host, port) and not self.copying.done()

    def close(self) -> None:
        self.copying.cancel()
        self.writer.close()


async def _read_head(reader: asyncio.StreamReader):
    """(method, target, version, [(name, value)]) of the next request, None at the end of the connection."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise _BadRequest(400, "the request ended inside its head") from None
        return None
    except asyncio.LimitOverrunError:
        raise _BadRequest(431, "request head too large") from None
    lines = raw.decode("latin-1").split("\r\n")
    request_line = lines[0].split(" ")
    if len(request_line) != 3 or not request_line[2].startswith("HTTP/1."):
        raise _BadRequest(400, "not an HTTP/1 request")
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise _BadRequest(400, "malformed header line")
        headers.append((name, value.strip()))
    return request_line[0], request_line[1], request_line[2], headers


async def _copy_body(headers: list[tuple[str, str]], reader: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
    """The request's body, framed as it came (Content-Length or chunked)."""
    fields = {k.lower(): v for k, v in headers}
    if "chunked" in fields.get("transfer-encoding", "").lower():
        while True:
            size_line = await reader.readuntil(b"\r\n")
            dst.write(size_line)
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:  # the last chunk, then trailers up to an empty line
                while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
                    dst.write(line)
                dst.write(b"\r\n")
                break
            dst.write(await reader.readexactly(size + 2))
            await dst.drain()
    else:
        left = int(fields.get("content-length", "0") or 0)
        while left > 0:
            data = await reader.read(min(left, READ))
            if not data:
                raise ConnectionError("the browser closed the connection inside a request body")
            dst.write(data)
            left -= len(data)
            await dst.drain()
    await dst.drain()


async def _pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
    """Copies until the source ends, then ends the destination; when cancelled (the browser
    moved on to another host) the destination stays open."""
    try:
        while data := await src.read(READ):
            dst.write(data)
            await dst.drain()
    except (ConnectionError, OSError):
        pass
    except asyncio.CancelledError:
        return
    dst.close()


async def _reply(writer: asyncio.StreamWriter, status: int, body: bytes) -> None:
    writer.write(f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\ncontent-length: {len(body)}\r\n"
                 f"connection: close\r\n\r\n".encode() + body)
    await writer.drain()
