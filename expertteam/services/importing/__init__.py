"""Importing a region's existing spreadsheets (.xlsx, .csv) of cases, open actions and
organisations.

``reading`` turns a file into a header and numbered rows, ``fields`` proposes which column is
which of our fields, ``values`` reads dates, BSNs and labels from cells, ``matching`` finds
organisations by name (near matches need confirmation) and ``run`` makes the dry-run report
and the import itself, through the services' own creation paths (``cases.add_case``,
``actions.add_action``, ``organisations.add_organisation``) in one transaction with one audit
entry.
"""
