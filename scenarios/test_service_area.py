"""Service area: who may buy what, where, how (SA-1, SA-3, SA-5, SA-7, PD-3)."""
import pytest

from harness.expectations.service_area import (asks_for_consent_where_required, lands_in_its_market,
                                               prices_formatted_for_its_locale, shows_only_allowed_products)
from harness.tasks.landing import Land

pytestmark = pytest.mark.service_area


@pytest.mark.catalogue("SA-3", "SA-1", "PD-3")
def test_lands_in_its_market(customer):
    """Lands in its market, language and currency, with prices formatted for its locale"""
    customer.attempts_to(Land.on_the_shop())
    customer.should(
        lands_in_its_market(),
        prices_formatted_for_its_locale(),
        shows_only_allowed_products(),
        asks_for_consent_where_required(),
    )
