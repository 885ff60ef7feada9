"""``ghgcalc init``: a new workspace that runs as created."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from ghgcalc.workspace.template import create_workspace, shipped_grid_factors, template_country


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="The company's name, written into ghgcalc.toml.")
@click.option("--currency", help="The currency the company reports in (ISO 4217: EUR, JPY, USD ...; default RMB).")
def init_command(folder, name, currency):
    """Create a workspace in FOLDER: ghgcalc.toml, activity and reported tables, targets."""
    written = create_workspace(folder, name=name, currency=currency)
    for path in written:
        click.echo(f"wrote {path}")
    country = template_country(currency)
    shipped = shipped_grid_factors(currency) if country.code == "neutral" else []
    if shipped:
        click.echo(textwrap.fill(
            f"the example rows are fuels and a refrigerant (the template has no example sites for {currency}); "
            f"ghgcalc ships a grid factor for its country: {'; '.join(shipped)}. Add your electricity rows with that "
            "region, or your own factors (README, 'Your own emission factors')", 100))
    elif country.code == "neutral":
        click.echo(f"the example rows are fuels and a refrigerant: ghgcalc ships no grid factor chosen for {currency}; "
                   "add your electricity with your own factors (README, 'Your own emission factors')")
    else:
        click.echo(f"the example rows are sites in {country.name}: replace them with your own")
    click.echo(f"next: edit the files, then run: ghgcalc report {folder}")
