"""Analyzers: explain (plan findings), advise (index advice), audit (index and schema health)."""
