"""Delivery for the web: the Jinja environment, layouts, form rendering and page parts."""
