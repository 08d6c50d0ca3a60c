"""The reference storefront's help centre (`/help`, `/help/{topic}`), contact page (`/contact`),
chat widget (on every page, backed by `/api/chat`), chat hand-off, tickets (`/tickets/{ref}`)
and policy API (`/api/policy`).

Every page is read in one `page.evaluate` round trip; the help centre's topic pages are
fetched by the browser from the index's own links and read in the same round trip, and the
chat's questions are typed into the widget and answered in one too.
"""
from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page

from ..capabilities import CannotPerform
from ..support import (Acknowledgement, ChatReply, ContactPage, Contact, Conversation, HelpCentre, Message, Opening,
                       StatedPolicy, Ticket, WeeklyHours)

TOPICS = ("returns", "refunds", "shipping", "warranty", "payment")
CHAT_TIMEOUT_MS = 10_000

READ_HELP_CENTRE = """async (topics) => {
  const one = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
  const all = (id, root = document) => [...root.querySelectorAll(`[data-testid="${id}"]`)];
  const data = (el, key) => el ? el.dataset[key] : null;
  const pages = await Promise.all(topics.map(async topic => {
    const link = document.querySelector(`[data-testid="help-topic"][data-topic="${topic}"]`);
    const response = await fetch(link ? link.href : `/help/${topic}`, {credentials: 'same-origin'});
    return [topic, new DOMParser().parseFromString(await response.text(), 'text/html')];
  }));
  const doc = Object.fromEntries(pages);
  const support = one('support');
  return {
    lang: document.documentElement.lang,
    page_langs: Object.fromEntries(pages.map(([t, d]) => [t, d.documentElement.lang])),
    return_days: data(one('return-days', doc.returns), 'days'),
    return_reason: data(one('return-reason', doc.returns), 'required'),
    remedies: all('remedy', doc.returns).map(r => [r.dataset.complaint, r.dataset.remedy]),
    refund: (r => r && [r.dataset.min, r.dataset.max])(one('refund-days', doc.refunds)),
    shipping: all('shipping-method', doc.shipping).map(m => [m.dataset.method, m.dataset.min, m.dataset.max]),
    warranty: data(one('warranty-months', doc.warranty), 'months'),
    points: data(one('coupon-with-points', doc.payment), 'points'),
    coupon: data(one('coupon-with-points', doc.payment), 'allowed'),
    channels: all('support-channel', support || document).map(c => c.dataset.channel),
    languages: [...(one('support-languages', support || document) || document.createElement('p'))
                .querySelectorAll('[data-language]')].map(l => l.dataset.language),
    time_zone: data(one('support-hours', support || document), 'timeZone'),
    hours: all('support-day', support || document).map(d => [d.dataset.day, d.dataset.open, d.dataset.close]),
    first_response: data(one('first-response', support || document), 'hours'),
  };
}"""

READ_CONTACT = """() => {
  const one = id => document.querySelector(`[data-testid="${id}"]`);
  const channels = one('support-channels'), languages = one('support-languages'), hours = one('support-hours');
  const none = one('no-support') || one('refusal');
  return {
    lang: document.documentElement.lang,
    channels: channels && channels.dataset.channels ? channels.dataset.channels.split(' ') : [],
    languages: languages && languages.dataset.languages ? languages.dataset.languages.split(' ') : [],
    ways: [one('ticket-form') && 'ticket', one('callback-form') && 'callback'].filter(Boolean),
    refusal: none && none.textContent.trim(),
    time_zone: hours && hours.dataset.timeZone,
    openings: [...document.querySelectorAll('[data-testid="opening"]')].map(o => [o.dataset.opens, o.dataset.closes]),
    first_response: (f => f && f.dataset.hours)(one('first-response-target')),
    holidays: [...document.querySelectorAll('[data-testid="support-day"][data-holiday="true"]')].map(d => d.dataset.date),
  };
}"""

