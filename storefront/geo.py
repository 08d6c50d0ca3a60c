"""Geo-IP lookup and client address resolution, the way a shop behind a CDN does it."""
from __future__ import annotations

import bisect
import ipaddress
from collections.abc import Iterable

from .settings import GeoRange

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class GeoIPTable:
    """Sorted, non-overlapping ranges; lookup is a binary search."""

    def __init__(self, ranges: Iterable[GeoRange]):
        rows = sorted(
            ((r.network.version, int(r.network.network_address), int(r.network.broadcast_address), r.country) for r in ranges)
        )
        self._starts = [(v, s) for v, s, _, _ in rows]
        self._rows = rows

    def country(self, address: str | IPAddress | None) -> str | None:
        if address is None:
            return None
        try:
            ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        except ValueError:
            return None
        key = (ip.version, int(ip))
        i = bisect.bisect_right(self._starts, key) - 1
        if i < 0:
            return None
        version, start, end, country = self._rows[i]
        return country if version == ip.version and start <= int(ip) <= end else None


class ClientAddress:
    """Which address is the customer's: X-Forwarded-For counts only when the peer is a trusted proxy."""

    def __init__(self, trusted: Iterable[str]):
        self._trusted = [ipaddress.ip_network(n) for n in trusted]

    def is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self._trusted)

    def resolve(self, peer: str | None, forwarded_for: str | None) -> str | None:
        if peer is None or not forwarded_for or not self.is_trusted(peer):
            return peer
        # Walk from the nearest hop back: the first untrusted hop is the client.
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                return peer  # a forged or garbled header is ignored as a whole
            if not self.is_trusted(hop):
                return hop
        return hops[0] if hops else peer
