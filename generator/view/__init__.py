"""The view: runs into the view models themes receive (the theme API), and the page rules (pure).

:mod:`generator.view.api` lists the theme API; ``docs/themes.md`` documents it.
"""