# Types each question into the chat widget and waits for its answer (or error) to appear in the
# widget's log before the next one; the replies' facts are the widget's data-facts.
CHAT = """async ([questions, timeout]) => {
  const widget = document.querySelector('[data-testid="chat-widget"]');
  if (!widget) return {error: 'this page has no chat widget'};
  const toggle = widget.querySelector('details');
  if (toggle) toggle.open = true;
  const form = widget.querySelector('[data-testid="chat-form"]');
  const input = widget.querySelector('[data-testid="chat-input"]');
  const send = widget.querySelector('[data-testid="chat-send"]');
  const log = widget.querySelector('[data-testid="chat-log"]');
  const offer = widget.querySelector('[data-testid="chat-handoff"]');
  const answer = before => new Promise(resolve => {
    const find = () => [...log.children].slice(before).find(li => li.dataset.author !== 'customer');
    const found = find();
    if (found) return resolve(found);
    const timer = setTimeout(() => { watcher.disconnect(); resolve(null); }, timeout);
    const watcher = new MutationObserver(() => {
      const hit = find();
      if (hit) { watcher.disconnect(); clearTimeout(timer); resolve(hit); }
    });
    watcher.observe(log, {childList: true});
  });
  const replies = [];
  for (const question of questions) {
    const before = log.children.length;
    input.value = question;
    send.click();
    const li = await answer(before);
    if (!li) return {error: `the chat did not answer "${question}" within ${timeout} ms`};
    const offered = kind => { const a = offer.querySelector(`[data-testid="chat-handoff-${kind}"]`); return a && !a.hidden; };
    const ways = offer && !offer.hidden ? ['ticket', 'callback'].filter(offered) : [];
    replies.push({question, author: li.dataset.author, text: li.lastChild ? li.lastChild.textContent : li.textContent,
                  facts: li.dataset.facts ? JSON.parse(li.dataset.facts) : {}, ways});
  }
  log.scrollIntoView({block: 'end'});  // for the journey's screenshot
  return {conversation: form.elements.conversation.value, replies};
}"""

# The hand-off form filled as typing would (input and change events), in one round trip.
FILL_HANDOFF = """([way, values]) => {
  const kind = document.querySelector(`[data-testid="handoff-kind-${way}"]`);
  if (!kind) return `no way "${way}" to choose`;
  kind.checked = true;
  kind.dispatchEvent(new Event('change', {bubbles: true}));
  for (const [name, value] of Object.entries(values)) {
    const field = document.querySelector(`[data-testid="handoff-${name}"]`);
    if (!field) return `no field "${name}"`;
    field.value = value;
    field.dispatchEvent(new Event('input', {bubbles: true}));
    field.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return null;
}"""

READ_ACKNOWLEDGEMENT = """() => {
  const done = document.querySelector('[data-testid="handoff-done"]');
  if (!done) {
    const error = document.querySelector('[data-testid="handoff-unavailable"], .error, [role="alert"]');
    return {error: error ? error.textContent.trim() : document.title};
  }
  return {reference: done.dataset.reference || null, promised_by: done.dataset.promisedBy || null,
          time_zone: done.dataset.timeZone || null};
}"""

READ_TICKET = """() => {
  const one = id => document.querySelector(`[data-testid="${id}"]`);
  const ticket = one('ticket');
  if (!ticket) return {error: (document.querySelector('main') || document.body).textContent.trim().slice(0, 200)};
  const ref = one('ticket-ref'), promised = one('promised-by'), order = one('ticket-order'), from = one('escalated-from');
  return {
    lang: document.documentElement.lang, level: ticket.dataset.level,
    reference: ref && ref.dataset.ref, promised_by: promised && promised.dataset.promisedBy,
    time_zone: promised && promised.dataset.timeZone, order_ref: order && order.dataset.orderRef,
    escalated_from: from && from.dataset.ref,
    messages: [...document.querySelectorAll('[data-testid="message"]')].map(m =>
      [m.dataset.author, (m.querySelector('[data-testid="message-text"]') || m).textContent]),
  };
}"""

_ATTR = r'data-{}="([^"]*)"'


