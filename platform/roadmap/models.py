"""Models of roadmap."""
