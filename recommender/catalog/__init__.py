"""The product catalog: its schema, file import and change tracking."""
