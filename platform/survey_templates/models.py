"""Models of survey_templates."""
