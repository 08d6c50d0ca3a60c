"""Safety: load goes only to allow-listed hosts and stays bounded in users, spawn rate, requests
per second and time; anything else is refused before a single request is sent."""
from __future__ import annotations

import importlib.util
import ipaddress
import re
import socket
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UserInputError
from ..settings import MAX_USERS

MAX_SPAWN_RATE = 500.0
MAX_RPS = 20_000.0
MAX_DURATION = 4 * 3600.0
DEFAULT_MAX_RPS = 5_000.0


def parse_duration(text: str, flag: str = "--duration") -> float:
    """Seconds, as Locust reads its own --run-time: "90s", "2m", "1h30m", "1h20m30s", "45" (whole
    seconds), within the bounds. `flag` names the option or the file's field in the one-line error."""
    try:
        total = _parse_timespan()(str(text).strip())
    except ValueError:
        raise UserInputError(f"{flag}: {text!r} is not a duration such as 90s, 2m or 1h30m") from None
    if not 1 <= total <= MAX_DURATION:
        raise UserInputError(f"{flag}: {text!r} is out of range; give 1 s to {int(MAX_DURATION // 3600)} h")
    return float(total)


@cache
def _parse_timespan():
    """Locust's `parse_timespan` (locust/util/timespan.py), without importing the `locust` package:
    its __init__ monkey-patches the whole process for gevent, and the processes that check a
    duration before anything starts (`harness run`, `harness rehearse`) drive Playwright and
    pytest. Where Locust is already imported (the load process), its own module is used."""
    if "locust.util.timespan" in sys.modules:
        return sys.modules["locust.util.timespan"].parse_timespan
    package = importlib.util.find_spec("locust")  # finds the package without running its __init__
    path = Path(next(iter(package.submodule_search_locations))) / "util" / "timespan.py"
    spec = importlib.util.spec_from_file_location("harness.load._locust_timespan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parse_timespan


@dataclass(frozen=True)
class Limits:
    users: int
    spawn_rate: float | None  # None: the shape's own
    max_rps: float
    duration: float


def check_limits(users: int, spawn_rate: float | None, max_rps: float | None, duration: float) -> Limits:
    if not 1 <= users <= MAX_USERS:
        raise UserInputError(f"--users: {users} is out of range; give 1 to {MAX_USERS}")
    if spawn_rate is not None and not 0 < spawn_rate <= MAX_SPAWN_RATE:
        raise UserInputError(f"--spawn-rate: {spawn_rate} is out of range; give more than 0 and at most {MAX_SPAWN_RATE:.0f} users/s")
    rps = DEFAULT_MAX_RPS if max_rps is None else max_rps
    if not 0 < rps <= MAX_RPS:
        raise UserInputError(f"--max-rps: {rps} is out of range; give more than 0 and at most {MAX_RPS:.0f} requests/s")
    return Limits(users, spawn_rate, rps, duration)


def check_target(url: str, allowed: list[str]) -> str:
    """The target URL, if its host may take load: loopback always; any other host only when
    named with --allow-host (a name, an address or a private network such as 10.20.0.0/16)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserInputError(f"--target: {url!r} is not an http(s) URL such as http://127.0.0.1:8000")
    host = parts.hostname
    if _loopback(host):
        return url.rstrip("/")
    for entry in allowed:
        if _matches(host, entry):
            return url.rstrip("/")
    raise UserInputError(f"--target: {host} is not allow-listed for load (loopback always is); "
                         f"add --allow-host {host} if this staging host may take load")


# The widest network --allow-host takes, by IP version: a staging site's subnet, never a provider's
# block or the internet. Wider than this, or public and more than one address, is refused.
MAX_ALLOW_PREFIX = {4: 16, 6: 48}
_ALLOWED = (f"give a host name (staging.example.com), one address (10.20.0.5, 203.0.113.5), or a private "
            f"network of /{MAX_ALLOW_PREFIX[4]} or narrower (IPv6: /{MAX_ALLOW_PREFIX[6]}) such as 10.20.0.0/16")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


def check_allow_entries(entries: list[str]) -> list[str]:
    """The --allow-host entries, each a host that may take load named exactly: refused before
    anything starts when one would let load reach more than the staging shop meant."""
    for entry in entries:
        why = _refusal(entry)
        if why:
            raise UserInputError(f"--allow-host: {entry!r} {why}; {_ALLOWED}")
    return entries


def _refusal(entry: str) -> str | None:
    """Why an --allow-host entry is refused, or None when it names a host, an address or a small
    private network."""
    if "*" in entry or "?" in entry:
        return "is a wildcard, which could match any host"
    network = _network(entry)
    if network is None:
        return None if _host_name(entry) else "is not a host name, an address or a network"
    network = _unmapped(network)
    if network.prefixlen < MAX_ALLOW_PREFIX[network.version]:
        return f"is wider than /{MAX_ALLOW_PREFIX[network.version]}"
    if network.num_addresses > 1 and not network.is_private:
        return "is a public network, and a public address may only be named one at a time"
    if network.is_unspecified or network.is_multicast:
        return "is not the address of one host"
    return None


def _host_name(entry: str) -> bool:
    labels = entry.split(".")
    # "10.20.300.1" is a mistyped address, not a name
    return len(entry) <= 253 and all(_LABEL.match(label) for label in labels) and not labels[-1].isdigit()


def _unmapped(network):
    """An IPv6 network of IPv4-mapped addresses (::ffff:10.0.0.0/104) as the IPv4 network it is, so
    the same bound applies to it."""
    mapped = network.network_address.ipv4_mapped if network.version == 6 else None
    if mapped is None or network.prefixlen < 96:
        return network
    return ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}", strict=False)


def _network(entry: str):
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _matches(host: str, entry: str) -> bool:
    if host.lower() == entry.lower():
        return True
    network = _network(entry)
    if network is None:
        return False
    try:
        return ipaddress.ip_address(host) in network
    except ValueError:  # a name: allowed if every address it resolves to is inside
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            return False
        return bool(addresses) and all(ipaddress.ip_address(a) in network for a in addresses)
