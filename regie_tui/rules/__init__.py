"""Pure rules: facts in, signals out. Imports neither SQL nor Textual."""
