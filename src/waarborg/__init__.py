"""Waarborg: governance of AI systems under the EU AI Act and CETS 225."""

__version__ = "0.1.0"
