"""What can be read off a running model beyond its daily outcomes: tables of issues, paths and compounds.

:class:`ModelReadouts` is mixed into :class:`~sim.core.model.GovernanceModel`; the dashboard, the
command line and the analyses read a run through these methods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.core.issues import ACTION_NAMES, name_positions
from sim.core.levels import Level
from sim.scenario import COMPOUND_TYPES


class ModelReadouts:
    """Read-outs of a :class:`~sim.core.model.GovernanceModel`: backlogs, tables, paths, flows.

    Mixed into the model; every method reads the model's own attributes (``issues``, ``city``,
    ``residents``, ``handlers``, ``staffing``, ``code_labels``).
    """

    def backlog_by_handler(self) -> np.ndarray:
        """Open issues at each handler of the global index."""
        return np.bincount(self.issues.cols["handler"], minlength=self.city.n_handlers)

    def backlog_by_level(self) -> np.ndarray:
        """Open issues at each level (compound, community, street, department)."""
        return np.bincount(self.handlers.handler_level[self.issues.cols["handler"]],
                           minlength=len(Level))

    def by_compound_type_of_sums(self, per_compound: np.ndarray) -> np.ndarray:
        """Mean per compound type of a resident column already summed per compound (NaN for types absent)."""
        total = np.bincount(self.city.compound_type, per_compound, minlength=len(COMPOUND_TYPES))
        return total / self._residents_by_type

    def flow_counts(self) -> dict[tuple[str, str], int]:
        """Issues moved along each edge so far, for a flow (Sankey) diagram.

        Nodes are ``raised``, the four levels, ``resolved`` and ``abandoned``.  Edges:
        ``(raised, level)`` where issues entered; ``(lower, upper)`` escalations and grievances;
        ``(department, department)`` bounces and hand-offs; ``(upper, lower)`` push-downs;
        ``(street, department)`` also counts whistles (the summoned department works it);
        ``(level, resolved)`` and ``(level, abandoned)`` where issues ended.
        """
        return dict(self.issues.flows)

    def compound_frame(self) -> pd.DataFrame:
        """One row per compound: place, type, residents, backlog, satisfaction and trust."""
        c = self.city
        res = self.residents
        start = self._compound_start
        size = np.maximum(c.compound_residents, 1)
        return pd.DataFrame({
            "compound": np.arange(c.n_compounds),
            "community": c.compound_community,
            "street": c.compound_street,
            "district": c.compound_district,
            "type": np.array(COMPOUND_TYPES)[c.compound_type],
            "residents": c.compound_residents,
            "organised": self.staffing.compound_organised,
            "backlog": self.backlog_by_handler()[: c.n_compounds],
            "backlog_raised_here": np.bincount(self.issues.cols["compound"],
                                               minlength=c.n_compounds),
            "satisfaction": np.add.reduceat(res.satisfaction.astype(float), start) / size,
            "trust": np.add.reduceat(res.trust.astype(float), start) / size,
        })

    def issue_table(self) -> pd.DataFrame:
        """One row per issue raised so far (closed ones from the log, then the open ones).

        Columns: id, resident, compound, domain, kind, required, entry_level, raised, closed,
        state, resolved_level, hops, escalations, bounces, pushdowns, joint; categorical codes
        are replaced by names.
        """
        closed = self.issues.log.frame("issues")
        open_rows = pd.DataFrame(self.issues.open_rows())
        table = pd.concat([closed, open_rows], ignore_index=True) if len(closed) else open_rows
        return self.name_codes(table)

    def name_codes(self, table: pd.DataFrame) -> pd.DataFrame:
        """Replace integer codes in an issue table by names (domain, kind, levels, state)."""
        out = table.copy()
        for column, names in self.code_labels.items():
            out[column] = np.array(names)[name_positions(out[column].to_numpy(), names)]
        out["closed"] = out["closed"].astype("Int32").where(out["closed"] >= 0)
        return out

    def issue_path(self, issue_id: int) -> pd.DataFrame:
        """Every hop of one issue: day, from which handler to which, and the action."""
        paths = self.issues.log.frame("paths")
        rows = paths[paths["issue"] == issue_id].copy()
        rows["action"] = np.array(ACTION_NAMES)[name_positions(rows["action"].to_numpy(),
                                                               ACTION_NAMES)]
        return rows.reset_index(drop=True)

    def agent_counts(self) -> dict[str, int]:
        """Units per level, as recorded in a run's manifest."""
        c = self.city
        return {"residents": c.n_residents, "compounds": c.n_compounds,
                "communities": c.n_communities, "streets": c.n_streets,
                "departments": c.n_districts * c.n_dept_kinds, "districts": c.n_districts}
