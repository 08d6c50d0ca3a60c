"""Oscar's shipping methods from the database (OrderAndItemCharges): only those whose countries
include the shipping address's country (before an address is given: the visitor's country), and
only for a country of the visitor's region, so a basket priced in one region's currency is never
charged another region's shipping. Where the visitor's prices include VAT, the charge does too, at
the same rate as the goods (VATInclusiveCharge); in the US it carries no tax."""
from decimal import ROUND_HALF_UP
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


class VATInclusiveCharge(methods.Base):
    """A shipping method whose charge (the amount shown and charged, unchanged) includes VAT at
    `rate`: excl. tax = charge / (1 + rate), rounded to cents. It wraps the database's method the
    way Oscar's OfferDiscount does, forwarding its code, name and description, so checkout finds
    it by its code and Oscar's shipping offers can wrap it in turn (TaxInclusiveOfferDiscount)."""

    def __init__(self, method, rate):
        self.method = method
        self.rate = rate

    @property
    def code(self):
        return self.method.code

    @property
    def name(self):
        return self.method.name

    @property
    def description(self):
        return self.method.description

    def calculate(self, basket):
        charge = self.method.calculate(basket)
        excl_tax = (charge.incl_tax / (1 + self.rate)).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        return prices.Price(currency=charge.currency, excl_tax=excl_tax, incl_tax=charge.incl_tax,
                            tax_code=charge.tax_code)


class Repository(repository.Repository):
    def get_available_shipping_methods(self, basket, shipping_addr=None, request=None, **kwargs):
        found = visitor(request)
        if found.served is None:
            return []
        country = shipping_addr.country_id if shipping_addr is not None else found.country
        in_region = found.served.region.countries.filter(country_id=country).exists()
        if not in_region:
            return []
        found_methods = OrderAndItemCharges.objects.filter(countries=country).order_by("code")
        rate = found.served.vat_rate  # the goods' rate (partner/strategy.py): the visitor's country's
        if not rate:
            return list(found_methods)
        return [VATInclusiveCharge(method, rate) for method in found_methods]

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        found = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        return found[0] if found else NoDelivery()
