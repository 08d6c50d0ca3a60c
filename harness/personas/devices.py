"""Browsers personas arrive with: a desktop or a phone, with a matching viewport and user agent."""
from __future__ import annotations

from .model import Device

_CHROME = "146.0.0.0"
DESKTOPS = (
    Device("desktop", (1920, 1080), f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{_CHROME} Safari/537.36", False, False),
    Device("desktop", (1440, 900), f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{_CHROME} Safari/537.36", False, False),
    Device("desktop", (1366, 768), f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{_CHROME} Safari/537.36", False, False),
)
MOBILES = (
    Device("mobile", (412, 915), f"Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{_CHROME} Mobile Safari/537.36", True, True),
    Device("mobile", (390, 844), "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", True, True),
    Device("mobile", (360, 800), f"Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{_CHROME} Mobile Safari/537.36", True, True),
)
