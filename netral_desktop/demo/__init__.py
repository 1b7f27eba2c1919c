"""Realistic synthetic data for trying the program and for benchmarks (``netral demo``).

``office`` sets up the demo office and its users and calls the others; ``roster`` makes the
agencies and civil servants, ``pledges`` the pledge ceremonies and their attendance.
"""

SCALES = ("small", "district", "province")
