"""Référentiel MOA: YAML sources of a competency framework turned into a French MkDocs site.

The core (``sources`` → ``validate`` → ``model`` → ``pages``) knows nothing of MkDocs;
``hooks/referentiel_hook.py`` adapts it to a build and ``cli`` to the command line.
"""
