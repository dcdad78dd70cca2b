"""Dictation and delivery: transcripts of the candidate's speech and how it was spoken."""
