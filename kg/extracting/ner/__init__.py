"""The statistical name tagger (character CRF) and its training script."""
