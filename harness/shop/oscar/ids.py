"""The Oscar shop's own ids for the policy's: categories by their URL slug, shipping methods by
the name the checkout shows (Oscar's pages do not show a method's code)."""
from __future__ import annotations

from ..ids import IdMap

CATEGORIES = IdMap()  # the shop's category slugs are the policy's ids (books, apparel, home)
# name as shown -> policy id: one standard method per region
SHIPPING_METHODS = {"Standard delivery": "standard", "Standard delivery (UK)": "standard",
                    "Standard shipping (US)": "standard"}
