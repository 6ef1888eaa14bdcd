"""YAML loading with line numbers, safe constructors only (a leaf module).

``load_yaml`` returns plain Python data plus a function that gives the 1-based line of any value by its
path of keys and indices, so validation errors can name file and line. Only the safe loader is used:
YAML tags that construct objects are rejected by PyYAML itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

Path_ = tuple[Any, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        raise yaml.MarkedYAMLError(problem=f"unsupported tag {node.tag!r}", problem_mark=node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise yaml.MarkedYAMLError(problem="a mapping key must be a scalar", problem_mark=key_node.start_mark)
            if key in out:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
            out[key] = _convert(loader, value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1  # errors point at the key's line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml(text: str) -> tuple[Any, Callable[[Path_], int]]:
    """Parse ``text`` with the safe loader; return ``(data, line_of)``.

    ``line_of(path)`` is the line of the value at ``path`` (or of its nearest ancestor).
    Raises ``yaml.YAMLError`` (with a mark) on malformed YAML or duplicate keys.
    """
    # the C composer (libyaml) when PyYAML has it: same nodes and marks, many times faster on big files
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines: dict[Path_, int] = {}
    data = None if node is None else _convert(yaml.SafeLoader(""), node, (), lines)

    def line_of(path: Path_) -> int:
        path = tuple(path)
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    return data, line_of


def error_line(exc: yaml.YAMLError) -> int:
    """1-based line of a YAML error, 1 if unknown."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1
