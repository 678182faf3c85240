"""The guided finder's logic, apart from Rasa: read answers, choose and word the questions, shape suggestions.

The actions in ``actions/`` adapt Rasa's tracker to these plain functions and back, so every rule of the
conversation can be tested without a running bot.
"""
