"""The ``outfitter`` command line."""
