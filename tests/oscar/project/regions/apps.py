from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = "Regions"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from .formatting import install

        install()
