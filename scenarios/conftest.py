"""Journeys run with the harness plugin (installed as a pytest11 entry point); nothing to add here."""
