"""The web app: server-rendered pages (German first, English beside) and the JSON API."""
