"""Package list: the bindings gain a subpackage per release, so it is discovered, not typed."""

from setuptools import find_packages, setup

setup(
    packages=["mm7codec", "mm7codec.transport", "mm7codec.schemas", "mm7codec.bindings"]
    + [f"mm7codec.bindings.{name}" for name in find_packages("generated")],
)
