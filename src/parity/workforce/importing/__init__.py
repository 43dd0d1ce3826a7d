"""Importing the Home Office police workforce ethnicity table (see `home_office`)."""
