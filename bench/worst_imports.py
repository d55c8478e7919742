"""Import files built to cost the most: each as big as the caps allow, and wrong everywhere.

`bench_import_limits` times them and tests/questionbank/test_import_limits.py bounds them. Every
shape is a way found to make the reader or the check do the most work, or report the most
problems, per byte of input:

- empty_questions: `[{}, {}, ...]`, seven missing fields per three bytes;
- scalar_questions: `[1, 1, ...]`, one wrong value per two bytes, the most values a file can hold;
- unknown_fields: questions made only of misspelt fields (each one looked up for a suggestion);
- duplicate_keys: one key written over and over (the reader reports each repeat);
- bad_lists: every list inside a question full (200 items) of values of the wrong type;
- bad_kits: kits of 200 entries, each naming a question nobody defines (a bank lookup each);
- long_texts: few values but big ones, every one too long, on too many lines, not a slug;
- deep_nesting: every question nested as deep as the reader allows;
- alias_bomb: the "billion laughs", refused alias by alias (the reader never expands one);
- over_the_node_limit: the cheapest values to the byte cap, refused at MAX_NODES unchecked.

Each is filled to whichever cap it meets first: 5 MB, or the last value the reader takes.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from questionbank.exchange.reading import MAX_BYTES, MAX_NODES

HEAD = "format: loupe-questionbank/1\n"
HEAD_NODES = 3  # the document, its format and the section's list
BYTES = MAX_BYTES - 1024  # room for the closing line: never over either cap


def _fill(head: str, pieces: Iterator[tuple[str, int]], tail: str = "", nodes: int = 0) -> bytes:
    """head (holding `nodes` values), then (piece, its values) while both caps allow, then tail.

    Filling to the last value the reader takes, not to the byte cap, is what makes a shape worst:
    one value more and the file is refused at once, unchecked.
    """
    out, size, nodes = [head], len(head) + len(tail), nodes or HEAD_NODES
    for piece, count in pieces:
        if size + len(piece) > BYTES or nodes + count > MAX_NODES:
            break
        out.append(piece)
        size += len(piece)
        nodes += count
    out.append(tail)
    return "".join(out).encode()


def _repeat(piece: str, nodes: int) -> Iterator[tuple[str, int]]:
    while True:
        yield piece, nodes


def empty_questions() -> bytes:
    return _fill(HEAD + "questions: [{}", _repeat(",{}", 1), "]\n", nodes=HEAD_NODES + 1)


def scalar_questions() -> bytes:
    return _fill(HEAD + "questions: [1", _repeat(",1", 1), "]\n", nodes=HEAD_NODES + 1)


def unknown_fields() -> bytes:
    # Close to real names, so the suggestion has work to do: "slag", "titel", "promt", ...
    piece = "- {slag: , titel: , promt: , rubrik: }\n"
    return _fill(HEAD + "questions:\n", _repeat(piece, 5))


def duplicate_keys() -> bytes:
    return _fill(HEAD + "questions:\n- {slug: a", _repeat(", slug: a", 1), "}\n", nodes=5)


def bad_lists() -> bytes:
    full = "[" + ",".join(["[]"] * 200) + "]"
    question = (
        f"- {{tags: {full}, follow_ups: {full}, "
        f"rubric: {{anchors: {full}, signals: {full}, red_flags: {full}}}}}\n"
    )
    return _fill(HEAD + "questions:\n", _repeat(question, 2 + 5 * 201))


def bad_kits() -> bytes:
    def kits() -> Iterator[tuple[str, int]]:
        n = 0
        while True:
            entries = ",".join(f"{{question: q{n}-{e}, minutes: 1}}" for e in range(200))
            yield f"- {{slug: k{n}, name: K, target_level: mid, questions: [{entries}]}}\n", 605
            n += 1

    return _fill(HEAD + "kits:\n", kits())


def long_texts() -> bytes:
    # Big values rather than many: each text over its limit and on several lines, each slug not
    # a slug, so every byte is looked at by a check.
    line = "Explain how the scheduler hands off a P when a goroutine blocks in a syscall. " * 4
    text = '"' + "\\n".join([line] * 12) + '"'
    piece = f"- {{slug: {text}, topic: {text}, title: {text}, expected_minutes: {text}}}\n"
    return _fill(HEAD + "questions:\n", _repeat(piece, 5))


def deep_nesting() -> bytes:
    nested = "[" * 38 + "1" + "]" * 38  # the document and `questions` take two of the 40 levels
    return _fill(HEAD + "questions:\n", _repeat(f"- {nested}\n", 39))


def alias_bomb() -> bytes:
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    head = HEAD + laughs + "questions: [*i"
    return _fill(head, _repeat(", *i", 1), "]\n", nodes=2 + 9 * 10 + 2)


def over_the_node_limit() -> bytes:
    # The cheapest values there are, to the byte cap: refused as soon as the reader counts past
    # MAX_NODES, without a check.
    return _fill(HEAD + "questions: [{}", _repeat(",{}", 0), "]\n")


SHAPES: dict[str, Callable[[], bytes]] = {
    shape.__name__: shape
    for shape in (
        empty_questions,
        scalar_questions,
        unknown_fields,
        duplicate_keys,
        bad_lists,
        bad_kits,
        long_texts,
        deep_nesting,
        alias_bomb,
        over_the_node_limit,
    )
}


# The child imports each file with the `import_questions` command, as an operator would, and says
# how much memory it took at most: its peak resident set, which (unlike tracemalloc) counts what
# libyaml allocates in C, the interpreter, Django, and whatever the allocator could not give back.
# It reads VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child of a
# big process (pytest) would report its parent's size.
CHILD = """
import re, sys, time
import django
django.setup()
from django.core.management import CommandError, call_command
for path in sys.argv[1:]:
    started = time.perf_counter()
    try:
        call_command("import_questions", path)
    except CommandError as error:
        print(error, file=sys.stderr)
    print(f"{path}: {time.perf_counter() - started:.2f} s", file=sys.stderr)
with open("/proc/self/status") as status:
    print(int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read()).group(1)) * 1024, end="")
"""


@dataclass
class ChildRun:
    returncode: int
    stderr: str
    peak_bytes: int  # the child's largest resident set: its peak memory, as the OS saw it


def import_in_a_child(paths: list[Path], *, timeout: float) -> ChildRun:
    """Run `import_questions` on each path in turn, in one fresh Python process, on this process's
    settings and database (a test's included)."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and code, file paths as arguments)
        [sys.executable, "-c", CHILD, *map(str, paths)],
        cwd=Path(__file__).resolve().parent.parent,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    peak = int(done.stdout.rsplit("\n", 1)[-1] or 0)
    return ChildRun(done.returncode, done.stderr, peak)


def _child_env() -> dict[str, str]:
    if connection.vendor != "postgresql":
        return dict(os.environ)  # the embedded default: the same SQLite file
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    settings = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": url}
