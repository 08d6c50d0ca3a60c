"""Pages and redirects with the request's language, formatting, chrome and cookies."""
from __future__ import annotations

from fastapi.responses import HTMLResponse, RedirectResponse

from .chrome import chrome, with_token
from .context import SESSION_COOKIE, Ctx
from .templates import env


def _with_cookies(ctx: Ctx, response):
    if ctx.new_sid:
        response.set_cookie(SESSION_COOKIE, ctx.sid, httponly=True, samesite="lax", path="/")
        ctx.new_sid = False
    for name, value in ctx.cookies.items():
        response.set_cookie(name, value, httponly=True, samesite="lax", path="/", max_age=None if value else 0)
    return response


def render(ctx: Ctx, template: str, status: int = 200, **values) -> HTMLResponse:
    html = env.get_template(template).render(ctx=ctx, _=ctx._, fmt=ctx.fmt, market=ctx.market, shop=ctx.shop,
                                             chrome=with_token(chrome(ctx), ctx), **values)
    return _with_cookies(ctx, HTMLResponse(html, status_code=status))


def redirect(ctx: Ctx, path: str) -> RedirectResponse:
    return _with_cookies(ctx, RedirectResponse(ctx.url(path), status_code=303))
