"""`harness adapter check`: every adapter method called once against the target, as one persona of
each chosen market, in its own browser context set up as the journeys set theirs up; a table of
what each call did, so a team writing an adapter sees its progress method by method.

Each call ends one of four ways:

- **works**: it returned what its Protocol says (checked against the return annotation), with a
  short summary of what came back;
- **errors**: it raised, or returned something else (the exception and its first line);
- **not offered**: it raised `NotOffered`;
- **not tried**: it needs the result of an earlier call that did not work (named), or the
  shop's answer left nothing to do (no consent prompt shown, no callback offered).

Where what a call needs is missing because the earlier call was not offered, it is still called
with stand-ins, only to learn whether it raises `NotOffered` too (a skeleton is "not offered"
throughout); whatever else it does with them is not taken as its answer. Every method is called
whether or not its capability is declared, so a team sees a method work before declaring it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UserInputError
from ..personas import Persona
from ..policy import MarketPolicy
from ..shop import Shop
from ..shop.capabilities import REQUIRES, Capability
from .calls import STEPS, rows
from .walk import NOT_TRIED, STEP_TIMEOUT_MS, STYLE, WORKS, CallTimedOut, Key, Outcome, Step, Walk, deadline

__all__ = ["CallTimedOut", "Options", "STEPS", "check", "deadline", "rows"]


# ------------------------------------------------------------------------------------------ the check


@dataclass
class Options:
    adapter: str | None = None
    target: str | None = None
    faults: str = ""
    markets: str = "DE"
    seed: int = 1
    policy_dir: Path | None = None


@dataclass
class Checked:
    """Every market's outcomes, and what the adapter declares."""

    markets: list[str]
    declared: frozenset[Capability]
    outcomes: dict[str, dict[Key, Outcome]] = field(default_factory=dict)  # market -> row -> outcome

    def failing(self) -> dict[Capability, list[tuple[str, Step, Outcome]]]:
        """Declared capabilities whose methods did not all work in every market."""
        out: dict[Capability, list] = {}
        for step in rows():
            if step.capability in self.declared:
                for market in self.markets:
                    outcome = self.outcomes[market][step.key]
                    if not outcome.ok:
                        out.setdefault(step.capability, []).append((market, step, outcome))
        return out

    def unjudged(self) -> list[Capability]:
        """Declared capabilities none of whose calls was made anywhere (the shop had nothing to ask)."""
        return [c for c in Capability if c in self.declared and all(
            self.outcomes[m][s.key].kind == NOT_TRIED for m in self.markets for s in STEPS if s.capability == c)
            and any(s.capability == c for s in STEPS)]

    def undeclared_working(self) -> list[Capability]:
        """Capabilities not declared whose methods all work in every market."""
        out = []
        for capability in Capability:
            steps = [s for s in STEPS if s.capability == capability]
            if capability not in self.declared and steps and all(
                    self.outcomes[m][s.key].kind == WORKS for m in self.markets for s in steps):
                out.append(capability)
        return out


def check(console: Console, options: Options) -> int:
    """Runs the check and prints the table; the exit code (0 every declared capability works, 1 not)."""
    from .load import adapter_factory, make_shop
    from ..browser import NoChromium, launch_options
    from ..personas import PersonaFactory
    from ..personas.email import address_for, pattern_from, run_id_from
    from ..policy import load_policy
    from ..target import EmbeddedStorefront, TargetError, probe

    policy = load_policy(options.policy_dir)
    markets = policy.select(options.markets, flag="--markets")
    if options.seed < 0:
        raise UserInputError(f"--seed: {options.seed} is negative; give a whole number from 0")
    faults = tuple(f.strip() for f in options.faults.split(",") if f.strip())
    if faults and options.target:
        raise UserInputError("--faults: only the embedded storefront takes faults; leave out --target or --faults")
    adapter_factory(options.adapter)  # an import error is refused before anything starts
    try:
        browser_options = launch_options()
    except NoChromium as exc:
        raise UserInputError(str(exc)) from None
    factory = PersonaFactory(policy, options.seed)
    # Under a run id of its own, as the journeys walk: on a persistent staging, the account the
    # check registers never collides with one a run or an earlier check made.
    run_id, pattern = run_id_from(None), pattern_from(None)
    personas = {m.market: replace(walker, email=address_for(walker, run_id, "adapter-check", pattern))
                for m in markets for walker in [first_at_home(factory, m.market)]}

    embedded = None
    try:
        if options.target:
            url = probe(options.target)
        else:
            embedded = EmbeddedStorefront(faults)
            try:
                url = embedded.start()
            except TargetError as exc:
                raise UserInputError(str(exc)) from None
            console.print(f"embedded storefront at {url}" + (f" (faults: {', '.join(faults)})" if faults else ""),
                          highlight=False)
        shop = make_shop(options.adapter, url)
        checked = Checked([m.market for m in markets], frozenset(shop.offers))
        walk_markets(console, shop, url, markets, personas, browser_options, checked)
    finally:
        if embedded:
            embedded.stop()
    return report(console, checked, options.adapter)


