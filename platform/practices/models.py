"""Models of practices."""
