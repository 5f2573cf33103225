"""Prototypes measured by the benchmark, not part of nest: starting points for changes to the core."""
