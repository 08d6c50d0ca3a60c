"""Fault profiles: overlays on the shop's configuration and data.

Each profile reproduces one entry of the harness's failure catalogue by editing the raw
settings the way a careless change would, before the shop validates and loads them. The
request handlers never know a fault is active: they read the same settings either way.

The commerce profiles are here; the help, support and after-sales parts keep theirs beside
their code (their faults.py), and PROFILES is every one of them.
"""
from __future__ import annotations

from .aftersales import faults as _aftersales
from .fault_base import FaultProfile, RawSettings, market_settings
from .help import faults as _help
from .settings import GeoRange
from .support import faults as _support


def _lift_alcohol_ban(raw: RawSettings) -> None:
    m = market_settings(raw, "SA")
    m["restricted_categories"] = [c for c in m.get("restricted_categories", []) if c != "alcohol"]


def _drop_bavaria(raw: RawSettings) -> None:
    market_settings(raw, "DE")["shipping"]["covered"] = [{"name": "Germany", "postcodes": ["01000..79999"]}]


def _swiss_prices_in_euro(raw: RawSettings) -> None:
    market_settings(raw, "CH")["currency"] = "EUR"


def _stale_canadian_ranges(raw: RawSettings) -> None:
    raw.geoip = [GeoRange(network=r.network, country="US" if r.country == "CA" else r.country) for r in raw.geoip]


def _ideal_switched_off(raw: RawSettings) -> None:
    raw.markets.setdefault("gateway", {}).setdefault("disabled", {})["NL"] = ["ideal"]


def _bare_refusal(raw: RawSettings) -> None:
    raw.markets.setdefault("pages", {})["unserved_template"] = "forbidden.html"


def _hidden_threshold(raw: RawSettings) -> None:
    promo = market_settings(raw, "DE")["promotions"][0]
    promo["rule"] = {**promo["advertised"], "threshold": promo["advertised"]["threshold"] * 1.5}


def _vat_left_out(raw: RawSettings) -> None:
    m = market_settings(raw, "DE")
    m["tax"] = {"kind": "sales_tax", "rate": m["tax"]["rate"]}


def _second_languages_lost(raw: RawSettings) -> None:
    # A locale file dropped in a deploy: the market falls back to its first language.
    for code, lost in (("CA", "fr"), ("CH", "it"), ("BE", "fr")):
        m = market_settings(raw, code)
        m["languages"] = [lang for lang in m["languages"] if lang != lost]


def _english_added_in_greece(raw: RawSettings) -> None:
    # GR's settings gained English from a template, though the business serves GR in Greek only
    # (no English support, terms or help there): the language switch offers it.
    market_settings(raw, "GR")["languages"].append("en")


def _klarna_switched_on_in_poland(raw: RawSettings) -> None:
    # The payment provider turned Klarna on for PL, and the shop's settings followed it before the
    # business had agreed to offer it there: badges and checkout both offer it.
    market_settings(raw, "PL")["payment_methods"].append("klarna")


def _spain_masks_nothing(raw: RawSettings) -> None:
    # ES's privacy settings were reset to an empty list by a settings migration: the order
    # confirmation, its e-mail, and the order and ticket pages print phone, e-mail and card whole.
    market_settings(raw, "ES")["privacy"]["masked"] = []


def _quebec_without_qst(raw: RawSettings) -> None:
    # Quebec's rate lost its QST (9.975 %) in an edit of the province table: GST alone is charged.
    market_settings(raw, "CA")["tax"]["regions"]["QC"] = 5


VAPES = {"en": "E-cigarettes", "de": "E-Zigaretten", "fr": "Cigarettes électroniques"}


def _vapes_opened_in_britain(raw: RawSettings) -> None:
    # A category the business never decided on for GB: e-cigarettes, added to the catalogue for a
    # GB launch and restricted everywhere else, while the GB policy neither allows nor restricts them.
    raw.catalogue["categories"]["vapes"] = VAPES
    raw.catalogue["products"].insert(0, {"sku": "VAP-001", "category": "vapes", "price_eur": 9.90,
                                         "names": {"en": "Disposable vape, mint", "de": "Einweg-E-Zigarette, Minze"}})
    for code, market in raw.markets["markets"].items():
        if code != "GB":
            market["restricted_categories"] = [*market.get("restricted_categories", []), "vapes"]


