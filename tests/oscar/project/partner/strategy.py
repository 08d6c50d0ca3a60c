"""Prices and availability by the visitor's country (regions/visitor.py): the stock record of the
region's partner, in its currency, with the country's VAT included (FixedRateTax at the country's
rate), or no tax at all where the rate is 0 (NoTax, US style). A country the shop does not serve
gets no stock record, so nothing is priced or available."""
from decimal import Decimal as D

from oscar.apps.partner import strategy

from regions.visitor import visitor


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        found = visitor(request)
        if found.served is None:
            return NotServed(request)
        if not found.served.vat_rate:
            return RegionNoTax(request, found.served)
        return RegionVAT(request, found.served)


class RegionStockRecord:
    """UseFirstStockRecord, limited to the region's partner."""

    def select_stockrecord(self, product):
        # product.stockrecords.all() is prefetched on catalogue pages: no query per product.
        for record in product.stockrecords.all():
            if record.partner_id == self.partner_id:
                return record
        return None


class RegionVAT(RegionStockRecord, strategy.StockRequired, strategy.FixedRateTax, strategy.Structured):
    exponent = D("0.01")

    def __init__(self, request, served):
        super().__init__(request)
        self.partner_id = served.region.partner_id
        self.rate = served.vat_rate


class RegionNoTax(RegionStockRecord, strategy.StockRequired, strategy.NoTax, strategy.Structured):
    def __init__(self, request, served):
        super().__init__(request)
        self.partner_id = served.region.partner_id


class NotServed(RegionStockRecord, strategy.StockRequired, strategy.NoTax, strategy.Structured):
    partner_id = None
