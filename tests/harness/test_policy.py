"""The market policy files: the shipped ones load, bad ones are refused in one line, and a file
states only the promises the business makes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import UserInputError
from harness.policy import load_policy

from ..policy_files import edit_yaml, policy_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return load_policy()


def test_shipped_policy_covers_49_markets_on_six_continents(shipped):
    assert len(shipped) == 49
    assert {"DE", "JP", "SA", "BR", "US", "ZA", "AU"} <= set(shipped)


def test_every_market_states_what_the_issue_asks(shipped):
    for p in shipped.values():
        assert p.delivery.inside, p.market
        assert p.payment_methods and p.support.channels and p.shipping, p.market
        assert p.traffic_weight > 0 and p.service_levels.p95_ms > 0, p.market


def test_the_shipped_policy_states_every_promise(shipped):
    """Optional promises are optional for other businesses; the shipped files make them all."""
    for p in shipped.values():
        assert p.consent_required is not None, p.market
        assert None not in (p.returns, p.refunds, p.warranty, p.remedies, p.loyalty, p.support), p.market
        assert all(s.days is not None for s in p.shipping), p.market
        assert p.support.hours and p.support.first_response_hours, p.market
        assert p.loyalty.coupon_with_points is not None and p.privacy.masked, p.market
        assert p.service_area.refused == ["RU", "BY", "IR", "VE", "CU", "IS", "UA", "PK"], p.market
        assert p.service_area.served == [] and p.service_area.refused_visitor.explanation, p.market


@pytest.fixture
def policy_dir(tmp_path):
    """A copy of two shipped market files and the defaults, to break one at a time."""
    return policy_copy(tmp_path, ("DE", "JP"))


def _refusal(directory) -> str:
    with pytest.raises(UserInputError) as exc:
        load_policy(directory)
    message = str(exc.value)
    assert "\n" not in message
    return message


BAD_FIELDS = [
    ("unknown currency", lambda d: d.update(currency="EUX"), ["DE.yaml", "currency", "'EUX'", "ISO 4217"]),
    ("lower-case currency", lambda d: d.update(currency="eur"), ["currency", "'eur'"]),
    ("unknown country", lambda d: d.update(market="XX"), ["DE.yaml", "market", "'XX'", "ISO 3166"]),
    ("negative return window", lambda d: d["returns"].update(days=-3), ["DE.yaml", "returns.days", "-3", "greater than or equal to 0"]),
    ("missing field", lambda d: d.pop("currency"), ["DE.yaml", "currency", "missing"]),
    ("wrong type", lambda d: d.update(consent_required="sometimes"), ["consent_required", "'sometimes'", "boolean"]),
    ("wrong type in a list", lambda d: d["refunds"].update(business_days=["three", 5]), ["refunds.business_days.0", "'three'"]),
    ("reversed range", lambda d: d["refunds"].update(business_days=[9, 3]), ["refunds.business_days", "[9, 3]"]),
    ("unknown field", lambda d: d.update(curency="EUR"), ["DE.yaml", "curency", "unknown field", "did you mean currency"]),
    ("unknown nested field", lambda d: d["returns"].update(dayz=14), ["returns.dayz", "did you mean days"]),
    ("unknown language", lambda d: d.update(languages=["xx-YY"]), ["languages", "'xx-YY'"]),
    ("zone of another country", lambda d: d.update(time_zone="Asia/Tokyo"), ["time_zone", "Asia/Tokyo", "DE"]),
    ("no such zone", lambda d: d.update(time_zone="Europe/Atlantis"), ["time_zone", "Europe/Atlantis"]),
    ("payment method not an id", lambda d: d.update(payment_methods=["card", "Bank Transfer"]),
     ["DE.yaml", "payment_methods.1", "'Bank Transfer'", "not an id"]),
    ("payment method twice", lambda d: d.update(payment_methods=["card", "invoice", "card"]),
     ["DE.yaml", "payment_methods", "'card' is listed twice"]),
    ("category not an id", lambda d: d["categories"]["allowed"].append("Home & Garden"),
     ["DE.yaml", "categories.allowed.12", "'Home & Garden'", "not an id"]),
    ("restricted category twice", lambda d: d["categories"].update(restricted=["vapes", "vapes"]),
     ["categories.restricted", "'vapes' is listed twice"]),
    ("shipping method twice", lambda d: d["shipping"].append({"id": "express"}),
     ["DE.yaml", "shipping", "id 'express' is listed twice"]),
    ("reversed shipping estimate", lambda d: d["shipping"][0].update(days=[5, 2]), ["shipping.0", "[5, 2]"]),
    ("support without channels", lambda d: d["support"].pop("channels"), ["DE.yaml", "support.channels", "missing"]),
    ("delivery with no place inside", lambda d: d["delivery"].update(inside=[]), ["DE.yaml", "delivery.inside", "[]"]),
    ("served country not a country", lambda d: d.update(service_area={"served": ["LI", "ZZ"]}),
     ["DE.yaml", "service_area.served.1", "'ZZ'", "ISO 3166-1 alpha-2"]),
    ("refused country in lower case", lambda d: d.update(service_area={"refused": ["ru"]}),
     ["DE.yaml", "service_area.refused.0", "'ru'", "ISO 3166-1 alpha-2"]),
    ("served and refused", lambda d: d.update(service_area={"served": ["CH", "RU"]}),
     ["DE.yaml", "service_area", "'RU' is both served and refused"]),
    ("unknown service-area field", lambda d: d.update(service_area={"refused_visitors": {}}),
     ["DE.yaml", "service_area.refused_visitors", "did you mean refused_visitor"]),
    ("absurd error rate", lambda d: d.update(service_levels={"p95_ms": 500, "error_rate": 5, "checkout_success": 0.9,
                                                              "support_first_response_s": 5}), ["service_levels.error_rate", "5"]),
    ("category both ways", lambda d: d["categories"].update(restricted=["books"]), ["categories", "'books'", "both allowed and restricted"]),
    ("discount above threshold", lambda d: d.update(promotions=[{"id": "x", "threshold": 10, "discount": 20}]), ["promotions.0", "not below"]),
    ("bad opening time", lambda d: d["support"]["hours"][0].update(open="25:00"), ["support.hours.0", "25:00"]),
    ("bad weekday", lambda d: d["support"]["hours"][0].update(days=["funday"]), ["support.hours.0.days.0", "'funday'"]),
    ("unknown region", lambda d: d["delivery"]["inside"][0].update(region="DE-XX"), ["delivery", "DE-XX"]),
    ("tax by region with VAT", lambda d: d["tax"].update(regions={"DE-BY": 19}), ["DE.yaml", "tax", "for sales_tax, not vat_included"]),
    ("tax region not ISO 3166-2", lambda d: d.update(tax={"kind": "sales_tax", "regions": {"DE-XX": 5}}),
     ["DE.yaml", "tax", "'DE-XX' is not an ISO 3166-2 code"]),
    ("tax region of another country", lambda d: d.update(tax={"kind": "sales_tax", "regions": {"US-CA": 7.25}}),
     ["DE.yaml", "tax.regions", "'US-CA' is not a region of DE"]),
    ("absurd regional tax", lambda d: d.update(tax={"kind": "sales_tax", "regions": {"DE-BY": 150}}),
     ["DE.yaml", "tax.regions.DE-BY", "150"]),
    ("proxy not a URL", lambda d: d.update(proxy="proxy.example:3128"), ["DE.yaml", "proxy", "'proxy.example:3128'", "not a proxy URL"]),
    ("holidays of an unknown region", lambda d: d.update(calendar={"subdiv": "XX"}), ["DE.yaml", "calendar", "XX"]),
    ("an unknown holiday category", lambda d: d.update(calendar={"categories": ["no_such"]}), ["DE.yaml", "calendar", "no_such"]),
    ("a closing day not a date", lambda d: d.update(calendar={"closed": ["24 December"]}), ["DE.yaml", "calendar.closed.0"]),
]


@pytest.mark.parametrize("what, change, expected", BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_bad_field_is_refused_naming_file_field_and_value(policy_dir, what, change, expected):
    edit_yaml(policy_dir / "DE.yaml", change)
    message = _refusal(policy_dir)
    for part in expected:
        assert part in message, (what, message)


def test_yaml_syntax_error_names_the_line(policy_dir):
    path = policy_dir / "JP.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = "currency: [JPY"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _refusal(policy_dir)
    assert "JP.yaml:" in message and "YAML syntax error" in message
    line = int(message.split("JP.yaml:")[1].split(":")[0])
    assert 5 <= line <= 7


def test_file_named_for_another_market_is_refused(policy_dir):
    (policy_dir / "DE.yaml").rename(policy_dir / "AT.yaml")
    assert "differs from the file's name AT.yaml" in _refusal(policy_dir)


def test_not_a_mapping_and_empty_directory(policy_dir, tmp_path):
    (policy_dir / "JP.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert "expected a mapping" in _refusal(policy_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no market policy files" in _refusal(empty)
    assert "no such policy directory" in _refusal(tmp_path / "nowhere")


def test_defaults_fill_what_a_market_leaves_out_and_a_market_overrides_them(policy_dir):
    policy = load_policy(policy_dir)
    assert policy["DE"].service_levels.p95_ms == policy["JP"].service_levels.p95_ms
    edit_yaml(policy_dir / "JP.yaml", lambda d: d.update(service_levels={"p95_ms": 250}))
    policy = load_policy(policy_dir)
    assert policy["JP"].service_levels.p95_ms == 250
    assert policy["JP"].service_levels.error_rate == policy["DE"].service_levels.error_rate


def test_a_market_states_only_what_the_business_promises(policy_dir):
    def unpromising(d):
        for key in ("support", "returns", "refunds", "warranty", "remedies", "loyalty", "consent_required",
                    "delivery", "privacy"):
            d.pop(key)
        d.update(shipping=[{"id": "standard"}, {"id": "freight", "days": [5, 10]}], payment_methods=["invoice", "none"])
        d["categories"]["allowed"].append("garden-tools_2")

    edit_yaml(policy_dir / "JP.yaml", unpromising)
    edit_yaml(policy_dir / "DE.yaml", lambda d: d.update(shipping=[], payment_methods=[], loyalty={"points": True},
                                                    support={"channels": ["email"], "languages": ["de"]}))
    policy = load_policy(policy_dir)
    jp, de = policy["JP"], policy["DE"]
    assert (jp.support, jp.returns, jp.refunds, jp.warranty, jp.remedies, jp.loyalty) == (None,) * 6
    assert jp.consent_required is None and jp.delivery is None and jp.privacy.masked == []
    assert [(s.id, s.days) for s in jp.shipping] == [("standard", None), ("freight", (5, 10))]
    assert jp.payment_methods == ["invoice", "none"] and "garden-tools_2" in jp.categories.allowed
    assert de.shipping == [] and de.payment_methods == [] and de.loyalty.coupon_with_points is None
    assert de.support.hours == [] and de.support.first_response_hours is None
    assert jp.service_area == de.service_area and "RU" in jp.service_area.refused  # from defaults.yaml


def test_a_refused_country_that_is_a_market_names_the_file_that_refuses_it(policy_dir):
    edit_yaml(policy_dir / "defaults.yaml", lambda d: d["service_area"]["refused"].append("DE"))
    message = _refusal(policy_dir)
    assert message.endswith("defaults.yaml: service_area.refused: 'DE' is a market of this policy (DE.yaml)"), message
    edit_yaml(policy_dir / "defaults.yaml", lambda d: d["service_area"]["refused"].remove("DE"))
    edit_yaml(policy_dir / "JP.yaml", lambda d: d.update(service_area={"refused": ["RU", "DE"]}))
    message = _refusal(policy_dir)
    assert message.endswith("JP.yaml: service_area.refused: 'DE' is a market of this policy (DE.yaml)"), message
    edit_yaml(policy_dir / "JP.yaml", lambda d: d.update(service_area={"refused": ["RU", "FR"]}))
    assert load_policy(policy_dir)["JP"].service_area.refused == ["RU", "FR"]  # FR: not a market here


def test_a_bad_value_from_the_defaults_names_the_defaults_file(policy_dir):
    edit_yaml(policy_dir / "defaults.yaml", lambda d: d["service_area"].update(refused=["RU", "XX"]))
    message = _refusal(policy_dir)
    assert "defaults.yaml: service_area.refused.1: 'XX'" in message and "DE.yaml" not in message, message
    edit_yaml(policy_dir / "DE.yaml", lambda d: d.update(service_area={"refused": ["RU"]}))  # DE overrides the list
    message = _refusal(policy_dir)
    assert "defaults.yaml: service_area.refused.1: 'XX'" in message, message  # JP still takes it from the defaults


def test_select_names_unknown_markets_with_a_suggestion(shipped):
    assert [p.market for p in shipped.select("de, jp")] == ["DE", "JP"]
    assert len(shipped.select("all")) == 49
    with pytest.raises(UserInputError, match=r"--markets: no market .GBR.*did you mean GB"):
        shipped.select("DE,GBR")


def test_cli_refuses_a_bad_policy_in_one_line(policy_dir):
    edit_yaml(policy_dir / "DE.yaml", lambda d: d["returns"].update(days=-1))
    r = subprocess.run([sys.executable, "-m", "harness.cli", "personas", "--market", "DE", "--policy", str(policy_dir)],
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "returns.days" in r.stderr and "-1" in r.stderr
    assert "Traceback" not in r.stderr
