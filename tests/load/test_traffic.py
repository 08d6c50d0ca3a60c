"""Load through the adapter: the users' actions come from its traffic part; an adapter without one
gets load over the pages its catalogue reaches; a gate whose action the traffic does not drive is
"not judged" with that reason, never passed."""
from __future__ import annotations

import random

import pytest
from locust.stats import RequestStats

from harness.load.cli import region_results
from harness.load.table import _value
from harness.load.gates import NOT_JUDGED, evaluate, not_judged_lines
from harness.load.metrics import Metrics
from harness.load.pages import PageTraffic
from harness.load.run import EXIT_CODES, Outcome, user_classes
from harness.load.traffic import undriven_gates
from harness.load.users import ACTIONS, Shopper
from harness.policy import load_policy
from harness.shop.reference import make_shop
from harness.shop.reference.traffic import ReferenceTraffic
from harness.shop.traffic import Visit
from harness.target import PROBED

from .runs import harness_load, relaxed_policy, summary_of
from .test_gates import checkouts, requests

PARTIAL = "tests.scenarios.partial_shops:catalogue_and_guest_checkout"  # no traffic part


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_the_reference_adapter_drives_every_action_and_an_adapter_without_traffic_only_pages():
    assert make_shop("http://127.0.0.1:9").traffic.actions == frozenset(ACTIONS)
    assert PageTraffic({}).actions == {"browse", "category", "product"}
    assert undriven_gates(frozenset(ACTIONS)) == {}
    assert undriven_gates(PageTraffic({}).actions) == {"checkout_success": "the traffic drives no checkout",
                                                      "support_first_response_s": "the traffic drives no ticket"}
    assert undriven_gates(None) == {}  # a locustfile's users feed the gates themselves


def test_a_shopper_takes_only_the_actions_its_traffic_drives():
    [cls] = user_classes(None, frozenset({"browse", "product"}))
    assert {task.__name__ for task in cls.tasks} == {"browse", "product"}
    assert sum(task.__name__ == "browse" for task in cls.tasks) == ACTIONS["browse"]
    [everything] = user_classes(None)
    assert {task.__name__ for task in everything.tasks} == {Shopper.TASK_OF[a].__name__ for a in ACTIONS}
    with pytest.raises(ValueError, match="drives no action"):
        Shopper.for_actions(frozenset())


def test_a_gate_whose_action_was_not_driven_is_not_judged_whatever_the_figures(policy):
    stats = requests(RequestStats(), "DE", 40, 10)
    metrics = checkouts(Metrics(), "DE", 20, 20)  # figures a locustfile might have fed: still not driven
    results = {r.metric: r for r in evaluate(stats, metrics, policy, ["DE"], undriven_gates(PageTraffic({}).actions))}
    assert results["p95_ms"].passed and results["error_rate"].passed
    assert results["checkout_success"].status == NOT_JUDGED
    assert results["checkout_success"].said.startswith("DE checkout_success: not judged, the traffic drives no checkout")
    assert "not driven" in _value(region_results([results["checkout_success"]])[0])
    assert not_judged_lines(list(results.values())) == [
        "(not driven): checkout_success in DE (the traffic drives no checkout)",
        "(not driven): support_first_response_s in DE (the traffic drives no ticket)"]
    outcome = Outcome(list(results.values()), None, False, 40, 0, 10.0)
    assert EXIT_CODES[outcome.verdict] == 0  # judged on what the traffic did: green, the rest said


def test_without_the_not_driven_reason_the_same_figures_judge_checkout(policy):
    stats = requests(RequestStats(), "DE", 40, 10)
    results = {r.metric: r for r in evaluate(stats, checkouts(Metrics(), "DE", 20, 10), policy, ["DE"])}
    assert results["checkout_success"].failed  # the gate can fail: only "not driven" keeps it out


class _Http:
    def __init__(self):
        self.asked = []

    def get(self, path, label=None, **kwargs):
        self.asked.append(("GET", path, label, kwargs.get("headers")))
        return _Response()


class _Response:
    status_code = 200

    def json(self):
        return {"first_response_seconds": 2.5}


def _visit(policy, market="DE"):
    from harness.personas import PersonaFactory

    return Visit(market, PersonaFactory(policy, 1).persona(market, 1), policy[market], {}, random.Random(1))


def test_page_traffic_requests_each_markets_own_pages_and_falls_back_to_its_landing(policy):
    traffic = PageTraffic({"DE": {"landing": "/de/", "categories": ["/de/c/books"], "products": ["/de/p/1", "/de/p/2"]},
                           "GB": {"landing": "/en/", "categories": [], "products": []}})
    http = _Http()
    traffic.product(http, _visit(policy, "DE"))
    traffic.category(http, _visit(policy, "DE"))
    traffic.product(http, _visit(policy, "GB"))
    assert [(path, label) for _, path, label, _ in http.asked] == [
        (http.asked[0][1], "{product page}"), ("/de/c/books", "{category page}"), ("/en/", "{landing}")]
    assert http.asked[0][1] in ("/de/p/1", "/de/p/2")


def test_a_ticket_is_followed_up_with_its_token_beside_the_staging_credentials(policy):
    """Behind HTTP basic auth, Authorization carries the gate's credentials: the ticket's token goes in X-Api-Token."""
    from harness.shop.traffic import OpenedTicket

    http = _Http()
    seconds = ReferenceTraffic().first_response(http, OpenedTicket("DE", "T-1", "tkt-abc"))
    assert seconds == 2.5
    assert http.asked == [("GET", "/api/tickets/T-1", "/api/tickets/{ref}", {"X-Api-Token": "tkt-abc"})]


@pytest.mark.slow  # the pages are found in Chromium
def test_load_through_an_adapter_without_traffic_goes_over_its_catalogues_pages_on_every_worker(tmp_path, running_shop):
    # Only pages are requested: the shared clean storefront takes the load, probed when it started
    # (as a job hands the target it probed to the load run it starts).
    shop = running_shop()
    summary = tmp_path / "summary.json"
    run = harness_load(tmp_path, "--target", shop, "--adapter", PARTIAL, "--markets", "DE", "--users", "8",
                       "--duration", "4s", "--workers", "1", "--policy", str(relaxed_policy(tmp_path, ["DE"])),
                       "--summary", str(summary), env={PROBED: shop})
    assert run.returncode in (0, 2), run.stdout + run.stderr  # 2 only where a busy machine gave DE too few requests
    said = summary_of(summary)
    assert said["not_driven"] == ["search", "add_to_cart", "checkout", "ask_chatbot", "open_ticket"]
    assert "not driven: search, add_to_cart, checkout, ask_chatbot, open_ticket" in run.stdout
    by_metric = {r["metric"]: r for r in said["results"]}
    assert by_metric["checkout_success"]["status"] == "not judged"
    assert by_metric["checkout_success"]["undriven"] == "the traffic drives no checkout"
    pages = next((tmp_path / "reports").glob("load-*/pages.json")).read_text()
    assert '"/c/' in pages and '"/p/' in pages
    stats = next((tmp_path / "reports").glob("load-*/locust_stats.csv")).read_text()
    names = {line.split(",")[1] for line in stats.splitlines()[1:] if line.startswith(("GET", "POST"))}
    assert names and names <= {"[DE] GET {landing}", "[DE] GET {category page}", "[DE] GET {product page}"}, names
