from ghgcalc.cli import run

run()
