"""bench/web_load.py cannot measure the wrong page: its wrk script holds a table of every path,
requests each of them, and a page without its marker stops the run."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "web_load.py"


def load():
    spec = importlib.util.spec_from_file_location("web_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module
    spec.loader.exec_module(module)
    return module


web_load = load()

TARGETS = [
    {"path": "/a/", "marker": '<h1 id="profile-name">Jürgen "Jo" Weiß</h1>', "htmx": False},
    {"path": "/b/?q=Steuerberaterin&city=K%C3%B6ln", "marker": 'value="Köln"', "htmx": False},
    {"path": "/c/1/", "marker": 'hx-post="/c/1/mark/"', "htmx": True},
]


def lua_unescape(literal: str) -> str:
    return re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), literal).encode("latin-1").decode()


def test_the_script_holds_a_table_of_every_path_with_its_marker():
    lua = web_load.render_lua(TARGETS, "sessionid=abc")
    assert "{TARGETS}" not in lua and "{COOKIE}" not in lua
    table = re.search(r"local targets = \{\n(.*?)\n\}\n", lua, re.S)
    assert table, "the targets are not a Lua table"
    string = r'"((?:[^"\\]|\\\d{3})*)"'
    rows = re.findall(rf"^  \{{{string}, {string}, (true|false)\}}", table.group(1), re.M)
    assert [(lua_unescape(p), lua_unescape(m), h == "true") for p, m, h in rows] == [
        (t["path"], t["marker"], t["htmx"]) for t in TARGETS
    ]
    assert 'local cookie = "sessionid=abc"' in lua


def test_lua_strings_escape_quotes_backslashes_and_non_ascii():
    assert web_load.lua_string('a"b\\c') == '"a\\034b\\092c"'
    assert web_load.lua_string("ö") == '"\\195\\182"'


class Pages(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    htmx: Counter = Counter()
    wrong_path = ""

    def do_GET(self):
        Pages.hits[self.path] += 1
        if self.headers.get("HX-Request") == "true":
            Pages.htmx[self.path] += 1
        target = next(t for t in TARGETS if t["path"] == self.path)
        text = "home page" if self.path == Pages.wrong_path else f"<p>{target['marker']}</p>"
        body = (text + " " * 200).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Pages.hits.clear()
    Pages.htmx.clear()
    Pages.wrong_path = ""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


@needs_wrk
def test_wrk_requests_every_path_and_checks_each_answer(server):
    args = SimpleNamespace(connections=2, duration=1, port=server.server_address[1])
    result = web_load.run_wrk("demo", TARGETS, "c=1", args, (200, 400))
    assert result.requests > 10 and result.errors == 0
    assert set(Pages.hits) == {t["path"] for t in TARGETS}
    assert set(Pages.htmx) == {"/c/1/"}


@needs_wrk
def test_a_page_without_its_marker_stops_the_run(server):
    Pages.wrong_path = "/b/?q=Steuerberaterin&city=K%C3%B6ln"
    args = SimpleNamespace(connections=2, duration=1, port=server.server_address[1])
    with pytest.raises(web_load.WrongPage, match="wrong pages"):
        web_load.run_wrk("demo", TARGETS, "c=1", args, (200, 400))


def test_the_python_client_stops_on_a_wrong_page_too(server):
    Pages.wrong_path = "/a/"
    args = SimpleNamespace(
        connections=2, duration=1, port=server.server_address[1], max_requests=200
    )
    with pytest.raises(web_load.WrongPage, match="wrong pages"):
        web_load.run_python("demo", TARGETS, "c=1", args, (200, 400))
    Pages.wrong_path = ""
    result = web_load.run_python("demo", TARGETS, "c=1", args, (200, 400))
    assert result.requests > 10 and set(Pages.htmx) == {"/c/1/"}


def test_sizes_far_from_the_checked_range_stop_the_run():
    result = web_load.Result("profile", 100, 1.0, 1, 2, 3, 0, 3_938, 3_938)
    with pytest.raises(web_load.WrongPage, match="bytes"):
        web_load.check_run(result, (16_000, 22_000), 0, "")
