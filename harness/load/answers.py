"""Whether a load run's figures are about the shop at all: a target that stopped answering, or that
answers "no such page" to nearly every page the users know, gives figures about itself, not about
a region's service (a target error: exit 2, never a miss and never a pass)."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from locust.stats import RequestStats

# Failures with no HTTP answer behind them: Locust keeps the exception's repr (a string once it
# came from a worker), possibly wrapped by a user's catch_response. LocustBadStatusCode is a
# ConnectionError too, but it carries an HTTP status: it is not among these.
UNANSWERED = re.compile(r"^(?:CatchResponseError\(['\"])?(?:ConnectionRefusedError|ConnectionResetError|"
                        r"ConnectionAbortedError|BrokenPipeError|TimeoutError|timeout|RetriesExceeded|"
                        r"HTTPConnectionClosed|SSLError|SSLZeroReturnError|gaierror|OSError|ConnectionError|"
                        r"ConnectTimeout|ReadTimeout|RemoteDisconnected|ProtocolError)\(")
STATUS = re.compile(r"code=(\d{3})\b|^(?:HTTPError\(['\"])?(\d{3}) (?:Client|Server) Error")
NO_SUCH = {404, 405, 501}  # no such page here, no such method: the paths the users know are not this site's
NOT_THE_SHOP = 0.9  # this share of the requests beyond the front page answered NO_SUCH: another site


@dataclass(frozen=True)
class Answers:
    """How the target answered, over a run or a stretch of one (a later count minus an earlier)."""

    requests: int = 0
    unanswered: int = 0  # failed with no HTTP answer: refused, reset, timed out
    beyond_front: int = 0  # requests to a path other than the front page "/"
    no_such: int = 0  # of those, answered with a status in NO_SUCH
    example: str = ""  # an unanswered request's error, as Locust recorded it

    def __sub__(self, earlier: "Answers") -> "Answers":
        counts = {f.name: getattr(self, f.name) - getattr(earlier, f.name) for f in fields(self) if f.name != "example"}
        return Answers(**counts, example=self.example)


def answers(stats: RequestStats) -> Answers:
    from locust.stats import StatsError

    unanswered = no_such = 0
    example = ""
    for error in stats.errors.values():
        text = StatsError.parse_error(error.error)
        if UNANSWERED.match(text):
            unanswered += error.occurrences
            example = example or text
        elif _status(text) in NO_SUCH and not _front_page(error.name):
            no_such += error.occurrences
    beyond = sum(e.num_requests for e in stats.entries.values() if not _front_page(e.name))
    return Answers(stats.total.num_requests, unanswered, beyond, no_such, example[:160])


def target_error(seen: Answers) -> str | None:
    """Why these figures are about the target rather than a region's service, if they are: most
    requests got no answer at all, or nearly every page the users know is missing there."""
    if seen.requests and seen.unanswered * 2 > seen.requests:
        return (f"the target stopped answering: {seen.unanswered} of {seen.requests} requests got no answer "
                f"({seen.example})")
    if seen.beyond_front and seen.no_such >= NOT_THE_SHOP * seen.beyond_front:
        return (f"the target is not the shop the users were written for: {seen.no_such} of the "
                f"{seen.beyond_front} requests beyond its front page were answered 404, 405 or 501 "
                "(no such page or method)")
    return None


def _status(text: str) -> int | None:
    m = STATUS.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _front_page(name: str) -> bool:
    return name.rsplit(" ", 1)[-1] == "/"  # "[DE] GET /", or a request named "/"


