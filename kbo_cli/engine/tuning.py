"""Every tuning threshold of the speed machinery, in one place.

Each was chosen by a measurement on the benchmark machine (2 cores); `bench/README.md` has the
numbers under the heading named beside it. None of them changes what a run writes, only how
fast: a test holds each fast path to the plain one.
"""

# A second process is started before the registries are read when they are this large
# together (about 11,000 records of an .xlsx): its interpreter and imports then overlap the
# parse. ("Write", *A spawned helper*.)
HELPER_FROM_BYTES = 1 << 20

# A program calling `write_workbooks` without a second process gets one from this many
# records. ("Write", *A spawned helper*.)
PARALLEL_FROM = 20_000

# A column with fewer distinct values than this is read here: sending it to the second process
# costs more than reading it. ("Normalise".)
HELPER_FROM_VALUES = 5_000

# From this many rows a table's rows are written as SpreadsheetML by kbo, not cell by cell by
# the writer. ("Choices, by measurement", *Writing*.)
LONG_TABLE = 2_000

# Rows made, joined, encoded and compressed at a time when kbo writes a table's rows: a sheet
# is never held whole. ("Long sheets".)
CHUNK_ROWS = 10_000

# How hard the entries kbo writes into a workbook are compressed (zlib's levels 1 to 9): level 6
# took three times as long as 1 on a long sheet for a file a quarter smaller ("Long sheets"),
# and longer on the district workbooks for files 3.5% smaller ("Results ... 2026-11-29").
COMPRESS_LEVEL = 1

# A slice of a column keeps only the values it shows when it is this many times smaller than
# the column's distinct values: a district's rows of a national column ("Results ...
# 2026-11-29").
COMPACT_SLICES = 4

# With a second process, this process writes the last district workbooks itself once it has
# written the summary, as many as make both end together, by what each took in a national run
# (bench/README.md, "Results ... 2026-11-29"): a district workbook, its file included, in the
# second process; and a row of the summary's sheets, in this one.
WORKBOOK_SECONDS = 1.8e-3
SUMMARY_ROW_SECONDS = 5.5e-6
