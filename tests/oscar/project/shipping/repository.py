"""Oscar's shipping methods from the database (OrderAndItemCharges): only those whose countries
include the shipping address's country (before an address is given: the visitor's country), and
only for a country of the visitor's region, so a basket priced in one region's currency is never
charged another region's shipping."""
from decimal import Decimal as D

from django.utils.translation import gettext_lazy as _

from oscar.apps.shipping import methods, repository
from oscar.core import prices

from regions.visitor import visitor

from .models import OrderAndItemCharges


class NoDelivery(methods.Base):
    """Shown on the basket page (as its estimate) where no method delivers to the country;
    checkout offers no method there and sends the customer back to the address."""

    code = "no-delivery"
    name = _("No delivery to this country")

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=D("0.00"), tax=D("0.00"))


class Repository(repository.Repository):
    def get_available_shipping_methods(self, basket, shipping_addr=None, request=None, **kwargs):
        found = visitor(request)
        if found.served is None:
            return []
        country = shipping_addr.country_id if shipping_addr is not None else found.country
        in_region = found.served.region.countries.filter(country_id=country).exists()
        if not in_region:
            return []
        return list(OrderAndItemCharges.objects.filter(countries=country).order_by("code"))

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        found = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        return found[0] if found else NoDelivery()
