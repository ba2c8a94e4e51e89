"""Where a result came from: package versions and the git commit, for run and experiment manifests.

Both are read once per process (they do not change while it runs) and written under the manifest
keys ``versions`` and ``git``.
"""

from __future__ import annotations

import functools
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "scipy", "SALib", "dask", "distributed")


@functools.cache
def package_versions() -> dict[str, str | None]:
    """The versions of Python, of this project (``sim``) and of the packages results depend on.

    Returns:
        ``{"python": "3.11.9", "sim": "0.1.0", "mesa": "3.3.1", …}``; a package that is not
        installed maps to None.
    """
    versions: dict[str, str | None] = {"python": platform.python_version(), "sim": _version("shiyu-sim")}
    versions.update({name: _version(name) for name in PACKAGES})
    return versions


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def git_commit() -> dict[str, Any]:
    """The repository's commit and whether the work tree differs from it.

    Returns:
        ``{"commit": sha, "dirty": bool}``; both are None when git or the repository is missing.
    """

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True,
                                 timeout=10, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip()

    status = git("status", "--porcelain")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}
