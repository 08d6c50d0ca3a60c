"""Travellers and VPN users: their account and orders from another country's address (SA-5)."""
import pytest

from harness import (Buy, Land, ListItsOrders, LogIn, LogOut, OpenItsOrder, Register, TravelTo,
                     detected_in_its_market_at_home, finds_its_orders_from_abroad, logs_in_from_abroad)

pytestmark = pytest.mark.traveller


@pytest.mark.catalogue("SA-5")
@pytest.mark.archetypes("traveller", "vpn")
@pytest.mark.varies_with()  # abroad is abroad: a traveller or a VPN user, whichever the set has first
def test_keeps_its_account_abroad(customer):
    """Buys at home, travels, logs in from abroad and finds its order"""
    customer.attempts_to(
        TravelTo.home(),
        Land.on_the_shop(),
        Register.an_account(),
        Buy.one_product(),
        LogOut.now(),
        TravelTo.abroad(),
        LogIn.to_its_account(),
        ListItsOrders.in_its_account(),
        OpenItsOrder.the_one_it_bought(),
    )
    customer.should(
        detected_in_its_market_at_home(),
        logs_in_from_abroad(),
        finds_its_orders_from_abroad(),
    )
