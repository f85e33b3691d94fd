"""Maintainer tools: emit the schemas, regenerate the bindings, add a release."""
