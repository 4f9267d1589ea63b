"""Models of schoolreport."""
