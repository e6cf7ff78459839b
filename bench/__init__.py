"""Benchmarks with their own runner: ``python -m bench`` (or ``make bench``)."""
