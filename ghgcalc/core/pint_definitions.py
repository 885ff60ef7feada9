"""pint's unit definitions parsed once, kept as JSON in the user's cache folder.

Why: building the registry cost 0.2 s of CPU in every command, two thirds of it pint's parser
reading the same definition files (its own and ghgcalc's data/gases.txt and data/units.txt).
The parsed definitions are plain records (pint's definition dataclasses: names, aliases, scales,
references to other units), so they are written as JSON, keyed by the content hash of the files
and pint's version, and read back as the same records; the registry is then built from them as
pint builds it from a file. Reading back only makes pint's own definition classes, with their
fields as arguments: a cache file can make a wrong registry only by being wrong data, and the key
names what it was built from. A file that cannot be read back is parsed again and rewritten.
"""

from __future__ import annotations

import dataclasses
import importlib
from importlib import resources

from ghgcalc.core import cache
from ghgcalc.core.pint_import import pint
from pint.util import UnitsContainer

FORMAT = "1"  # the layout of the JSON written here; a change makes every old file unread


class Parsed:
    """Definitions already parsed, handed to the registry in place of a file."""

    def __init__(self, definitions: tuple):
        self.definitions = definitions


class Registry(pint.UnitRegistry):
    """pint's registry, which also takes parsed definitions where it takes a definitions file."""

    def load_definitions(self, file, is_resource: bool = False):
        if isinstance(file, Parsed):
            for definition in file.definitions:
                self._helper_dispatch_adder(definition)
            return None
        return super().load_definitions(file, is_resource)


def pint_text() -> str:
    """pint's default definitions with the constants file they import written in place."""
    files = resources.files("pint")
    return files.joinpath("default_en.txt").read_text(encoding="utf-8").replace(
        "@import constants_en.txt", files.joinpath("constants_en.txt").read_text(encoding="utf-8"))


def parsed_definitions(ours: str) -> tuple[tuple, tuple]:
    """pint's default definitions and ``ours`` (definition lines), parsed, from the cache when it holds them."""
    default_text = pint_text()
    name = f"pint-definitions-{cache.content_key(FORMAT, pint.__version__, default_text, ours)}.json"
    document = cache.read_json(name)
    if document is not None:
        try:
            return tuple(decode(d) for d in document["pint"]), tuple(decode(d) for d in document["ghgcalc"])
        except (KeyError, TypeError, ValueError, AttributeError, ImportError, pint.errors.PintError):
            pass  # written by hand or by another layout: parsed again below
    parser = pint.UnitRegistry(None, cache_folder=None)._def_parser
    defaults = tuple(parser.iter_parsed_project(parser.parse_string(default_text)))
    extra = tuple(parser.iter_parsed_project(parser.parse_string(ours)))
    cache.write_json(name, {"pint": [encode(d) for d in defaults], "ghgcalc": [encode(d) for d in extra]})
    return defaults, extra


def encode(value):
    """A parsed definition (and what it holds) as JSON: a dataclass as its class and init fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        return {"class": f"{kind.__module__}:{kind.__qualname__}",
                "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}}
    if isinstance(value, UnitsContainer):
        return {"units": {name: encode(power) for name, power in value.items()}}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"a pint definition holds a {type(value).__name__}, which is not kept as JSON")


def decode(data):
    """What :func:`encode` wrote, as it was; only pint's own dataclasses are made, from their fields."""
    if isinstance(data, list):
        return tuple(decode(item) for item in data)
    if not isinstance(data, dict):
        return data
    if "units" in data:
        return UnitsContainer({name: decode(power) for name, power in data["units"].items()})
    if "dict" in data:
        return {decode(k): decode(v) for k, v in data["dict"]}
    module, _, name = data["class"].partition(":")
    if not module.startswith("pint."):
        raise ValueError(f"{module} is not part of pint")
    kind = importlib.import_module(module)
    for part in name.split("."):
        kind = getattr(kind, part)
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise ValueError(f"{data['class']} is not one of pint's definition records")
    return kind(**{field: decode(value) for field, value in data["fields"].items()})
