"""Who the load's customers are and what they do: the run's markets, the current regional mix
(from the shape), a pool of personas per market, what each market's customers ask, and the
adapter's traffic part that does their actions on the shop.

Every process of a run (local, master, workers) sets it up the same way from the seed and the
adapter, so a worker needs little shipped to it: the mix, which the master publishes each tick,
and for an adapter without a traffic part the pages its catalogue reached (`harness.load.pages`).
"""
from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field

from .. import yamlfile
from ..personas import Persona, PersonaFactory
from ..policy import MarketPolicy, Policy
from ..secrets import load_secrets
from ..shop import traffic as actions

POOL = 20  # personas per market: enough distinct addresses and names to look like a crowd
DEFAULT_QUESTION = "How long do I have to return an item?"


@dataclass
class Traffic:
    policy: Policy | None = None
    seed: int = 1
    markets: list[str] = field(default_factory=list)
    personas: dict[str, list[Persona]] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # language -> a question for the chatbot
    _cumulative: list[float] = field(default_factory=list)
    _order: list[str] = field(default_factory=list)
    _users = itertools.count(1)
    authorization: dict[str, str] = field(default_factory=dict)  # the staging shop's basic auth, if any
    traffic: actions.Traffic | None = None  # the adapter's traffic part, or load over its catalogue's pages
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)  # market -> cookies each visit starts with

    def setup(self, policy: Policy, markets: list[str], seed: int, traffic: actions.Traffic | None = None) -> None:
        self.policy, self.seed, self.markets = policy, seed, list(markets)
        self.traffic = traffic
        factory = PersonaFactory(policy, seed)
        self.personas = {m: [factory.persona(m, i) for i in range(1, POOL + 1)
                             if factory.persona(m, i).ip_country == m] or factory.personas(m, 1)
                         for m in self.markets}
        self.questions = _questions()
        self.authorization = load_secrets().authorization
        self.set_mix({m: policy[m].traffic_weight for m in self.markets})

    def set_pages(self, pages: dict[str, dict]) -> None:
        """Load over the pages an adapter's catalogue reached (it has no traffic part), with the
        cookies each market's visitors had there (a region chosen, say)."""
        from .pages import PageTraffic

        self.traffic = PageTraffic(pages)
        self.cookies = {m: dict(p.get("cookies") or {}) for m, p in pages.items()}

    def set_mix(self, mix: dict[str, float]) -> None:
        """The share of users each market has now (the shape's current tick)."""
        order = [m for m in self.markets if mix.get(m, 0) > 0] or list(self.markets)
        total = sum(mix.get(m, 0) for m in order) or 1.0
        running, cumulative = 0.0, []
        for m in order:
            running += mix.get(m, 1.0) / total
            cumulative.append(running)
        self._order, self._cumulative = order, cumulative

    def pick_market(self, rng: random.Random) -> str:
        i = bisect.bisect_left(self._cumulative, rng.random())
        return self._order[min(i, len(self._order) - 1)]

    def market_policy(self, market: str) -> MarketPolicy:
        return self.policy[market]

    def next_user_seed(self) -> int:
        return self.seed * 1_000_003 + next(self._users)

    def question(self, persona: Persona) -> str:
        return self.questions.get(persona.language) or self.questions.get(persona.language.split("-")[0]) or DEFAULT_QUESTION


TRAFFIC = Traffic()


def _questions() -> dict[str, str]:
    """One return-window question per language, from the harness's own chatbot questions
    (personas/data/questions.yaml) where they exist."""
    from ..shipped import persona_data

    path = persona_data("questions.yaml")
    if not path.exists():
        return {}
    raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for language, questions in (raw.get("languages") or raw).items():
        if isinstance(questions, dict):
            text = questions.get("return_window") or next(iter(questions.values()), None)
            if isinstance(text, list):
                text = text[0] if text else None
            if isinstance(text, str):
                out[language] = text
    return out


def traffic_of(adapter: str | None, target: str) -> actions.Traffic | None:
    """The traffic part of the adapter's shop for `target`; None when it has none."""
    from ..adapter.load import make_shop

    return make_shop(adapter, target, flag="--adapter").traffic


def undriven_gates(driven: frozenset[str] | None) -> dict[str, str]:
    """The gates the traffic gives no evidence for (metric -> why), from the actions it drives;
    nothing for a locustfile's users, which feed the gates themselves (`actions` None)."""
    if driven is None:
        return {}
    nouns = {"checkout": "no checkout", "open_ticket": "no ticket"}
    return {gate: f"the traffic drives {nouns[action]}" for action, gate in actions.GATE_OF.items() if action not in driven}
