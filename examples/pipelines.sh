#!/bin/sh
# Pipelines: gendan's stdout is data (csv, tsv, json), so it joins the usual tools.
# Run from anywhere with GENDAN_DB set, e.g.:  GENDAN_DB=demo.db sh examples/pipelines.sh
set -eu

# 1. The chase list of one supplier, as a CSV to send or to open in a spreadsheet.
gendan po chase --supplier HX -f csv > chase-HX.csv

# 2. Late customer orders to a spreadsheet: days_left (column 5) below zero, header kept.
#    The BOM makes Excel read the Chinese names as UTF-8.
{ printf '\357\273\277'; gendan order list -f csv | awk -F, 'NR == 1 || $5 < 0'; } > late-orders.csv

# 3. Every PO line in the shape `gendan import pos` reads, for Excel (BOM, formula guard):
#    edit it, save as CSV UTF-8, and bring new rows back with `gendan import pos FILE --dry-run` first.
gendan export pos --excel > pos.csv

# 4. Due, promised and inspection dates for the phone's calendar.
gendan calendar > gendan.ics

echo "wrote chase-HX.csv late-orders.csv pos.csv gendan.ics" >&2
