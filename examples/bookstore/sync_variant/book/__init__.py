"""Books: ``/book`` (sync)."""