def _narrow_front_door(raw: RawSettings) -> None:
    raw.markets.setdefault("front_door", {}).setdefault("rate_limits", {})["MX"] = {"requests_per_second": 5, "burst": 10}


def _narrow_latin1_columns(raw: RawSettings) -> None:
    raw.markets["storage"] = {"phone_max_length": 11, "text_encoding": "latin-1"}


COMMERCE = [
        FaultProfile("geo-restriction", "SA-1", "SA-1 geo-restriction wrong: alcohol is sold in SA, where the policy restricts it", _lift_alcohol_ban),
        FaultProfile("unlisted-category", "SA-1", "SA-1 geo-restriction wrong: e-cigarettes (vapes) are on sale in GB, a category the GB policy neither allows nor restricts", _vapes_opened_in_britain),
        FaultProfile("coverage-gap", "SA-2", "SA-2 delivery coverage gap: DE shipping zone lost postcodes 80000-99999 (Bavaria), so checkout refuses them", _drop_bavaria),
        FaultProfile("wrong-currency", "SA-3", "SA-3 wrong currency: the CH market is priced in EUR instead of CHF", _swiss_prices_in_euro),
        FaultProfile("lost-language", "SA-3", "SA-3 a market lost one of its languages: CA French, CH Italian and BE French visitors get the market's first language", _second_languages_lost),
        FaultProfile("extra-language", "SA-3", "SA-3 wrong language: GR offers English, a language the GR policy does not serve it in", _english_added_in_greece),
        FaultProfile("stale-geoip", "SA-5", "SA-5 stale IP geolocation: the geo-IP table maps Canadian address ranges to US", _stale_canadian_ranges),
        FaultProfile("payment-mismatch", "SA-6", "SA-6 systems disagree: NL pages advertise iDEAL but the payment gateway has it switched off at checkout", _ideal_switched_off),
        FaultProfile("payment-extra", "SA-6", "SA-6 systems disagree: PL badges and checkout offer Klarna, which the PL policy does not list", _klarna_switched_on_in_poland),
        FaultProfile("unfriendly-refusal", "SA-7", "SA-7 unfriendly refusal: visitors from unserved countries get a bare English 403 with no alternative", _bare_refusal),
        FaultProfile("hidden-threshold", "AS-3", "AS-3 hidden promotion threshold: DE advertises spend 100 save 10, checkout applies it only from 150", _hidden_threshold),
        FaultProfile("vat-missing", "AS-5", "AS-5 wrong tax treatment: DE is configured with sales tax, so shelf prices lack VAT and it is added at checkout", _vat_left_out),
        FaultProfile("province-tax-wrong", "AS-5", "AS-5 wrong tax treatment: CA charges Quebec 5% (GST only) where GST and QST make 14.975%", _quebec_without_qst),
        FaultProfile("regional-overload", "CP-1", "CP-1 a region fails at its own peak: an edge rule lets MX clients 5 requests/s (burst 10) per worker, so an MX peak gets 503s while other markets are served", _narrow_front_door),
        FaultProfile("data-mangling", "PD-1", "PD-1 data mangled: customer columns are latin-1 and phone numbers are cut to 11 characters", _narrow_latin1_columns),
        FaultProfile("confirmation-unmasked", "PD-2", "PD-2 PII exposed: ES's privacy settings mask nothing, so the order confirmation and its e-mail (and the order and ticket pages) show phone, e-mail and card number in full", _spain_masks_nothing),
]

PROFILES: dict[str, FaultProfile] = {p.name: p for p in COMMERCE + _help.PROFILES + _support.PROFILES + _aftersales.PROFILES}


class UnknownFault(ValueError):
    pass


def resolve(names: list[str]) -> list[FaultProfile]:
    out = []
    for name in names:
        if name not in PROFILES:
            import difflib

            near = difflib.get_close_matches(name, PROFILES, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise UnknownFault(f"--faults: unknown fault profile {name!r}{hint}; known: {', '.join(PROFILES)}")
        out.append(PROFILES[name])
    return out
