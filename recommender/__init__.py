"""Products and shoppers to suggestions. Imports neither Rasa nor the web framework."""
