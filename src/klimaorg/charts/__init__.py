"""Charts as plain SVG markup, built by pure functions from plain data (web pages, reports)."""
