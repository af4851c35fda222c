"""The HTTP mechanisms every resource shares, one module each."""
