"""Mailboxes over development mail catchers' HTTP APIs, for staging shops that send their mail over
SMTP to one. MailDev (npm package `maildev`, 3.x and 2.x) for now.

In an adapter, where the shop's staging mail goes to MailDev (SMTP on 1025, web API on 1080):

    from harness.shop.mailcatcher import MailDevMailbox

    mailbox = MailDevMailbox("http://127.0.0.1:1080")
    mailbox.messages("anna.schmidt@example.com")    # [Mail(to, subject, language, text, html), ...]
    mailbox.close()                                  # or: with MailDevMailbox(...) as mailbox:

`languages` names the languages the shop writes its mail in (tags such as "de", "fr-CH",
"zh-Hant"); a mail without a Content-Language header is judged among those only, which is
far more reliable than among all (`mail_language.language_of`):

    mailbox = MailDevMailbox("http://127.0.0.1:1080", languages=["de", "fr", "it", "en"])

Behind web authentication (`maildev --web-user/--web-pass`), pass a client that has it:
`MailDevMailbox(url, httpx.Client(auth=("user", "pass"), timeout=10))`.

Each message is read from its raw source, so `Mail` holds what the shop sent: `text` the
text/plain part (or, for an html-only mail, the html as text), `html` the text/html part ('' if
none), `language` the Content-Language header (of the message, else of the body part), else the
language of the subject and text as judged, or None when that cannot be judged. A catcher that
does not answer, or answers something else than its API, raises `MailCatcherError`, whose one
line names the URL.

Another catcher is a small subclass of `CatcherMailbox`: it says how to list the messages sent to
an address and where a message's raw source is.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

import httpx

from .mail_language import language_of
from .mailbox import Mail


class MailCatcherError(RuntimeError):
    """The mail catcher could not be read; the message (one line) names its URL."""


class CatcherMailbox:
    """What the catchers' mailboxes share: HTTP with one-line errors, and turning a raw message
    into `Mail`. A catcher implements `_sent_to` and `_source`."""

    name = "the mail catcher"

    def __init__(self, url: str, client: httpx.Client | None = None, *, languages: Iterable[str] | None = None):
        self.url = url.rstrip("/")
        self.client = client or httpx.Client(timeout=10.0)
        self._owns_client = client is None
        self.languages = None if languages is None else tuple(languages)

    def close(self) -> None:
        """Closes the HTTP client the mailbox made (one passed in is the caller's to close)."""
        if self._owns_client:
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def messages(self, to: str) -> list[Mail]:
        """Every message with `to` among its To recipients (case-insensitive), oldest first."""
        if not to.strip():
            return []
        return [self._mail(recipient, self._source(ref)) for ref, recipient in self._sent_to(to.strip())]

    # ------------------------------------------------------------------------- per catcher

    def _sent_to(self, to: str) -> Iterator[tuple[str, str]]:
        """(message id, the matching recipient as the To header writes it), oldest first."""
        raise NotImplementedError

    def _source(self, ref: str) -> bytes:
        """The message as received (RFC 5322)."""
        raise NotImplementedError

    # ------------------------------------------------------------------------- shared

    def _get(self, path: str, params: dict | None = None) -> httpx.Response:
        r = self._answer(path, params)
        if r.status_code != 200:
            raise MailCatcherError(_line(f"{self.name} at {self.url} answered GET {r.url} with HTTP {r.status_code}: "
                                         f"{r.text[:120]}"))
        return r

    def _answer(self, path: str, params: dict | None = None) -> httpx.Response:
        url = f"{self.url}{path}"
        try:
            return self.client.get(url, params=params)
        except httpx.HTTPError as exc:
            raise MailCatcherError(_line(f"{self.name} at {self.url} did not answer GET {url}: "
                                         f"{exc or type(exc).__name__}")) from None

    def _json(self, path: str, params: dict | None = None, shape: type = list):
        """The answer as JSON, of `shape` (a list or a dict)."""
        r = self._get(path, params)
        try:
            answer = r.json()
        except ValueError:
            answer = None
        if not isinstance(answer, shape):
            kind = r.headers.get("content-type", "no content type")
            raise MailCatcherError(_line(f"{self.name} at {self.url} answered GET {r.url} with {kind}, not the JSON "
                                         f"{shape.__name__} of its API: {r.text[:80]!r}"))
        return answer

    def _mail(self, to: str, raw: bytes) -> Mail:
        msg = BytesParser(policy=policy.default).parsebytes(raw.replace(b"\r\n", b"\n"))
        text_part, html_part = msg.get_body(("plain",)), msg.get_body(("html",))
        html = _content(html_part)
        text = _content(text_part) if text_part is not None else text_of_html(html)
        subject = str(msg.get("Subject", ""))
        language = (_content_language(msg) or _content_language(text_part or html_part)
                    or language_of(f"{subject}\n{text}", self.languages))
        return Mail(to, subject, language, text, html)


class MailDevMailbox(CatcherMailbox):
    """MailDev's web API, 3.x (`/api/...`) or 2.x (`/...`), told apart on the first read."""

    name = "MailDev"
    PAGE = 200  # MailDev 3's largest page of summaries

    def __init__(self, url: str, client: httpx.Client | None = None, *, languages: Iterable[str] | None = None):
        super().__init__(url, client, languages=languages)
        self._api: str | None = None  # "/api" for 3.x, "" for 2.x

    def _sent_to(self, to: str) -> Iterator[tuple[str, str]]:
        for entry in self._listing(to):
            recipient = _recipient(entry.get("to") or [], to)
            if recipient is not None:
                yield entry["id"], recipient

    def _source(self, ref: str) -> bytes:
        return self._get(f"{self._api}/email/{ref}/source").content

    def _listing(self, to: str) -> list[dict]:
        """Candidates, oldest first: 3.x searches its summaries (no bodies) for the address;
        2.x lists every message whole, in arrival order."""
        if self._api is None:
            self._api = "/api" if self._is_3x() else ""
        if not self._api:
            return self._json("/email")
        entries, skip = [], 0
        while True:
            page = self._json("/api/email/summary", {"search": to, "sort": "asc", "skip": skip, "limit": self.PAGE},
                              shape=dict)
            items = page.get("items") or []
            entries += items
            skip += len(items)
            if not items or skip >= page.get("total", 0):
                return entries

    def _is_3x(self) -> bool:
        return self._answer("/api/healthz").status_code == 200


def _recipient(addresses: list[dict], to: str) -> str | None:
    """The To recipient that is `to`, as written. MailDev leaves an internationalised address
    sent as an encoded word (josé@example.com) unparsed, in the name."""
    want = to.casefold()
    for a in addresses:
        written = (a.get("address") or "").strip() or (a.get("name") or "").strip()
        if written.casefold() == want:
            return written
    return None


def _content(part) -> str:
    """A body part's text; one in a charset nobody knows is read as UTF-8, what does not
    decode replaced."""
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeError):
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")


def _content_language(part: EmailMessage | None) -> str | None:
    """The first tag of a Content-Language header ("de-DE, en" is "de-DE"), as written."""
    value = part.get("Content-Language") if part is not None else None
    tag = str(value or "").split(",")[0].strip()
    return tag or None


def _line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------- html as text

_BLOCKS = {"address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
           "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
_UNSEEN = {"head", "script", "style", "template", "title"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _UNSEEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _UNSEEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of_html(html: str) -> str:
    """What an html mail reads as: the text of its body, a line per block, entities decoded."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
