"""Placeholder: filled by its own issue."""

from lib import ui

ui.placeholder("nav.data")
