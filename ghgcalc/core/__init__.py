"""The accounting core: units, printed-figure intervals, the formula engine, access to shipped data."""
