"""EPA supply-chain factors v1.3.0 by gas, typed from the publisher's by-GHG file
(SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv, column 'Supply Chain Emission Factors with
Margins'), kg of each gas per 2022 USD in the order of GASES, then 'HFCs and PFCs, unspecified' (kg CO2e,
AR5, published so: kept as is under every set). GWP-100 typed from IPCC AR4 Table 2.14 and AR6 Table 7.SM.7
(factors/gwp-ipcc.csv cites them)."""

GASES = ("CO2", "CH4", "N2O", "HFC23", "HFC32", "HFC125", "HFC134a", "HFC143a", "HFC236fa", "SF6", "NF3", "CF4",
         "C2F6", "C3F8", "C4F10", "cC4F8", "C6F14")
AR4 = (1, 25, 298, 14800, 675, 3500, 1430, 4470, 9810, 22800, 17200, 7390, 12200, 8830, 8860, 10300, 9300)
AR6 = (1, 27.9, 273, 14600, 771, 3740, 1530, 5810, 8690, 25200, 17400, 7380, 12400, 9290, 10000, 10200, 8620)
WITH_MARGINS = {
    "331110": (7.38e-01, 1.30e-03, 2.08e-05, 6.33e-08, 1.03e-07, 1.53e-07, 2.50e-07, 4.21e-08, 4.96e-10, 1.60e-07,
               1.81e-09, 8.51e-08, 1.04e-08, 4.23e-10, 6.87e-10, 2.21e-09, 5.31e-10, 1.20e-03),
    "326199": (3.34e-01, 6.85e-04, 5.47e-05, 1.82e-08, 1.17e-07, 1.75e-07, 2.87e-07, 4.89e-08, 5.61e-10, 1.52e-08,
               2.82e-09, 3.27e-08, 5.15e-09, 4.93e-10, 2.04e-09, 5.84e-09, 1.57e-09, 1.38e-03),
    "332710": (2.54e-01, 5.21e-04, 1.50e-05, 1.83e-08, 8.19e-08, 1.21e-07, 1.99e-07, 3.35e-08, 3.93e-10, 4.37e-08,
               3.07e-09, 2.22e-07, 2.60e-08, 8.04e-10, 6.98e-10, 2.59e-09, 5.40e-10, 9.52e-04),
    "322211": (4.40e-01, 9.06e-04, 3.79e-05, 1.12e-08, 1.10e-07, 1.63e-07, 2.67e-07, 4.50e-08, 5.27e-10, 1.85e-08,
               2.47e-09, 3.27e-08, 5.78e-09, 5.59e-10, 1.05e-09, 3.29e-09, 8.12e-10, 1.28e-03),
    "322130": (7.73e-01, 1.31e-03, 6.14e-05, 1.46e-08, 1.09e-07, 1.61e-07, 2.64e-07, 4.45e-08, 5.21e-10, 2.54e-08,
               1.83e-09, 2.69e-08, 4.35e-09, 3.85e-10, 9.48e-10, 2.86e-09, 7.34e-10, 1.26e-03),
    "325211": (9.42e-01, 1.75e-03, 1.91e-04, 4.24e-08, 8.87e-08, 1.43e-07, 2.36e-07, 4.25e-08, 4.26e-10, 1.48e-08,
               5.74e-09, 3.90e-08, 4.91e-09, 5.87e-10, 6.49e-09, 1.77e-08, 5.02e-09, 1.13e-03),
}


def kg_co2e_per_usd(code: str, gwp: tuple) -> float:
    """Each gas x its GWP, plus the unspecified part as published."""
    *gases, unspecified = WITH_MARGINS[code]
    return sum(m * g for m, g in zip(gases, gwp)) + unspecified
