"""Running uvicorn in one process, or in several that share the port evenly.

uvicorn's own workers share one listening socket, and whichever is quickest
to accept takes a burst of connections: under load one process ends up with
most of them while the other idles. Here each worker listens on its own
socket with SO_REUSEPORT, and the kernel spreads new connections evenly.

1. The parent starts the workers (fresh interpreters: nothing inherited
   from the parent's database connections) and waits.
2. A worker that dies is started again; SIGINT or SIGTERM stops them all.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time

APP = "hygie.asgi:application"
# The cyberquiz's WebSockets, in `hygie serve` and in the browser tests alike.
WEBSOCKET_OPTIONS = {
    # websockets' Sans-I/O protocol writes a message to the socket at once; the
    # older one awaits the socket's buffer for each message and keeps three
    # tasks per connection: with a thousand phones, that is what shows.
    "ws": "websockets-sansio",
    # The messages are small: compressing each one for each phone would cost
    # more CPU than it saves bytes on a local network.
    "ws_per_message_deflate": False,
    # The players' messages are a few hundred bytes; refuse big frames.
    "ws_max_size": 64 * 1024,
}


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(host: str, port: int, options: dict) -> None:
    import uvicorn

    sock = listening_socket(host, port)
    uvicorn.Server(uvicorn.Config(APP, **options)).run(sockets=[sock])


def serve(host: str, port: int, workers: int, **options) -> None:
    import uvicorn

    if workers == 1:
        uvicorn.run(APP, host=host, port=port, **options)
        return

    # Fail at once, in the parent, if the address is taken.
    listening_socket(host, port).close()
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> multiprocessing.Process:
        process = context.Process(target=_worker, args=(host, port, options), daemon=True)
        process.start()
        return process

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    processes = [start() for _ in range(workers)]
    while not stopping:
        time.sleep(0.5)
        for i, process in enumerate(processes):
            if not process.is_alive() and not stopping:
                processes[i] = start()
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
