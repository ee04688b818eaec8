"""Werkplek: the composing top of the application. The start pages and the demo data bring
aanmelding, casemanagement and mdo together; nothing imports this app."""
