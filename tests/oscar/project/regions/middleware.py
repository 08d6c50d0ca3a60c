from django.shortcuts import render

from .visitor import served_countries, visitor

# The shop's pages: a visitor from a country the shop does not serve gets the not-served page
# instead. The country picker, the account pages and the dashboard stay reachable.
SHOP_NAMESPACES = {"catalogue", "basket", "checkout", "search", "offer", "wishlists"}
SHOP_URL_NAMES = {"home"}


class NotServedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not (SHOP_NAMESPACES & set(match.namespaces) or
                                 (not match.namespaces and match.url_name in SHOP_URL_NAMES)):
            return None
        found = visitor(request)
        if found.served is not None:
            return None
        return render(request, "regions/not_served.html",
                      {"served_countries": served_countries()}, status=200)
