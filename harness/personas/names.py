"""Names of people and companies per market, as compact tables personas index into.

A market's names come from its own list (personas/data/names/<MARKET>.yaml: where Faker has none
for the country, falls back to English, or has no Latin form of native-script names), else from
its Faker locale's gendered name providers, read once. The same file holds the market's edge
cases: how a long name is made in that culture, and its names with apostrophes or hyphens.

Tables do not depend on the factory's seed: personas pick from them by their own draws, so
building them once per process serves every factory.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .. import yamlfile
from ..errors import UserInputError
from .places import MarketPlaces

FAKER_DRAWS = 700  # per gender and part: with uniform draws this reads nearly every name Faker has
COMPANIES = 100
_WORDS = re.compile(r"[\s\-‐]+")
_ENGLISH_COMPANY = re.compile(r"\b(and|Group|Inc|LLC|PLC|Sons)\b")

Pair = tuple[str, str]  # (native, latin)


@dataclass(frozen=True)
class Given:
    native: str
    latin: str
    female: bool
    group: int = 0  # the name group (Malay, Chinese, Indian ...) whose family names go with it


@dataclass(frozen=True)
class LongName:
    """How the culture makes a long name: more given names, more family names joined by `joiner`,
    a particle before them (van der), a chain of fathers' names (nasab), or a real long family name."""
    given: int = 2
    family: int = 1
    joiner: str = " "
    particles: tuple[Pair, ...] = ()
    connector: Pair = ("", "")  # between a name and the father's name: ("بن", "bin")
    connector_female: Pair | None = None
    fathers: int = 0
    families: tuple[Pair, ...] = ()  # real long family names, used instead of composing


@dataclass(frozen=True)
class NameTable:
    market: str
    source: str  # "names/VN.yaml" or "faker:de_DE" (the Faker locale whose own lists were read)
    given: tuple[Given, ...]
    family: dict[tuple[int, bool], tuple[Pair, ...]]  # (group, female) -> family names
    male_given: dict[int, tuple[Pair, ...]]  # group -> men's given names (fathers in a nasab)
    companies: tuple[str, ...]
    long_name: LongName | None
    odd: dict[tuple[int, bool], tuple[tuple[str, Pair], ...]]  # (group, female) -> (part, name) with ' or -
    same_kind: dict[tuple[int, bool], tuple[Given, ...]]  # (group, female) -> given names
    family_first: dict[int, bool]  # group -> writes the family name first (Chinese Malaysians)
    words: frozenset[str] = field(default=frozenset())  # every Latin word a name may contain

    def families_for(self, given: Given) -> tuple[Pair, ...]:
        return self.family[(given.group, given.female)]


def names_dir() -> Path:
    from ..shipped import persona_data

    return persona_data("names")


def words_of(text: str) -> list[str]:
    return [w for w in _WORDS.split(text) if w]


@cache
def name_table(places: MarketPlaces) -> NameTable:
    path = names_dir() / f"{places.market}.yaml"
    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UserInputError(f"{path}: missing: every market of personas/data/places.yaml needs its names file "
                             f"(edge cases at least; see personas/data/README.md)") from None
    except (OSError, yaml.YAMLError) as exc:
        raise UserInputError(f"{path}: cannot read the persona names: {exc}") from None
    try:
        return _table(places, raw, path)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise UserInputError(f"{path}: {exc}") from None


