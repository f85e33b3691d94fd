"""MM7 on the wire: an HTTP client, an ASGI receiver, an MMSC simulator and a probe.

A thin layer over the sans-I/O core (:mod:`mm7codec.codec`): the core turns bytes into typed
messages and back, this package moves the bytes. It needs the ``http`` extra
(``pip install mm7codec[http]``); the core never imports it.
"""
