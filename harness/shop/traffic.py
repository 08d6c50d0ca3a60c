"""Load traffic: the shop's customer actions over HTTP, for the harness's Locust users.

The journeys do a task in a browser; a load user does the same task over HTTP, many times a
second. The adapter's traffic part says how, for its shop: one method per action, each given the
visit (a persona of a market, with its policy) and `Http`, the user's client for that visit,
which sends the persona's address, language and the staging credentials with every request and
names it by market (`[DE] GET /p/{sku}`) so statistics split per region.

An adapter without a traffic part still gets regional load: over the landing, category and
product pages its catalogue part reaches in a browser (`harness.load.pages`). Whatever the
traffic cannot drive is said in the run, and the service-level gate that needs it (checkout
success, first response to a ticket) is "not judged", never passed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..personas import Persona
    from ..policy import MarketPolicy

# Every action a load user may take, with its share of the users' tasks when the traffic drives it.
ACTIONS = {"browse": 30, "category": 10, "product": 30, "search": 10, "add_to_cart": 8, "checkout": 5, "ask_chatbot": 8,
           "open_ticket": 2}
# The service-level gate an action is the only evidence for: without it the gate is not judged.
GATE_OF = {"checkout": "checkout_success", "open_ticket": "support_first_response_s"}


@dataclass(frozen=True)
class Visit:
    market: str
    persona: Persona
    policy: MarketPolicy  # the market's policy: the shipping and payment methods it promises
    headers: dict[str, str]  # sent with every request of the visit
    rng: random.Random  # the user's own, seeded from the run's seed: its choices repeat run after run


@dataclass(frozen=True)
class OpenedTicket:
    market: str
    ref: str
    credential: str  # what opens it again: the token the shop returned, a session, ...


class Http(Protocol):
    """A load user's client for one visit (Locust's FastHttpUser client underneath)."""

    def get(self, path: str, label: str | None = None, **kwargs) -> Any:
        """GET `path` as the visitor; `label` names it in the statistics where the path varies
        (`/p/{sku}`); `catch_response=True` lets the action mark a 200 as failed. Redirects are
        followed, all timed as this one request. Returns the response (`status_code`, `text`,
        `json()`, `headers`, `url`: the address it ended on)."""
        ...

    def post(self, path: str, label: str | None = None, **kwargs) -> Any:
        """POST likewise (`json=`, `data=`, `headers=` added to the visit's)."""
        ...

    def cookie(self, name: str) -> str | None:
        """A cookie the shop set during this visit (a CSRF token, a session)."""
        ...


class Traffic(Protocol):
    """The shop's customer actions over HTTP. `actions` names the ones it drives (keys of
    ACTIONS); the others are never called. Each visit starts with no cookies."""

    actions: frozenset[str]

    def browse(self, http: Http, visit: Visit) -> None:
        """The landing page, as a visitor of the market opens it."""
        ...

    def category(self, http: Http, visit: Visit) -> None:
        """A category page of a category the market sells."""
        ...

    def product(self, http: Http, visit: Visit) -> None:
        """A product page of a product the market sells."""
        ...

    def search(self, http: Http, visit: Visit, query: str) -> None:
        """A search for `query` (a common word: tea, book, shirt, ...)."""
        ...

    def add_to_cart(self, http: Http, visit: Visit) -> None:
        """A product into a new cart."""
        ...

    def checkout(self, http: Http, visit: Visit) -> bool:
        """A cart checked out to a placed order, as the visit's persona (its address, e-mail,
        phone, the market's first shipping method and the persona's payment method): True
        when the shop placed the order. Counted for the checkout-success gate."""
        ...

    def ask_chatbot(self, http: Http, visit: Visit, question: str) -> None:
        """`question`, in the persona's language, to the shop's chatbot."""
        ...

    def open_ticket(self, http: Http, visit: Visit, message: str) -> OpenedTicket | None:
        """A support ticket with `message`; None when the shop did not open one (mark the
        response failed: it is counted in the error rate)."""
        ...

    def first_response(self, http: Http, ticket: OpenedTicket) -> float | None:
        """Seconds from the ticket's opening to its first response, as the shop states them;
        None while it has none."""
        ...


def json_of(response) -> dict | None:
    """The JSON object a response carries, or None: a target that answers with something else
    (an HTML page, a proxy's error) is recorded by its requests' figures, not by a user's traceback."""
    try:
        body = response.json()
    except Exception:  # any parse error: the body is not the JSON the users expect
        return None
    return body if isinstance(body, dict) else None
