"""Support on PostgreSQL with two workers: tickets from either worker reach the one desk in the
supervisor, and times survive a database session in another time zone (PGTZ=Asia/Tokyo)."""
from __future__ import annotations

import datetime as dt

import pytest

from .dom import parse
from .postgres import Cluster, NoPostgres
from .shopping import IP, email
from .support_steps import answered, api_ticket, mail_to_support, mailbox
from .test_server import Running

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server


@pytest.fixture(scope="module")
def on_postgres(tmp_path_factory):
    pytest.importorskip("psycopg")
    cluster = Cluster()
    try:
        url = cluster.start()
    except NoPostgres as exc:
        cluster.stop()
        pytest.skip(str(exc))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PGTZ", "Asia/Tokyo")  # a session zone that would shift any aware timestamp it stores
        shop = Running(tmp_path_factory.mktemp("pg-support"), "--workers", "2", "--database-url", url)
    yield shop.server()
    code, err = shop.stop()
    cluster.stop()
    assert code == 0 and "Traceback" not in err, err


def test_tickets_are_answered_and_timed(on_postgres):
    v = on_postgres.visitor(ip=IP["DE"])
    tickets = [api_ticket(v, order_ref="DE-0A1B2C3D") for _ in range(4)]  # spread over both workers
    state = answered(v, tickets, within=10)
    for t in state:
        assert t["status"] == "answered" and 0 < t["first_response_seconds"] < 5, t
        created = dt.datetime.fromisoformat(t["created_at"])
        assert abs((dt.datetime.now(dt.timezone.utc) - created).total_seconds()) < 60
    up = v.api("POST", f"/api/tickets/{tickets[0]['ref']}/escalate", token=tickets[0]["token"]).json()
    assert up["level"] == 2 and up["order_ref"] == "DE-0A1B2C3D" and up["messages"][0]["author"] == "customer"


def test_ticket_by_email(on_postgres):
    v = on_postgres.visitor()
    sender = email("pg-mail")
    mail_to_support(on_postgres, sender, "Frage", "Wo ist mein Paket?", to="support+de@storefront.test")
    (ack,) = mailbox(v, sender)
    html = parse(ack["html"])
    got = v.api("GET", f"/api/tickets/{html.testid('ticket-ref').get('data-ref')}",
                token=html.testid("ticket-key").get("data-key")).json()
    assert got["channel"] == "email" and got["promised_by"] == html.testid("promised-by").get("data-promised-by")
