"""ASGI middleware: how many requests of one process run at once.

Django runs each request of a sync view in a thread of its own. Threads share
one core's worth of Python (the GIL), so fifty requests let in at once all
finish late; let in a few at a time, most finish early and the queue is short.
PDF documents have a lane of their own, so that they never hold every slot
while pages wait; within it, only the layout itself goes one at a time
(lib/documents.py), so a document already laid out is served at once.
"""

from __future__ import annotations

import asyncio
import weakref


class Lanes:
    def __init__(self, app, *, pages: int, documents: int):
        self.app = app
        self.sizes = {"pages": pages, "documents": documents}
        # A semaphore belongs to the event loop it first waited in: each loop
        # that serves (one per process in production; one per live server in
        # the tests) gets its own lanes.
        self.lanes: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, asyncio.Semaphore]
        ] = weakref.WeakKeyDictionary()

    def lane(self, path: str) -> asyncio.Semaphore:
        name = "documents" if path.endswith(".pdf") else "pages"
        lanes = self.lanes.setdefault(asyncio.get_running_loop(), {})
        if name not in lanes:
            lanes[name] = asyncio.Semaphore(self.sizes[name])
        return lanes[name]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.lane(scope["path"]):
            await self.app(scope, receive, send)
