"""Use cases: one transaction each, the only writers of data, with role checks."""
