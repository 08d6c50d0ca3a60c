"""Synthetic customers: `PersonaFactory(load_policy(), seed).personas("DE", 5)`."""
from .factory import PersonaFactory
from .model import ARCHETYPES, EDGE_CASES, Address, Device, Persona

__all__ = ["ARCHETYPES", "EDGE_CASES", "Address", "Device", "Persona", "PersonaFactory"]
