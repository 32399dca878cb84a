"""Benchmarks: one script each, `python bench/<name>.py [--quick]`; shared helpers beside them."""
