"""One module per ad platform; each defines ``PLATFORM`` (see :mod:`aeflow.importers.registry`)."""
