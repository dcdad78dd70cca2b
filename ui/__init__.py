"""PySide6 widgets. No domain logic: pages call services through the task runner."""
