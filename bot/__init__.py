"""The service around the bot: settings, database, CLI and the process launcher."""
