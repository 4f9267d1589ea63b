"""Models of publicpage."""
