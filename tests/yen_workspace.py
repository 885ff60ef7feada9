"""Pieces of the yen workspace several tests build on top of ``ghgcalc init``: gas burnt at a Nagoya plant under
its supplier's factor (2.5 kg CO2e per m3, so 100,000 m3 are 250 t CO2e), revenue printed in 億円, and a plan
that starts from the inventory and grows with revenue. Years are passed as the test types them (2024, "FY2023")."""

ACTIVITY_HEADER = "year,activity,quantity,unit,region,segment,site,gas,instrument,factor_value,factor_unit\n"


def nagoya_gas(year, m3: int) -> str:
    """An activity row: ``m3`` of natural gas burnt at Nagoya in ``year``, at 2.5 kg CO2e per m3."""
    return f"{year},natural_gas.stationary,{m3},m3,JP,manufacturing,Nagoya,,,2.5,kg CO2e / m3\n"


def revenue_in_oku_yen(*years_and_values) -> str:
    """A reported table of revenue in 億円 (100 million yen), one row per (year, value as printed)."""
    return "vintage,metric,year,value,unit\n" + "".join(
        f'annual-report,revenue,{year},"{value}",億円\n' for year, value in years_and_values)


def growth_plan(name: str, start, horizon, levers: str = "") -> str:
    """A scenario file from the inventory of ``start`` to ``horizon``: revenue grows 5 % a year and activity
    with it (elasticity 0.8); ``levers`` adds further [[levers]] tables."""
    return (f'[scenario]\nname = "{name}"\nworkspace = ".."\nstart_year = {_toml(start)}\nhorizon = {_toml(horizon)}\n'
            'scope2_method = "market"\nstart_from = "inventory"\n\n[drivers.revenue]\nstart = { figure = "revenue" }\n'
            'growth = "5 %"\nassumption = "5 % a year."\n\n[[levers]]\nid = "growth"\ntype = "growth"\n'
            'driver = "revenue"\nelasticity = 0.8\nassumption = "Activity grows with revenue, a little slower."\n'
            + levers)


def _toml(year) -> str:
    return str(year) if isinstance(year, int) else f'"{year}"'
