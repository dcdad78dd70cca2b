"""The résumé-refresh loop: one role at a time, questions, drafts, provenance."""
