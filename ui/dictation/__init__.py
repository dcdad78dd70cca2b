"""Dictation: record the candidate's answer (or import a recording), transcribe it in
the background into the answer box, and show how it was spoken.

The speech engine is reached only through `coach.delivery.service.DictationService`,
which the app builds and hands to the pages; nothing here imports an engine.
"""
