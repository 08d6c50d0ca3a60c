"""Support tasks over HTTP and SMTP, shared by the support tests and fault expectations."""
from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage

from .dom import Node
from .shopping import Server, Visitor, email

TICKET = {"name": "Ana Silva", "topic": "damaged_parcel", "message": "The parcel arrived damaged: the box was crushed."}


def api_ticket(v: Visitor, prefix: str = "", status: int = 201, token: str | None = None, **fields) -> dict:
    """Opens a ticket through the API; returns the answer (ref, token, acknowledgement, ...)."""
    body = {**TICKET, "email": email("ticket"), **fields}
    r = v.api("POST", f"{prefix}/api/tickets", token=token, json=body)
    assert r.status_code == status, r.text
    return r.json()


def form_ticket(v: Visitor, prefix: str = "", path: str = "/tickets", **fields) -> tuple[str, Node]:
    """Opens a ticket (or, with path="/callbacks", a callback) through the contact page's form;
    returns its reference (from the redirect) and its page."""
    r = v.submit(f"{prefix}{path}", {**TICKET, "email": email("form"), **fields})
    assert r.status_code == 303, r.text[:800]
    location = r.headers["location"]
    return location.rsplit("/", 1)[1], v.page(location)


def answered(v: Visitor, tickets: list[dict], within: float) -> list[dict]:
    """Polls the tickets (dicts with ref and token) until all have their first response or
    `within` seconds have passed; returns their latest state."""
    deadline = time.monotonic() + within
    while True:
        state = [v.api("GET", f"/api/tickets/{t['ref']}", token=t["token"]).json() for t in tickets]
        if all(s["first_response_at"] for s in state) or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def mail_to_support(server: Server, sender: str, subject: str, body: str, to: str | None = None,
                    language: str | None = None, **headers) -> None:
    """Sends mail to the shop's support address through its own SMTP sink."""
    where = server.visitor().get("/_staging/smtp").json()
    msg = EmailMessage()
    msg.set_content(body)  # first: it replaces every Content-* header
    msg["From"] = sender
    msg["To"] = to or where["support_address"]
    msg["Subject"] = subject
    if language:
        msg["Content-Language"] = language
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    with smtplib.SMTP(where["host"], where["port"], timeout=15) as smtp:
        smtp.send_message(msg)


def mailbox(v: Visitor, to: str) -> list[dict]:
    return v.get("/_staging/mailbox", params={"to": to}).json()
