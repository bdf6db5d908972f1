"""Files to pages: finding input files, decoding them, normalising text."""
