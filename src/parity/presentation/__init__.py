"""How figures are presented, for pages and for the services that make documents: numbers,
dates and suppression in words (`formatting`), SVG charts with their table twins (`charts`)
and tagged PDFs (`pdf`). Not the page kit (`parity.web`), so a service may use it without
knowing about pages; it knows no domain (docs/decisions/0007-layers.md)."""
