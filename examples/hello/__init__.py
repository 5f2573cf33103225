"""A small nest application: one module, one service, one controller."""
