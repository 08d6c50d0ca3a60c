"""Outgoing e-mail over real SMTP, into a sink the storefront runs beside itself."""
from __future__ import annotations

import asyncio
import smtplib
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP
from sqlalchemy.orm import sessionmaker

from .db import Mail

SENDER = "shop@storefront.test"


class _StoreInDatabase:
    def __init__(self, sessions: sessionmaker):
        self.sessions = sessions

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        with self.sessions() as db:
            for rcpt in envelope.rcpt_tos:
                db.add(
                    Mail(
                        recipient=rcpt.lower(),
                        sender=envelope.mail_from,
                        subject=str(msg["Subject"] or ""),
                        language=str(msg["Content-Language"] or ""),
                        text=text.get_content() if text else "",
                        html=html.get_content() if html else "",
                    )
                )
            db.commit()
        return "250 Message accepted for delivery"


class MailSink:
    """An SMTP server on the storefront's own event loop; port 0 picks a free one."""

    def __init__(self, sessions: sessionmaker, host: str = "127.0.0.1", port: int = 0):
        self.handler = _StoreInDatabase(sessions)
        self.host, self.port = host, port
        self.server: asyncio.Server | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        # SMTPUTF8: customers' addresses may be internationalised (josé@example.com).
        self.server = await loop.create_server(
            lambda: SMTP(self.handler, hostname="storefront.test", enable_SMTPUTF8=True), self.host, self.port)

    @property
    def address(self) -> tuple[str, int]:
        return self.server.sockets[0].getsockname()[:2]

    async def stop(self) -> None:
        if self.server:
            self.server.close()
            await self.server.wait_closed()


class Mailer:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    def _send(self, msg: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.send_message(msg)

    async def send(self, to: str, subject: str, language: str, text: str, html: str) -> None:
        msg = EmailMessage()
        msg["From"] = SENDER
        msg["To"] = to
        msg["Subject"] = subject
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        msg["Content-Language"] = language  # after set_content, which drops Content-* headers
        await asyncio.to_thread(self._send, msg)
