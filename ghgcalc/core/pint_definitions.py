"""pint's unit definitions parsed once, kept as JSON in the user's cache folder.

Why: building the registry cost 0.2 s of CPU in every command, two thirds of it pint's parser
reading the same definition files (its own and ghgcalc's data/gases.txt and data/units.txt).
The parsed definitions are plain records (pint's definition dataclasses: names, aliases, scales,
references to other units), so they are written as JSON, keyed by the content hash of the files
and pint's version, and read back as the same records; the registry is then built from them as
pint builds it from a file, less the table of root units pint fills ahead of use (each unit's is
worked out when first used, by pint's own functions). Reading back only makes pint's own
definition classes, with their fields as arguments: a cache file can make a wrong registry only by
being wrong data, and the key names what it was built from. A file that cannot be read back is
parsed again and rewritten.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from importlib import resources

from ghgcalc.core import cache
from ghgcalc.core.pint_import import pint
from pint.facets.plain.registry import RegistryCache
from pint.util import UnitsContainer

FORMAT = "2"  # the layout of the JSON written here; a change makes every old file unread


class Parsed:
    """Definitions already parsed, handed to the registry in place of a file; with ``equivalents`` (units by
    dimension, as pint's build of its cache leaves them) the registry skips that build."""

    def __init__(self, definitions: tuple, equivalents: dict | None = None):
        self.definitions = definitions
        self.equivalents = equivalents


class Registry(pint.UnitRegistry):
    """pint's registry, which also takes parsed definitions where it takes a definitions file."""

    def load_definitions(self, file, is_resource: bool = False):
        if isinstance(file, Parsed):
            for definition in file.definitions:
                self._helper_dispatch_adder(definition)
            return file  # what pint hands to _build_cache
        return super().load_definitions(file, is_resource)

    def _build_cache(self, loaded_files=None) -> None:
        """pint works out every unit's root units and dimension here, ahead of use (0.05 s); from the cache, each
        is worked out on first use instead (pint's own functions, so the same results), and the one table only
        this build fills, the units of each dimension, is read back. Without that table, pint builds as usual."""
        equivalents = getattr(loaded_files, "equivalents", None)
        if equivalents is None or not hasattr(self, "_caches"):
            super()._build_cache(loaded_files)
            return
        self._cache = RegistryCache()
        self._cache.dimensional_equivalents.update((dimension, set(names)) for dimension, names in equivalents.items())
        self._caches[()] = self._cache  # as pint's context facet records the cache it builds


def pint_text() -> str:
    """pint's default definitions with the constants file they import written in place."""
    files = resources.files("pint")
    return files.joinpath("default_en.txt").read_text(encoding="utf-8").replace(
        "@import constants_en.txt", files.joinpath("constants_en.txt").read_text(encoding="utf-8"))


def build_registry(ours: str, **options) -> Registry:
    """A registry of pint's default definitions and ``ours`` (definition lines), with pint's ``options``.

    Read from the cache when it holds these definitions; otherwise parsed, built, and written to it.
    """
    default_text = pint_text()
    name = f"pint-definitions-{cache.content_key(FORMAT, pint.__version__, default_text, ours)}.json"
    document = cache.read_json(name)
    if document is not None:
        try:
            defaults, extra = tuple(decode(d) for d in document["pint"]), tuple(decode(d) for d in document["ghgcalc"])
            equivalents = {decode(dimension): tuple(names) for dimension, names in document["equivalents"]}
        except (KeyError, TypeError, ValueError, AttributeError, ImportError, pint.errors.PintError):
            pass  # written by hand or by another layout: parsed again below
        else:
            registry = Registry(Parsed(defaults, equivalents), **options)
            registry.load_definitions(Parsed(extra))
            return registry
    parser = pint.UnitRegistry(None, cache_folder=None)._def_parser
    defaults = tuple(parser.iter_parsed_project(parser.parse_string(default_text)))
    extra = tuple(parser.iter_parsed_project(parser.parse_string(ours)))
    registry = Registry(Parsed(defaults), **options)  # builds pint's cache as pint does
    equivalents = [[encode(dimension), sorted(names)] for dimension, names in registry._cache.dimensional_equivalents.items()]
    registry.load_definitions(Parsed(extra))
    cache.write_json(name, {"pint": [encode(d) for d in defaults], "ghgcalc": [encode(d) for d in extra],
                            "equivalents": equivalents})
    return registry


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
    kind = _record_class(data["class"])
    return kind(**{field: decode(value) for field, value in data["fields"].items()})


@functools.lru_cache(maxsize=None)
def _record_class(path: str) -> type:
    """One of pint's definition dataclasses by "module:name"; anything else is refused (looked up once per name)."""
    module, _, name = path.partition(":")
    if not module.startswith("pint."):
        raise ValueError(f"{module} is not part of pint")
    kind = importlib.import_module(module)
    for part in name.split("."):
        kind = getattr(kind, part)
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise ValueError(f"{path} is not one of pint's definition records")
    return kind
