"""The dashboard's four pages, one module each."""
