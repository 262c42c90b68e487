"""Running pandoc: the one way qanun starts it (`run_pandoc`), and many conversions in one process (`convert_batch`).

Untrusted-input rules: pandoc runs with `--sandbox` (no file or network access beyond its input), or as
pandoc-server, whose conversions run in pandoc's PandocPure monad and can do no I/O at all; always in its own
process group, killed with whatever it started at its time limit. The binary is pypandoc-binary's: pypandoc's own
conversion functions wait on pandoc without a time limit and are never used.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
from functools import cache

from ..errors import QanunError
from ..i18n import _

PANDOC_TIMEOUT = 60.0  # seconds; a version of the largest code converts in a few seconds


class RenderError(QanunError):
    """pandoc or Typst failed, or pandoc ran out of time."""


CGI_NAME = "pandoc-server.cgi"  # under this name the pandoc binary answers one pandoc-server request (CGI)


def pandoc_path(name: str = "pandoc") -> str:
    """The pandoc binary (from pypandoc-binary); with `name=CGI_NAME`, the same binary under that name, linked
    (or copied) once per process into a private temporary folder, removed at exit."""
    import pypandoc  # the binary comes with pypandoc-binary; imported late so text formats never need it

    binary = pypandoc.get_pandoc_path()
    return binary if name == "pandoc" else _named(binary, name)


@cache
def _named(binary: str, name: str) -> str:
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="qanun-pandoc-")
    atexit.register(shutil.rmtree, folder, True)
    target = os.path.join(folder, name)
    for make in (os.link, os.symlink, shutil.copy2):  # a hard link is instant; Windows may allow only a copy
        try:
            make(binary, target)
            return target
        except (OSError, NotImplementedError):
            continue
    raise OSError(f"cannot name the pandoc binary {name} in {folder}")


def run_pandoc(args: list[str], source: bytes = b"", timeout: float = PANDOC_TIMEOUT, *, server: bool = False) -> bytes:
    """Run pandoc sandboxed, in its own process group, killed with its children after `timeout` s.

    `server=True`: `source` is one pandoc-server request (JSON, for the `/batch` endpoint, `args` empty) and the
    binary runs as `pandoc-server.cgi`: every conversion in pandoc's PandocPure monad, which can do no I/O at all
    (stricter than `--sandbox`: it reads only the files given in the request), under the same time limit. The
    answer is the response body; `ServerUnavailable` if the binary did not answer as a CGI program."""
    if server:
        if args:
            raise ValueError("a pandoc-server request takes no command-line arguments")
        cmd = [pandoc_path(CGI_NAME), "--sandbox"]  # ignored by the CGI program; binds pandoc if it is not one
        env = {**_cgi_environment(len(source), timeout), **{k: v for k, v in os.environ.items()
                                                            if k.upper() in ("PATH", "SYSTEMROOT", "TEMP", "TMP")}}
    else:
        cmd, env = [pandoc_path(), "--sandbox", *args], None
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True, env=env) as proc:
        try:
            out, err = proc.communicate(source, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            proc.communicate()
            raise RenderError(_("pandoc took longer than {seconds} s and was stopped", seconds=f"{timeout:g}")) from None
    if proc.returncode != 0:
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code=proc.returncode,
                            problem=err.decode("utf-8", "replace").strip()))
    return _cgi_body(out) if server else out


class ServerUnavailable(OSError):
    """The pandoc binary did not answer as pandoc-server.cgi (a build of pandoc without the server, a platform
    where the renamed binary does not run): the caller converts file by file instead."""


def _cgi_environment(length: int, timeout: float) -> dict[str, str]:
    """What a web server gives a CGI program: a POST of JSON to /batch (no network: the request is stdin)."""
    return {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "PATH_INFO": "/batch", "SCRIPT_NAME": "",
            "QUERY_STRING": "", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(length),
            "HTTP_ACCEPT": "application/json", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "REMOTE_HOST": "127.0.0.1",
            "PANDOC_SERVER_TIMEOUT": str(int(timeout) + 5)}  # its own limit: after ours, which says what happened


def _cgi_body(out: bytes) -> bytes:
    ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (i := out.find(sep)) >= 0]
    end, size = min(ends) if ends else (len(out), 0)
    head, sep, body = out[:end], out[end:end + size], out[end + size:]
    headers = head.decode("latin-1").splitlines()
    if not sep or not headers or not any(h.lower().startswith(("status:", "content-type:")) for h in headers):
        raise ServerUnavailable("pandoc did not answer as pandoc-server.cgi")
    status = next((h.split(":", 1)[1].strip() for h in headers if h.lower().startswith("status:")), "200 OK")
    if not status.startswith("200"):
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code=status.split()[0],
                            problem=body.decode("utf-8", "replace").strip()[:500]))
    return body


def convert_batch(requests: list[dict], timeout: float = PANDOC_TIMEOUT) -> list[bytes]:
    """Many conversions in one pandoc process (pandoc-server's /batch, as CGI): the outputs in order, base64
    decoded for binary formats. Raises `ServerUnavailable` if the binary cannot serve, `RenderError` on the first
    conversion that failed."""
    import base64

    body = run_pandoc([], json.dumps(requests, ensure_ascii=False).encode("utf-8"), timeout, server=True)
    try:
        answers = json.loads(body)
    except ValueError:
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code="json",
                            problem=body.decode("utf-8", "replace")[:500])) from None
    if not isinstance(answers, list) or len(answers) != len(requests):
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code="batch", problem=str(answers)[:500]))
    out = []
    for answer in answers:
        if not isinstance(answer, dict) or "output" not in answer:
            problem = answer.get("error") if isinstance(answer, dict) else answer
            raise RenderError(_("pandoc failed (exit {code}): {problem}", code="batch", problem=str(problem)[:500]))
        text = answer["output"]
        out.append(base64.b64decode(text) if answer.get("base64") else text.encode("utf-8"))
    return out


def _kill_tree(proc: subprocess.Popen) -> None:
    """Stop pandoc and whatever it started: its process group on POSIX; on Windows (no process groups,
    no SIGKILL) the process itself, which is all pandoc runs there."""
    if os.name == "posix":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()


@cache
def api_version() -> list[int]:
    """The version of pandoc's document model (the AST) this pandoc reads: a JSON document must carry it."""
    return json.loads(run_pandoc(["-f", "markdown", "-t", "json"], b""))["pandoc-api-version"]
