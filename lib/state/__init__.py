"""What must last between runs: dataset versions, scenarios, users, the audit log."""
