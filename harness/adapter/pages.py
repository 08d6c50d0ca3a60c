"""The pages an adapter's catalogue reaches, per market: what load over an adapter without a
traffic part requests (`harness.load.pages.PageTraffic`).

One persona of each market lands through `catalogue.land` in a browser set up as its journeys
set theirs up, then opens a few of the categories and products the landing showed; the address
each ended on, and the cookies the shop (or the adapter, choosing the market's region) set, are
what the load users of that market send. In a process of its own, as the probe:

    python -m harness.adapter.pages --target URL --markets DE,AT --out pages.json [--adapter X] [--policy DIR] [--seed N]

exit 0 with the pages written, 2 and one line on stderr otherwise.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UserInputError

PER_KIND = 3  # categories and products per market: enough for the load not to hit one page only
CALL_TIMEOUT_S = 25


def find_pages(url: str, adapter: str | None, policy, markets: list[str], seed: int = 1) -> dict[str, dict]:
    """market -> {"landing": path, "categories": [paths], "products": [paths], "cookies": {name: value}}."""
    from playwright.sync_api import sync_playwright

    from ..geoproxy import GeoProxy
    from ..personas import PersonaFactory
    from ..shop import Capability
    from .check import first_at_home
    from .load import make_shop
    from .probe import _launch, _persona_page

    shop = make_shop(adapter, url)
    if Capability.CATALOGUE not in shop.offers:
        return {m: {"landing": "/", "categories": [], "products": [], "cookies": {}} for m in markets}
    factory = PersonaFactory(policy, seed)
    geo = GeoProxy()
    found = {}
    try:
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            try:
                for market in markets:
                    persona = first_at_home(factory, market)
                    proxy = policy[market].proxy
                    route = None if proxy else geo.route(persona.ip)
                    try:
                        page = _persona_page(browser, persona, url, proxy or route.server)
                        found[market] = _walk(shop, page, url)
                        page.context.close()
                    finally:
                        if route:
                            route.close()
            finally:
                browser.close()
    finally:
        geo.close()
    return found


def _walk(shop, page, url: str) -> dict:
    from .walk import deadline

    def call(what, *args):
        with deadline(CALL_TIMEOUT_S):
            return getattr(shop.catalogue, what)(page, *args)

    try:
        landing = call("land")
    except Exception as exc:  # the probe found the shop; an adapter failing now is the adapter's
        raise UserInputError(f"--adapter: finding the pages to load: catalogue.land raised {type(exc).__name__}: "
                             f"{str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ''}") from None
    pages = {"landing": _path(page.url, url) or "/", "categories": [], "products": []}
    # A category or product page that will not open is left out of the load: the journeys judge it.
    for kind, method, names in (("categories", "open_category", landing.categories),
                                ("products", "open_product", [card.sku for card in landing.products])):
        for name in names[:PER_KIND]:
            try:
                view = call(method, name)
            except Exception:
                continue
            if getattr(view, "refusal", None) is None:
                pages[kind].append(_path(page.url, url))
    # What a browser keeps from visit to visit and scripts may read (a region or language chosen);
    # a session (HttpOnly) is each visit's own, as every load user's is.
    pages["cookies"] = {c["name"]: c["value"] for c in page.context.cookies(url) if not c.get("httpOnly")}
    pages["categories"] = [p for p in dict.fromkeys(pages["categories"]) if p]
    pages["products"] = [p for p in dict.fromkeys(pages["products"]) if p]
    return pages


def _path(address: str, base: str) -> str:
    """`address` as a path on the target; "" when the browser ended somewhere else."""
    a, b = urlsplit(address), urlsplit(base)
    if (a.scheme, a.netloc) != (b.scheme, b.netloc):
        return ""
    return a.path + (f"?{a.query}" if a.query else "")


def find_pages_in_a_process(url: str, *, adapter: str | None, policy_dir: Path | str | None, markets: list[str],
                            seed: int, out: Path) -> dict[str, dict]:
    """`find_pages` in a process of its own (Playwright's sync API must not run in a gevent-patched one)."""
    from .probe import in_a_process

    args = ["--target", url, "--markets", ",".join(markets), "--seed", str(seed), "--out", str(out)]
    args += (["--adapter", adapter] if adapter else []) + (["--policy", str(policy_dir)] if policy_dir else [])
    in_a_process("harness.adapter.pages", args, timeout=60 + 40 * len(markets),
                 too_long=f"--adapter: finding the pages to load on {url} took too long",
                 failed="--adapter: finding the pages to load failed")
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    from ..policy import load_policy

    parser = argparse.ArgumentParser(prog="python -m harness.adapter.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--adapter")
    parser.add_argument("--policy", type=Path)
    parser.add_argument("--markets", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        policy = load_policy(args.policy)
        markets = [m.market for m in policy.select(args.markets)]
        pages = find_pages(args.target, args.adapter, policy, markets, args.seed)
        args.out.write_text(json.dumps(pages, indent=2), encoding="utf-8")
    except UserInputError as exc:
        print(f"harness: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
