"""Jinja2 rendering with the request's language, formatting and cookies."""
from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .context import SESSION_COOKIE, Ctx

TEMPLATES = Path(__file__).parent.parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml"]),
    auto_reload=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _with_cookies(ctx: Ctx, response):
    if ctx.new_sid:
        response.set_cookie(SESSION_COOKIE, ctx.sid, httponly=True, samesite="lax", path="/")
        ctx.new_sid = False
    for name, value in ctx.cookies.items():
        response.set_cookie(name, value, httponly=True, samesite="lax", path="/", max_age=None if value else 0)
    return response


def render(ctx: Ctx, template: str, status: int = 200, **values) -> HTMLResponse:
    from .chrome import chrome, with_token

    html = env.get_template(template).render(ctx=ctx, _=ctx._, fmt=ctx.fmt, market=ctx.market, shop=ctx.shop,
                                             chrome=with_token(chrome(ctx), ctx), **values)
    return _with_cookies(ctx, HTMLResponse(html, status_code=status))


def redirect(ctx: Ctx, path: str) -> RedirectResponse:
    return _with_cookies(ctx, RedirectResponse(ctx.url(path), status_code=303))


def render_mail(template: str, **values) -> str:
    return env.get_template(template).render(**values)
