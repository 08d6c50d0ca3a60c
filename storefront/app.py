"""The storefront application: FastAPI, Jinja2 pages and JSON API over the shop's database."""
from __future__ import annotations

import contextlib
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from .aftersales import routes as aftersales_routes
from .db import ProductRow, session_factory
from .help import routes as help_routes
from .mail import Mailer
from .schema import open_database
from .settings import Product
from .shop import Shop
from .support import routes as support_routes
from .toolkit.context import LocalePrefixMiddleware, build_context
from .toolkit.forms import FormRejected
from .toolkit.render import render
from .web import account, api, checkout_pages, pages
from .web.front_door import FrontDoor

log = logging.getLogger("storefront")
HTTP_ERRORS = {
    404: ("not_found", "no such resource"),
    405: ("method_not_allowed", "this resource does not take that method"),
    400: ("invalid_request", "the request body could not be read"),
}


def seed_catalogue(shop: Shop, sessions) -> None:
    """The demo catalogue goes into the database once; the shop then reads it from there."""
    with sessions() as db:
        if db.scalar(select(ProductRow).limit(1)) is None:
            for p in shop.catalogue.products:
                db.add(ProductRow(sku=p.sku, category=p.category, price_eur=p.price_eur, names=p.names, descriptions=p.descriptions))
            db.commit()
        rows = db.scalars(select(ProductRow).order_by(ProductRow.sku)).all()
    products = [Product(sku=r.sku, category=r.category, price_eur=r.price_eur, names=r.names, descriptions=r.descriptions) for r in rows]
    shop.catalogue.products = products
    shop.products = {p.sku: p for p in products}


def prepare_database(shop: Shop, database_url: str) -> None:
    """Schema and demo catalogue, once, before any worker starts."""
    engine = open_database(database_url)
    try:
        seed_catalogue(shop, session_factory(engine))
    finally:
        engine.dispose()


def create_app(shop: Shop, database_url: str, secret: bytes, mail_to: tuple[str, int], write_lock=None) -> FastAPI:
    """One worker's application, on a database `prepare_database` has set up; its mail goes
    over SMTP to `mail_to`, `secret` signs sessions and CSRF tokens for every worker alike, and
    `write_lock` (see `db.make_engine`) is shared by every process on the database."""
    engine = open_database(database_url, write_lock)
    sessions = session_factory(engine)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.mailer = Mailer(*mail_to)
        yield
        app.state.mailer.close()
        engine.dispose()

    app = FastAPI(title="Reference storefront", version="1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.shop = shop
    app.state.sessions = sessions
    app.state.secret = secret
    app.state.grid_cache = {}
    app.state.chrome_cache = {}

    @app.get("/health")
    async def health():
        return {"status": "ok", "markets": len(shop.config.markets), "faults": [f.name for f in shop.faults]}

    # Routes match in order: the pages and API load runs hit most come first.
    for router in (pages.router, api.router, checkout_pages.router, account.router, help_routes.router,
                   support_routes.router, aftersales_routes.router, api.staging):
        app.include_router(router)

    @app.exception_handler(FormRejected)
    async def form_rejected(request: Request, exc: FormRejected):
        ctx = build_context(request)
        return render(ctx, "error.html", exc.status, message=ctx._(exc.message), categories=[], cart_count=0)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Errors the framework raises (no route, wrong method, an unreadable body) in the shop's
        # own shapes: JSON with a stable code for the API, a page in the visitor's language.
        headers = getattr(exc, "headers", None)
        if request.url.path.startswith("/api/"):
            code, message = HTTP_ERRORS.get(exc.status_code, ("bad_request", str(exc.detail)))
            return JSONResponse({"error": code, "message": message}, status_code=exc.status_code, headers=headers)
        ctx = build_context(request)
        message = ctx._("This page does not exist.") if exc.status_code == 404 else str(exc.detail)
        response = render(ctx, "error.html", exc.status_code, message=message, categories=[], cart_count=0)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        return JSONResponse({"error": "invalid_request", "fields": errors}, status_code=422)

    app.add_middleware(LocalePrefixMiddleware, shop=shop)
    app.add_middleware(FrontDoor, shop=shop)  # outermost: an edge rule refuses before the shop works
    return app
