"""Performance evaluation (绩效评价): indicator trees, scoring methods and grades as data, score sheets.

See docs/performance.md. Public API: :func:`juesuan.perf.scoring.score_evaluation`,
:func:`juesuan.load.evaluations.read_evaluations`, :mod:`juesuan.document.evaluations`.
"""