def _table(places: MarketPlaces, raw: dict, path: Path) -> NameTable:
    rng = random.Random(f"names:{places.market}")  # fixed: the tables are the same in every process
    if raw.get("groups") or raw.get("given"):
        given, family, source = _own(raw), _own_families(raw), f"names/{path.name}"
    else:
        given, family, source = _from_faker(places, rng)
    male_given = {}
    for g in given:
        if not g.female:
            male_given.setdefault(g.group, []).append((g.native, g.latin))
    male_given = {k: tuple(v) for k, v in male_given.items()}
    for group in {g.group for g in given}:
        for female in (False, True):
            if not family.get((group, female)):
                raise ValueError(f"group {group}: no {'women' if female else 'men'}'s family names")
    long_name = _long_name(raw.get("long_name"))
    odd_names = raw.get("apostrophe_hyphen") or ()  # gender m / f: for men or women only; group: its names'
    odd = {(group, female): tuple((str(o.get("part", "family")), _pair(o)) for o in odd_names
                                  if o.get("gender") in (None, "f" if female else "m") and int(o.get("group", 0)) == group)
           for group in {g.group for g in given} for female in (False, True)}
    for o in odd_names:
        if o.get("part", "family") not in ("family", "given"):
            raise ValueError(f"apostrophe_hyphen: {o}: part is family or given")
    orders = {"given_family": False, "family_given": True}
    family_first = {n: orders[g["name_order"]] for n, g in enumerate(raw.get("groups") or ()) if g.get("name_order")}
    companies = _companies(places, raw.get("companies"), family, rng)
    words = set()
    for g in given:
        words.update(words_of(g.latin))
    extra = (long_name.families, long_name.particles) if long_name else ()
    for names in (*family.values(), *([p for _, p in o] for o in odd.values()), *extra):
        for _, latin in names:
            words.update(words_of(latin))
    if long_name:
        for pair in (long_name.connector, long_name.connector_female or ("", "")):
            words.update(words_of(pair[1]))
    same_kind: dict[tuple[int, bool], list[Given]] = {}
    for g in given:
        same_kind.setdefault((g.group, g.female), []).append(g)
    return NameTable(places.market, source, tuple(given), family, male_given, companies, long_name, odd,
                     {k: tuple(v) for k, v in same_kind.items()}, family_first, frozenset(words))


def _pair(d: dict) -> Pair:
    native = str(d["native"])
    return native, str(d.get("latin", native))


def _own(raw: dict) -> list[Given]:
    groups = raw.get("groups") or [raw]
    out = []
    for number, group in enumerate(groups):
        middles = group.get("middle") or {}
        for entry in group["given"]:
            female = {"m": False, "f": True}[entry["gender"]]
            native, latin = _pair(entry)
            for mid in middles.get(entry["gender"]) or [None]:  # Vietnamese: middle names before the given name
                if mid is None:
                    out.append(Given(native, latin, female, number))
                else:
                    m_native, m_latin = _pair(mid)
                    out.append(Given(f"{m_native} {native}", f"{m_latin} {latin}", female, number))
    return out


def _own_families(raw: dict) -> dict[tuple[int, bool], tuple[Pair, ...]]:
    groups = raw.get("groups") or [raw]
    out = {}
    for number, group in enumerate(groups):
        men, women = [], []
        for entry in group["family"]:
            native, latin = _pair(entry)
            if entry.get("gender") != "f":
                men.append((native, latin))
            if entry.get("gender") != "m":
                women.append((str(entry.get("native_female", native)), str(entry.get("latin_female", latin))))
        out[(number, False)], out[(number, True)] = tuple(dict.fromkeys(men)), tuple(dict.fromkeys(women))
    return out


@cache
def _faker(locale: str):
    """One Faker per locale (making one loads every provider: slow), re-seeded by each use."""
    from faker import Faker

    return Faker(locale, use_weighting=False)


