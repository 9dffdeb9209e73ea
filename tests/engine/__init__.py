"""Tests of the generic decision engine."""
