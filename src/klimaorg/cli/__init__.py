"""Command-line interface: thin commands over the same services the web app uses."""
