"""Support: help in the persona's language with a person within reach (SA-4, CS-7), and no
channel or language offered that the policy does not promise (SA-4, CS-3); the policy as every
channel states it (CS-1, CS-3), one clear refund time (CS-4), the remedy each complaint is
promised (CS-8), a person within three steps of the chat (CS-2), an acknowledged ticket (CS-10)
with times in the persona's zone inside opening hours and within the first-response target
(CS-6), a ticket in its language (CS-7), and escalation that keeps the conversation (CS-9).

The market policy is the truth every channel is compared with: the chatbot (CS-1), the help
pages and the API (CS-3).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from ..policy import MarketPolicy
from ..policy.model import WEEKDAYS
from ..screenplay import Actor, CannotCheck, check
from ..shop.capabilities import Capability
from ..shop.mail_language import UNJUDGED as UNJUDGED_LANGUAGE
from ..shop.support import Opening, StatedPolicy, WeeklyHours
from ..tasks.support import (ACK_BY_MAIL, ACK_MAIL, CHAT, CHAT_LANGUAGE, CHAT_LOG, CONTACT, CONTACT_DETAILS,
                             ESCALATED, HANDOFF, HELP_CENTRE, NO_PERSON, POLICY_API, REQUESTED_AT, TICKET)

MAX_STEPS_TO_A_PERSON = 3
CLOCK_SKEW = dt.timedelta(minutes=2)  # between the harness's clock and the shop's
COMPLAINT_NAMES = {"damaged_parcel": "a damaged parcel", "wrong_item": "a wrong item", "missing_parcel": "a missing parcel"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The policy answers each chatbot question covers (see answers()).
ANSWERS_OF = {
    "return_window": ("return window", "reason for a return"),
    "refund_time": ("refund time",),
    "warranty": ("warranty",),
    "coupon_with_points": ("voucher with loyalty points",),
}


# --------------------------------------------------------------------------- languages

def same_language(expected: str, shown: str | None) -> bool:
    """Tags name the same language: primary subtag and, where `expected` names one, script
    (zh-Hant is not zh-Hans); regions do not matter (de-AT reads de)."""
    if not shown:
        return False
    want, got = expected.lower().split("-"), shown.lower().replace("_", "-").split("-")
    if want[0] != got[0]:
        return False
    script = next((s for s in want[1:] if len(s) == 4), None)
    return script is None or script in got[1:]


def languages_for(actor: Actor, spoken: list[str] | None = None) -> list[str]:
    """The languages a channel may answer in: the persona's, where the channel speaks it, else any
    it speaks (`spoken`; default: the market's support languages)."""
    spoken = actor.policy.support.languages if spoken is None else spoken
    if any(same_language(lang, actor.persona.language) for lang in spoken):
        return [actor.persona.language]
    return list(spoken)


def _has_support(actor: Actor) -> str | None:
    return None if actor.policy.support is not None else "the policy promises no customer support"


def in_its_language(actor: Actor, entry: str, what: str, shown: str | None, where: str,
                    spoken: list[str] | None = None) -> None:
    """`shown` is a language of `languages_for(actor, spoken)`."""
    allowed = languages_for(actor, spoken)
    actor.expects(entry, what, " or ".join(allowed), shown, where,
                  same=lambda _, got: any(same_language(lang, got) for lang in allowed))


# --------------------------------------------------------------------------- policy answers

def _days(n: int) -> str:
    return f"{n} days"


def _business_days(r: tuple[int, int]) -> str:
    return f"{r[0]} business days" if r[0] == r[1] else f"{r[0]}–{r[1]} business days"


def _points(points: bool | None, combine: bool | None) -> str | None:
    if points is None:
        return None
    if not points:
        return "no loyalty points"
    return None if combine is None else ("combinable" if combine else "not combinable")


def answers(policy: MarketPolicy) -> dict[str, str]:
    """What the policy says, one answer per question a customer asks; a fact the policy does not
    state has no answer (nothing to hold a channel to)."""
    out: dict[str, str] = {}
    if policy.returns is not None:
        out["return window"] = _days(policy.returns.days)
        out["reason for a return"] = "required" if policy.returns.reason_required else "not required"
    if policy.refunds is not None:
        out["refund time"] = _business_days(policy.refunds.business_days)
    if policy.warranty is not None:
        out["warranty"] = f"{policy.warranty.months} months"
    if policy.loyalty is not None:
        points = _points(policy.loyalty.points, policy.loyalty.coupon_with_points)
        if points is not None:
            out["voucher with loyalty points"] = points
    for method in policy.shipping:
        if method.days is not None:
            out[f"delivery time by {method.id}"] = _business_days(method.days)
    if policy.remedies is not None:
        for complaint, name in COMPLAINT_NAMES.items():
            out[f"remedy for {name}"] = getattr(policy.remedies, complaint)
    return out


def stated_answers(stated: StatedPolicy) -> dict[str, str | None]:
    """What one channel says, in the same terms (None where it says nothing)."""
    reason = stated.return_reason_required
    out = {
        "return window": _days(stated.return_days) if stated.return_days is not None else None,
        "reason for a return": None if reason is None else ("required" if reason else "not required"),
        "refund time": "; ".join(_business_days(r) for r in stated.refund_days) or None,
        "warranty": f"{stated.warranty_months} months" if stated.warranty_months is not None else None,
        "voucher with loyalty points": _points(stated.loyalty_points, stated.coupon_with_points),
    }
    for method, days in stated.shipping_days.items():
        out[f"delivery time by {method}"] = _business_days(days)
    for complaint, name in COMPLAINT_NAMES.items():
        out[f"remedy for {name}"] = stated.remedies.get(complaint)
    return out


def _agrees_with_policy(actor: Actor, entry: str, stated: StatedPolicy, where: str, only: tuple[str, ...] | None = None):
    expected, shown = answers(actor.policy), stated_answers(stated)
    for what, value in expected.items():
        if only is None or what in only:
            actor.expects(entry, what, value, shown.get(what), where)


def _states_policy_facts(actor: Actor) -> str | None:
    return _has_support(actor) or (
        None if answers(actor.policy) else "the policy states no return, refund, warranty, loyalty or delivery terms")


# --------------------------------------------------------------------------- the help centre and contact page

@check("help centre in its language", "CS-7", promised=_has_support)
def help_centre_speaks_its_language(actor: Actor) -> None:
    """The help centre's index and every policy page come in the persona's language (CS-7)."""
    centre = actor.recall(HELP_CENTRE)
    in_its_language(actor, "CS-7", "help centre language", centre.language, "the help centre")
    wrong = {topic: lang for topic, lang in centre.page_languages.items()
             if not any(same_language(want, lang) for want in languages_for(actor))}
    if wrong and any(same_language(want, centre.language) for want in languages_for(actor)):
        actor.expects("CS-7", "help page language", " or ".join(languages_for(actor)),
                      ", ".join(f"{lang} ({topic})" for topic, lang in wrong.items()), "the help centre")


@check("support within reach in its language", "SA-4", promised=_has_support)
def support_within_reach_in_its_language(actor: Actor) -> None:
    """The contact page offers the market's support channels, a way to write to or be called by
    a person, in the persona's language (SA-4)."""
    contact, policy = actor.recall(CONTACT), actor.policy
    actor.expects_true("SA-4", contact.refusal is None,
                       f"expected customer service for {policy.name}, the contact page says “{contact.refusal}”",
                       "the contact page offers customer service")
    actor.expects("SA-4", "support channels", policy.support.channels, contact.channels, "the contact page",
                  same=lambda want, got: set(want) <= set(got))
    actor.expects_true("SA-4", bool(contact.ways_to_a_person),
                       "expected a way to write to a person or be called back, the contact page offers none",
                       "the contact page offers a way to a person")
    allowed = languages_for(actor)
    actor.expects("SA-4", "support in", " or ".join(allowed), contact.languages, "the contact page",
                  same=lambda _, got: any(same_language(want, lang) for want in allowed for lang in got))
    in_its_language(actor, "SA-4", "contact page language", contact.language, "the contact page")


def _left_out(promised: list[str], shown: list[str], same) -> list[str]:
    return [want for want in promised if not any(same(want, got) for got in shown)]


def _beyond(promised: list[str], shown: list[str], same) -> list[str]:
    return [got for got in shown if not any(same(want, got) for want in promised)]


_REFUSES = "the contact page refuses the persona's region (SA-4 says so)"


@check("support channels and languages as the policy lists them", "SA-4", "CS-3", promised=_has_support)
def support_lists_what_the_policy_promises(actor: Actor) -> None:
    """The contact page offers no channel or language beyond the policy's, and lists every
    language the policy promises (SA-4: a phone line nobody staffs, or a language nobody answers
    in, leaves the customer who turns to it without help); the help centre lists the policy's
    channels and languages, no fewer and no more (CS-3). A page the adapter cannot read is left
    out, and said so."""
    support, market = actor.policy.support, actor.policy.name
    for key, where, page in actor.channels((CONTACT, "the contact page", Capability.CONTACT_PAGE),
                                           (HELP_CENTRE, "the help centre", Capability.HELP_CENTRE)):
        if key is CONTACT and page.refusal is not None:
            actor.gap("the contact page's channels and languages", _REFUSES)
            continue
        entry = "SA-4" if key is CONTACT else "CS-3"
        for what, promised, shown, same in (("channel", support.channels, page.channels, str.__eq__),
                                             ("language", support.languages, page.languages, same_language)):
            extra = _beyond(promised, shown, same)
            actor.expects_true(entry, not extra,
                               f"expected no support {what} beyond {market}'s policy ({', '.join(promised)}), "
                               f"{where} also lists {', '.join(extra)}",
                               f"{where} lists no support {what} beyond the policy's")
            if key is CONTACT and what == "channel":
                continue  # every promised channel on the contact page: `support within reach` holds it
            missing = _left_out(promised, shown, same)
            actor.expects_true(entry, not missing,
                               f"expected support {what}s {', '.join(promised)}, {where} leaves out {', '.join(missing)}",
                               f"{where} lists every support {what} the policy promises")


def _promises_a_first_response(actor: Actor) -> str | None:
    return _has_support(actor) or (
        None if actor.policy.support.first_response_hours else "the policy promises no first-response time")


@check("first-response target as the policy states", "CS-6", promised=_promises_a_first_response)
def first_response_target_as_the_policy_states(actor: Actor) -> None:
    """The help centre and the contact page state the policy's first-response target: no sooner,
    which the desk is not staffed to keep, and no later, which is not what the market is promised
    (CS-6). A page that states none has nothing to hold it to, and says so; a page the adapter
    cannot read is left out, and said so."""
    hours = actor.policy.support.first_response_hours
    for key, where, page in actor.channels((CONTACT, "the contact page", Capability.CONTACT_PAGE),
                                           (HELP_CENTRE, "the help centre", Capability.HELP_CENTRE)):
        if key is CONTACT and page.refusal is not None:
            actor.gap("the contact page's first-response target", _REFUSES)
        elif page.first_response_hours is None:
            actor.gap(f"{where}'s first-response target", f"{where} states none")
        else:
            actor.expects("CS-6", "a first response within", f"{hours} business hours",
                          f"{page.first_response_hours} business hours", where)


def _policy_week(policy: MarketPolicy, weekdays: set[int] | None = None) -> dict[int, list[tuple[str, str]]]:
    week: dict[int, list[tuple[str, str]]] = {}
    for hours in policy.support.hours:
        for day in hours.days:
            weekday = WEEKDAYS.index(day)
            if weekdays is None or weekday in weekdays:
                week.setdefault(weekday, []).append((hours.open, hours.close))
    return {d: sorted(v) for d, v in sorted(week.items())}


def _week_text(week: dict[int, list[tuple[str, str]]], zone: str | None) -> str:
    """"Mon–Fri 09:00–18:00, Sat 09:00–14:00 (Asia/Tokyo)": consecutive days with the same hours as one."""
    runs: list[tuple[int, int, list[tuple[str, str]]]] = []
    for day, spans in sorted(week.items()):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == spans:
            runs[-1] = (runs[-1][0], day, spans)
        else:
            runs.append((day, day, spans))
    days = ", ".join((DAY_NAMES[a] if a == b else f"{DAY_NAMES[a]}–{DAY_NAMES[b]}") + " "
                     + " ".join(f"{o}–{c}" for o, c in spans) for a, b, spans in runs)
    return f"{days or 'no hours'} ({zone or 'no time zone named'})"


def _shown_week_from_hours(hours: list[WeeklyHours]) -> dict[int, list[tuple[str, str]]]:
    week: dict[int, list[tuple[str, str]]] = {}
    for h in hours:
        week.setdefault(h.weekday, []).append((h.opens, "24:00" if h.closes == "00:00" else h.closes))
    return {d: sorted(v) for d, v in week.items()}


def _clock(t: dt.datetime, start: dt.datetime | None = None) -> str:
    if start is not None and t.time() == dt.time(0) and t.date() > start.date():
        return "24:00"
    return t.strftime("%H:%M")


def _shown_week_from_openings(openings: list[Opening]) -> dict[int, list[tuple[str, str]]]:
    """The openings by weekday, each at the clock time it is shown at (in its own offset)."""
    week: dict[int, list[tuple[str, str]]] = {}
    for o in openings:
        spans = week.setdefault(o.opens.weekday(), [])
        span = (_clock(o.opens), _clock(o.closes, o.opens))
        if span not in spans:
            spans.append(span)
    return {d: sorted(v) for d, v in week.items()}


def _offset_of(zone: str, when: dt.datetime) -> dt.timedelta | None:
    return when.astimezone(ZoneInfo(zone)).utcoffset()


def _promises_hours(actor: Actor) -> str | None:
    return _has_support(actor) or (None if actor.policy.support.hours else "the policy promises no opening hours")


@check("support hours in its time zone", "CS-6", promised=_promises_hours)
def support_hours_in_its_time_zone(actor: Actor) -> None:
    """The help centre and the contact page show the policy's opening hours in the persona's time
    zone, every open day of it (the contact page may show a day closed for a public holiday), and
    no other (CS-6). A page the adapter cannot read is left out, and said so."""
    policy, zone = actor.policy, actor.persona.timezone
    if Capability.HELP_CENTRE not in actor.offers:
        actor.gap("the help centre's hours", Capability.HELP_CENTRE.lacking)
    else:
        centre = actor.recall(HELP_CENTRE)
        if centre.hours or centre.time_zone:
            shown = _shown_week_from_hours(centre.hours)
            expected = _policy_week(policy)
            actor.expects("CS-6", "opening hours", _week_text(expected, zone), _week_text(shown, centre.time_zone),
                          "the help centre",
                          same=lambda *_: shown == expected and (centre.time_zone in (None, zone)))
        else:
            actor.gap("the help centre's hours", "the help centre shows none")
    if Capability.CONTACT_PAGE not in actor.offers:
        actor.gap("the contact page's hours", Capability.CONTACT_PAGE.lacking)
        return
    contact = actor.recall(CONTACT)
    if contact.openings:
        shown = _shown_week_from_openings(contact.openings)
        # Every day the policy opens: one the page leaves off is a promise not shown, unless the
        # page shows it closed for a public holiday (the market's calendar, not the policy's).
        closed = {day.weekday() for day in contact.holidays} - set(shown)
        expected = {d: spans for d, spans in _policy_week(policy).items() if d not in closed}
        in_zone = all(o.opens.utcoffset() == _offset_of(zone, o.opens) for o in contact.openings)
        actor.expects("CS-6", "opening hours", _week_text(expected, zone), _week_text(shown, contact.time_zone),
                      "the contact page",
                      same=lambda *_: shown == expected and in_zone and contact.time_zone in (None, zone))
    elif contact.refusal is None:
        actor.finds("CS-6", f"expected opening hours {_week_text(_policy_week(policy), zone)}, "
                            "the contact page shows none")
    else:
        actor.gap("the contact page's hours", "the contact page refuses the persona's region (SA-4 says so)")


# --------------------------------------------------------------------------- the chatbot and the API

def _reply(actor: Actor, intent: str):
    reply = actor.recall(CHAT).get(intent)
    if reply is None:
        raise CannotCheck(f"the chatbot was not asked about {intent.replace('_', ' ')}")
    if reply.error:
        actor.finds("CS-1", f"expected an answer to “{reply.question}”, the chat shows the error “{reply.text}”")
        return None
    return reply


@check("chatbot states the policy", "CS-1", promised=_states_policy_facts)
def chatbot_states_the_policy(actor: Actor) -> None:
    """The chatbot's answer to each policy question states what the policy (and the help page)
    says: return window, refund time, delivery time, warranty, voucher with points (CS-1). A
    refund answer with several timelines is CS-4's. A question about a fact the policy does not
    state is not held to anything."""
    expected = answers(actor.policy)
    for intent, whats in ANSWERS_OF.items():
        if not any(what in expected for what in whats):
            continue
        reply = _reply(actor, intent)
        if reply is None:
            continue
        if intent == "refund_time" and len(reply.stated.refund_days) > 1:
            continue
        _agrees_with_policy(actor, "CS-1", reply.stated, "the chatbot's answer", whats)
    promised = [m.id for m in actor.policy.shipping if m.days is not None]
    if not promised:
        return
    reply = _reply(actor, "shipping_time")
    if reply is not None:
        shown = stated_answers(reply.stated)
        stated = [w for w in shown if w.startswith("delivery time by ")]
        if not stated:
            default = f"delivery time by {promised[0]}"
            actor.expects("CS-1", default, expected[default], None, "the chatbot's answer")
        for what in stated:
            actor.expects("CS-1", what, expected.get(what, "no such delivery method"), shown[what],
                          "the chatbot's answer")


@check("chatbot speaks its language", "CS-7", promised=_has_support)
def chatbot_speaks_its_language(actor: Actor) -> None:
    """The chatbot answers in the persona's language (CS-7), as the shop says which language its
    bot speaks in the conversation."""
    language = actor.recall(CHAT_LANGUAGE)
    if language is None:
        raise CannotCheck("the shop does not say which language its chatbot speaks")
    in_its_language(actor, "CS-7", "chatbot language", language, "the chat")


def _promises_a_refund_time(actor: Actor) -> str | None:
    return None if actor.policy.refunds is not None else "the policy promises no refund time"


@check("one refund time", "CS-4", promised=_promises_a_refund_time)
def one_refund_time(actor: Actor) -> None:
    """"When is my refund?" gets one concrete time range (CS-4)."""
    reply = _reply(actor, "refund_time")
    if reply is None:
        return
    ranges = reply.stated.refund_days
    actor.expects_true(
        "CS-4", len(ranges) == 1,
        f"expected one refund time, the chatbot's answer gives {len(ranges) or 'none'}"
        + (f": {'; '.join(_business_days(r) for r in ranges)}" if ranges else ""),
        "the refund answer gives one time range")


def _promises_remedies(actor: Actor) -> str | None:
    return None if actor.policy.remedies is not None else "the policy promises no remedies for complaints"


@check("complaints get their remedy", "CS-8", promised=_promises_remedies)
def complaints_get_their_remedy(actor: Actor) -> None:
    """The reply to each complaint offers the remedy the policy promises (CS-8)."""
    for complaint, name in COMPLAINT_NAMES.items():
        reply = _reply(actor, complaint)
        if reply is not None:
            actor.expects("CS-8", f"remedy for {name}", getattr(actor.policy.remedies, complaint),
                          reply.stated.remedies.get(complaint), "the chatbot's answer")


@check("channels agree with the policy", "CS-3", promised=_states_policy_facts)
def channels_agree_with_the_policy(actor: Actor) -> None:
    """The help pages and the API state the policy's answers: the same question gets one answer
    on every channel (CS-3; the chatbot's answers are CS-1's). A channel the adapter cannot read
    is left out, and said so."""
    for key, where, found in actor.channels((HELP_CENTRE, "the help centre", Capability.HELP_CENTRE),
                                            (POLICY_API, "the policy API", Capability.POLICY_API)):
        _agrees_with_policy(actor, "CS-3", found.stated if key is HELP_CENTRE else found, where)


# --------------------------------------------------------------------------- a person takes over

@check("a person within reach of the chat", "CS-2", promised=_has_support)
def person_within_reach(actor: Actor) -> None:
    """From the chat, a person (ticket or callback) within three steps (CS-2)."""
    handoff = actor.recall(HANDOFF)
    if handoff is None:
        actor.finds("CS-2", f"expected a way to a person within {MAX_STEPS_TO_A_PERSON} steps of the chat, "
                            "the chat offers none when asked for a person")
        return
    actor.expects_true("CS-2", handoff.steps <= MAX_STEPS_TO_A_PERSON,
                       f"expected a person within {MAX_STEPS_TO_A_PERSON} steps of the chat, it took {handoff.steps}",
                       f"a person within {MAX_STEPS_TO_A_PERSON} steps of the chat ({handoff.steps})")


def _handed_over(actor: Actor):
    handoff = actor.recall(HANDOFF)
    if handoff is None:
        raise CannotCheck(NO_PERSON + " (the check of a person within reach says so)")
    return handoff


def _acknowledged(actor: Actor, ack, where: str) -> None:
    missing = [what for what, there in (("a reference", ack.reference), ("a promised response time", ack.promised_by))
               if not there]
    shows = "neither" if len(missing) == 2 else f"no {missing[0].removeprefix('a ')}" if missing else "both"
    actor.expects_true("CS-10", not missing, f"expected a reference and a promised response time, {where} shows {shows}",
                       f"{where} names a reference and a promised response time")


@check("request acknowledged", "CS-10", "CS-7", promised=_has_support)
def request_acknowledged(actor: Actor) -> None:
    """The request to a person is acknowledged, on the page and by e-mail, with a reference and a
    promised response time (CS-10); the e-mail comes in the persona's language (CS-7)."""
    handoff = _handed_over(actor)
    _acknowledged(actor, handoff, "the acknowledgement")
    if Capability.MAILBOX not in actor.offers:
        actor.gap("the acknowledgement e-mail", Capability.MAILBOX.lacking)
        return
    mail = actor.recall(ACK_MAIL)
    if not actor.expects_true("CS-10", mail is not None,
                              f"expected an acknowledgement e-mail to {actor.persona.email}, none arrived",
                              "an acknowledgement e-mail arrived"):
        return
    by_mail = actor.recall(ACK_BY_MAIL)
    _acknowledged(actor, by_mail, "the acknowledgement e-mail")
    if handoff.reference and by_mail.reference:
        actor.expects("CS-10", "reference", handoff.reference, by_mail.reference, "the acknowledgement e-mail")
    if mail.language is None:  # a mail catcher's mail that names no language and has too few words to judge
        actor.gap("the acknowledgement e-mail's language", UNJUDGED_LANGUAGE)
    else:
        in_its_language(actor, "CS-7", "e-mail language", mail.language, "the acknowledgement e-mail")


def _openings(policy: MarketPolicy, start: dt.datetime, days: int = 21) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The policy's opening intervals from the day before `start` on, in the market's time zone;
    none on the market's public holidays (policy/workdays.py)."""
    zone, calendar = ZoneInfo(policy.time_zone), policy.workdays
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    spans = []
    for n in range(days + 2):
        day = first + dt.timedelta(days=n)
        if calendar.is_holiday(day):
            continue
        for hours in policy.support.hours:
            if WEEKDAYS[day.weekday()] in hours.days:
                spans.append((_at(day, hours.open, zone), _at(day, hours.close, zone)))
    return iter(sorted(spans))


def _at(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    extra, hh = divmod(hh, 24)  # "24:00" is midnight at the end of the day
    return dt.datetime.combine(day + dt.timedelta(days=extra), dt.time(hh, mm), tzinfo=zone)


def _after_opening_hours(policy: MarketPolicy, opened: dt.datetime, remaining: dt.timedelta) -> dt.datetime | None:
    """`opened` plus `remaining`, counted in the policy's opening hours only."""
    for start, end in _openings(policy, opened, days=400):
        if end <= opened:
            continue
        start = max(start, opened)
        if end - start >= remaining:
            return start + remaining
        remaining -= end - start
    return None


def answer_due(policy: MarketPolicy, opened: dt.datetime) -> dt.datetime | None:
    """When a first response is due for a request `opened` then: the policy's first-response hours
    counted in its opening hours only, the market's public holidays closed."""
    return _after_opening_hours(policy, opened, dt.timedelta(hours=policy.support.first_response_hours))


def within_opening_hours(policy: MarketPolicy, when: dt.datetime) -> bool:
    return any(start <= when <= end for start, end in _openings(policy, when - dt.timedelta(days=1), days=3))


def _promises_a_response_time(actor: Actor) -> str | None:
    return _promises_hours(actor) or (
        None if actor.policy.support.first_response_hours else "the policy promises no first-response time")


@check("reply-by time in its time zone, within opening hours", "CS-6", promised=_promises_a_response_time)
def promise_in_its_time_zone_within_opening_hours(actor: Actor) -> None:
    """The promised response time is shown in the persona's time zone, falls inside the market's
    opening hours, counts only opening hours, and is no later than the first-response target
    allows (CS-6)."""
    handoff = _handed_over(actor)
    if handoff.promised_by is None:
        raise CannotCheck("the acknowledgement promises no response time (the acknowledgement check says so)")
    policy, zone, promised = actor.policy, actor.persona.timezone, handoff.promised_by
    offset, want = promised.utcoffset(), _offset_of(zone, promised)
    actor.expects("CS-6", "reply-by time in", f"{zone} (UTC{_hhmm(want)})",
                  f"{handoff.time_zone or 'an unnamed zone'} (UTC{_hhmm(offset)})", "the acknowledgement",
                  same=lambda *_: offset == want and handoff.time_zone in (None, zone))
    local = promised.astimezone(ZoneInfo(policy.time_zone))
    hours = _week_text(_policy_week(policy), policy.time_zone)
    actor.expects_true("CS-6", within_opening_hours(policy, promised),
                       f"expected a reply-by time within opening hours {hours}, "
                       f"the acknowledgement shows {DAY_NAMES[local.weekday()]} {local:%H:%M}",
                       "the reply-by time is within opening hours")
    requested, target = actor.recall(REQUESTED_AT), policy.support.first_response_hours
    earliest = answer_due(policy, requested - CLOCK_SKEW)
    if earliest is not None:
        soonest = earliest.astimezone(ZoneInfo(policy.time_zone))
        actor.expects_true("CS-6", promised >= earliest,
                           f"expected a reply-by time counting {target} business hours "
                           f"({DAY_NAMES[soonest.weekday()]} {soonest:%Y-%m-%d %H:%M} or later), the acknowledgement "
                           f"shows {DAY_NAMES[local.weekday()]} {local:%Y-%m-%d %H:%M}",
                           "the reply-by time counts business hours only")
    latest = answer_due(policy, requested)
    if latest is not None:
        last = latest.astimezone(ZoneInfo(policy.time_zone))
        actor.expects_true("CS-6", promised <= latest + CLOCK_SKEW,
                           f"expected a reply-by time within {target} business hours of the request "
                           f"({DAY_NAMES[last.weekday()]} {last:%Y-%m-%d %H:%M} {policy.time_zone} at the latest, "
                           f"public holidays closed), the acknowledgement shows "
                           f"{DAY_NAMES[local.weekday()]} {local:%Y-%m-%d %H:%M}",
                           f"the reply-by time is within the {target}-business-hour first-response target")


def _hhmm(offset: dt.timedelta | None) -> str:
    if offset is None:
        return "?"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@check("ticket in its language", "CS-7", promised=_has_support)
def ticket_in_its_language(actor: Actor) -> None:
    """The ticket's page, and the page of the ticket it was escalated to, come in the persona's
    language (CS-7): the customer reads what the person answers where it wrote to them."""
    tickets = [(actor.recall(TICKET), "the ticket page"), (actor.recall(ESCALATED), "the escalated ticket's page")]
    for ticket, where in tickets:
        in_its_language(actor, "CS-7", "ticket page language", ticket.language, where)


@check("escalation keeps the conversation", "CS-9", promised=_has_support)
def escalation_keeps_the_conversation(actor: Actor) -> None:
    """The ticket a person takes over, and the one it is escalated to, carry the chat and the
    order number the customer gave (CS-9)."""
    said = [text for reply in actor.recall(CHAT_LOG) for text in (reply.question, reply.text)]
    order = actor.recall(CONTACT_DETAILS)
    for key, where in ((TICKET, "the ticket"), (ESCALATED, "the escalated ticket")):
        ticket = actor.recall(key)
        shown = [m.text.strip() for m in ticket.messages]
        carried = [text for text in said if text.strip() in shown]
        actor.expects_true("CS-9", len(carried) == len(said),
                           f"expected the whole chat ({len(said)} messages) on {where}, it shows "
                           + (f"{len(carried)} of them" if carried else "none of them"),
                           f"{where} carries the whole chat")
        actor.expects("CS-9", "order number", order.order_ref, ticket.order_ref, where)
