"""The OpenAPI document's extras: an Arabic example for every operation (examples.py),
recorded from the seed dataset (recorder.py)."""
