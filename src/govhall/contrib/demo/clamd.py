"""A local clamd peer: a small threaded TCP server speaking clamd's INSTREAM protocol, flagging the EICAR test
signature. Used by the tests and by `make run` (`manage.py run_demo_services`)."""

import socketserver
import struct
import sys
import threading

from govhall.cases.scanning import EICAR

MAX_STREAM = 64 * 1024 * 1024  # clamd's StreamMaxLength: a longer stream is answered with an error


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        command = self._read_command()
        if command in (b"zPING", b"nPING", b"PING"):
            self._reply(b"PONG")
        elif command in (b"zINSTREAM", b"nINSTREAM"):
            self._instream()
        else:
            self._reply(b"UNKNOWN COMMAND")

    def _read_command(self) -> bytes:
        command = b""
        while len(command) < 32:
            byte = self.rfile.read(1)
            if byte in (b"", b"\0", b"\n"):
                break
            command += byte
        return command

    def _instream(self) -> None:
        content = bytearray()
        while True:
            header = self.rfile.read(4)
            if len(header) < 4:
                return
            (length,) = struct.unpack(">I", header)
            if length == 0:
                break
            if len(content) + length > MAX_STREAM:
                self._reply(b"INSTREAM size limit exceeded. ERROR")
                return
            content += self.rfile.read(length)
        self._reply(b"stream: Eicar-Signature FOUND" if EICAR in content else b"stream: OK")

    def _reply(self, text: bytes) -> None:
        self.wfile.write(text + b"\0")


class DemoClamd(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> "DemoClamd":
        threading.Thread(target=self.serve_forever, name="demo-clamd", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


if __name__ == "__main__":
    server = DemoClamd(int(sys.argv[1]) if len(sys.argv) > 1 else 3310)
    print(f"demo clamd on 127.0.0.1:{server.port}")
    server.serve_forever()
