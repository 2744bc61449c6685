"""The availability family: its extractor (``extract``) and how its facts are shown."""
