"""Ship the scenarios and the schema inside the package, so that a wheel plays without a checkout.

The checkout keeps them at the top level (`scenarios/`, `schema/`), where authors
edit them; building the package copies both into `roleplay/shipped/`, which
`roleplay.catalogue` reads in an installed copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = {"scenarios": ("*.yaml", "*.md"), "schema": ("*.json",)}


class BuildWithData(build_py):
    """The usual build, then the shipped data copied in beside the code."""

    def run(self) -> None:
        super().run()
        for folder, patterns in SHIPPED.items():
            target = Path(self.build_lib) / "roleplay" / "shipped" / folder
            target.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for source in sorted((HERE / folder).glob(pattern)):
                    shutil.copyfile(source, target / source.name)


setup(cmdclass={"build_py": BuildWithData})
