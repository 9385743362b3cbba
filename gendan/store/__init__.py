"""The only place with SQL: the schema, opening the database, reads and writes."""
