"""Column names of ghgcalc's tables, in one place."""

# Activity table (input)
YEAR = "year"
ACTIVITY = "activity"
QUANTITY = "quantity"
UNIT = "unit"
REGION = "region"
SEGMENT = "segment"
SITE = "site"
SUPPLIER = "supplier"  # who a purchase is from: free text, kept for grouping and in the lineage
SCOPE = "scope"
SCOPE2_METHOD = "scope2_method"
SCOPE3_CATEGORY = "scope3_category"
GAS = "gas"
INSTRUMENT = "instrument"
FACTOR_VALUE = "factor_value"
FACTOR_UNIT = "factor_unit"
FACTOR_DATASET = "factor_dataset"  # a published factor named on the row: its table's id ...
# ... and its id in that table: the input column shares the name (and constant) FACTOR_ID of the output
METHOD = "method"  # Scope 3 calculation method (supplier-specific, hybrid, average-data, spend-based)
# Scope 3 data quality indicators (Scope 3 Standard, Table 7.6), each scored 1-4 as in its Box 7.2
DQ_TECHNOLOGY = "dq_technology"
DQ_TIME = "dq_time"
DQ_GEOGRAPHY = "dq_geography"
DQ_COMPLETENESS = "dq_completeness"
DQ_RELIABILITY = "dq_reliability"
DQ_COLUMNS = (DQ_TECHNOLOGY, DQ_TIME, DQ_GEOGRAPHY, DQ_COMPLETENESS, DQ_RELIABILITY)

NOT_APPLICABLE = "n/a"  # a cell for people where a figure has no meaning (the gas mass of a total published as CO2e)

REQUIRED_ACTIVITY_COLUMNS = (YEAR, ACTIVITY, QUANTITY, UNIT)
OPTIONAL_ACTIVITY_COLUMNS = (
    REGION, SEGMENT, SITE, SUPPLIER, SCOPE, SCOPE2_METHOD, SCOPE3_CATEGORY, GAS, INSTRUMENT, FACTOR_VALUE, FACTOR_UNIT,
    FACTOR_DATASET, "factor_id", METHOD,
) + DQ_COLUMNS

# Emissions table (output)
ROW = "row"
SOURCE = "source"
MASS_T = "mass_t"  # tonnes of the gas named in GAS
CO2E_T = "co2e_t"  # tonnes of CO2e under GWP_SET
GWP_SET = "gwp_set"
GWP = "gwp"
FACTOR_ID = "factor_id"
CONVERSION = "conversion"
FALLBACK = "fallback"

# Scope 2 methods (GHG Protocol Scope 2 Guidance); "unknown" when a report does not say.
LOCATION = "location"
MARKET = "market"
UNKNOWN = "unknown"
SCOPE2_METHODS = (LOCATION, MARKET, UNKNOWN)

GROUPABLE = (YEAR, SCOPE, SCOPE2_METHOD, SCOPE3_CATEGORY, SEGMENT, SITE, SUPPLIER, REGION, ACTIVITY, GAS)
