"""Authors: ``/author`` (sync)."""