class ReferenceSupport:
    def open_help_centre(self, page: Page) -> HelpCentre:
        page.goto("/help")
        raw = page.evaluate(READ_HELP_CENTRE, list(TOPICS))
        stated = StatedPolicy(
            return_days=_int(raw["return_days"]),
            return_reason_required=_bool(raw["return_reason"]),
            refund_days=(_range(raw["refund"]),) if raw["refund"] else (),
            shipping_days={m: _range((lo, hi)) for m, lo, hi in raw["shipping"]},
            warranty_months=_int(raw["warranty"]),
            loyalty_points=_bool(raw["points"]),
            coupon_with_points=_bool(raw["coupon"]),
            remedies=dict(raw["remedies"]),
        )
        return HelpCentre(
            language=raw["lang"], page_languages=raw["page_langs"], stated=stated, channels=raw["channels"],
            languages=raw["languages"], time_zone=raw["time_zone"],
            hours=[WeeklyHours(int(d), o, c) for d, o, c in raw["hours"]],
            first_response_hours=_int(raw["first_response"]),
        )

    def open_contact(self, page: Page) -> ContactPage:
        page.goto("/contact")
        raw = page.evaluate(READ_CONTACT)
        return ContactPage(
            language=raw["lang"], channels=raw["channels"], languages=raw["languages"], ways_to_a_person=raw["ways"],
            refusal=raw["refusal"], time_zone=raw["time_zone"],
            openings=[Opening(dt.datetime.fromisoformat(o), dt.datetime.fromisoformat(c)) for o, c in raw["openings"]],
            first_response_hours=_int(raw["first_response"]),
            holidays=[dt.date.fromisoformat(d) for d in raw["holidays"]],
        )

    def stated_by_api(self, page: Page) -> StatedPolicy:
        response = page.request.get("/api/policy")
        if not response.ok:
            raise CannotPerform(f"GET /api/policy answered {response.status}: {response.text()[:200]}")
        return _stated(response.json())

    def chat(self, page: Page, questions: list[str]) -> Conversation:
        raw = page.evaluate(CHAT, [questions, CHAT_TIMEOUT_MS])
        if raw.get("error"):
            raise CannotPerform(f"the chat widget: {raw['error']}")
        replies = [ChatReply(r["question"], r["text"].strip(), _stated(r["facts"]), tuple(r["ways"]),
                             error=r["author"] != "bot") for r in raw["replies"]]
        language = None
        if raw["conversation"]:
            transcript = page.request.get(f"/api/chat/{raw['conversation']}")
            if transcript.ok:
                language = transcript.json().get("language")
        return Conversation(language, replies)

    def hand_off(self, page: Page, way: str, contact: Contact) -> Acknowledgement:
        _follow(page, page.get_by_test_id("chat-widget").get_by_test_id(f"chat-handoff-{way}"))
        filled = page.evaluate(FILL_HANDOFF, [way, {"name": contact.name, "email": contact.email, "phone": contact.phone,
                                                   "order_ref": contact.order_ref, "message": contact.message}])
        if filled:
            raise CannotPerform(f"the hand-off form: {filled}")
        _follow(page, page.get_by_test_id("handoff-submit"))
        raw = page.evaluate(READ_ACKNOWLEDGEMENT)
        if raw.get("error"):
            raise CannotPerform(f"the hand-off to a person was refused: {raw['error']}")
        return Acknowledgement(raw["reference"], _when(raw["promised_by"]), raw["time_zone"], steps=2)

    def open_ticket(self, page: Page) -> Ticket:
        _follow(page, page.get_by_test_id("ticket-link"))
        return _ticket(page)

    def escalate(self, page: Page) -> Ticket:
        _follow(page, page.get_by_test_id("escalate"))
        return _ticket(page)

    def acknowledgement_in(self, text: str, html: str) -> Acknowledgement:
        ref = re.search(_ATTR.format("ref"), html)
        promised = re.search(_ATTR.format("promised-by"), html)
        zone = re.search(_ATTR.format("time-zone"), html)
        return Acknowledgement(ref.group(1) if ref else None, _when(promised.group(1) if promised else None),
                               zone.group(1) if zone else None)


def _follow(page: Page, target) -> None:
    """Follows a link or presses a button (a locator) from the keyboard and waits for the page it
    leads to. Not a pointer click: on a phone's viewport that the page overflows, Playwright's
    click lands on whatever scrolled over its target."""
    with page.expect_navigation():
        target.press("Enter")


def _ticket(page: Page) -> Ticket:
    raw = page.evaluate(READ_TICKET)
    if raw.get("error"):
        raise CannotPerform(f"the ticket page shows no ticket: {raw['error']}")
    ack = Acknowledgement(raw["reference"], _when(raw["promised_by"]), raw["time_zone"])
    return Ticket(reference=raw["reference"], level=int(raw["level"]), language=raw["lang"], order_ref=raw["order_ref"],
                  messages=[Message(a, t) for a, t in raw["messages"]], acknowledgement=ack,
                  escalated_from=raw["escalated_from"])


def _stated(facts: dict) -> StatedPolicy:
    """The shop's fact names (its chat replies' and policy API's) in the harness's terms."""
    refund = facts.get("refund_business_days")
    if isinstance(refund, dict):  # a timeline per payment method
        refunds = tuple(_range(r) for r in refund.values())
    elif refund:
        refunds = (_range(refund),)
    else:
        refunds = ()
    shipping = {}
    if facts.get("shipping_days"):
        shipping[facts.get("shipping_method", "")] = _range(facts["shipping_days"])
    for method in facts.get("shipping") or []:  # the API lists every method
        shipping[method["method"]] = _range(method["days"])
    return StatedPolicy(
        return_days=facts.get("return_days"), return_reason_required=facts.get("return_reason_required"),
        refund_days=refunds, shipping_days=shipping, warranty_months=facts.get("warranty_months"),
        loyalty_points=facts.get("loyalty_points"), coupon_with_points=facts.get("coupon_with_points"),
        remedies={c: facts[c] for c in ("damaged_parcel", "wrong_item", "missing_parcel") if facts.get(c)},
    )


def _int(value) -> int | None:
    return int(value) if value not in (None, "") else None


def _bool(value) -> bool | None:
    return None if value in (None, "") else value == "true"


def _range(pair) -> tuple[int, int]:
    return int(pair[0]), int(pair[1])


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
