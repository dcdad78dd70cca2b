"""The Loopcoach domain: Qt-free, engine-free.

It states what it needs from a model as small protocols (`coach.protocols`) and
never imports Qt, llama.cpp or faster-whisper; the app wires real engines in.
"""
