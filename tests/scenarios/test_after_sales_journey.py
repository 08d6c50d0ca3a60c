"""The after-sales journey passes on the clean storefront and catches each fault it is for."""
from __future__ import annotations

import re

import pytest

from harness.target import EmbeddedStorefront

from .broken_shop import BrokenShop
from .journeys import run_journeys
from .partial_shops import ADAPTER

# The markets each fault profile breaks, and SA (right to left, on a phone).
MARKETS = "PL,CN,SE,IT,ES,IE,SA"


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_journeys(tmp_path_factory.mktemp("clean"), "-m", "after_sales", "--markets", MARKETS)


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert len(clean.outcomes) == 4 * len(MARKETS.split(",")), clean.outcomes
    assert set(clean.outcomes.values()) == {"passed"}, clean.failed()


# fault, markets, journeys (-k), and per failing test the findings its message must name; every
# other test of the run passes.
@pytest.mark.parametrize("fault, markets, journeys, says", [
    ("return-window", "PL,CN,DE", "window", {
        "test_return_inside_the_window[chromium-PL-0001]": [
            "PL-0001 after-sales: expected the return accepted 13 days after delivery (return period 14 days, "
            "no reason needed), the return page shows it refused: "],
        "test_return_inside_the_window[chromium-CN-0001]": [
            "CN-0001 after-sales: expected the return accepted 6 days after delivery (return period 7 days, "
            "no reason needed), the order page refuses it: "],
        "test_return_after_the_window[chromium-CN-0001]": [
            "CN-0001 after-sales: expected the return refused 8 days after delivery (return period 7 days), "
            "the order page answers: "],
    }),
    ("slow-refunds", "SE,DE", "inside_the_window", {
        "test_return_inside_the_window[chromium-SE-0001]": [
            "SE-0001 after-sales: expected the refund within 3 to 5 business days of the return's acceptance on ",
            "the return page expects it in "],
    }),
    ("channels-disagree", "IT,DE", "inside_the_window", {
        "test_return_inside_the_window[chromium-IT-0001]": [
            "IT-0001 after-sales: expected refund time 5 to 10 business days, the refund e-mail shows 10 to 14 "
            "business days (CS-3)"],
    }),
    ("warranty-refused", "ES,DE", "warranty_claims", {
        "test_warranty_claims[chromium-ES-0001]": [
            "ES-0001 after-sales: expected no fee for the warranty claim 30 days after delivery, the warranty page "
            "charges 14.90 EUR: ",
            "ES-0001 after-sales: expected the warranty claim accepted 670 days after delivery (24-month warranty), "
            "the warranty page shows it refused: "],
    }),
    ("pii-exposed", "IE,DE", "stay_private", {
        "test_order_return_and_ticket_stay_private[chromium-IE-0001]": [
            "IE-0001 after-sales: expected the phone masked, the order page shows +353",
            "IE-0001 after-sales: expected the phone masked, the ticket page shows +353",
            "IE-0001 after-sales: expected the order page refused to another customer (404), it opens for them (200) (PD-2)",
            "expected the ticket API refused to another customer (404), it opens for them (200) (PD-2)"],
        "test_order_return_and_ticket_stay_private[chromium-DE-0001]": [
            "DE-0001 after-sales: expected the order page refused to another customer (404), it opens for them (200) (PD-2)",
            "DE-0001 after-sales: expected the ticket page refused to another customer (404), it opens for them (200) (PD-2)"],
    }),
])
def test_fault_is_caught_with_its_message(tmp_path, fault, markets, journeys, says):
    # caught by a shop without a help desk (the privacy fault needs its tickets: without a mailbox)
    partial = "without_mailbox" if fault == "pii-exposed" else "without_support"
    run = run_journeys(tmp_path, "-m", "after_sales", "--markets", markets, "-k", journeys, "--faults", fault,
                       "--adapter", ADAPTER + partial)
    assert run.returncode == 1, run.output
    failed = run.failed()
    assert set(failed) == set(says), failed
    for test, messages in says.items():
        for message in messages:
            assert message in failed[test], failed[test]
    if fault == "pii-exposed":  # returns stayed owner-only; DE masks the phone
        assert "the return page refused" not in run.all_text()
        assert "phone masked" not in failed["test_order_return_and_ticket_stay_private[chromium-DE-0001]"]


class RefusalWithoutPolicy:
    """A return page whose template lost its policy block: the decision without the return
    period and the last day it counts to."""

    POLICY = re.compile(rb'<p data-testid="return-policy"[^>]*>.*?</p>', re.S)

    def __call__(self, method: str, path: str, client: str) -> None:
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        return self.POLICY.sub(b"", body) if method == "GET" and path.startswith("/returns/") else body


def test_a_refusal_that_does_not_quote_the_policy_is_caught(tmp_path):
    """No fault profile drops the return period from a refusal: an edge rule in front of the
    clean storefront strips the return page's policy block."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, RefusalWithoutPolicy()) as shop:
        run = run_journeys(tmp_path, "-m", "after_sales", "--target", shop.url, "--markets", "DE,CN",
                           "-k", "after_the_window")
    assert run.returncode == 1, run.output
    failed = run.failed()
    assert set(failed) == {"test_return_after_the_window[chromium-DE-0001]",
                           "test_return_after_the_window[chromium-CN-0001]"}, run.outcomes
    de = failed["test_return_after_the_window[chromium-DE-0001]"]
    assert "DE-0001 after-sales: expected the refusal to quote a return period of 14 days, the return page shows " \
           "nothing (AS-1)" in de, de
    assert re.search(r"DE-0001 after-sales: expected the refusal to quote the last day for a return \d{4}-\d\d-\d\d, "
                     r"the return page shows nothing \(AS-1\)", de), de
    assert "expected the return refused" not in run.all_text()
