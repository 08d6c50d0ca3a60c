"""Synthetic customers. Until the persona factory lands, a few hand-written sample customers."""
