from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # Oscar's language selector posts here
]
urlpatterns += i18n_patterns(
    path("regions/", include("regions.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
)
