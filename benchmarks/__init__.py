"""Performance harnesses of design.md §9, run from the repository's top folder
(``python -m benchmarks.roster``); not installed with the package.

Not unit tests: timings depend on the machine. ``tests/test_bench_roster.py`` runs the roster
harness at tiny sizes so it keeps working; the tests borrow the sample builders of
``documents`` and ``pledge``.
"""
