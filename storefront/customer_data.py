"""What the database does to customer data on the way in: column encoding and length limits."""
from __future__ import annotations

from .settings import Storage


class CustomerData:
    def __init__(self, storage: Storage):
        self.encoding = storage.text_encoding
        self.phone_max = storage.phone_max_length

    def text(self, value: str) -> str:
        return value.encode(self.encoding, errors="replace").decode(self.encoding)

    def phone(self, value: str) -> str:
        return value[: self.phone_max]

    def address(self, fields: dict[str, str]) -> dict[str, str]:
        return {k: self.text(v) for k, v in fields.items()}
