"""Offline evaluation: ranking metrics, query sets with judgements, and the next-basket benchmark."""
