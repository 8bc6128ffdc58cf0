"""Explain: each case of a workload measured, its plan as a tree, and its findings."""

from primedb.analyzers.explain.report import ExplainedCase, ExplainReport, explain_cases

__all__ = ["ExplainReport", "ExplainedCase", "explain_cases"]
