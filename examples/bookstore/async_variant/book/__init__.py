"""Books: ``/book`` (async)."""
