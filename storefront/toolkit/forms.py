"""Form bodies: size limits, strict UTF-8 and the CSRF token, checked before any handler logic."""
from __future__ import annotations

from urllib.parse import parse_qsl

from .context import Ctx

MAX_BODY = 64 * 1024
MAX_FIELDS = 60
MAX_VALUE = 2000


class FormRejected(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


async def read_form(ctx: Ctx, check_csrf: bool = True, max_value: int = MAX_VALUE) -> dict[str, str]:
    """`max_value`: a form that checks its own field lengths raises it, to name the field too long."""
    request = ctx.request
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise FormRejected(415, "This form must be sent as application/x-www-form-urlencoded.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise FormRejected(413, "The form is too large.")
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=False,
                          encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise FormRejected(400, "The form could not be read (invalid encoding).") from None
    if any(len(v) > max_value for _, v in pairs):
        raise FormRejected(413, "A form field is too long.")
    form = dict(pairs)
    if check_csrf and not ctx.csrf_ok(form.get("csrf")):
        raise FormRejected(403, "Your session has expired. Please reload the page and try again.")
    return form
