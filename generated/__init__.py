"""Bindings compiled by xsdata from schemas/; regenerate with tools/bindings.py."""
