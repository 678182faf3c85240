"""The web app: shop pages, the chat widget, the events API and the consoles."""
