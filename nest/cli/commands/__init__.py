"""The ``pynest`` commands, one module per group."""
