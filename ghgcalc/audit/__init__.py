"""The auditor's checks of printed figures: reproductions, identities, derivations, intensities."""
