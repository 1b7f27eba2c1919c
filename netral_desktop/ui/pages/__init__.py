"""The window's pages, one per navigation entry."""
