"""Shoppers: identities, behaviour events, stated preferences, segments."""
