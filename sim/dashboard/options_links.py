"""A package of a finished search opened elsewhere: in Explore (a shared link), in Compare, and in a brief.

The search ran each package as one reform on ``reform_day`` (no ramp) added to its base scenario
with the file's fixed keys (docs/optimise.md).  Explore's link carries the same: the preset, the
fixed keys that are levers (as lever edits, from day 0 as the search had them) and one reform per
lever of the package on ``reform_day`` with no ramp (:mod:`sim.dashboard.sharing`).  A fixed key
that is not a lever (``warmup_days``, say) cannot ride on a link: :func:`left_out` names them, and
:func:`package_file` gives the exact scenario the search ran as a file instead.

A brief (``python -m sim brief``) compares groups of replicate runs of an experiment, which a
search does not have for its package: :func:`brief_bundle` writes the experiment that would (the
reference and the package as two scenario files, common seeds) and :func:`brief_commands` the
commands that run it and write the brief; :func:`brief_folder` finds its results once they exist.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from sim.dashboard import scenarios, sharing
from sim.dashboard.levers import LEVER_BY_KEY, changed_levers
from sim.dashboard.options_io import Search
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.loading import resolve_source
from sim.scenario.writing import scenario_toml

BRIEFS = "briefs"
"""The folder under the results root where a package's brief experiment is written."""


def preset_of(search: Search) -> str | None:
    """The name of the search's base scenario among those the dashboard offers, or None."""
    named = str(search.spec.get("scenario", ""))
    offered = scenarios.choices()
    if named in offered:
        return named
    base = Path(str(search.manifest.get("scenario", "")))
    for name in offered:
        try:
            if base.is_file() and resolve_source(name).resolve() == base.resolve():
                return name
        except ScenarioError:
            continue
    return None


def fixed_levers(search: Search) -> dict[str, Any]:
    """The search's fixed keys (``[overrides]``) that are levers."""
    return {k: v for k, v in (search.spec.get("overrides") or {}).items() if k in LEVER_BY_KEY}


def left_out(search: Search) -> dict[str, Any]:
    """The search's fixed keys that are not levers: a shared link cannot carry them."""
    return {k: v for k, v in (search.spec.get("overrides") or {}).items() if k not in LEVER_BY_KEY}


def package_reforms(search: Search, number: int) -> list[dict]:
    """Package ``number`` as Explore adds reforms: each lever to its value on the reform day, no ramp."""
    day = int(search.spec.get("reform_day", 0))
    return [sharing.page_reform(key, value, day, 0) for key, value in search.package(number).items()]


def explore_query(search: Search, number: int) -> str | None:
    """The query (``?s=…``) that opens package ``number`` in Explore, or None if the base is not offered."""
    preset = preset_of(search)
    if preset is None:
        return None
    edits = changed_levers(scenarios.load(preset), fixed_levers(search))
    return f"?{sharing.LINK_PARAM}={sharing.encode_link(preset, edits, package_reforms(search, number))}"


def compare_arms(search: Search, number: int) -> list[dict] | None:
    """Compare's arms: A the search's reference (its base with the fixed levers), B the same with the package."""
    preset = preset_of(search)
    if preset is None:
        return None
    edits = changed_levers(scenarios.load(preset), fixed_levers(search))
    return [{"source": preset, "levers": edits},
            {"source": preset, "levers": dict(edits), "reforms": package_reforms(search, number)}]


def reference_scenario(search: Search) -> Scenario:
    """The search's base scenario with its fixed keys and run length: the city before any package.

    Raises:
        ScenarioError: the base scenario's file is gone or no longer takes the fixed keys.
    """
    base = Path(str(search.manifest.get("scenario", "")))
    steps = int(search.manifest.get("steps") or 0)
    return load_scenario(base, {**(search.spec.get("overrides") or {}), **({"steps": steps} if steps else {})})


def package_scenario(search: Search, number: int) -> Scenario:
    """The exact scenario the search ran for package ``number``: the reference plus the package as a reform."""
    reference = reference_scenario(search)
    reform = {"name": f"package {number}", "day": int(search.spec.get("reform_day", 0)),
              "set": search.package(number)}
    reforms = [*(r.model_dump(exclude_none=True) for r in reference.reforms), reform]
    return load_scenario(reference, {"reforms": reforms})


def package_file(search: Search, number: int) -> str:
    """Package ``number``'s scenario as a whole TOML file (``python -m sim run`` or Explore's upload)."""
    values = ", ".join(f"{k} = {v}" for k, v in search.package(number).items())
    header = (f"Package {number} of the search {search.title}: {values}, adopted as a reform on day "
              f"{search.spec.get('reform_day', 0)}.\nRun it with: python -m sim run THIS_FILE")
    return scenario_toml(package_scenario(search, number), header)


def brief_name(search: Search, number: int) -> str:
    """The brief experiment's name: the search, the package and a hash of its lever values."""
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", search.title).strip("_") or "search"
    digest = hashlib.sha256(json.dumps(search.package(number), sort_keys=True).encode()).hexdigest()[:8]
    return f"brief_{stem}_p{number}_{digest}"


def _experiment_toml(search: Search, number: int) -> str:
    spec = search.spec
    outcomes = [o for o in search.objectives if not o.startswith("reform_cost")]
    lines = [f"# Package {number} of the search {search.title} against the search's reference (no package),",
             "# the same seeds for both (common random numbers). Written by the dashboard's Options page.",
             f'name = "{brief_name(search, number)}"',
             f'description = "Package {number} of {search.title} against the reference"',
             'scenario = "reference.toml"', f"steps = {int(search.manifest.get('steps') or 0)}",
             f"replicates = {max(int(spec.get('final_replicates') or 0), 5)}", f"seed = {int(spec.get('seed', 0))}",
             'seeding = "common"', "", "[factors]", f'scenario = ["reference.toml", "package_{number}.toml"]']
    if outcomes:
        lines += ["", "[analysis]", "outcomes = [" + ", ".join(f'"{o}"' for o in outcomes) + "]"]
    return "\n".join(lines) + "\n"


def brief_bundle(search: Search, number: int) -> bytes:
    """A zip of the brief experiment: ``experiment.toml``, ``reference.toml`` and ``package_N.toml``.

    Raises:
        ScenarioError: the search's base scenario cannot be rebuilt.
    """
    reference = scenario_toml(reference_scenario(search), f"The reference of the search {search.title}: "
                                                          f"its base scenario with its fixed keys, no package.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("experiment.toml", _experiment_toml(search, number))
        bundle.writestr("reference.toml", reference)
        bundle.writestr(f"package_{number}.toml", package_file(search, number))
    return buffer.getvalue()


def brief_commands(search: Search, number: int, root: Path, language: str) -> list[str]:
    """The commands that run the brief experiment into the results root and write the brief."""
    name = brief_name(search, number)
    out = Path(root) / BRIEFS / name
    return [f"unzip {name}.zip -d {name}", f"python -m sim experiment {name}/experiment.toml --workers 2 --out {out}",
            f"python -m sim brief {out} --lang {language}"]


def brief_folder(search: Search, number: int, root: Path) -> Path | None:
    """The brief experiment's results folder under the root once it holds runs, else None."""
    folder = Path(root) / BRIEFS / brief_name(search, number)
    return folder if (folder / "runs.parquet").is_file() else None


def brief_html(folder: Path, language: str) -> str:
    """The brief of a finished brief experiment, as self-contained HTML.

    Raises:
        BriefError: the experiment's runs are not (yet) enough for a brief.
    """
    from sim.analysis.brief import build_brief
    from sim.analysis.brief_render import render_html

    return render_html(build_brief(folder), language)
