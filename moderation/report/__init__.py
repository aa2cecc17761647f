"""Per-thread moderation reports: what needs attention, where in the tree, aimed at whom, and why.

`build_report(threads, model)` returns the `moderation.report/1` document; the renderers turn it (or
the stream of thread reports behind it) into text, Markdown, JSON, CSV or a self-contained HTML page.
"""

from moderation.report.run import SCHEMA, ReportSettings, RunSummary, build_report, iter_thread_reports

__all__ = ["SCHEMA", "ReportSettings", "RunSummary", "build_report", "iter_thread_reports"]
