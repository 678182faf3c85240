"""The words the demo catalog is written from: shared tables in :mod:`.common`, and one module per group
of categories (outerwear, clothing, gear, camp, accessories) with their product types."""
