"""Bindings compiled by xsdata from schemas/ (tools/bindings.py): never edit."""
