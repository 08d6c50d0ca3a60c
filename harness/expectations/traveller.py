"""Travellers and VPN users: detected in their market at home, and still let into their account
and orders from another country's address (SA-5)."""
from __future__ import annotations

from ..screenplay import Actor, check
from ..tasks.account import ACCOUNT_ORDER, BOUGHT, ORDERS, SIGNED_IN
from ..tasks.landing import LANDING
from ..tasks.travel import WHEREABOUTS


def _abroad(actor: Actor) -> str:
    country, ip = actor.recall(WHEREABOUTS)
    return f"from {country} ({ip})"


@check("detected in its market at home", "SA-5")
def detected_in_its_market_at_home(actor: Actor) -> None:
    """At home, on an address of its market, the shop takes it for a customer of that market."""
    actor.expects("SA-5", "market", actor.persona.market, actor.recall(LANDING).market, "the landing page at home")


@check("logs in from abroad", "SA-5")
def logs_in_from_abroad(actor: Actor) -> None:
    signed_in = actor.recall(SIGNED_IN)
    why = f": {signed_in.refusal.text}" if signed_in.refusal and signed_in.refusal.text else ""
    actor.expects_true("SA-5", signed_in.signed_in,
                       f"expected to log in {_abroad(actor)}, the login page refuses{why}",
                       f"logged in {_abroad(actor)}")


@check("finds its orders from abroad", "SA-5")
def finds_its_orders_from_abroad(actor: Actor) -> None:
    """The order list holds the order placed at home, and the order opens with its total."""
    bought = actor.recall(BOUGHT)
    if bought.order is None:
        actor.finds("SA-5", f"expected to buy at home, the checkout at home stopped: {bought.stopped}")
        return
    bought, orders = bought.order, actor.recall(ORDERS)
    where = f"the order list {_abroad(actor)}"
    if orders.refusal:
        actor.finds("SA-5", f"expected order {bought.ref}, {where} is refused: {orders.refusal.text}")
    else:
        actor.expects("SA-5", "order", bought.ref, bought.ref if bought.ref in orders.refs else orders.refs, where,
                      same=lambda want, shown: want == shown)
    order = actor.recall(ACCOUNT_ORDER)
    where = f"the order page {_abroad(actor)}"
    if order.refusal or order.ref is None:
        actor.finds("SA-5", f"expected order {bought.ref}, {where} is refused: "
                            f"{order.refusal.text if order.refusal else 'no order shown'}")
        return
    actor.expects("SA-5", "order", bought.ref, order.ref, where)
    actor.expects("SA-5", f"total of {bought.ref}", bought.totals.total, order.total, where)
