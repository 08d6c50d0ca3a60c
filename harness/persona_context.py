"""A persona's browser context, as the journeys set it up: locale, time zone, place, device,
language, its client address (the proxy it reaches the shop through) and the staging shop's
basic auth. The pytest plugin's `browser_context_args` fixture and `harness adapter check` both
build a persona's context from here."""
from __future__ import annotations

from .personas import Persona
from .secrets import load_secrets


def egress_proxy_flags(items) -> dict[str, str]:
    """--egress-proxy CC=URL flags as {market: proxy URL}; a malformed one is refused in one line."""
    from .errors import UserInputError

    out = {}
    for item in items:
        code, sep, url = item.partition("=")
        if not sep or len(code.strip()) != 2 or not url.startswith(("http://", "https://", "socks5://")):
            raise UserInputError(f"--egress-proxy: {item!r} is not CC=URL (e.g. DE=http://proxy.example:3128)")
        out[code.strip().upper()] = url.strip()
    return out


def credentials() -> dict:
    """The staging shop's HTTP basic auth (HARNESS_BASIC_AUTH), sent by every persona's browser."""
    basic = load_secrets().basic_auth
    return {"http_credentials": {"username": basic[0], "password": basic[1], "send": "always"}} if basic else {}


def context_args(persona: Persona, base_url: str, proxy_server: str, auth: dict | None = None) -> dict:
    """`Browser.new_context` arguments for `persona` reaching `base_url` through `proxy_server`
    (its market's egress proxy, or its geo-proxy route's `server`); `auth` defaults to
    `credentials()`."""
    device = persona.device
    return {
        "base_url": base_url,
        "locale": persona.locale,
        "timezone_id": persona.timezone,
        "geolocation": {"latitude": persona.geo[0], "longitude": persona.geo[1]},
        "permissions": ["geolocation"],
        "extra_http_headers": {"Accept-Language": persona.accept_language},
        "viewport": {"width": device.viewport[0], "height": device.viewport[1]},
        "user_agent": device.user_agent,
        "is_mobile": device.is_mobile,
        "has_touch": device.has_touch,
        "proxy": {"server": proxy_server},
        **(credentials() if auth is None else auth),
    }
