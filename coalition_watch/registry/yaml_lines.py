"""YAML loading that remembers the line of every mapping and key, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):
    """A dict from YAML with the 1-based line of the mapping (``line``) and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the mapping's own line."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_located_map(loader: yaml.SafeLoader, node: yaml.MappingNode):
    data = LocatedDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data[key] = loader.construct_object(value_node, deep=True)
        if isinstance(key, str):
            data.key_lines[key] = key_node.start_mark.line + 1


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_located_map)


def load_located_yaml(path: Path) -> Any:
    """Parse one YAML file; mappings come back as :class:`LocatedDict`.

    Raises ``yaml.YAMLError`` (with a ``problem_mark``) on a syntax error.
    """
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LocatingLoader)  # noqa: S506 - safe loader subclass
