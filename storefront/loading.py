"""Loading the shop at start-up: the bundled (or given) settings, each chosen fault profile's
overlay on them, then validation.

Some settings only the part of the shop that reads them can check: a knowledge override must
name a policy fact, a chatbot answer mapping an intent and an answer of the help part, a
market's holidays a region or category python-holidays knows. This module asks them all, and so
sits above every part; the parts only ever see the loaded `Shop`.
"""
from __future__ import annotations

import copy
from pathlib import Path

from . import faults as faults_mod
from .detection import MarketDetector
from .fault_base import RawSettings
from .geo import GeoIPTable
from .help.answers import check_answer_mapping
from .i18n import available_languages
from .policy import check_knowledge
from .settings import CONFIG_DIR, Catalogue, ShopConfig, load_geoip, load_yaml
from .shop import Shop
from .workdays import check_holidays


def load_shop(config_file: Path | None = None, fault_names: list[str] = ()) -> Shop:
    config_file = config_file or CONFIG_DIR / "markets.yaml"
    profiles = faults_mod.resolve(list(fault_names))
    raw = RawSettings(
        markets=copy.deepcopy(load_yaml(config_file)),
        catalogue=load_yaml(CONFIG_DIR / "catalogue.yaml"),
        geoip=load_geoip(CONFIG_DIR / "geoip.csv"),
    )
    for profile in profiles:
        profile.overlay(raw)
    config = ShopConfig.model_validate(raw.markets)
    check_answer_mapping(config.support.chatbot_answers)
    check_knowledge(config)
    check_holidays(config)
    catalogue = Catalogue.model_validate(raw.catalogue)
    geoip = GeoIPTable(raw.geoip)
    return Shop(
        config=config,
        catalogue=catalogue,
        geoip=geoip,
        detector=MarketDetector(config, geoip, available_languages()),
        faults=profiles,
        products={p.sku: p for p in catalogue.products},
    )
