"""Review: the comments a moderator should judge first, the labels file their judgements go to, and
the terminal screen (screen.py) that shows one comment at a time. Everything but the screen is plain
functions that tests call directly."""
