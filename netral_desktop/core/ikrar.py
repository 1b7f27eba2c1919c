# TEMPORARY shim for the split; removed at merge
"""The old path of ``core.pledge``, kept only while demo_ikrar.py still imports it."""

from netral_desktop.core.pledge import *  # noqa: F403
