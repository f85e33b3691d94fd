"""The ``mm7`` subcommands that put MM7 on the wire (send, probe, serve, mmsc-sim).

:func:`register` adds them to the ``mm7`` parser; :mod:`mm7codec.cli` calls it. The modules
they run import httpx and uvicorn only when the command runs, so ``mm7 check`` works without
the ``http`` extra and these commands say how to get it.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the transport subcommands to ``sub``."""
