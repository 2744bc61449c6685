"""The not-a-promise filters: whether a figure in a letter commits to anything."""
