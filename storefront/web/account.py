"""Accounts: register, log in and out, orders and addresses."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from fastapi import APIRouter, Request
from sqlalchemy import delete, func, select

from ..addresses import EMAIL, check_address
from ..customer_data import CustomerData
from ..db import Address, Customer, LoginFailure, LoginSession, Order
from ..toolkit.context import LOGIN_COOKIE, build_context
from ..toolkit.forms import read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect

router = APIRouter()


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**12, r=8, p=1)
    return f"{salt.hex()}${digest.hex()}"


def password_ok(password: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored) if digest else False


def register_customer(db, shop, market, email: str, password: str, name: str, phone: str) -> Customer | str:
    """Returns the customer, or the msgid of the reason it was refused."""
    if not EMAIL.match(email) or len(email) > 200:
        return "Please enter a valid e-mail address."
    if not 8 <= len(password) <= 200:
        return "The password needs at least 8 characters."
    if not name.strip() or len(name) > 200:
        return "Please enter your name."
    if db.scalar(select(Customer).where(Customer.email == email.lower())):
        return "An account with this e-mail address already exists."
    store = CustomerData(shop.config.storage)
    customer = Customer(email=email.lower(), password_hash=hash_password(password), name=store.text(name.strip()),
                        phone=store.phone(phone.strip()[:40]), market=market.country)
    db.add(customer)
    db.flush()
    return customer


MAX_FAILURES, LOCKOUT = 5, dt.timedelta(minutes=15)
LOCKED = "locked"


def log_in(db, email: str, password: str) -> str | None:
    """A session token, None for wrong credentials, or LOCKED after MAX_FAILURES failed attempts
    for the address within LOCKOUT (the password is not even checked then)."""
    address = email.strip().lower()[:200]
    since = dt.datetime.now(dt.timezone.utc) - LOCKOUT
    failures = db.scalar(select(func.count()).select_from(LoginFailure)
                         .where(LoginFailure.email == address, LoginFailure.at >= since))
    if failures >= MAX_FAILURES:
        return LOCKED
    customer = db.scalar(select(Customer).where(Customer.email == address))
    if customer is None or not password_ok(password, customer.password_hash):
        db.add(LoginFailure(email=address))
        return None
    db.execute(delete(LoginFailure).where(LoginFailure.email == address))
    token = secrets.token_urlsafe(32)
    db.add(LoginSession(token=token, customer_id=customer.id))
    return token


@router.get("/account/register")
async def register_form(request: Request):
    ctx = build_context(request)
    return shop_page(ctx, "register.html", guard=False, values={}, error=None)


@router.post("/account/register")
async def register(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        result = register_customer(db, ctx.shop, ctx.market, form.get("email", "").strip(), form.get("password", ""),
                                   form.get("name", ""), form.get("phone", ""))
        if isinstance(result, str):
            return shop_page(ctx, "register.html", 422, guard=False, values=form, error=ctx._(result))
        token = log_in(db, form["email"], form["password"])
        db.commit()
    ctx.cookies[LOGIN_COOKIE] = token
    return redirect(ctx, "/account")


@router.get("/account/login")
async def login_form(request: Request):
    ctx = build_context(request)
    return shop_page(ctx, "login.html", guard=False, error=None)


@router.post("/account/login")
async def login(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        token = log_in(db, form.get("email", ""), form.get("password", ""))
        db.commit()
    if token is None or token == LOCKED:
        page = shop_page(ctx, "login.html", 429 if token == LOCKED else 401, guard=False,
                         error=ctx._("E-mail address or password is wrong."))
        if token == LOCKED:
            page.headers["Retry-After"] = str(int(LOCKOUT.total_seconds()))
        return page
    ctx.cookies[LOGIN_COOKIE] = token
    return redirect(ctx, "/account")


@router.post("/account/logout")
async def logout(request: Request):
    ctx = build_context(request)
    await read_form(ctx)
    with request.app.state.sessions() as db:
        token = request.cookies.get(LOGIN_COOKIE)
        if token and (login := db.get(LoginSession, token[:64])):
            db.delete(login)
            db.commit()
    ctx.cookies[LOGIN_COOKIE] = ""
    return redirect(ctx, "/")


@router.get("/account")
async def account(request: Request):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        customer = ctx.customer(db)
        if customer is None:
            return redirect(ctx, "/account/login")
        orders = db.scalars(select(Order).where(Order.customer_id == customer.id).order_by(Order.id.desc())).all()
        return shop_page(ctx, "account.html", guard=False, customer=customer, orders=orders,
                         addresses=list(customer.addresses), errors={})


@router.post("/account/addresses")
async def add_address(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        customer = ctx.customer(db)
        if customer is None:
            return redirect(ctx, "/account/login")
        checked = check_address(form, ctx.market)
        if checked.errors:
            orders = db.scalars(select(Order).where(Order.customer_id == customer.id)).all()
            return shop_page(ctx, "account.html", 422, guard=False, customer=customer, orders=orders,
                             addresses=list(customer.addresses), errors={k: ctx._(v) for k, v in checked.errors.items()})
        store = CustomerData(ctx.shop.config.storage)
        db.add(Address(customer_id=customer.id, country=ctx.market.country, fields=store.address(checked.values)))
        db.commit()
    return redirect(ctx, "/account")
