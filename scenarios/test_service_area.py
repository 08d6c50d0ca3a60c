"""Service area: who may buy what, where, how (SA-1, SA-3, SA-5, SA-7, PD-3)."""
import pytest

from harness import (AddToCart, AskForRestrictedProducts, Land, OpenProduct, TravelTo, asks_for_consent_where_required,
                     can_buy_what_its_market_allows, lands_in_its_market, offers_the_markets_languages,
                     prices_formatted_for_its_locale, product_price_formatted_for_its_locale,
                     refuses_restricted_products, refuses_unserved_visitor_kindly, shows_only_allowed_products)

pytestmark = pytest.mark.service_area


@pytest.mark.catalogue("SA-5", "SA-3", "SA-1", "PD-3")
@pytest.mark.varies_with("language", "address block", "device")
def test_lands_in_its_market(customer):
    """Lands in its market, language and currency, with prices formatted for its locale"""
    customer.attempts_to(Land.on_the_shop())
    customer.should(
        lands_in_its_market(),
        prices_formatted_for_its_locale(),
        shows_only_allowed_products(),
        asks_for_consent_where_required(),
    )


@pytest.mark.catalogue("SA-3")
@pytest.mark.varies_with()  # the market's languages are the same whoever looks
def test_offered_its_markets_languages(customer):
    """Is offered its market's languages, and no others, by the shop's language switch"""
    customer.attempts_to(Land.on_the_shop())
    customer.should(offers_the_markets_languages())


@pytest.mark.catalogue("SA-1", "SA-3")
def test_buys_what_its_market_allows(customer):
    """Opens a product its market allows, sees its price in its locale and puts it in the cart"""
    customer.attempts_to(Land.on_the_shop(), OpenProduct.allowed_on_show(), AddToCart.the_product())
    customer.should(
        product_price_formatted_for_its_locale(),
        can_buy_what_its_market_allows(),
    )


@pytest.mark.catalogue("SA-1")
@pytest.mark.applies_to(lambda policy: bool(policy.categories.restricted))
def test_restricted_products_are_refused(customer):
    """Asks for what its market restricts and is refused, with an explanation in its language"""
    customer.attempts_to(AskForRestrictedProducts.directly())
    customer.should(refuses_restricted_products())


@pytest.mark.catalogue("SA-7")
@pytest.mark.applies_to(lambda policy: bool(policy.service_area.refused))
def test_unserved_country_is_refused_kindly(customer):
    """Visits from a country the shop refuses: told why in its language, offered an alternative"""
    customer.attempts_to(TravelTo.a_refused_country(), Land.on_the_shop())
    customer.should(refuses_unserved_visitor_kindly())
