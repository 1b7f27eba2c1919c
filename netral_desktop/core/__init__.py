"""Pure domain rules: no Qt, no SQL, no I/O beyond reading shipped reference data."""
