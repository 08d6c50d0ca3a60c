"""Which personas walk which journey: markets, archetypes, and the markets a journey applies to."""
from __future__ import annotations

import pytest

from ..errors import UserInputError
from ..personas import Persona, PersonaFactory
from ..personas.covering import COVERING, HOME, CoveringSet, covering_set
from ..policy import Policy, load_policy
from .options import egress_proxies, email_pattern, personas_wanted, run_id

COVERING_SETS = pytest.StashKey[dict[str, CoveringSet]]()
SCAN_LIMIT = 1000  # persona numbers looked at per market to find the archetypes a journey wants


def policy_of(config: pytest.Config) -> Policy:
    if not hasattr(config, "_harness_policy"):
        config._harness_policy = load_policy(config.getoption("--policy"))
    return config._harness_policy


def factory_of(config: pytest.Config) -> PersonaFactory:
    if not hasattr(config, "_harness_factory"):
        config._harness_factory = PersonaFactory(policy_of(config), config.getoption("--seed"))
    return config._harness_factory


def personas_for(metafunc: pytest.Metafunc) -> list[Persona]:
    config = metafunc.config
    policy, factory = policy_of(config), factory_of(config)
    archetypes = _archetypes(metafunc)
    applies = [m.args[0] for m in metafunc.definition.iter_markers("applies_to")]
    chosen = config.getoption("--persona")
    if chosen:
        persona = factory.by_id(chosen)
        fits = persona.archetype in archetypes and all(pred(policy[persona.market]) for pred in applies)
        return [persona] if fits else []
    wanted = personas_wanted(config)
    markets = [m for m in policy.select(config.getoption("--markets")) if all(pred(m) for pred in applies)]
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
    if config.getoption("--persona") or personas_wanted(config) != COVERING:
        return {}
    out = {}
    for market in markets:
        if market in policy_of(config):
            found = covering_of(config, market)
            out[market] = [found.summary(), *(stand.describe() for stand in found.stands)]
    return out


def walkers(factory: PersonaFactory, market: str, archetypes: tuple[str, ...] = HOME, count: int = 1) -> list[Persona]:
    """The first `count` personas of `market` of those archetypes, among the first SCAN_LIMIT:
    the ones its journeys walk with the factory's seed."""
    out = []
    for number in range(1, SCAN_LIMIT + 1):
        persona = factory.persona(market, number)
        if persona.archetype in archetypes:
            out.append(persona)
            if len(out) == count:
                break
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
    egress_proxies(config)
    policy = policy_of(config)
    policy.select(config.getoption("--markets"))
    personas_wanted(config)
    if config.getoption("--seed") < 0:
        raise UserInputError(f"--seed: {config.getoption('--seed')} is negative; give a whole number from 0")
    if not 0 <= config.getoption("--retries") <= 5:
        raise UserInputError(f"--retries: {config.getoption('--retries')} is out of range; give 0 to 5")
    if not 0.5 <= config.getoption("--step-timeout") <= 600:
        raise UserInputError(f"--step-timeout: {config.getoption('--step-timeout')} is out of range; give 0.5 to 600 seconds")
    if config.getoption("--persona"):
        factory_of(config).by_id(config.getoption("--persona"))
    run_id(config)
    email_pattern(config)
    check_runnable(config)


def check_runnable(config: pytest.Config) -> None:
    """What every journey needs: the adapter imports, and the local Chromium exists unless
    --browser-ws or --cdp names a remote one. Checked on the controller, a bad one is one line
    before any xdist worker starts, not a failure in each of them."""
    from ..adapter import adapter_factory
    from ..browser import chromium_executable

    adapter_factory(config.getoption("--adapter"))
    if not (config.getoption("--browser-ws") or config.getoption("--cdp")):
        chromium_executable()
