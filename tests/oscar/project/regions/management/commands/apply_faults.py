from django.core.management.base import BaseCommand, CommandError

from regions import faults


class Command(BaseCommand):
    help = "Apply named faults (regions/faults.py) to this instance's database."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="NAME")

    def handle(self, *args, names, **options):
        unknown = [name for name in names if name not in faults.FAULTS]
        if unknown:
            raise CommandError(f"unknown fault {', '.join(unknown)}; known: {', '.join(faults.FAULTS)}")
        for name in names:
            faults.apply(name)
