"""Exchange: case files (JSON) and spreadsheets in, summaries, calendars and tables out."""
