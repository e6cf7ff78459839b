"""Load and timing checks run outside the normal test suite: ``python -m tests.stress``."""
