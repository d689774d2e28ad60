"""Players that are not people: the built-in strategies, the simulation runner and the audit that tries to game the score."""
