"""The harness's pytest options, read once into the run's settings (harness/settings.py).

The defaults and bounds are the settings object's; this module only spells them as pytest
options. `harness run` hands its settings whole (`--settings FILE`); each xdist worker gets the
controller's, run id and e-mail pattern included, through `workerinput`.
"""
from __future__ import annotations

import os

import pytest

from ..errors import UserInputError
from ..settings import DEFAULT_ADAPTER, Settings
from .stash import SETTINGS

_HANDED = "harness_settings"  # the controller's settings, as JSON, in each xdist worker's workerinput

# settings field -> its pytest option; the options without a field are this process's outputs
FLAGS = {"target": "--target", "faults": "--faults", "markets": "--markets", "personas": "--personas",
         "seed": "--seed", "persona": "--persona", "policy_dir": "--policy", "adapter": "--adapter",
         "egress_proxy": "--egress-proxy", "browser_ws": "--browser-ws", "cdp": "--cdp", "retries": "--retries",
         "step_timeout": "--step-timeout", "run_label": "--run-label",
         "run_id": "--run-id", "email_pattern": "--email-pattern", "shard": "--shard", "shard_durations": "--shard-durations"}
_DEFAULT = Settings.model_fields


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "multi-region journeys")
    group.addoption("--settings", metavar="FILE",
                    help="a run's settings as `harness run` writes them (JSON): every option below at once")
    group.addoption("--target", help="staging shop URL; default: start the embedded storefront on a free loopback port")
    group.addoption("--faults", default="", help="fault profiles for the embedded storefront (comma-separated)")
    group.addoption("--markets", default=_DEFAULT["markets"].default, help="markets to walk: DE,JP or all (default)")
    group.addoption("--personas", default=None,
                    help="'covering' (default): per market, the few personas that between them stand for every "
                         "language x archetype, device, payment method and address block, each journey walking the part "
                         "it depends on; or a number N: the first N personas of each market on every journey")
    group.addoption("--personas-per-market", type=int, default=None, help="the same as --personas N")
    group.addoption("--seed", type=int, default=_DEFAULT["seed"].default,
                    help="persona seed: the same seed walks the same personas (default 1)")
    group.addoption("--persona", help="re-run one persona, e.g. DE-0007 (with the seed it came from)")
    group.addoption("--policy", help="market policy directory (default: personas/policy)")
    group.addoption("--adapter", default=DEFAULT_ADAPTER,
                    help="module:function that builds the shop adapter from the target URL")
    group.addoption("--egress-proxy", action="append", default=[], metavar="CC=URL",
                    help="a real proxy in market CC (e.g. DE=http://de.proxy:3128) instead of the loopback geo-proxy; repeatable")
    group.addoption("--browser-ws", help="a Playwright browser server (ws://...) to drive instead of a local Chromium")
    group.addoption("--cdp", help="a Chromium with remote debugging (http://127.0.0.1:9222 or ws://...) to drive instead")
    group.addoption("--progress-file", help="append one JSON line per finished journey here (what `harness run` shows live)")
    group.addoption("--retries", type=int, default=_DEFAULT["retries"].default,
                    help="walk a journey that failed or broke again, up to N times (default 1), with the same persona; "
                         "the first walk again is fully traced (DOM snapshots, screencast, network, console), and a "
                         "journey that passes then is marked flaky; 0: no second walk and no trace")
    group.addoption("--step-timeout", type=float, default=_DEFAULT["step_timeout"].default,
                    help="seconds a step may wait for a page or an element (default 15)")
    group.addoption("--shard", metavar="I/N", help="walk only shard I of N (e.g. 2/4): every runner of a CI matrix or "
                                                   "Kubernetes Indexed Job computes the same split; `harness merge` joins them")
    group.addoption("--shard-durations", metavar="FILE", help="a previous run's junit.xml (or a merge's durations.json): the "
                                                        "shards balanced by time instead of by count")
    group.addoption("--run-label", help="a label for every result of this run in the report, e.g. 'under load' or 'wave 2'")
    group.addoption("--run-id", help="this run's id in every persona's e-mail address (1-24 of a-z, 0-9, -), e.g. the CI "
                                     "build number; also HARNESS_RUN_ID; default: a new one per run")
    group.addoption("--email-pattern", help="the address a persona uses on a journey; placeholders {local} {domain} {run} "
                                            "{journey} {persona} {market}; also HARNESS_EMAIL_PATTERN; default: "
                                            "{local}+{run}-{journey}@{domain}")


