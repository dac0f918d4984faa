"""Cross-cutting security tests (SECURITY.md); no application code lives here."""
