"""Two "hosts" on this machine: network namespaces joined to this one by veth pairs (issue 16).

Each namespace has its loopback and one veth end with an address on a private /30 link whose
other end is in this namespace; there is no default route and forwarding is not enabled, so a
process in a namespace can reach only the address at the other end of its link — nothing leaves
the machine. Services of this namespace (the database, the broker) are offered on those link
addresses by `Relay`, a small TCP relay started by the test (to a TCP port or a unix socket here).
Namespaces, links and relays are removed at the end.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "network namespaces need root (ip netns add)"
    if not shutil.which("ip"):
        return "the ip command (iproute2) is missing"
    return None


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)  # noqa: S603, S607


@dataclass
class Host:
    name: str  # the namespace
    address: str  # its address on the link
    gateway: str  # this namespace's end of the link: where its services are offered

    def command(self, args: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.name, *args]


@contextmanager
def hosts(count: int) -> Iterator[list[Host]]:
    """`count` hosts for the block. One test at a time on this machine has them (a lock file), so that
    two test processes (`./dev test` runs two) never pick the same link addresses."""
    with open(os.path.join(tempfile.gettempdir(), "mentoring-test-netns.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with _hosts(count) as made:
            yield made


@contextmanager
def _hosts(count: int) -> Iterator[list[Host]]:
    tag = os.getpid() % 10000
    made: list[Host] = []
    try:
        for index in range(count):
            name, outside, inside = f"m{tag}h{index}", f"m{tag}v{index}o", f"m{tag}v{index}i"
            net = f"10.{216 + index}.{tag % 250}"
            _ip("netns", "add", name)
            made.append(Host(name, f"{net}.2", f"{net}.1"))
            _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
            _ip("link", "set", inside, "netns", name)
            _ip("addr", "add", f"{net}.1/30", "dev", outside)
            _ip("link", "set", outside, "up")
            _ip("netns", "exec", name, "ip", "addr", "add", f"{net}.2/30", "dev", inside)
            _ip("netns", "exec", name, "ip", "link", "set", inside, "up")
            _ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        yield made
    finally:
        for index, host in enumerate(made):
            subprocess.run(["ip", "link", "del", f"m{tag}v{index}o"], capture_output=True, timeout=30, check=False)  # noqa: S603, S607
            subprocess.run(["ip", "netns", "del", host.name], capture_output=True, timeout=30, check=False)  # noqa: S603, S607


class Relay:
    """Listen on (address, port) and pass every connection to `upstream`: (host, port) or a unix socket path."""

    def __init__(self, address: str, upstream: tuple[str, int] | str) -> None:
        self.upstream = upstream
        self.server = socket.create_server((address, 0))
        self.port = int(self.server.getsockname()[1])
        self.open: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _connect(self) -> socket.socket:
        if isinstance(self.upstream, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self.upstream)
            return sock
        return socket.create_connection(self.upstream)

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            try:
                upstream = self._connect()
            except OSError:
                client.close()
                continue
            self.open += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()
        for sock in self.open:
            sock.close()
