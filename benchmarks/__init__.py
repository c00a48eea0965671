"""Benchmarks and the labelled evaluation of the matcher (`make eval`, `make bench`)."""
