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
from urllib.parse import urlsplit

import h11

log = logging.getLogger("harness.geoproxy")
HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-connection", b"proxy-authorization", b"proxy-authenticate",
              b"te", b"trailer", b"upgrade"}
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
        client = h11.Connection(h11.SERVER)
        upstream: tuple[str, int, asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                event = await _next(client, reader)
                if isinstance(event, (h11.ConnectionClosed, type(None))):
                    return
                if not isinstance(event, h11.Request):
                    return
                if event.method == b"CONNECT":
                    await self._tunnel(client, event, reader, writer)
                    return
                url = urlsplit(event.target.decode("latin-1"))
                if not url.hostname:  # not proxy form: a request for the proxy itself
                    await _reply(client, writer, 400, b"this is a proxy: send absolute URLs")
                    return
                host, port = url.hostname, url.port or 80
                if upstream is None or upstream[:2] != (host, port):
                    if upstream:
                        upstream[3].close()
                    up_reader, up_writer = await asyncio.open_connection(host, port)
                    upstream = (host, port, up_reader, up_writer)
                keep = await self._forward(route, client, event, url, reader, writer, upstream)
                if not keep or client.our_state is h11.MUST_CLOSE:
                    return
                client.start_next_cycle()
        except (ConnectionError, h11.ProtocolError, asyncio.IncompleteReadError, OSError) as exc:
            log.debug("geo-proxy connection ended: %s", exc)
        finally:
            if upstream:
                upstream[3].close()
            writer.close()

    async def _forward(self, route: Route, client: h11.Connection, request: h11.Request, url, reader, writer,
                       upstream) -> bool:
        """One request and its response; True when both connections may carry another."""
        _, _, up_reader, up_writer = upstream
        shop = h11.Connection(h11.CLIENT)
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        headers = [(k, v) for k, v in request.headers if k.lower() not in HOP_BY_HOP and k.lower() != b"x-forwarded-for"]
        headers.append((b"x-forwarded-for", route.client_ip.encode()))
        up_writer.write(shop.send(h11.Request(method=request.method, target=path.encode(), headers=headers)))
        while True:  # the request body, if any
            event = await _next(client, reader)
            if isinstance(event, h11.Data):
                up_writer.write(shop.send(h11.Data(data=event.data)))
            elif isinstance(event, h11.EndOfMessage):
                up_writer.write(shop.send(h11.EndOfMessage()))
                break
            else:
                return False
        await up_writer.drain()
        while True:  # the response
            event = await _next(shop, up_reader)
            if isinstance(event, h11.InformationalResponse):
                continue
            if isinstance(event, h11.Response):
                kept = [(k, v) for k, v in event.headers if k.lower() not in HOP_BY_HOP]
                writer.write(client.send(h11.Response(status_code=event.status_code, headers=kept, reason=event.reason)))
            elif isinstance(event, h11.Data):
                writer.write(client.send(h11.Data(data=event.data)))
            elif isinstance(event, h11.EndOfMessage):
                writer.write(client.send(h11.EndOfMessage()))
                await writer.drain()
                return shop.our_state is h11.DONE and shop.their_state is h11.DONE
            else:
                return False
            await writer.drain()

    async def _tunnel(self, client: h11.Connection, request: h11.Request, reader, writer) -> None:
        host, _, port = request.target.decode("latin-1").rpartition(":")
        try:
            up_reader, up_writer = await asyncio.open_connection(host.strip("[]"), int(port))
        except (OSError, ValueError):
            await _reply(client, writer, 502, b"cannot reach " + request.target)
            return
        writer.write(client.send(h11.Response(status_code=200, headers=[], reason=b"Connection established")))
        await writer.drain()
        leftover, _ = client.trailing_data

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, first: bytes = b"") -> None:
            try:
                if first:
                    dst.write(first)
                while data := await src.read(READ):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer, bytes(leftover)), pipe(up_reader, writer))


async def _next(conn: h11.Connection, reader: asyncio.StreamReader):
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await reader.read(READ)
            conn.receive_data(data)
            continue
        if event is h11.PAUSED:
            return None
        return event


async def _reply(conn: h11.Connection, writer: asyncio.StreamWriter, status: int, body: bytes) -> None:
    writer.write(conn.send(h11.Response(status_code=status, headers=[(b"content-length", str(len(body)).encode()),
                                                                      (b"connection", b"close")])))
    writer.write(conn.send(h11.Data(data=body)))
    writer.write(conn.send(h11.EndOfMessage()))
    await writer.drain()
