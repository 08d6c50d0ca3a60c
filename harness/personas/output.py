"""Personas as a Rich table, JSON or CSV."""
from __future__ import annotations

import csv
import io
import json

from rich.table import Table

from .model import Persona

CSV_COLUMNS = ("id", "market", "archetype", "locale", "language", "name", "name_latin", "email", "phone",
               "street", "street2", "postcode", "city", "region", "country", "currency", "timezone", "lat", "lon",
               "ip", "ip_country", "device", "payment_method", "card_number", "vat_id", "edge_cases")


def as_json(personas: list[Persona]) -> str:
    return json.dumps([p.to_dict() for p in personas], ensure_ascii=False, indent=2)


def as_csv(personas: list[Persona]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in personas:
        a = p.address
        writer.writerow([p.id, p.market, p.archetype, p.locale, p.language, p.name, p.name_latin, p.email, p.phone,
                         a.street, a.street2, a.postcode or "", a.city, a.region or "", a.country, p.currency,
                         p.timezone, p.geo[0], p.geo[1], p.ip, p.ip_country, p.device.kind, p.payment_method,
                         p.card_number, p.vat_id, " ".join(p.edge_cases)])
    return buf.getvalue()


def as_table(personas: list[Persona], title: str) -> Table:
    table = Table(title=title)
    for col in ("id", "archetype", "name", "email", "phone", "address", "ip", "pays with"):
        table.add_column(col, overflow="fold")
    for p in personas:
        name = p.name if p.name == p.name_latin else f"{p.name}\n{p.name_latin}"
        ip = p.ip if p.ip_country == p.market else f"{p.ip} ({p.ip_country})"
        table.add_row(p.id, p.archetype, name, p.email, p.phone, "\n".join(p.address.lines()[1:]), ip, p.payment_method)
    return table


def covering_table(covering, seed: int) -> Table:
    """A market's covering set: each persona, and what it was chosen to stand for."""
    table = Table(title=f"{covering.summary()} (seed {seed})", title_justify="left")
    for col in ("id", "language × archetype", "device", "pays with", "client address", "chosen for"):
        table.add_column(col, overflow="fold")
    for stand in covering.stands:
        p = stand.persona
        ip = p.ip if p.ip_country == p.market else f"{p.ip} ({p.ip_country})"
        table.add_row(p.id, f"{p.language} × {p.archetype}", p.device.kind, p.payment_method, ip,
                      stand.describe().partition(": ")[2])
    return table