def _from_faker(places: MarketPlaces, rng: random.Random):
    fake = _faker(places.faker_locale)
    fake.seed_instance(f"names:{places.market}")
    provider = next(p for p in fake.providers if ".person." in type(p).__module__)
    locale = type(provider).__module__.rsplit(".", 1)[-1]
    if hasattr(provider, "first_name_male_pairs"):  # ja_JP: (kanji, kana, Hepburn) of the same name
        given = [Given(p[0], p[2], False) for p in provider.first_name_male_pairs]
        given += [Given(p[0], p[2], True) for p in provider.first_name_female_pairs]
        family = tuple(dict.fromkeys((p[0], p[2]) for p in provider.last_name_pairs))
        return given, {(0, False): family, (0, True): family}, f"faker:{locale}"
    # The gendered lists: a locale's plain first_names may be English (de_LU, vi_VN), its gendered
    # lists are its own. Where a locale makes a name rather than listing it (pl_PL's women's family
    # names, Kowalska from Kowalski), its own draws are read instead.
    given = [Given(n, n, False) for n in _listed(provider, "first_names_male", fake.first_name_male)]
    given += [Given(n, n, True) for n in _listed(provider, "first_names_female", fake.first_name_female)]
    if len(getattr(provider, "last_names_male", ())) > 10:
        men = _listed(provider, "last_names_male", fake.last_name_male)
        women = _listed(provider, "last_names_female", fake.last_name_female)
    elif len(getattr(provider, "last_names", ())) > 10:
        men = women = _listed(provider, "last_names", fake.last_name)
    else:
        men, women = _draws(fake.last_name_male), _draws(fake.last_name_female)
    family = {(0, False): tuple((n, n) for n in men), (0, True): tuple((n, n) for n in women)}
    return given, family, f"faker:{locale}"


def _listed(provider, attribute: str, draw) -> list[str]:
    names = getattr(provider, attribute, None)
    if not names or len(names) <= 10:
        return _draws(draw)
    return sorted(dict.fromkeys(" ".join(str(n).split()) for n in names))


def _draws(draw) -> list[str]:
    out: dict[str, None] = {}
    for _ in range(FAKER_DRAWS):
        try:
            name = draw()
        except (AssertionError, AttributeError, IndexError, KeyError, ValueError):  # es_CL fails on some draws
            continue
        out[" ".join(name.split())] = None
    return sorted(out)  # sorted: the table must not depend on the draw order


def _long_name(d: dict | None) -> LongName | None:
    if not d:
        return None
    connector = d.get("connector") or {}
    return LongName(
        given=int(d.get("given", 2)), family=int(d.get("family", 1)), joiner=str(d.get("joiner", " ")),
        particles=tuple(_pair(p) for p in d.get("particles") or ()),
        connector=(str(connector.get("native", "")), str(connector.get("latin", ""))),
        connector_female=(str(connector["native_female"]), str(connector["latin_female"]))
        if "native_female" in connector else None,
        fathers=int(d.get("fathers", 0)),
        families=tuple(_pair(p) for p in d.get("families") or ()),
    )


def _companies(places: MarketPlaces, templates, family, rng: random.Random) -> tuple[str, ...]:
    """Company names from the file's templates ({family}, {family2}: family names of the market;
    {family_latin}, {family2_latin}: their Latin forms), or Faker's where the locale's own provider
    makes them."""
    if templates:
        men = family[(0, False)]
        out: dict[str, None] = {}
        for _ in range(COMPANIES * 3):
            template = rng.choice(templates)
            one, two = rng.choice(men), rng.choice(men)
            out[template.format(family=one[0], family2=two[0], family_latin=one[1], family2_latin=two[1])] = None
            if len(out) == COMPANIES:
                break
        return tuple(out)
    fake = _faker(places.faker_locale)
    fake.seed_instance(f"companies:{places.market}")
    # Some locales' company formats are English ("Godart and Sons" in de_LU): kept only for English ones.
    english = places.faker_locale.startswith("en_") or places.faker_locale == "zu_ZA"
    found = []
    for _ in range(COMPANIES * 2):
        try:
            company = " ".join(fake.company().split())
        except (AssertionError, AttributeError, IndexError, KeyError, ValueError):
            continue
        if english or not _ENGLISH_COMPANY.search(company):
            found.append(company)
    return tuple(dict.fromkeys(found)) or ("Example Trading",)
