"""Start-up and wiring: the one place that knows every layer."""
