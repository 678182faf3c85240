"""What the bot's suggestions are worth: the lists shown, the cards clicked, the orders that followed, and the
holdout group they are measured against."""
