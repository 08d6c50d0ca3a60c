"""The shop's database: SQLite in WAL mode by default, any SQLAlchemy URL (PostgreSQL) otherwise."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker
from sqlalchemy.types import TypeDecorator


class Money(TypeDecorator):
    """Exact decimals on every backend (SQLite has no DECIMAL)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(40), default="")
    market: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    addresses: Mapped[list["Address"]] = relationship(back_populates="customer", order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    fields: Mapped[dict] = mapped_column(JSON)
    customer: Mapped[Customer] = relationship(back_populates="addresses")


class LoginFailure(Base):
    """A failed log-in, counted per e-mail address to slow down password guessing (all workers
    share the database, so they share the count)."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=_now)


class LoginSession(Base):
    """A logged-in browser session or API token."""

    __tablename__ = "login_sessions"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class Cart(Base):
    __tablename__ = "carts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), unique=True, index=True)  # browser session id or API cart token
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))
    checkout: Mapped[dict] = mapped_column(JSON, default=dict)  # address, contact, shipping and payment choices
    items: Mapped[list["CartItem"]] = relationship(cascade="all, delete-orphan", order_by="CartItem.id")


class CartItem(Base):
    __tablename__ = "cart_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id"), index=True)
    sku: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int]


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)  # the session or cart token that placed it
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    email: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(40))
    address: Mapped[dict] = mapped_column(JSON)
    shipping_method: Mapped[str] = mapped_column(String(32))
    payment_method: Mapped[str] = mapped_column(String(32))
    subtotal: Mapped[Decimal] = mapped_column(Money)
    discount: Mapped[Decimal] = mapped_column(Money)
    promotion: Mapped[str | None] = mapped_column(String(64))
    shipping: Mapped[Decimal] = mapped_column(Money)
    tax: Mapped[Decimal] = mapped_column(Money)
    tax_included: Mapped[bool]
    tax_rate: Mapped[Decimal] = mapped_column(Money)
    total: Mapped[Decimal] = mapped_column(Money)
    delivery_from: Mapped[dt.date]
    delivery_to: Mapped[dt.date]
    # Set by the staging delivery hook; None: delivered on `delivery_to` (aftersales/delivery.py).
    delivered_on: Mapped[dt.date | None] = mapped_column(default=None)
    card_number: Mapped[str] = mapped_column(String(19), default="")  # digits of a test card, "" for other methods
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    lines: Mapped[list["OrderLine"]] = relationship(cascade="all, delete-orphan", order_by="OrderLine.id")


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Money)


class Mail(Base):
    """What the SMTP sink received, as received (parsed when the mailbox is read)."""

    __tablename__ = "mail"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(200), index=True)
    sender: Mapped[str] = mapped_column(String(200))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[dt.datetime] = mapped_column(default=_now)


class NotifyRequest(Base):
    __tablename__ = "notify_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


def make_engine(url: str, write_lock=None) -> Engine:
    """The engine alone: schema.py's open_database creates the tables, every part's.

    `write_lock`, a lock shared by every process on the same SQLite file, is held from a
    connection's first write to its return to the pool (after commit or rollback)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        if write_lock is not None:
            _serialise_writes(engine, write_lock)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


WRITE_LOCK_TIMEOUT = 10.0
_READS = ("SELECT", "PRAGMA")


def _serialise_writes(engine: Engine, lock) -> None:
    # SQLite lets one writer at a time; a worker that finds the file locked sleeps in steps of
    # 1, 2, 5 ms and more, its event loop stalled all the while. Waiting on a shared lock wakes
    # it the moment the other worker commits. Reads need no lock in WAL mode.
    @event.listens_for(engine, "before_cursor_execute")
    def _take(conn, _cursor, statement, _params, _context, _many):
        info = conn.info
        if info.get("writing") or statement.lstrip()[:6].upper() in _READS:
            return
        if not lock.acquire(timeout=WRITE_LOCK_TIMEOUT):
            raise TimeoutError(f"no database write lock within {WRITE_LOCK_TIMEOUT:.0f} s")
        info["writing"] = True

    @event.listens_for(engine.pool, "checkin")
    def _give_back(_dbapi_conn, record):
        if record is not None and record.info.pop("writing", False):
            lock.release()


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


class ProductRow(Base):
    __tablename__ = "products"
    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    price_eur: Mapped[Decimal] = mapped_column(Money)
    names: Mapped[dict] = mapped_column(JSON)
    descriptions: Mapped[dict] = mapped_column(JSON)
