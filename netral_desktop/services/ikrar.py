# TEMPORARY shim for the split; removed at merge
"""The old path of ``services.pledge``, kept only while cli.py, demo_ikrar.py and the benchmarks
still import it."""

from netral_desktop.services.pledge import *  # noqa: F403
from netral_desktop.services.pledge import __all__  # noqa: F401
