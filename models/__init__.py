"""Local models: catalog, downloads, discovery and the engines behind coach's protocols.

Qt-free and domain-free: nothing here imports PySide6, app, ui or coach.
"""
