"""Render stage (pure): consolidated versions → documents in each output format."""
