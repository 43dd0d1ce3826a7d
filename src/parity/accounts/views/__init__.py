"""Account pages: one module per part (signing in, second factor, people, audit trail)."""
