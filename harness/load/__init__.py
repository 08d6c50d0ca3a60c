"""Peak load with Locust, per region. A locustfile for another shop reads like Locust's own:

    from harness.load import ShopUser, task

    class Customer(ShopUser):
        @task
        def browse(self):
            self.get(self.visit(), "/")

Every request carries a persona of a market drawn from the run's regional mix and is named by
market (`[DE] GET /`), so the harness can hold each region to its service-level targets.

Importing Locust monkey-patches the process for gevent, so the names are loaded on first use:
`harness.load.shapes` and the other pure modules can be used without it.
"""
from __future__ import annotations

_FROM_LOCUST = ("between", "constant", "constant_throughput", "tag", "task")
_FROM_USERS = ("ShopUser", "Shopper", "Visit")
__all__ = [*_FROM_LOCUST, *_FROM_USERS]


def __getattr__(name: str):
    if name in _FROM_LOCUST:
        import locust

        return getattr(locust, name)
    if name in _FROM_USERS:
        from . import users

        return getattr(users, name)
    raise AttributeError(f"module 'harness.load' has no attribute {name!r}")
