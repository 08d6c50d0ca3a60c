"""The chat widget in a real headless browser: it answers without reloading the page, shows
what the customer typed as text, offers a person, and carries the conversation to the next page."""
from __future__ import annotations

import pytest

from harness.browser import NoChromium, launch_options

from .help_steps import market_ips

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def chromium():
    try:
        options = launch_options()
    except NoChromium as exc:
        pytest.skip(str(exc))
    with playwright.sync_playwright() as pw:
        b = pw.chromium.launch(**options)
        yield b
        b.close()


@pytest.fixture
def tab(chromium, clean):
    """A German shopper's browser tab (named apart from pytest-playwright's own fixtures)."""
    context = chromium.new_context(base_url=clean.url, locale="de-DE",
                                  extra_http_headers={"X-Forwarded-For": market_ips()["DE"], "Accept-Language": "de-DE,de"})
    p = context.new_page()
    yield p
    context.close()


def _say(page, text: str):
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-send").click()
    answers = page.locator("[data-testid=chat-widget] [data-author=bot]")
    return answers


def test_widget_answers_in_place_and_offers_a_person(tab):
    page = tab
    page.goto("/p/APP-001")
    url = page.url
    page.get_by_test_id("chat-open").click()
    answers = _say(page, "Wie lange habe ich Zeit, einen Artikel zurückzugeben?")
    answers.first.wait_for(timeout=10_000)
    assert page.url == url  # no reload, no navigation
    assert answers.first.get_attribute("data-intent") == "return_window"
    assert "14" in answers.first.inner_text()
    offer = page.get_by_test_id("chat-handoff-ticket")
    assert offer.is_visible() and "/help/chat/handoff?conversation=" in offer.get_attribute("href")


def test_widget_shows_markup_as_text_and_keeps_the_conversation(tab):
    page = tab
    page.goto("/")
    page.get_by_test_id("chat-open").click()
    evil = '<img src=x onerror="document.title=\'owned\'">'
    answers = _say(page, evil)
    answers.first.wait_for(timeout=10_000)
    mine = page.locator("[data-testid=chat-widget] [data-author=customer]").first
    assert evil in mine.inner_text()
    assert page.title() != "owned" and page.locator("[data-testid=chat-widget] img").count() == 0
    page.goto("/help")
    page.get_by_test_id("chat-open").click()
    page.locator("[data-testid=chat-widget] [data-author=customer]").first.wait_for(timeout=10_000)
    assert evil in page.locator("[data-testid=chat-widget] [data-author=customer]").first.inner_text()
