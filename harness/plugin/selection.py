"""Which personas walk which journey: markets, archetypes, and the markets a journey applies to."""
from __future__ import annotations

import pytest

from ..personas import Persona, PersonaFactory
from ..personas.covering import HOME, CoveringSet, covering_set
from ..settings import COVERING
from ..policy import Policy, load_policy
from ..personas.walkers import walkers
from . import playwright_flags
from .options import settings_of
from .stash import COVERING_SETS, FACTORY, POLICY





def policy_of(config: pytest.Config) -> Policy:
    if POLICY not in config.stash:
        config.stash[POLICY] = load_policy(settings_of(config).policy_dir)
    return config.stash[POLICY]


def factory_of(config: pytest.Config) -> PersonaFactory:
    if FACTORY not in config.stash:
        config.stash[FACTORY] = PersonaFactory(policy_of(config), settings_of(config).seed)
    return config.stash[FACTORY]


def egress_proxies(config: pytest.Config) -> dict[str, str]:
    """Each market's real egress proxy: its policy's `proxy`, unless --egress-proxy names another."""
    out = {code: policy.proxy for code, policy in policy_of(config).items() if policy.proxy}
    return out | settings_of(config).proxies()


def personas_for(metafunc: pytest.Metafunc) -> list[Persona]:
    config = metafunc.config
    policy, factory = policy_of(config), factory_of(config)
    archetypes = _archetypes(metafunc)
    applies = [m.args[0] for m in metafunc.definition.iter_markers("applies_to")]
    settings = settings_of(config)
    chosen = settings.persona
    if chosen:
        persona = factory.by_id(chosen)
        fits = persona.archetype in archetypes and all(pred(policy[persona.market]) for pred in applies)
        return [persona] if fits else []
    wanted = settings.personas
    markets = [m for m in policy.select(settings.markets) if all(pred(m) for pred in applies)]
    if wanted == COVERING:
        dimensions, among = _dimensions(metafunc)
        among = among or archetypes
        return [persona for market in markets for persona in covering_of(config, market.market).for_journey(dimensions, among)]
    return [persona for market in markets for persona in walkers(factory, market.market, archetypes, wanted)]


def covering_of(config: pytest.Config, market: str) -> CoveringSet:
    """The market's covering persona set, found once per process."""
    found = config.stash.setdefault(COVERING_SETS, {})
    if market not in found:
        found[market] = covering_set(factory_of(config), market)
    return found[market]


def covering_lines(config: pytest.Config, markets: list[str]) -> dict[str, list[str]]:
    """With the covering personas, each market's: its summary, then what each persona stands for."""
    settings = settings_of(config)
    if settings.persona or settings.personas != COVERING:
        return {}
    out = {}
    for market in markets:
        if market in policy_of(config):
            found = covering_of(config, market)
            out[market] = [found.summary(), *(stand.describe() for stand in found.stands)]
    return out


def _archetypes(metafunc: pytest.Metafunc) -> tuple[str, ...]:
    marker = metafunc.definition.get_closest_marker("archetypes")
    return tuple(marker.args) if marker else HOME


def _dimensions(metafunc: pytest.Metafunc) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """The dimensions a journey varies with (default: language), and the archetypes of the
    covering set it walks where it names them (two journeys sharing out the archetypes)."""
    marker = metafunc.definition.get_closest_marker("varies_with")
    if marker is None:
        return ("language",), None
    among = marker.kwargs.get("archetypes")
    return tuple(marker.args), (tuple(among) if among else None)


def check_options(config: pytest.Config) -> None:
    """Bad options refused before any browser starts."""
    from ..secrets import load_secrets

    load_secrets()
    settings = settings_of(config)  # bounded as it is built
    egress_proxies(config)
    policy_of(config).select(settings.markets)
    if settings.persona:
        factory_of(config).by_id(settings.persona)
    if settings.shard_durations:
        from ..shards import read_durations

        read_durations(settings.shard_durations)
    check_runnable(config)


def check_runnable(config: pytest.Config) -> None:
    """What every journey needs: the adapter imports, and the local Chromium exists unless
    --browser-ws or --cdp names a remote one. Checked on the controller, a bad one is one line
    before any xdist worker starts, not a failure in each of them."""
    from ..adapter import adapter_factory
    from ..browser import chromium_executable

    settings = settings_of(config)
    adapter_factory(settings.adapter)
    remote = settings.remote_browser
    if not remote:
        chromium_executable()
    playwright_flags.check(config, remote)
