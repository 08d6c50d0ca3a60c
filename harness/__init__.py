"""Multi-region simulation test harness for e-commerce.

The harness reaches the shop over HTTP and the browser only; it never imports the
reference storefront.

What journey, check, adapter and locustfile authors use is importable from here, one name each:

    from harness import Land, offers_the_markets_languages

    def test_offered_its_languages(customer):
        customer.attempts_to(Land.on_the_shop())
        customer.should(offers_the_markets_languages())

The names are loaded on first use (PEP 562), so `import harness`, which the pytest plugin and the
command line do on every start, imports neither Playwright, Locust, Faker nor pydantic. Asking
for a Locust name (`task`, `between`, `ShopUser`, ...) imports Locust, which patches the process
for gevent: a locustfile does that, a journey must not, so never `from harness import *`.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# module -> the names taken from it, by audience (tests/harness/test_facade.py holds scenarios to it)
_FROM: dict[str, tuple[str, ...]] = {
    # journey authors: the registry entry, the tasks a customer attempts, the checks it should pass
    "harness.journeys": ("Journey",),
    "harness.tasks.landing": ("AcceptConsent", "AddToCart", "AskForRestrictedProducts", "Land", "OpenProduct"),
    "harness.tasks.travel": ("TravelTo",),
    "harness.tasks.account": ("Buy", "ListItsOrders", "LogIn", "LogOut", "OpenItsOrder", "Register"),
    "harness.tasks.checkout": ("ChooseShipping", "EnterTheAddress", "FillTheCart", "LookUpTheOrder", "Pay",
                               "PlaceTheOrder", "ReadTheConfirmationMail", "TryDeliveryTo"),
    "harness.tasks.support": ("COMPLAINTS", "POLICY_QUESTIONS", "AskTheApi", "AskTheChatbot", "EscalateTheTicket",
                              "OpenTheContactPage", "OpenTheHelpCentre", "OpenTheTicket", "ReadTheAcknowledgementMail",
                              "TalkToAPerson"),
    "harness.tasks.aftersales": ("AnotherCustomerTries", "AskWhenTheRefundComes", "ClaimTheWarranty", "OpenTheOrder",
                                 "OpenTheTicketPage", "PlaceAnOrder", "ReadTheRefundEmail", "RequestAReturn",
                                 "TheOrderArrived", "WriteToSupport"),
    "harness.expectations.service_area": (
        "asks_for_consent_where_required", "can_buy_what_its_market_allows", "lands_in_its_market",
        "offers_the_markets_languages", "prices_formatted_for_its_locale", "product_price_formatted_for_its_locale",
        "refuses_restricted_products", "refuses_unserved_visitor_kindly", "shows_only_allowed_products"),
    "harness.expectations.checkout": (
        "confirmation_agrees_with_the_cart", "confirmation_mail_agrees_with_the_order",
        "currency_the_same_at_every_step", "delivers_inside_coverage", "delivers_to_its_address",
        "gets_back_what_it_typed", "gets_the_promotion_as_advertised", "masks_personal_data_on_the_confirmation",
        "offers_no_payment_method_beyond_the_markets", "offers_the_markets_payment_methods",
        "order_api_keeps_what_it_typed", "prefills_its_account_details", "refuses_outside_coverage_clearly",
        "totals_follow_the_tax_rule"),
    "harness.expectations.support": (
        "channels_agree_with_the_policy", "chatbot_speaks_its_language", "chatbot_states_the_policy",
        "complaints_get_their_remedy", "escalation_keeps_the_conversation",
        "first_response_target_as_the_policy_states", "help_centre_speaks_its_language", "one_refund_time",
        "person_within_reach", "promise_in_its_time_zone_within_opening_hours", "request_acknowledged",
        "support_hours_in_its_time_zone", "support_lists_what_the_policy_promises",
        "support_within_reach_in_its_language", "ticket_in_its_language"),
    "harness.expectations.aftersales": (
        "personal_data_masked_as_the_policy_says", "refund_comes_when_promised", "refund_mail_in_its_language",
        "refund_time_the_same_everywhere", "refused_to_another_customer", "return_accepted_inside_the_window",
        "return_refused_after_the_window_quoting_the_policy", "warranty_claim_refused_after_the_period",
        "warranty_claims_accepted_without_fees"),
    "harness.expectations.traveller": ("detected_in_its_market_at_home", "finds_its_orders_from_abroad",
                                       "logs_in_from_abroad"),
    # check (and task) authors: actors, what they see, checks and their outcomes
    "harness.screenplay": ("Actor", "CannotCheck", "Check", "CheckOutcome", "FAILED", "Finding", "Key", "NOT_CHECKED",
                           "NOT_PROMISED", "NotObserved", "PASSED", "Task", "check"),
    # adapter authors (CannotPerform: a step the harness could not do, raised by tasks too)
    "harness.shop": ("Capability", "IdMap", "NotOffered", "Refusal", "Shop"),
    "harness.shop.capabilities": ("CannotPerform",),
    # the customers and what their market promises them
    "harness.personas": ("Persona", "PersonaFactory"),
    "harness.policy": ("MarketPolicy", "Policy", "load_policy"),
    # locustfile authors (`task` and the rest import Locust: see above)
    "harness.load": ("ShopUser", "Shopper", "between", "constant", "constant_throughput", "tag", "task"),
    "harness.shop.traffic": ("Visit",),
}
# names that are modules: the steps and attachments of a journey's Allure report
# (`journey_report.screenshot(page, "return")`); `harness.report` is the command that builds the report
_MODULES: dict[str, str] = {"journey_report": "harness.screenplay.report"}

_WHERE: dict[str, str] = {name: module for module, names in _FROM.items() for name in names}
__all__ = [*_WHERE, *_MODULES]


def __getattr__(name: str) -> object:
    if name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    else:  # a submodule (`from harness import report`) is imported by the import system after this
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    globals()[name] = value  # the next look-up is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
