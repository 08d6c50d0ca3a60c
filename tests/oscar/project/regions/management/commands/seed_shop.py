"""Seeds a migrated database with the staging shop of shop.json: the site, countries, regions
(partners), VAT rates, shipping methods, categories, products and their stock records."""
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from regions.models import Region, ServedCountry

Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
ProductClass = get_model("catalogue", "ProductClass")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")


class Command(BaseCommand):
    help = "Seed the staging shop's data (shop.json) into a freshly migrated database."

    @transaction.atomic
    def handle(self, *args, **options):
        data = settings.SHOP_DATA
        Site.objects.update_or_create(pk=settings.SITE_ID,
                                      defaults={"domain": "127.0.0.1", "name": data["shop_name"]})
        served = {code for region in data["regions"] for code in region["countries"]}
        for order, country in enumerate(data["countries"]):
            Country.objects.update_or_create(iso_3166_1_a2=country["code"], defaults={
                "iso_3166_1_a3": country["alpha3"], "iso_3166_1_numeric": country["numeric"],
                "printable_name": country["name"], "name": country["name"],
                "display_order": len(data["countries"]) - order,  # Oscar lists the highest first
                "is_shipping_country": country["code"] in served})
        regions = {}
        for spec in data["regions"]:
            partner = Partner.objects.create(name=spec["partner"], code=spec["code"])
            region = Region.objects.create(code=spec["code"], name=spec["name"], currency=spec["currency"],
                                           partner=partner)
            regions[spec["code"]] = region
            for code, rate in spec["countries"].items():
                ServedCountry.objects.create(country_id=code, region=region, vat_rate=Decimal(rate))
        for spec in data["shipping"]:
            method = OrderAndItemCharges.objects.create(
                code=spec["code"], name=spec["name"], price_per_order=Decimal(spec["price_per_order"]),
                price_per_item=Decimal(spec["price_per_item"]))
            method.countries.set(spec["countries"])
        categories = {}
        for spec in data["categories"]:
            categories[spec["slug"]] = category = create_from_breadcrumbs(spec["name"])
            if category.slug != spec["slug"]:
                raise CommandError(f"category {spec['name']!r} got the slug {category.slug!r}, not {spec['slug']!r}")
        goods = ProductClass.objects.create(name=data["product_class"], requires_shipping=True, track_stock=True)
        for spec in data["products"]:
            product = Product.objects.create(upc=spec["upc"], title=spec["title"], product_class=goods,
                                             structure=Product.STANDALONE, is_public=True)
            ProductCategory.objects.create(product=product, category=categories[spec["category"]])
            for code, price in spec["prices"].items():
                region = regions[code]
                StockRecord.objects.create(
                    product=product, partner=region.partner, partner_sku=f"{spec['upc']}-{code.upper()}",
                    price_currency=region.currency, price=Decimal(price),
                    num_in_stock=data["stock_per_record"])
        staff = data["staff"]
        get_user_model().objects.create_superuser(username="staff", email=staff["email"],
                                                  password=staff["password"])
