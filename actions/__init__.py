"""Rasa custom actions: thin adapters from tracker state to ``recommender``/``bot`` calls and back."""
