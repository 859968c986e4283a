"""Rendering of results for people and programs; no logic beyond presentation."""