def first_at_home(factory, market: str) -> Persona:
    """The market's first persona browsing from its own market (the journeys' home archetypes)."""
    from ..personas.covering import HOME
    from ..personas.walkers import SCAN_LIMIT, walkers

    for persona in walkers(factory, market):
        return persona
    raise UserInputError(f"--markets: {market}: no persona of {', '.join(HOME)} among the first {SCAN_LIMIT}")


def walk_markets(console: Console, shop: Shop, url: str, markets: list[MarketPolicy], personas: dict[str, Persona],
                 browser_options: dict, checked: Checked) -> None:
    from playwright.sync_api import sync_playwright

    from ..geoproxy import GeoProxy
    from ..persona_context import context_args

    geo = GeoProxy()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**browser_options)
            try:
                for market in markets:
                    persona = personas[market.market]
                    route = None if market.proxy else geo.route(persona.ip)
                    args = context_args(persona, url, market.proxy or route.server)

                    def context():
                        made = browser.new_context(**args)
                        made.set_default_timeout(STEP_TIMEOUT_MS)
                        made.set_default_navigation_timeout(STEP_TIMEOUT_MS)
                        return made

                    console.print(f"{market.market}: {persona.id} ({persona.archetype}, {persona.locale}, "
                                  f"from {persona.ip}) calls each method ...", highlight=False)
                    started = time.monotonic()
                    own = context()
                    walk = Walk(shop, persona, market, own.new_page(), lambda: context().new_page(), STEPS)
                    try:
                        for step in STEPS:
                            walk.run(step)
                    finally:
                        walk.close()
                        own.close()
                        if route:
                            route.close()
                    checked.outcomes[market.market] = walk.outcomes
                    done = sum(o.kind == WORKS for o in walk.outcomes.values())
                    console.print(f"{market.market}: {done} of {len(STEPS)} work ({time.monotonic() - started:.0f} s)",
                                  highlight=False)
            finally:
                browser.close()
    finally:
        geo.close()


def report(console: Console, checked: Checked, adapter: str | None) -> int:
    from .load import DEFAULT

    table = Table(title=f"adapter check: {adapter or DEFAULT}", title_justify="left")
    table.add_column("capability", overflow="fold")
    table.add_column("method", overflow="fold")
    table.add_column("declared", no_wrap=True)
    for market in checked.markets:  # on a narrow terminal the outcomes get the room, the names wrap
        table.add_column(market, overflow="fold", min_width=20)
    previous = None
    for step in rows():
        first = step.capability != previous
        if first and previous is not None:
            table.add_section()
        previous = step.capability
        cells = [Text(str(o), style=STYLE[o.kind]) for o in (checked.outcomes[m][step.key] for m in checked.markets)]
        table.add_row(step.capability.value if first else "", step.title,
                      "yes" if step.capability in checked.declared else "no", *cells)
    # A log (CI, a pipe) gets the table whole, whatever width it reports; a terminal its own width.
    width = console.width
    if not console.is_terminal:
        console.width = max(width, 110 + 50 * len(checked.markets))
    try:
        console.print(table)
    finally:
        console.width = width

    failing = checked.failing()
    for capability, problems in failing.items():
        market, step, outcome = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        console.print(Text(f"declared {capability} does not work: {step.title} {outcome.kind} in {market}"
                           f"{': ' + outcome.text if outcome.text else ''}{more}", style="red"), soft_wrap=True)
    for capability in checked.undeclared_working():
        needs = [n.value for n in REQUIRES.get(capability, ()) if n not in checked.declared]
        also = f" (with {', '.join(needs)}, which it needs)" if needs else ""
        console.print(Text(f"{capability} works but is not declared: declare it{also} to have its checks run",
                           style="yellow"), soft_wrap=True)
    moot: dict[tuple[Step, str], list[str]] = {}  # declared, and nothing to do: the shop's answer
    for step in rows():
        for market in checked.markets:
            outcome = checked.outcomes[market][step.key]
            if step.capability in checked.declared and outcome.kind == NOT_TRIED and outcome.ok:
                moot.setdefault((step, outcome.text), []).append(market)
    for (step, why), where in moot.items():
        console.print(Text(f"{step.capability}: {step.title} not tried in {', '.join(where)}: {why}",
                           style="bright_black"), soft_wrap=True)
    unjudged = checked.unjudged()
    for capability in unjudged:
        console.print(Text(f"{capability}: not judged: none of its methods was tried in {', '.join(checked.markets)}",
                           style="yellow"), soft_wrap=True)

    declared = len(checked.declared)
    where = ", ".join(checked.markets)
    if failing:
        console.print(f"{len(failing)} of {declared} declared capabilities do not work in every market ({where})",
                      highlight=False)
        return 1
    if not declared:
        working = sum(o.kind == WORKS for m in checked.markets for o in checked.outcomes[m].values())
        console.print(f"nothing declared yet; {working} calls work ({where})", highlight=False)
        return 0
    judged = declared - len(unjudged)
    if unjudged:
        console.print(f"{judged} of {declared} declared capabilities work ({where}); {len(unjudged)} not judged",
                      highlight=False)
    else:
        console.print(f"all {declared} declared capabilities work ({where})", highlight=False)
    return 0
