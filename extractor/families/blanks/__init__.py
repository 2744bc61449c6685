"""The blanks family: its extractor (``extract``) and how its facts are shown."""
