"""Parity: measure, scrutinise and publish how policing treats each ethnic group."""

__version__ = "0.1.0"
