"""Data files read with importlib.resources, so a PyInstaller build finds them."""
