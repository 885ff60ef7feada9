"""A failing identity linked to the figures that depend on it, both ways.

Why: when a table does not add up (Scope 1+2+3 printed 11,000 against parts adding to 10,000),
the Scope 3 share computed from that total fails with it; two unrelated-looking failures are one
defect. An identity's figures are its total and its components (and the printed parts of a
component built from them); a reproduction of the same report, year and segment depends on the
identity when it is one of those figures or uses one as an input.
"""

from __future__ import annotations

from dataclasses import replace

from ghgcalc.audit.findings import Finding


def _figures_of(identity: Finding) -> set[str]:
    return {record["metric"] for record in identity.inputs}


def _uses(finding: Finding) -> set[str]:
    return {finding.metric} | {i["metric"] for i in finding.inputs}


def link_failing_identities(findings: list[Finding], label=str) -> list[Finding]:
    """Each failing identity names its dependent figures (``depends_on``), and each of them the identity; ``label``
    writes a year as the company labels it."""
    out = list(findings)
    reproductions = [i for i, f in enumerate(out) if f.kind == "reproduction" and f.verdict != "not_checkable"]
    for i, identity in enumerate(findings):
        if identity.kind != "identity" or identity.verdict != "fails":
            continue
        involved = _figures_of(identity)
        name = f"identity {identity.metric} ({identity.definition}) fails for {label(identity.year)}"
        dependents = []
        for j in reproductions:
            f = out[j]
            if (f.vintage, f.year, f.segment) != (identity.vintage, identity.year, identity.segment):
                continue
            if _uses(f) & involved:
                dependents.append(f"{f.metric} {label(f.year)}{' (' + f.segment + ')' if f.segment else ''}")
                out[j] = replace(f, depends_on=f.depends_on + (name,), detail=f"{f.detail}; depends on the failing {name}")
        if dependents:
            out[i] = replace(out[i], depends_on=tuple(dependents),
                             detail=f"{out[i].detail}; figures that depend on it: {', '.join(dependents)}")
    return out

