"""Local doubles of the platforms' APIs, for tests, benchmarks and the demo."""
