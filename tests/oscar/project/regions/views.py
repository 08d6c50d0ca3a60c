from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .models import ServedCountry
from .visitor import country_code, served_countries, visitor

COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def picker(request):
    """The country picker: lists the countries served; `country=XX` (a GET parameter or the
    form's POST field) sets the country cookie and redirects to `next` (default: the home page)."""
    data = request.POST if request.method == "POST" else request.GET
    if "country" not in data:
        return render(request, "regions/picker.html",
                      {"served_countries": served_countries(), "next": _next(request, data)})
    code = country_code(data["country"])
    if code is None:
        return render(request, "regions/picker.html",
                      {"served_countries": served_countries(), "next": _next(request, data),
                       "bad_country": data["country"]}, status=400)
    before = visitor(request)
    response = HttpResponseRedirect(_next(request, data))
    response.set_cookie(settings.STAGING_COUNTRY_COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax")
    after = ServedCountry.objects.filter(country_id=code).values_list("region_id", flat=True).first()
    if before.served is not None and after != before.served.region_id and request.basket.id:
        # The basket's prices are the old region's (its currency, its stock records).
        request.basket.flush()
    return response


def _next(request, data) -> str:
    target = data.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("home")


