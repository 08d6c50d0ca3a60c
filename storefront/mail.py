"""Outgoing e-mail over real SMTP, into a sink the storefront runs beside itself."""
from __future__ import annotations

import asyncio
import logging
import queue
import smtplib
import socket
import threading
from collections.abc import Awaitable, Callable
from email import policy
from email.policy import compat32
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP
from sqlalchemy.orm import sessionmaker

from .db import Mail

SENDER = "shop@storefront.test"
log = logging.getLogger("storefront.mail")


# Called with (mail_from, recipients, raw message) once a message is stored: mail to the shop's
# own addresses (support@storefront.test opens a ticket) is answered before the sender hears 250.
OnMessage = Callable[[str, list[str], bytes], Awaitable[None]]


class _StoreInDatabase:
    """Keeps each message as received; parsing waits until someone reads the mailbox."""

    def __init__(self, sessions: sessionmaker, on_message: OnMessage | None = None):
        self.sessions = sessions
        self.on_message = on_message

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        with self.sessions() as db:
            db.add_all(Mail(recipient=rcpt.lower(), sender=envelope.mail_from, raw=raw) for rcpt in envelope.rcpt_tos)
            db.commit()
        if self.on_message is not None:
            await self.on_message(envelope.mail_from, [r.lower() for r in envelope.rcpt_tos], raw)
        return "250 Message accepted for delivery"


class MailSink:
    """An SMTP server on the caller's event loop, accepting on a socket bound beforehand."""

    def __init__(self, sessions: sessionmaker, sock: socket.socket, on_message: OnMessage | None = None):
        self.handler = _StoreInDatabase(sessions, on_message)
        self.sock = sock
        self.server: asyncio.Server | None = None

    async def start(self) -> None:
        # SMTPUTF8: customers' addresses may be internationalised (josé@example.com).
        self.server = await asyncio.get_running_loop().create_server(
            lambda: SMTP(self.handler, hostname="storefront.test", enable_SMTPUTF8=True), sock=self.sock)

    async def stop(self) -> None:
        if self.server:
            self.server.close()
            await self.server.wait_closed()


def read_mail(row: Mail) -> dict:
    msg = BytesParser(policy=policy.default).parsebytes(row.raw)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return {"to": row.recipient, "from": row.sender, "subject": str(msg["Subject"] or ""),
            "language": str(msg["Content-Language"] or ""), "text": _content(text), "html": _content(html),
            "received_at": row.received_at.isoformat()}


def _content(part) -> str:
    """A body part's text; one in a charset nobody knows (inbound mail is anyone's) is read as
    UTF-8 with what does not decode replaced, rather than failing the whole mailbox."""
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeError):
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")


class Mailer:
    """Sends through one SMTP connection that a thread keeps open, so a request awaits its mail
    without blocking the event loop; a dropped connection is reopened once per message.

    `send` returns once the sink has accepted the message, so the staging mailbox shows an
    order's confirmation as soon as the order page does. A failure is logged, never raised:
    the order stands when mail is down, and the gap shows in the mailbox.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self._outbox: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._deliver, name="mail-outbox", daemon=True)
        self._thread.start()

    async def send(self, to: str, subject: str, language: str, text: str, html: str) -> bool:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._outbox.put(((to, subject, language, text, html), loop, done))
        return await done

    def close(self, timeout: float = 5.0) -> None:
        self._outbox.put(None)
        self._thread.join(timeout)

    def _deliver(self) -> None:
        smtp: smtplib.SMTP | None = None
        while (job := self._outbox.get()) is not None:
            fields, loop, done = job
            sent = False
            msg = _message(*fields)
            for attempt in (1, 2):
                try:
                    smtp = smtp or smtplib.SMTP(self.host, self.port, timeout=10)
                    # SMTPUTF8 carries an internationalised address (josé@example.com) as typed.
                    smtp.sendmail(SENDER, [fields[0]], msg, mail_options=() if fields[0].isascii() else ("SMTPUTF8",))
                    sent = True
                    break
                except OSError as exc:  # smtplib's errors are OSErrors too
                    smtp = _quietly_close(smtp)
                    retry = attempt == 1 and isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionError))
                    if not retry:
                        log.error("mail to %s not sent: %s", fields[0], exc)
                        break
            try:
                loop.call_soon_threadsafe(_resolve, done, sent)
            except RuntimeError:  # the worker's loop closed while the message was out
                pass
        _quietly_close(smtp)


_SMTP_LINES = compat32.clone(linesep="\r\n")


def _message(to: str, subject: str, language: str, text: str, html: str) -> bytes:
    # The compat32 MIME classes build a message about three times faster than EmailMessage,
    # and every checkout sends one.
    msg = MIMEMultipart("alternative")
    msg["From"] = SENDER
    msg["To"] = to if to.isascii() else Header(to, "utf-8")
    msg["Subject"] = Header(subject, "utf-8")
    msg["Content-Language"] = language
    msg.attach(MIMEText(text, "plain", "utf-8"))
    msg.attach(MIMEText(html, "html", "utf-8"))
    return msg.as_bytes(policy=_SMTP_LINES)  # smtplib sends bytes as they are: lines must end in CRLF


def _resolve(done: asyncio.Future, sent: bool) -> None:
    if not done.done():
        done.set_result(sent)


def _quietly_close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except OSError:
            smtp.close()
    return None
