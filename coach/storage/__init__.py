"""Persistent storage: SQLite for records, chromadb for vectors."""
