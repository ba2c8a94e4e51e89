"""Build hook: ship the scenario and experiment presets inside the package.

The presets have one home in the repository, the top-level ``scenarios/`` and ``experiments/``
folders, where users and the documentation find them.  A built package (``pip install .``, a
wheel) carries a copy of both as ``sim/presets/scenarios/`` and ``sim/presets/experiments/``, so
that preset names work from any folder; ``sim.scenario.loading`` looks there first.  Editable
installs read the repository's folders directly.  Everything else is in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PRESET_FOLDERS = ("scenarios", "experiments")


class BuildWithPresets(build_py):
    """``build_py`` that also copies the preset folders into ``sim/presets/`` of the build."""

    def run(self) -> None:
        """Build the package, then add the presets (not in editable mode, which reads the repository)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder in PRESET_FOLDERS:
            target = Path(self.build_lib, "sim", "presets", folder)
            self.mkpath(str(target))
            for source in sorted(Path(folder).glob("*.toml")):
                self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildWithPresets})
