"""slax: source-grounded extraction from Chinese SLA commitment letters."""
__version__ = "0.1.0"

__all__ = ["extract", "diff", "blanks", "__version__"]


def __getattr__(name):
    # Lazy: `import extractor` stays cheap for the CLI's cold start.
    if name in ("extract", "diff", "blanks"):
        from extractor.app import api

        return getattr(api, name)
    raise AttributeError(name)
