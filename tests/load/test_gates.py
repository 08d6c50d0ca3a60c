"""The gates on recorded statistics, no server: too little evidence is "not judged" (never a pass),
enough within the target passes, enough beyond it fails; a run's verdict; whether figures are about
the target rather than a region; how a run is sized so that what it targets can be judged."""
from __future__ import annotations

import pytest
from locust.stats import RequestStats

from harness.load.table import _value
from harness.results import RegionResult
from harness.load import shapes
from harness.load.answers import Answers, answers, target_error
from harness.load.gates import FAILED, MINIMUM_EVIDENCE, NOT_JUDGED, PASSED, evaluate, not_judged_lines
from harness.load.sizing import expected_requests, judging_note, load_phase_markets, markets_to_judge, narrowed
from harness.load.metrics import Metrics
from harness.load.run import EXIT_CODES, Outcome
from harness.policy import load_policy

P95, ERRORS, CHECKOUTS, FIRST = "p95_ms", "error_rate", "checkout_success", "support_first_response_s"


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def requests(stats: RequestStats, market: str, count: int, ms: float, failed: int = 0, error=None) -> RequestStats:
    for i in range(count):
        stats.log_request("GET", f"[{market}] GET /p/{{sku}}", ms, 1000)
        if i < failed:
            stats.log_error("GET", f"[{market}] GET /p/{{sku}}", error or "LocustBadStatusCode(code=503)")
    return stats


def checkouts(metrics: Metrics, market: str, attempted: int, placed: int) -> Metrics:
    for i in range(attempted):
        metrics.checkout(market, i < placed)
    return metrics


def first_responses(metrics: Metrics, market: str, *seconds: float) -> Metrics:
    for s in seconds:
        metrics.first_response(market, s)
    return metrics


def judged(stats, metrics, policy, market="DE") -> dict[str, object]:
    return {r.metric: r for r in evaluate(stats, metrics, policy, [market])}


def test_a_region_without_traffic_is_not_judged_on_anything(policy):
    results = judged(RequestStats(), Metrics(), policy)
    assert {r.status for r in results.values()} == {NOT_JUDGED}
    assert not any(r.passed for r in results.values())
    assert results[P95].said.startswith("DE p95_ms: not judged, 0 of the 20 requests a verdict needs")


@pytest.mark.parametrize("ms, failed", [(10, 0), (60_000, 19)])
def test_too_few_requests_are_not_judged_however_fast_or_slow(policy, ms, failed):
    few = MINIMUM_EVIDENCE[P95] - 1
    results = judged(requests(RequestStats(), "DE", few, ms, failed), Metrics(), policy)
    for metric in (P95, ERRORS):
        assert results[metric].status == NOT_JUDGED and results[metric].samples == few
        assert results[metric].minimum == MINIMUM_EVIDENCE[metric] and not results[metric].passed


def test_enough_requests_within_the_targets_pass(policy):
    results = judged(requests(RequestStats(), "DE", 20, 200), Metrics(), policy)
    assert results[P95].status == PASSED and results[ERRORS].status == PASSED
    assert results[P95].measured == 200 and results[ERRORS].measured == 0


def test_enough_requests_beyond_the_targets_fail(policy):
    stats = requests(RequestStats(), "DE", 100, 1_500, failed=5)
    results = judged(stats, Metrics(), policy)
    assert results[P95].status == FAILED and results[ERRORS].status == FAILED
    assert results[ERRORS].said == "DE error_rate: 5.0% (target <= 1.0%, 100 samples)"


@pytest.mark.parametrize("attempted, placed, status", [(9, 9, NOT_JUDGED), (1, 0, NOT_JUDGED), (10, 10, PASSED),
                                                        (50, 49, PASSED), (10, 9, FAILED)])
def test_checkout_success_needs_its_checkouts(policy, attempted, placed, status):
    result = judged(RequestStats(), checkouts(Metrics(), "DE", attempted, placed), policy)[CHECKOUTS]
    assert result.status == status and result.samples == attempted


@pytest.mark.parametrize("seconds, status", [((0.5,) * 4, NOT_JUDGED), ((60.0,) * 4, NOT_JUDGED),
                                             ((0.5,) * 5, PASSED), ((0.5, 0.5, 0.5, 0.5, 30.0), FAILED)])
def test_support_first_response_needs_its_tickets(policy, seconds, status):
    result = judged(RequestStats(), first_responses(Metrics(), "DE", *seconds), policy)[FIRST]
    assert result.status == status


def outcome(results, **kw) -> Outcome:
    return Outcome(results, kw.pop("stopped_early", None), kw.pop("interrupted", False), 0, 0, 1.0, **kw)


def test_a_run_is_green_only_when_nothing_failed_and_every_region_was_judged(policy):
    stats = requests(RequestStats(), "DE", 40, 100)
    requests(stats, "FR", 3, 100)
    results = evaluate(stats, Metrics(), policy, ["DE", "FR"])
    assert outcome(results).verdict == NOT_JUDGED and EXIT_CODES[NOT_JUDGED] == 2
    assert set(outcome(results).unjudged) == {"FR"} and outcome(results).unjudged["FR"].samples == 3
    only_de = evaluate(stats, Metrics(), policy, ["DE"])
    assert outcome(only_de).verdict == "green" and outcome(only_de).passed
    requests(stats, "DE", 40, 100, failed=10)
    assert outcome(evaluate(stats, Metrics(), policy, ["DE", "FR"])).verdict == "missed"


