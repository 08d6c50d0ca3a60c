"""A region is a partner (its warehouse, its stock records, its currency) serving a few countries,
each with its own VAT rate included in the prices shown there."""
from decimal import Decimal

from django.db import models


class Region(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    partner = models.OneToOneField("partner.Partner", on_delete=models.PROTECT, related_name="region")

    def __str__(self):
        return f"{self.name} ({self.code})"


class ServedCountry(models.Model):
    country = models.OneToOneField("address.Country", on_delete=models.CASCADE, primary_key=True,
                                   related_name="served")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="countries")
    vat_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0"),
                                   help_text="Included in the prices shown; 0: no tax (US style)")

    class Meta:
        verbose_name_plural = "served countries"
        ordering = ["region__id", "-country__display_order", "country__iso_3166_1_a2"]

    def __str__(self):
        return f"{self.country_id} ({self.region.code}, VAT {self.vat_rate})"
