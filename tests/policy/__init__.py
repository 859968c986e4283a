"""Tests of the policy language: loading, checking, overlays, versions, the CLI."""