def test_an_interrupt_and_a_target_error_come_before_any_figure(policy):
    results = evaluate(requests(RequestStats(), "DE", 40, 100, failed=40), Metrics(), policy, ["DE"])
    assert outcome(results, interrupted=True).verdict == "interrupted" and EXIT_CODES["interrupted"] == 130
    assert outcome(results, target_error="the target stopped answering").verdict == "target error"
    assert EXIT_CODES["target error"] == 2


def test_not_judged_figures_are_summed_up_not_listed_one_by_one(policy):
    markets = [m.market for m in policy.select("all")]
    stats = RequestStats()
    for m in markets:
        requests(stats, m, 25 if m != "LU" else 3, 100)
    lines = not_judged_lines(evaluate(stats, Metrics(), policy, markets))
    assert lines == ["(too little traffic): p95_ms and error_rate in LU (fewest 3 of the 20 requests a verdict needs)",
                     "(too little traffic): checkout_success in 49 regions (fewest 0 of the 10 checkouts a verdict needs)",
                     "(too little traffic): support_first_response_s in 49 regions (fewest 0 of the 5 tickets a verdict "
                     "needs)"]


def test_the_job_summary_shows_a_cell_not_judged_as_such():
    cell = RegionResult(market="DE", metric=P95, measured=12.0, target=300, passed=False, status=NOT_JUDGED, samples=3,
                        minimum=20)
    assert _value(cell) == "[dim]n/j 3/20[/dim]"
    assert _value(cell.model_copy(update={"status": PASSED, "passed": True})) == "12.0"


# --- is it the shop answering?

def test_requests_without_an_answer_are_a_target_error_not_a_miss():
    stats = requests(RequestStats(), "DE", 30, 5)
    requests(stats, "DE", 40, 2, failed=40, error=ConnectionRefusedError(111, "Connection refused"))
    said = target_error(answers(stats))
    assert said.startswith("the target stopped answering: 40 of 70 requests got no answer (ConnectionRefusedError")


def test_a_worker_s_errors_come_as_text_and_are_read_the_same():
    stats = requests(RequestStats(), "DE", 10, 5, failed=10,
                     error="RetriesExceeded('http://127.0.0.1:9/p/x', 0, original=timed out)")
    assert answers(stats).unanswered == 10 and target_error(answers(stats))


def test_a_site_where_the_shop_s_pages_are_missing_is_not_the_shop():
    stats = RequestStats()
    for _ in range(10):
        stats.log_request("GET", "[DE] GET /", 5, 100)  # its front page answers
    requests(stats, "DE", 30, 5, failed=30, error="LocustBadStatusCode(code=404)")
    requests(stats, "JP", 10, 5, failed=10, error="CatchResponseError('LocustBadStatusCode(code=501)')")
    said = target_error(answers(stats))
    assert said.startswith("the target is not the shop the users were written for: 40 of the 40 requests")


def test_a_shop_failing_some_requests_is_judged_on_them():
    stats = requests(RequestStats(), "MX", 100, 5, failed=60)  # 503s: an overloaded region, a miss
    requests(stats, "DE", 100, 5, failed=20, error="LocustBadStatusCode(code=404)")  # some pages gone
    requests(stats, "DE", 20, 5, failed=20, error=ConnectionResetError(104, "reset"))
    assert target_error(answers(stats)) is None


def test_a_target_that_stops_answering_mid_run_shows_in_the_last_stretch():
    stats = requests(RequestStats(), "DE", 500, 5)
    before = answers(stats)
    requests(stats, "DE", 30, 1, failed=30, error=ConnectionRefusedError(111, "Connection refused"))
    assert target_error(answers(stats)) is None  # over the whole run: 30 of 530
    assert "stopped answering: 30 of 30" in target_error(answers(stats) - before)
    assert (answers(stats) - before) == Answers(30, 30, 30, 0, answers(stats).example)


# --- sizing a run

@pytest.mark.parametrize("shape, users, seconds", [("steady", 30, 30), ("flash-sale", 50, 120),
                                                   ("follow-the-sun", 50, 120)])
def test_the_markets_a_run_load_tests_each_expect_twice_the_requests_they_need(policy, shape, users, seconds):
    markets = [m.market for m in policy.select("all")]
    made = shapes.make(shape, {m: policy[m].traffic_weight for m in markets}, users, seconds,
                       zones={m: policy[m].time_zone for m in markets})
    chosen = markets_to_judge(made, pace=0.5)
    assert 1 < len(chosen) < len(markets)
    expected = expected_requests(narrowed(made, chosen), 0.5)
    assert min(expected[m] for m in chosen) >= 2 * MINIMUM_EVIDENCE[P95]
    busiest_left_out = max((m for m in markets if m not in chosen), key=lambda m: policy[m].traffic_weight)
    assert policy[busiest_left_out].traffic_weight <= min(policy[m].traffic_weight for m in chosen)
    assert "left out, with too little of the traffic to judge" in judging_note(made, chosen)


def test_the_job_s_load_phase_leaves_out_a_market_it_cannot_judge(policy):
    chosen, note = load_phase_markets(policy, ["BR", "DE", "FR", "JP", "US"], "steady", 30, 30)
    assert chosen == ["DE", "FR", "JP", "US"]
    assert note.startswith("load-testing US, DE, JP, FR: the busiest markets 30 users for 30 s can judge")
    assert note.endswith("left out, with too little of the traffic to judge: BR")
    everything, none = load_phase_markets(policy, ["DE", "JP"], "steady", 30, 30)
    assert everything == ["DE", "JP"] and none is None


def test_a_market_opening_keeps_the_market_it_opens(policy):
    chosen, _ = load_phase_markets(policy, ["DE", "GB", "LU", "US"], "market-opening", 30, 30, new_markets=["LU"])
    assert "LU" in chosen
