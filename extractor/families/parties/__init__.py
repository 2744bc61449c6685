"""The parties family: its extractor (``extract``) and how its facts are shown."""
