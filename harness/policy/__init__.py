"""The market policy: what each market's customers must get (personas/policy/<CC>.yaml)."""
from .load import Policy, default_directory, load_policy
from .model import MarketPolicy, WEEKDAYS

__all__ = ["MarketPolicy", "Policy", "WEEKDAYS", "default_directory", "load_policy"]
