"""Settings of the django-oscar staging shop (tests/oscar/README.md).

One instance runs out of one directory, OSCAR_STAGING_DIR (its database, media and mail files),
made by tests/oscar/staging.py. OSCAR_STAGING_SMTP_PORT sends mail over SMTP to that loopback
port; without it mail goes to files in OSCAR_STAGING_DIR/mail. OSCAR_STAGING_LOCALE is the
directory of the project's compiled German catalogue.
"""
import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403 (Oscar's settings, overridden below)

PROJECT = Path(__file__).resolve().parent.parent
if not os.environ.get("OSCAR_STAGING_DIR"):
    raise ImproperlyConfigured("set OSCAR_STAGING_DIR to the instance's directory (tests/oscar/staging.py does)")
INSTANCE = Path(os.environ["OSCAR_STAGING_DIR"])
SHOP_DATA = json.loads((PROJECT / "shop.json").read_text(encoding="utf-8"))

DEBUG = False
SECRET_KEY = "oscar-staging-shop-not-secret"  # a throwaway test shop on loopback only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shipping.apps.ShippingConfig",  # forked: a Repository of the country's methods
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "partner.apps.PartnerConfig",  # forked: a strategy Selector per region and country
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "regions",
]
# The forks keep Oscar's models, so they keep Oscar's migrations too.
MIGRATION_MODULES = {
    "partner": "oscar.apps.partner.migrations",
    "shipping": "oscar.apps.shipping.migrations",
}
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "regions.middleware.NotServedMiddleware",
    "regions.formatting.CountryMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "regions.context_processors.visitor",
            ],
        },
    },
]

# SQLite in WAL mode with a busy timeout and IMMEDIATE transactions: concurrent writers (gunicorn
# threads and workers) wait for each other instead of failing with "database is locked".
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": INSTANCE / "db.sqlite3",
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
LOGIN_REDIRECT_URL = reverse_lazy("customer:summary")  # in the language of the page

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [os.environ["OSCAR_STAGING_LOCALE"]] if os.environ.get("OSCAR_STAGING_LOCALE") else []
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = INSTANCE / "media"

# Search and catalogue browsing (Oscar 4 browses through haystack too): Whoosh, a pure-Python
# index built with the template database (haystack's simple backend cannot browse: it finds
# nothing for an empty query or a category). The catalogue does not change while the shop runs,
# so no signal processor updates the index.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine", "PATH": str(INSTANCE / "whoosh_index")},
}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Mail: SMTP to a loopback port when one is given, else one file per message.
SMTP_PORT = os.environ.get("OSCAR_STAGING_SMTP_PORT")
if SMTP_PORT:
    EMAIL_BACKEND = "regions.mail.SMTPBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(SMTP_PORT)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "regions.mail.FileBackend"
    EMAIL_FILE_PATH = INSTANCE / "mail"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "oscar": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Oscar
OSCAR_SHOP_NAME = SHOP_DATA["shop_name"]
OSCAR_FROM_EMAIL = SHOP_DATA["from_email"]
DEFAULT_FROM_EMAIL = OSCAR_FROM_EMAIL
OSCAR_DEFAULT_CURRENCY = "EUR"  # only for amounts that have no stock record (the default region's)
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_THUMBNAILER = "regions.thumbnails.PlaceholderThumbnailer"
OSCAR_SEARCH_FACETS = {"fields": {}, "queries": {}}  # Whoosh does no faceting
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")

# The staging shop's own settings (regions/visitor.py)
STAGING_COUNTRY_COOKIE = "country"
STAGING_DEFAULT_COUNTRY = SHOP_DATA["default_country"]