def register_markers(config: pytest.Config) -> None:
    from ..journeys import journeys

    for journey in journeys():
        config.addinivalue_line("markers", f"{journey.marker}: the {journey.name} journey ({journey.summary})")
    config.addinivalue_line("markers", "catalogue(*ids): failure-catalogue entries the journey checks (Allure tags)")
    config.addinivalue_line("markers", "applies_to(predicate): walk only markets whose policy satisfies predicate(policy)")
    config.addinivalue_line("markers", "archetypes(*names): walk personas of these archetypes only")
    config.addinivalue_line("markers", "varies_with(*dimensions): with the covering personas, walk one persona for every "
                                       "value of these dimensions (language, archetype, device, payment, address block, "
                                       "tax region); default: language; archetypes=(...): only these archetypes "
                                       "of the covering set walk it")


def given_flags(config: pytest.Config) -> dict[str, object]:
    """The settings given as flags (or, for the e-mails, in the environment): those unlike their default."""
    from ..personas.email import PATTERN_ENV, RUN_ID_ENV

    defaults = {"faults": "", "egress_proxy": [], "adapter": DEFAULT_ADAPTER}
    given = {}
    for field, flag in FLAGS.items():
        value = config.getoption(flag)
        if value != defaults.get(field, _DEFAULT[field].default) and value is not None:
            given[field] = value
    if config.getoption("--personas-per-market") is not None:
        given["personas"] = config.getoption("--personas-per-market")
    if _base_url(config) and "target" not in given:
        given["target"] = _base_url(config)
    for field, env in (("run_id", RUN_ID_ENV), ("email_pattern", PATTERN_ENV)):
        if os.environ.get(env):
            given.setdefault(field, None)  # resolved from the environment, but worth checking early
    return given


def settings_of(config: pytest.Config) -> Settings:
    """The run's settings: handed by the controller (an xdist worker), read from --settings, or
    built from the flags; made once per process, bounded (harness/settings.py)."""
    if SETTINGS not in config.stash:
        handed = getattr(config, "workerinput", {}).get(_HANDED)
        config.stash[SETTINGS] = Settings.model_validate_json(handed) if handed else _built(config)
    return config.stash[SETTINGS]


def _built(config: pytest.Config) -> Settings:
    from ..settings import personas_from

    path = config.getoption("--settings")
    if path:
        flags = [FLAGS.get(field, "--personas") for field in given_flags(config) if field not in ("run_id", "email_pattern")]
        if flags:
            raise UserInputError(f"{flags[0]}: give it in --settings {path} or as a flag, not both")
        return Settings.read(path).resolved()
    values = {field: config.getoption(flag) for field, flag in FLAGS.items()}
    values["target"] = _target(config)
    values["personas"] = personas_from(config.getoption("--personas"), config.getoption("--personas-per-market"))
    return Settings(**values).resolved()


def _base_url(config: pytest.Config) -> str | None:
    """pytest-playwright's --base-url (or pytest-base-url's, or PYTEST_BASE_URL): the shop, as --target."""
    return config.getoption("--base-url", None) or None


def _target(config: pytest.Config) -> str | None:
    target, base_url = config.getoption("--target"), _base_url(config)
    if target and base_url and target.rstrip("/") != base_url.rstrip("/"):
        raise UserInputError(f"--base-url {base_url} and --target {target} name two shops: give one of them")
    return target or base_url


def hand_over(node) -> None:
    """The controller's settings to an xdist worker: every worker walks under the same run id."""
    node.workerinput[_HANDED] = settings_of(node.config).model_dump_json()


def personas_wanted(config: pytest.Config) -> str | int:
    """"covering", or a number of personas per market."""
    return settings_of(config).personas


def run_id(config: pytest.Config) -> str:
    return settings_of(config).run_id


def email_pattern(config: pytest.Config) -> str:
    return settings_of(config).email_pattern


def journey_email(config: pytest.Config, node: pytest.Item, persona) -> str:
    """The address `persona` uses on the journey `node` walks in this run."""
    from ..personas.email import address_for, journey_name

    return address_for(persona, run_id(config), journey_name(getattr(node, "originalname", node.name)),
                       email_pattern(config))


def emails_given(config: pytest.Config) -> bool:
    """Whether a run id or an e-mail pattern was given (flag or environment): checked before collection."""
    given = given_flags(config)
    return "run_id" in given or "email_pattern" in given
