"""The Jinja2 templates every page and e-mail is rendered from."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent.parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml"]),
    auto_reload=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_mail(template: str, **values) -> str:
    return env.get_template(template).render(**values)
