"""Process helpers shared by the benchmark (run.py) and the fault-injection run (chaos.py)."""

import socket
from pathlib import Path


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc), so a server's workers can be measured or killed."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(part) for part in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
