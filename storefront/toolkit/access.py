"""Who may open a customer's order, ticket or return.

The paths listed in the shop's `access.owner_only` settings answer only their owner: the
browser session or API token that created the resource, or the logged-in customer it belongs
to. A resource someone else asks for is answered as if it did not exist (404), so references
cannot be probed. Every other path is public.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import LoginSession
from .context import Ctx


def owner_only(ctx: Ctx) -> bool:
    path = ctx.request.url.path
    return any(path.startswith(prefix) for prefix in ctx.shop.config.access.owner_only)


def bearer(ctx: Ctx) -> str:
    """The API token: `Authorization: Bearer ...`, or `X-Api-Token` for a client behind HTTP basic
    auth, whose Authorization header carries the gate's credentials."""
    token = ctx.request.headers.get("x-api-token") or ctx.request.headers.get("authorization", "").removeprefix("Bearer ")
    return token.strip()[:64]


def is_owner(ctx: Ctx, db: Session, owner: str, customer_id: int | None) -> bool:
    """`owner` is the session id or API token that created the resource."""
    token = bearer(ctx)
    if owner and (owner == ctx.sid and not ctx.new_sid or owner == token):
        return True
    if customer_id is None:
        return False
    customer = ctx.customer(db)
    if customer is not None and customer.id == customer_id:
        return True
    login = db.get(LoginSession, token) if token else None
    return login is not None and login.customer_id == customer_id


def may_open(ctx: Ctx, db: Session, owner: str, customer_id: int | None) -> bool:
    return not owner_only(ctx) or is_owner(ctx, db, owner, customer_id)


def owned(ctx: Ctx, db: Session, model, ref: str):
    """The `model` row (an order, a return, a claim) with reference `ref`, if this visitor may
    open it; None answers as if it did not exist."""
    found = db.scalar(select(model).where(model.ref == ref[:32]))
    return found if found is not None and may_open(ctx, db, found.owner, found.customer_id) else None
