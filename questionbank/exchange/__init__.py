"""The question bank's YAML exchange format: reading, checking, applying and writing it.

The public entry points live in `questionbank.importer`; these modules are its parts:
`reading` (bytes to plain values with line numbers), `schema` (values to checked rows),
`writing` (rows to the database), `dumping` and `export` (the database back to YAML).
"""
