"""Fault tests: real gunicorn processes killed and crowded, on loopback only.

They take tens of seconds, so `make test` does not collect them (pytest.ini
ignores this package); `make faults` runs them.
"""
