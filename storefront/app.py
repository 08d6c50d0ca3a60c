"""The storefront application: FastAPI, Jinja2 pages, JSON API, database and mail sink."""
from __future__ import annotations

import contextlib
import logging
import secrets
import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import select

from .db import ProductRow, make_engine, session_factory
from .mail import MailSink, Mailer
from .settings import Product
from .shop import Shop, load_shop
from .web import account, api, checkout_pages, pages
from .web.context import LocalePrefixMiddleware, build_context
from .web.forms import FormRejected
from .web.render import render

log = logging.getLogger("storefront")


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


def create_app(shop: Shop | None = None, database_url: str | None = None) -> FastAPI:
    shop = shop or load_shop()
    if database_url is None:
        database_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='storefront-')) / 'shop.db'}"
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    seed_catalogue(shop, sessions)
    sink = MailSink(sessions)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        await sink.start()
        app.state.mailer = Mailer(*sink.address)
        yield
        await sink.stop()
        engine.dispose()

    app = FastAPI(title="Reference storefront", version="1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.shop = shop
    app.state.sessions = sessions
    app.state.secret = secrets.token_bytes(32)
    app.state.sink = sink
    app.state.grid_cache = {}

    @app.get("/health")
    async def health():
        return {"status": "ok", "markets": len(shop.config.markets), "faults": [f.name for f in shop.faults]}

    for router in (pages.router, checkout_pages.router, account.router, api.router, api.staging):
        app.include_router(router)

    @app.exception_handler(FormRejected)
    async def form_rejected(request: Request, exc: FormRejected):
        ctx = build_context(request)
        return render(ctx, "error.html", exc.status, message=ctx._(exc.message), categories=[], cart_count=0)

    @app.exception_handler(404)
    async def not_found(request: Request, exc):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not_found", "message": "no such resource"}, status_code=404)
        ctx = build_context(request)
        return render(ctx, "error.html", 404, message=ctx._("This page does not exist."), categories=[], cart_count=0)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        return JSONResponse({"error": "invalid_request", "fields": errors}, status_code=422)

    app.add_middleware(LocalePrefixMiddleware, shop=shop)
    return app
