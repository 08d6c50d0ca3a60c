from oscar.apps.partner.models import *  # noqa: F401,F403 (a fork for its strategy only)
