"""Developer tools, run from the repository's top folder (``python -m tools.i18n_catalog``);
not installed with the package."""
