"""Authors: ``/author`` (async)."""
