"""babelwire: follow one news story across languages and outlets."""
from babelwire.article import Article, Entity, ReadError, RemovedSpan, content_id

__all__ = sorted(["Article", "Entity", "ReadError", "RemovedSpan", "content_id"])
__version__ = "0.1.0"
