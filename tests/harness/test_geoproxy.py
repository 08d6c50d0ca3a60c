"""The geo-proxy, against a real HTTP server on loopback that answers with what it received:
the persona's address stamped (and the browser's own never passed on), the address changed on
an open connection, bodies and keep-alive intact, the shop closing, tunnels, and junk refused."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from harness.geoproxy import GeoProxy


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self._answer(b"")

    def do_POST(self):
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            body = b""
            while size := int(self.rfile.readline().split(b";")[0], 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(body)

    def _answer(self, body: bytes) -> None:
        if self.path.startswith("/big"):
            payload = b"x" * 3_000_000
        else:
            payload = json.dumps({"path": self.path, "xff": self.headers.get_all("X-Forwarded-For"),
                                  "proxy_headers": [k for k in self.headers if k.lower().startswith("proxy-")],
                                  "body": body.decode(), "peer_port": self.client_address[1]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        if self.path.startswith("/bye"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def shop():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def proxy():
    geo = GeoProxy()
    yield geo
    geo.close()


def test_requests_carry_the_personas_address_not_the_browsers(shop, proxy):
    route = proxy.route("81.2.69.142")
    with httpx.Client(proxy=route.server) as client:
        seen = client.get(f"{shop}/x?y=1", headers={"X-Forwarded-For": "10.9.9.9", "Proxy-Authorization": "Basic eA=="}).json()
    assert seen["path"] == "/x?y=1"
    assert seen["xff"] == ["81.2.69.142"]
    assert seen["proxy_headers"] == []


def test_each_route_has_its_own_address(shop, proxy):
    de, jp = proxy.route("81.2.69.142"), proxy.route("126.0.0.1")
    with httpx.Client(proxy=de.server) as a, httpx.Client(proxy=jp.server) as b:
        assert a.get(shop).json()["xff"] == ["81.2.69.142"]
        assert b.get(shop).json()["xff"] == ["126.0.0.1"]


def test_a_move_changes_the_address_on_an_open_connection(shop, proxy):
    route = proxy.route("81.2.69.142")
    with httpx.Client(proxy=route.server) as client:
        before = client.get(shop).json()
        route.travel_to("126.0.0.1")
        after = client.get(shop).json()
    assert (before["xff"], after["xff"]) == (["81.2.69.142"], ["126.0.0.1"])
    assert before["peer_port"] == after["peer_port"], "the connection was not kept alive"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_request_bodies_arrive_whole(shop, proxy, chunked):
    route = proxy.route("81.2.69.142")
    text = "Straße 7, 東京 " * 500
    content = iter([text[:1000].encode(), text[1000:].encode()]) if chunked else text.encode()
    with httpx.Client(proxy=route.server) as client:
        seen = client.post(f"{shop}/form", content=content).json()
        again = client.get(shop).json()  # the connection is still in step after the body
    assert seen["body"] == text
    assert again["path"] == "/"


def test_large_responses_come_back_intact(shop, proxy):
    route = proxy.route("81.2.69.142")
    with httpx.Client(proxy=route.server) as client:
        assert client.get(f"{shop}/big").content == b"x" * 3_000_000


def test_when_the_shop_closes_the_browser_gets_a_new_connection(shop, proxy):
    route = proxy.route("81.2.69.142")
    with httpx.Client(proxy=route.server) as client:
        first = client.get(f"{shop}/bye").json()
        second = client.get(shop).json()
    assert second["xff"] == ["81.2.69.142"]
    assert first["peer_port"] != second["peer_port"]


def test_https_goes_through_as_a_tunnel(proxy):
    # A plain TCP server stands in for the TLS shop: the tunnel copies bytes both ways.
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def echo_once():
        conn, _ = server.accept()
        conn.sendall(conn.recv(100).upper())
        conn.close()
    threading.Thread(target=echo_once, daemon=True).start()
    route = proxy.route("81.2.69.142")
    with socket.create_connection(("127.0.0.1", route.port), timeout=5) as s:
        s.sendall(f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert s.recv(100).startswith(b"HTTP/1.1 200")
        s.sendall(b"hello")
        assert s.recv(100) == b"HELLO"
    server.close()


@pytest.mark.parametrize("raw, status", [
    (b"GET /not-a-proxy-request HTTP/1.1\r\nHost: x\r\n\r\n", b"400"),
    (b"HELLO\r\n\r\n", b"400"),
    (b"GET http://127.0.0.1:1/ HTTP/1.1\r\nbroken header\r\n\r\n", b"400"),
    (b"GET http://127.0.0.1:1/ HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", b"431"),
    (b"CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n", b"502"),
    (b"GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n", b"502"),
], ids=["origin-form", "not-http", "bad-header", "huge-head", "tunnel-nowhere", "shop-down"])
def test_junk_gets_an_http_error_not_a_hang(proxy, raw, status):
    route = proxy.route("81.2.69.142")
    with socket.create_connection(("127.0.0.1", route.port), timeout=5) as s:
        s.sendall(raw)
        assert s.recv(100).split(b" ")[1] == status
