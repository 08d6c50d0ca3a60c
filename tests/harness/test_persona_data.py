"""The persona factory's reference data (personas/data/places.yaml) is complete and well-formed.

Offline and self-contained: it reads only the data file, faker's locale list and pycountry, never
the storefront's configuration (the harness states its own view of the markets).
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from pathlib import Path

import pycountry
import pytest
import yaml
from faker.config import AVAILABLE_LOCALES

PLACES = Path(__file__).resolve().parents[2] / "personas" / "data" / "places.yaml"

MARKETS = (
    "DE AT CH FR BE NL LU IE GB ES PT IT SE DK NO FI PL CZ GR "
    "US CA MX BR AR CL CO "
    "JP CN HK TW KR SG IN ID TH VN MY PH "
    "AE SA IL TR AU NZ ZA EG MA KE NG"
).split()

SCRIPTS = {"Latin", "Japanese", "Han", "Hangul", "Arabic", "Hebrew", "Greek", "Thai"}
# Unicode character-name prefixes that count as writing in each script.
SCRIPT_LETTERS = {
    "Japanese": ("CJK", "HIRAGANA", "KATAKANA"),
    "Han": ("CJK",),
    "Hangul": ("HANGUL",),
    "Arabic": ("ARABIC",),
    "Hebrew": ("HEBREW",),
    "Greek": ("GREEK",),
    "Thai": ("THAI",),
}

# Rough boxes (lat_min, lat_max, lon_min, lon_max) around each country and its outlying parts.
BOXES = {
    "DE": [(47.2, 55.1, 5.8, 15.1)],
    "AT": [(46.3, 49.1, 9.5, 17.2)],
    "CH": [(45.8, 47.9, 5.9, 10.5)],
    "FR": [(41.3, 51.2, -5.2, 9.6), (14.3, 16.6, -61.9, -60.8), (-21.4, -20.8, 55.2, 55.9),
           (2.1, 5.8, -54.7, -51.6), (-13.1, -12.6, 45.0, 45.3)],
    "BE": [(49.5, 51.6, 2.5, 6.4)],
    "NL": [(50.7, 53.6, 3.3, 7.3)],
    "LU": [(49.4, 50.2, 5.7, 6.6)],
    "IE": [(51.4, 55.4, -10.7, -5.9)],
    "GB": [(49.8, 60.9, -8.7, 1.8)],
    "ES": [(35.2, 43.9, -9.4, 4.4), (27.6, 29.5, -18.2, -13.4)],
    "PT": [(36.9, 42.2, -9.6, -6.1), (32.3, 33.2, -17.3, -16.2), (36.9, 39.8, -31.4, -24.9)],
    "IT": [(35.4, 47.1, 6.6, 18.6)],
    "SE": [(55.3, 69.1, 10.9, 24.2)],
    "DK": [(54.5, 57.8, 8.0, 15.3)],
    "NO": [(57.9, 71.2, 4.5, 31.2), (74.3, 80.9, 10.5, 33.7), (70.8, 71.2, -9.1, -7.9)],
    "FI": [(59.7, 70.1, 19.0, 31.6)],
    "PL": [(49.0, 54.9, 14.1, 24.2)],
    "CZ": [(48.5, 51.1, 12.0, 18.9)],
    "GR": [(34.8, 41.8, 19.3, 29.7)],
    "US": [(24.4, 49.4, -124.8, -66.9), (51.2, 71.5, -180.0, -129.9), (18.9, 22.3, -160.3, -154.8),
           (17.9, 18.6, -67.3, -65.2)],
    "CA": [(41.6, 83.2, -141.1, -52.6)],
    "MX": [(14.5, 32.8, -118.5, -86.7)],
    "BR": [(-33.8, 5.3, -74.0, -32.3)],
    "AR": [(-55.1, -21.7, -73.6, -53.6)],
    "CL": [(-56.0, -17.4, -75.8, -66.4), (-27.3, -27.0, -109.5, -109.2)],
    "CO": [(-4.3, 12.5, -79.1, -66.8), (12.4, 13.4, -81.8, -81.3)],
    "JP": [(24.0, 45.6, 122.9, 146.0)],
    "CN": [(18.1, 53.6, 73.5, 134.8)],
    "HK": [(22.15, 22.57, 113.83, 114.45)],
    "TW": [(21.9, 25.4, 119.3, 122.1), (24.3, 24.6, 118.1, 118.5), (25.9, 26.4, 119.8, 120.6)],
    "KR": [(33.1, 38.7, 124.6, 131.9)],
    "SG": [(1.15, 1.48, 103.6, 104.1)],
    "IN": [(6.7, 35.7, 68.1, 97.4)],
    "ID": [(-11.1, 6.1, 94.9, 141.1)],
    "TH": [(5.6, 20.5, 97.3, 105.7)],
    "VN": [(8.4, 23.4, 102.1, 109.5)],
    "MY": [(0.8, 7.4, 99.6, 119.3)],
    "PH": [(4.5, 21.2, 116.9, 126.6)],
    "AE": [(22.6, 26.1, 51.5, 56.4)],
    "SA": [(16.3, 32.2, 34.5, 55.7)],
    "IL": [(29.4, 33.4, 34.2, 35.9)],
    "TR": [(35.8, 42.2, 25.6, 44.9)],
    "AU": [(-43.7, -10.0, 112.9, 153.7), (-31.6, -31.5, 159.0, 159.2)],
    "NZ": [(-47.4, -34.3, 166.3, 178.7), (-44.5, -43.6, -176.9, -176.1)],
    "ZA": [(-35.0, -22.1, 16.4, 33.0)],
    "EG": [(21.9, 31.8, 24.6, 36.9)],
    "MA": [(20.7, 36.0, -17.2, -0.9)],
    "KE": [(-4.8, 5.1, 33.9, 42.0)],
    "NG": [(4.2, 13.9, 2.6, 14.7)],
}

MARKET_KEYS = {"faker_locale", "name_order", "script", "postcode", "cities", "remote_places", "ip_ranges"}
OPTIONAL_KEYS = {"streets", "names"}
PLACE_KEYS = {"city", "postcode", "region", "lat", "lon"}
PLACE_OPTIONAL = {"city_latin", "form_region"}


@pytest.fixture(scope="module")
def places() -> dict:
    with PLACES.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _letters(text: str) -> list[str]:
    return [unicodedata.name(ch, "") for ch in text if ch.isalpha()]


def _is_ascii(text: str) -> bool:
    return text.isascii()


def _in_script(text: str, script: str) -> bool:
    """At least one letter of the script, and no letter of another script except Latin."""
    names = _letters(text)
    prefixes = SCRIPT_LETTERS[script]
    return any(n.startswith(prefixes) for n in names) and all(
        n.startswith(prefixes) or n.startswith("LATIN") for n in names
    )


def _latin(text: str) -> bool:
    return bool(text.strip()) and all(n.startswith("LATIN") for n in _letters(text))


def _places_of(entry: dict):
    for kind in ("cities", "remote_places"):
        for place in entry[kind]:
            yield kind, place


def test_the_file_covers_exactly_the_shipped_markets(places):
    assert isinstance(places, dict)
    assert sorted(places) == sorted(MARKETS)


@pytest.mark.parametrize("market", MARKETS)
def test_market_keys_and_types(places, market):
    entry = places[market]
    assert MARKET_KEYS <= set(entry), MARKET_KEYS - set(entry)
    assert set(entry) <= MARKET_KEYS | OPTIONAL_KEYS, set(entry) - MARKET_KEYS - OPTIONAL_KEYS
    assert entry["faker_locale"] in AVAILABLE_LOCALES
    assert entry["name_order"] in {"given_family", "family_given"}
    assert entry["script"] in SCRIPTS
    assert entry["postcode"] is None or isinstance(entry["postcode"], str)
    assert isinstance(entry["cities"], list) and 6 <= len(entry["cities"]) <= 10
    assert isinstance(entry["remote_places"], list) and len(entry["remote_places"]) <= 3
    assert isinstance(entry["ip_ranges"], list) and entry["ip_ranges"]
    for kind, place in _places_of(entry):
        required = PLACE_KEYS | ({"area"} if kind == "remote_places" else set())
        assert required <= set(place), (place, required - set(place))
        assert set(place) <= required | PLACE_OPTIONAL, (place, set(place) - required - PLACE_OPTIONAL)
        assert isinstance(place["city"], str) and place["city"].strip()
        assert place["postcode"] is None or isinstance(place["postcode"], str)
        assert place["region"] is None or isinstance(place["region"], str)
        assert isinstance(place["lat"], float) and isinstance(place["lon"], float)
        if kind == "remote_places":
            assert isinstance(place["area"], str) and place["area"].strip()
        if "form_region" in place:
            assert isinstance(place["form_region"], str) and place["form_region"].strip()


@pytest.mark.parametrize("market", MARKETS)
def test_postcodes_fully_match_the_country_pattern(places, market):
    entry = places[market]
    pattern = entry["postcode"]
    if pattern is None:
        assert all(place["postcode"] is None for _, place in _places_of(entry))
        return
    regex = re.compile(pattern)
    for _, place in _places_of(entry):
        assert place["postcode"] is not None, place
        assert regex.fullmatch(place["postcode"]), (place["city"], place["postcode"], pattern)
    # Places are distinct: no postcode is listed twice for one market.
    codes = [place["postcode"] for _, place in _places_of(entry)]
    assert len(codes) == len(set(codes)), codes


@pytest.mark.parametrize("market", MARKETS)
def test_regions_are_subdivisions_of_the_country(places, market):
    entry = places[market]
    codes = {s.code for s in (pycountry.subdivisions.get(country_code=market) or [])}
    for _, place in _places_of(entry):
        if not codes:  # ISO 3166-2 defines none (HK): the form's own area code must be there instead
            assert place["region"] is None and place.get("form_region"), place
            continue
        assert place["region"] in codes, (place["city"], place["region"])


@pytest.mark.parametrize("market", MARKETS)
def test_coordinates_lie_in_the_country(places, market):
    for _, place in _places_of(places[market]):
        lat, lon = place["lat"], place["lon"]
        assert any(a <= lat <= b and c <= lon <= d for a, b, c, d in BOXES[market]), (place["city"], lat, lon)


def test_ip_ranges_are_ipv4_and_belong_to_one_market_each(places):
    seen: list[tuple[ipaddress.IPv4Network, str]] = []
    for market in MARKETS:
        for block in places[market]["ip_ranges"]:
            net = ipaddress.ip_network(block, strict=True)
            assert net.version == 4, (market, block)
            assert 8 <= net.prefixlen <= 24, (market, block)
            assert not (net.is_private or net.is_loopback or net.is_reserved or net.is_multicast), (market, block)
            for other, owner in seen:
                assert not net.overlaps(other), (market, block, owner, str(other))
            seen.append((net, market))


@pytest.mark.parametrize("market", MARKETS)
def test_native_script_places_carry_a_latin_form(places, market):
    entry = places[market]
    if entry["script"] == "Latin":
        for _, place in _places_of(entry):
            assert _latin(place["city"]) and "city_latin" not in place, place
        return
    for _, place in _places_of(entry):
        assert _in_script(place["city"], entry["script"]), place["city"]
        assert _latin(place.get("city_latin", "")), place


@pytest.mark.parametrize("market", MARKETS)
def test_streets(places, market):
    entry = places[market]
    if "streets" not in entry:
        return
    streets = entry["streets"]
    assert isinstance(streets, list) and 15 <= len(streets) <= 30
    assert len(streets) == len(set(streets)), "duplicate street"
    for street in streets:
        assert isinstance(street, str) and street.strip() == street and street, street
        if entry["script"] == "Latin":
            assert _latin(street), street
        else:
            assert not _is_ascii(street) and _in_script(street, entry["script"]), street


@pytest.mark.parametrize("market", MARKETS)
def test_names(places, market):
    entry = places[market]
    if "names" not in entry:
        return
    names = entry["names"]
    assert entry["script"] != "Latin", "own names only where faker lacks a Latin form of native-script names"
    given, family = names["given"], names["family"]
    assert len(given) >= 30 and len(family) >= 30
    assert {g["gender"] for g in given} == {"m", "f"}
    for person in given + family:
        for native_key, latin_key in (("native", "latin"), ("native_female", "latin_female")):
            if native_key not in person:
                continue
            native, latin = person[native_key], person[latin_key]
            assert not _is_ascii(native) and _in_script(native, entry["script"]), person
            assert _is_ascii(latin) and re.fullmatch(r"[A-Za-z][A-Za-z' -]*[a-z]", latin), person
    assert len({g["native"] for g in given}) == len(given), "duplicate given name"
    assert len({f["native"] for f in family}) == len(family), "duplicate family name"
