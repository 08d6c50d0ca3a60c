"""Builds a template instance of the staging shop in OSCAR_STAGING_DIR: the migrated and seeded
database, the search index, and the project's German catalogue compiled to LOCALE_DIR
(tests/oscar/staging.py copies all three for each instance)."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.core.management.base import BaseCommand

APP_LOCALE = Path(__file__).resolve().parents[2] / "locale"


class Command(BaseCommand):
    help = "Migrate, seed and index a fresh database; compile the project's catalogues."

    def add_arguments(self, parser):
        parser.add_argument("locale_dir", help="where to write <lang>/LC_MESSAGES/django.mo")

    def handle(self, locale_dir, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_shop")
        call_command("rebuild_index", interactive=False, verbosity=0)
        for po in APP_LOCALE.glob("*/LC_MESSAGES/django.po"):
            language = po.parent.parent.name
            target = Path(locale_dir) / language / "LC_MESSAGES" / "django.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=language)
            with target.open("wb") as out:
                write_mo(out, catalog)
