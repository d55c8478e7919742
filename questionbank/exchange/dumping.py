"""Plain values to the bank's YAML: stable, readable and exact.

Keys keep the order they were given in; lists under a key are indented; multi-line text is a
block scalar (`|`) whenever YAML can hold it exactly, and double-quoted with escapes when it can't
(trailing spaces on a line, a stray carriage return); lines are never wrapped. `Flow` lists (tags)
are written inline. Whatever the text, reading the output back gives the same strings.
"""

import sys

import yaml

STR = "tag:yaml.org,2002:str"
# Line breaks that YAML readers normalise to "\n" or that PyYAML would write raw inside a block or
# single-quoted scalar: only the double-quoted style (which escapes them) keeps them exact.
_UNUSUAL_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


class Flow(list):
    """A list written inline: [a, b]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def analyze_scalar(self, scalar):
        analysis = super().analyze_scalar(scalar)
        if any(mark in scalar for mark in _UNUSUAL_BREAKS):
            analysis.allow_block = analysis.allow_single_quoted = False
            analysis.allow_flow_plain = analysis.allow_block_plain = False
        elif "\t" in scalar and "\n" in scalar and not scalar.startswith("\t"):
            # YAML allows tabs inside block scalars (gofmt'd Go code is full of them); PyYAML
            # refuses them there. A tab leading the first line would confuse indentation.
            analysis.allow_block = super().analyze_scalar(scalar.replace("\t", "x")).allow_block
        return analysis


def _represent_str(dumper: _Dumper, text: str):
    return dumper.represent_scalar(STR, text, style="|" if "\n" in text else None)


def _represent_flow(dumper: _Dumper, items: Flow):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Flow, _represent_flow)


def dump(document: dict) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        indent=2,
        width=sys.maxsize,
    )
