"""What panels do, one module per part of the cycle. Views and commands call these; every
change goes through models registered with the audit trail, or is recorded explicitly."""
