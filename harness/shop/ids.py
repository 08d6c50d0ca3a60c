"""Mapping the policy's ids (payment methods, categories, shipping methods) to a shop's own.

The market policy names things the way the business does (`card`, `invoice`, `books`); a shop
may call them `stripe_card`, `bank-invoice`, `category-12`. An adapter keeps one `IdMap` per
kind and translates at its edge, so the checks compare like with like:

    PAYMENTS = IdMap({"card": "stripe_card", "invoice": "bank-invoice"})
    PAYMENTS.to_shop("card")            # "stripe_card"
    PAYMENTS.to_policy("bank-invoice")  # "invoice"

Ids without an entry pass through unchanged, so a map lists only the ones that differ.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping


class IdMap:
    def __init__(self, policy_to_shop: Mapping[str, str] | None = None):
        self._to_shop = dict(policy_to_shop or {})
        self._to_policy = {shop: policy for policy, shop in self._to_shop.items()}
        if len(self._to_policy) != len(self._to_shop):
            raise ValueError(f"two policy ids map to one shop id: {self._to_shop}")

    def to_shop(self, policy_id: str) -> str:
        return self._to_shop.get(policy_id, policy_id)

    def to_policy(self, shop_id: str) -> str:
        return self._to_policy.get(shop_id, shop_id)

    def all_to_policy(self, shop_ids: Iterable[str]) -> list[str]:
        return [self.to_policy(i) for i in shop_ids]
