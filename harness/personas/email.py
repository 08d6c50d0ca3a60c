"""The e-mail address a persona uses on one journey of one run.

The persona factory gives every persona one address (`anna.schmidt.0007@example.com`), the same
for the same seed. Against a shop that keeps its database (a persistent staging), an account
made under it by one journey would block the next journey's guest checkout, and last night's
would block tonight's. So a journey walks under an address made from a pattern, by default
plus-addressing with the run id and the journey (`anna.schmidt.0007+k3x9qa7f-guest-checkout@example.com`):
one mailbox receives them all, and nothing else about the persona changes.

    address_for(persona, run_id, "guest-checkout", DEFAULT_PATTERN)
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import string
import time
from collections import Counter

from ..errors import UserInputError, nearest

DEFAULT_PATTERN = "{local}+{run}-{journey}@{domain}"
PLACEHOLDERS = ("local", "domain", "run", "journey", "persona", "market")
PATTERN_ENV, RUN_ID_ENV = "HARNESS_EMAIL_PATTERN", "HARNESS_RUN_ID"
MAX_LOCAL = 64  # RFC 5321's limit on the part before the @
MIN_LOCAL = 12  # {local} is not cut shorter than this (e.g. `anna-1f3c.0007`)

RUN_ID = re.compile(r"[a-z0-9-]{1,24}\Z")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`|~-]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*\Z")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z")
_BASE36 = string.digits + string.ascii_lowercase
# What a pattern is tried with before anything starts: a typical persona and a long journey name.
_SAMPLE = {"local": "anna.schmidt.0007", "domain": "example.com", "journey": "a-person-takes-over-with-the-conversation",
           "persona": "de-0007", "market": "de"}


def new_run_id() -> str:
    """A short id that no other run has: the UTC time in seconds in base 36, two random characters."""
    return _base36(int(time.time())) + "".join(secrets.choice(_BASE36) for _ in range(2))


def journey_name(test_name: str) -> str:
    """`test_guest_checkout` -> `guest-checkout`."""
    return test_name.removeprefix("test_").replace("_", "-").lower()


def address_for(persona, run_id: str, journey: str, pattern: str = DEFAULT_PATTERN) -> str:
    """The address `persona` uses on `journey` in the run `run_id`. The same arguments give the same
    address. A local part over 64 characters is made to fit: `{local}` is cut first (down to 12
    characters, its last part, the persona's number, and a short hash of it kept), then `{journey}`
    (a short hash of it kept, so journeys stay apart); a pattern that cannot fit is refused
    (UserInputError naming --email-pattern)."""
    local, _, domain = persona.email.rpartition("@")
    values = {"local": local, "domain": domain, "run": run_id, "journey": journey,
              "persona": persona.id.lower(), "market": persona.market.lower()}
    return _render(pattern, values, "--email-pattern")


def check_run_id(value: str, flag: str = "--run-id") -> str:
    if not RUN_ID.match(value or ""):
        raise UserInputError(f"{flag}: {value!r} is not a run id; give 1 to 24 lower-case letters, digits or "
                             "hyphens (e.g. the CI build number)")
    return value


def check_pattern(pattern: str, run_id: str = "k3x9qa7f", flag: str = "--email-pattern") -> str:
    """A pattern refused in one line naming `flag` and the value: unknown placeholders, not exactly
    one @, or a result that is not an e-mail address (tried with a typical persona)."""
    def refuse(why: str) -> UserInputError:
        return UserInputError(f"{flag}: {pattern!r}: {why}")

    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:  # a lone { or }
        raise refuse(f"unbalanced braces ({exc}); a placeholder is written {{run}}") from None
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS:
            near = nearest(f"{{{name}}}", [f"{{{p}}}" for p in PLACEHOLDERS])
            raise refuse(f"unknown placeholder {{{name}}}{near}; known: "
                         + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
        if spec or conv:
            raise refuse(f"{{{name}}} takes no format or conversion; write {{{name}}}")
    literal = "".join(text for text, *_ in string.Formatter().parse(pattern))
    if literal.count("@") != 1:
        raise refuse(f"has {literal.count('@')} @; an address has exactly one, e.g. {DEFAULT_PATTERN}")
    _render(pattern, {**_SAMPLE, "run": run_id}, flag)
    return pattern


def pattern_from(given: str | None, run_id: str = "k3x9qa7f", environ=os.environ) -> str:
    """--email-pattern if given, else HARNESS_EMAIL_PATTERN if set, else the default; checked."""
    if given is not None:
        return check_pattern(given, run_id, "--email-pattern")
    if environ.get(PATTERN_ENV):
        return check_pattern(environ[PATTERN_ENV], run_id, PATTERN_ENV)
    return DEFAULT_PATTERN


def run_id_from(given: str | None, environ=os.environ) -> str:
    """--run-id if given, else HARNESS_RUN_ID if set, else a new one; checked."""
    if given is not None:
        return check_run_id(given, "--run-id")
    if environ.get(RUN_ID_ENV):
        return check_run_id(environ[RUN_ID_ENV], RUN_ID_ENV)
    return new_run_id()


def _render(pattern: str, values: dict[str, str], flag: str) -> str:
    address = pattern.format(**values)
    local = address.rpartition("@")[0]
    if len(local) > MAX_LOCAL:
        address = _fitted(pattern, values, len(local) - MAX_LOCAL)
        local = address.rpartition("@")[0]
        if len(local) > MAX_LOCAL:
            raise UserInputError(f"{flag}: {pattern!r}: the part before the @ is {len(local)} characters long "
                                 f"even with {{local}} and {{journey}} shortened; at most {MAX_LOCAL} fit")
    domain = address.rpartition("@")[2]
    if address.count("@") != 1 or not _LOCAL.match(local) or not _DOMAIN.match(domain):
        raise UserInputError(f"{flag}: {pattern!r} gives {address!r}, which is not an e-mail address "
                             "(letters, digits and .+-_ before the @, a domain such as example.com after it)")
    return address


def _fitted(pattern: str, values: dict[str, str], excess: int) -> str:
    """The address with `excess` characters taken from {local}, then from {journey}."""
    uses = Counter(name for _, name, _, _ in string.Formatter().parse(pattern) if name)
    values = dict(values)
    if uses["local"]:
        local = values["local"]
        values["local"] = _shorten_local(local, max(min(len(local), MIN_LOCAL), len(local) - -(-excess // uses["local"])))
        excess -= (len(local) - len(values["local"])) * uses["local"]
    if excess > 0 and uses["journey"]:
        journey = values["journey"]
        values["journey"] = _shorten_journey(journey, max(4, len(journey) - -(-excess // uses["journey"])))
    return pattern.format(**values)


def _shorten_local(local: str, room: int) -> str:
    """`anna.mueller-schmidt.0007` in `room` characters: its beginning, four characters of its hash
    (two personas whose beginnings agree stay apart) and its last part, the persona's number."""
    if len(local) <= room:
        return local
    head, dot, tail = local.rpartition(".")
    if not dot:
        head, tail = local, ""
    suffix = f"-{hashlib.sha256(local.encode()).hexdigest()[:4]}" + (f".{tail}" if tail else "")
    cut = head[: max(0, room - len(suffix))].rstrip(".-")
    return f"{cut}{suffix}" if cut else suffix.lstrip("-")


def _shorten_journey(journey: str, room: int) -> str:
    """`journey` in `room` characters: its beginning and four characters of its hash."""
    if len(journey) <= room:
        return journey
    digest = hashlib.sha256(journey.encode()).hexdigest()[:4]
    head = journey[: room - 5].rstrip("-")
    return f"{head}-{digest}" if head else digest


def _base36(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 36)
        out = _BASE36[digit] + out
        if not n:
            return out
