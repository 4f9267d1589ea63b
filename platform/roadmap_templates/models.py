"""Models of roadmap_templates."""
