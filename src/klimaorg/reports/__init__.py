"""Documents rendered from the service dicts (Markdown now; HTML, PDF and DOCX reports later)."""
