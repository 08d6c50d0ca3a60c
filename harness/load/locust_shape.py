"""A Shape played to Locust (kept apart from shapes.py, which needs no Locust)."""
from __future__ import annotations

from locust import LoadTestShape

from .shapes import Shape


class RegionalShape(LoadTestShape):
    """Plays a Shape to Locust; the market mix of the current tick is published for the users."""

    abstract = True
    shape: Shape
    on_mix = None  # called with each tick's mix (the run shares it with the users)

    def tick(self):
        found = self.shape.at(self.get_run_time())
        if found is None:
            return None
        if self.on_mix:
            self.on_mix(found.mix)
        return found.users, found.spawn_rate
