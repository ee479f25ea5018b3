"""Stage packages you can call: ``talecast.read(path)`` runs the stage's entry function,
while ``talecast.read.plain`` stays the module it is.

A package marks itself with ``callable_stage(__name__, "read")`` at the end of its
``__init__``; that sets the module's class to ``Stage``, a ``types.ModuleType`` whose
instances can be called (the language reference, "Customizing module attribute
access", allows setting a module's ``__class__`` so). Nothing else about the module
changes: ``from talecast.read import plain`` and ``import talecast.read`` work as ever.
"""
from __future__ import annotations

import sys
import types


class Stage(types.ModuleType):
    """A stage package: calling it calls its entry function (named by ``__entry__``)."""

    __entry__: str

    def __call__(self, *args, **kwargs):
        return getattr(self, self.__entry__)(*args, **kwargs)


def callable_stage(name: str, entry: str) -> None:
    """Make the module ``name`` callable: ``module(...)`` is ``module.<entry>(...)``."""
    module = sys.modules[name]
    module.__class__ = Stage
    module.__entry__ = entry
