"""--allow-host takes a host named exactly, one address, or a small private network; a wildcard,
a network wider than MAX_ALLOW_PREFIX, or a public network is refused in one line naming the flag,
the value and what would be accepted. Only the entries are checked here: no traffic at all, and
the names are under .invalid."""
from __future__ import annotations

import pytest

from harness.errors import UserInputError
from harness.load import bounds
from harness.load.bounds import MAX_ALLOW_PREFIX, check_allow_entries, check_target

ACCEPTED = [
    "staging.example.invalid",
    "shop-eu.staging.example.invalid",
    "staging_1.example.invalid",
    "localhost",
    "10.20.0.5",
    "203.0.113.5",  # a public address named exactly
    "198.51.100.7/32",
    "10.20.0.0/16",
    "192.168.4.0/24",
    "172.16.0.0/16",
    "::1",
    "fd12:3456:789a::/48",
    "2001:db8::5",
    "::ffff:10.20.0.0/112",  # IPv4-mapped: judged as 10.20.0.0/16
]

REFUSED = [
    # entry, words the refusal holds
    ("*", "wildcard"),
    ("*.example.invalid", "wildcard"),
    ("staging.*.invalid", "wildcard"),
    ("shop?.example.invalid", "wildcard"),
    ("0.0.0.0/0", "wider than /16"),
    ("10.0.0.0/8", "wider than /16"),
    ("172.16.0.0/12", "wider than /16"),
    ("::/0", "wider than /48"),
    ("fd00::/8", "wider than /48"),
    ("::ffff:0:0/96", "wider than /16"),  # every IPv4 address, in IPv6 clothing
    ("8.8.0.0/24", "public network"),
    ("100.64.0.0/24", "public network"),  # shared address space (carrier NAT) is not private
    ("0.0.0.0", "not the address of one host"),
    ("224.0.0.1", "not the address of one host"),
    ("300.1.1.1/99", "not a host name"),
    ("10.20.300.1", "not a host name"),
    ("staging.example.invalid:8080", "not a host name"),
    ("https://staging.example.invalid", "not a host name"),
    ("staging..example.invalid", "not a host name"),
    ("-staging.example.invalid", "not a host name"),
    ("", "not a host name"),
]


@pytest.mark.parametrize("entry", ACCEPTED)
def test_a_host_named_exactly_or_a_small_private_network_is_accepted(entry):
    assert check_allow_entries([entry]) == [entry]


@pytest.mark.parametrize("entry, why", REFUSED, ids=[e or "empty" for e, _ in REFUSED])
def test_a_wide_public_or_wildcard_entry_is_refused_in_one_line(entry, why):
    with pytest.raises(UserInputError) as refused:
        check_allow_entries(["staging.example.invalid", entry])
    said = str(refused.value)
    assert said.startswith(f"--allow-host: {entry!r} ")
    assert why in said
    assert "\n" not in said
    assert f"/{MAX_ALLOW_PREFIX[4]}" in said and f"/{MAX_ALLOW_PREFIX[6]}" in said  # what would be accepted


def test_the_bound_is_a_subnet_not_the_internet():
    assert 8 < MAX_ALLOW_PREFIX[4] <= 24 and 32 <= MAX_ALLOW_PREFIX[6] <= 64


def test_an_allowed_network_lets_its_addresses_take_load_and_no_other(monkeypatch):
    # Staging names under .invalid, "resolved" here to addresses inside and outside the network:
    # nothing is looked up and no URL names a non-loopback address.
    resolves = {"inside.shop.invalid": "10.20.3.4", "outside.shop.invalid": "10.21.0.1"}
    monkeypatch.setattr(bounds.socket, "getaddrinfo",
                        lambda host, port: [(2, 1, 6, "", (resolves[host], 0))])
    allowed = check_allow_entries(["10.20.0.0/16"])
    assert check_target("http://inside.shop.invalid:8000/", allowed) == "http://inside.shop.invalid:8000"
    with pytest.raises(UserInputError, match="not allow-listed"):
        check_target("http://outside.shop.invalid/", allowed)


def test_loopback_needs_no_entry():
    assert check_target("http://127.0.0.1:9", []) == "http://127.0.0.1:9"
