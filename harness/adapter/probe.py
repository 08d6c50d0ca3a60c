"""Whether --target is the shop the adapter describes, asked before any journey starts.

An HTTP answer says only that something serves HTML there: a web server that is not the shop
would have every journey "find" that its landing page shows no currency, and the run would
blame the shop for it. So one persona of the first market lands on the target through the
adapter, as its journeys will: a `Landing` that shows a market, products or categories, or a
`Refusal` (the shop refusing a country is still the shop), is the shop; anything else (the
adapter raised, timed out or read nothing) is refused in one line, exit 2.

The journeys' pytest process and `harness load` (gevent-patched: Playwright's sync API must not
run in it) ask in a process of their own:

    python -m harness.adapter.probe --target URL [--adapter X] [--policy DIR] [--markets M]

exit 0 the shop, exit 2 and one line (`harness: --target: ...`) on stderr otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UserInputError
from ..policy import Policy

PAGE_TIMEOUT_MS = 15_000  # each page operation of the landing
LAND_TIMEOUT_S = 25  # the whole call, whatever the adapter waits on


def probe_shop(url: str, adapter: str | None, policy: Policy, market: str, *, seed: int = 1,
               proxy: str | None = None) -> None:
    """Raises UserInputError unless a persona of `market` landing on `url` through the adapter
    finds the shop. `proxy`: the market's egress proxy (default: its policy's, else the
    geo-proxy stamps the persona's address). An adapter without the catalogue capability has no
    landing to read: the HTTP probe (`harness.target.probe`) is all it gets."""
    from ..shop import Capability
    from ..target import mark_probed
    from .load import DEFAULT, make_shop

    shop = make_shop(adapter, url)
    if Capability.CATALOGUE in shop.offers:
        saw = _landing_seen(shop, url, _persona(policy, market, seed), proxy or policy[market].proxy)
        if saw:
            raise UserInputError(f"--target: {url} does not look like the shop the adapter {adapter or DEFAULT} "
                                 f"describes: {saw}")
    mark_probed(url)



def probe_in_a_process(url: str, *, adapter: str | None = None, policy_dir: Path | str | None = None,
                       market: str = "all", seed: int = 1, proxy: str | None = None,
                       env: dict | None = None) -> None:
    """`probe_shop` in a process of its own (`python -m harness.adapter.probe`), for a process
    where Playwright must not run now: a gevent-patched load run, or pytest before collection."""
    args = ["--target", url, "--markets", market, "--seed", str(seed)]
    args += (["--adapter", adapter] if adapter else []) + (["--policy", str(policy_dir)] if policy_dir else []) \
        + (["--proxy", proxy] if proxy else [])
    in_a_process("harness.adapter.probe", args, timeout=180, env=env,
                 too_long=f"--target: probing {url} gave no answer within 180 s",
                 failed=f"--target: probing {url} failed")


def in_a_process(module: str, args: list[str], *, timeout: float, too_long: str, failed: str,
                 env: dict | None = None) -> None:
    """`python -m module args` (a harness command line that ends exit 0, or exit 2 with one
    line `harness: ...` on stderr); that line, or `failed`/`too_long`, as a UserInputError."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, env=env,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UserInputError(too_long) from None
    if done.returncode != 0:
        said = [line for line in done.stderr.splitlines() if line.strip()]
        raise UserInputError((said[-1] if said else f"{failed} (exit {done.returncode})").removeprefix("harness: "))


def _persona(policy: Policy, market: str, seed: int):
    from ..personas import PersonaFactory
    from .check import first_at_home

    return first_at_home(PersonaFactory(policy, seed), market)


def _landing_seen(shop, url: str, persona, proxy: str | None) -> str:
    """What the persona saw where it expected the shop; "" when it was the shop."""
    from playwright.sync_api import sync_playwright

    from ..geoproxy import GeoProxy

    geo = GeoProxy()
    route = None if proxy else geo.route(persona.ip)
    try:
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            try:
                return _land(shop, _persona_page(browser, persona, url, proxy or route.server))
            finally:
                browser.close()
    finally:
        if route:
            route.close()
        geo.close()


def _launch(playwright):
    from playwright.sync_api import Error

    from ..browser import NoChromium, launch_options

    try:
        return playwright.chromium.launch(**launch_options())
    except NoChromium as exc:
        raise UserInputError(str(exc)) from None
    except Error as exc:
        raise UserInputError(f"Chromium did not start to probe --target: {_first_line(exc)}") from None


def _persona_page(browser, persona, url: str, proxy_server: str):
    """A page in the persona's context, as its journeys set theirs up, bounded as the adapter check's are."""
    from playwright.sync_api import Error

    from ..persona_context import context_args

    try:
        context = browser.new_context(**context_args(persona, url, proxy_server))
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        return context.new_page()
    except Error as exc:  # e.g. a malformed proxy: the harness's set-up, not the shop
        raise UserInputError(f"--target: no browser page to probe {url} with: {_first_line(exc)}") from None


def _land(shop, page) -> str:
    from .walk import CallTimedOut, deadline

    try:
        with deadline(LAND_TIMEOUT_S):
            landing = shop.catalogue.land(page)
    except CallTimedOut:
        return f"its catalogue.land gave no answer within {LAND_TIMEOUT_S} s"
    except Exception as exc:  # whatever the adapter raised is what it saw
        return f"its catalogue.land raised {type(exc).__name__}: {_first_line(exc)}"
    return _judged(landing, page)


def _judged(landing, page) -> str:
    """"" for a landing only a shop shows; else what the page showed instead. A market alone
    counts: a shop hiding its whole catalogue from a market is a finding for the journeys."""
    from ..shop.catalogue import Landing

    if not isinstance(landing, Landing):
        return f"its catalogue.land returned {type(landing).__name__}, not a Landing"
    if landing.refusal is not None and landing.refusal.status != 404:
        return ""
    if landing.market or landing.products or landing.categories:
        return ""
    shown = _page_text(page)
    if landing.refusal is not None:  # a 404 at the home page is the wrong address, not a refusal
        return f"its landing page is not found (404{': ' + repr(shown) if shown else ''})"
    return f"its landing page{' (' + repr(shown) + ')' if shown else ''} shows no market, no products and no categories"


def _page_text(page) -> str:
    """The page's title, else the start of its text: enough for the user to recognise it."""
    try:
        text = page.evaluate("() => (document.title || (document.body && document.body.innerText) || '').trim()")
    except Exception:
        return ""
    return " ".join(str(text).split())[:60]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    """The probe in a process of its own; exit 0 the shop, 2 and one line otherwise."""
    from ..policy import load_policy
    from ..target import probe

    parser = argparse.ArgumentParser(prog="python -m harness.adapter.probe", description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="the shop's URL")
    parser.add_argument("--adapter", help="module:function building the Shop (default: the reference adapter)")
    parser.add_argument("--policy", type=Path, help="market policy directory (default: personas/policy)")
    parser.add_argument("--markets", default="all", help="the probe lands as a persona of the first of these")
    parser.add_argument("--seed", type=int, default=1, help="persona seed (default 1)")
    parser.add_argument("--proxy", help="the market's egress proxy (default: its policy's, else the geo-proxy)")
    args = parser.parse_args(argv)
    try:
        policy = load_policy(args.policy)
        market = policy.select(args.markets)[0].market
        probe_shop(probe(args.target), args.adapter, policy, market, seed=args.seed, proxy=args.proxy)
    except UserInputError as exc:
        print(f"harness: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
