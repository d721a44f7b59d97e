"""The tables' cell renderers: django_tables2 asks which arguments a render_* method takes once per
function (core.tables.signature), and gets the answer it would have computed itself."""

from __future__ import annotations

import functools
import inspect

import django_tables2.utils

from jijuqu.core import tables


def _arguments(fn):
    """django_tables2's own answer, from inspect, as `signature` must give it."""
    args, keywords = [], None
    for arg in inspect.signature(fn).parameters.values():
        if arg.kind == arg.VAR_KEYWORD:
            keywords = arg.name
        elif arg.kind != arg.VAR_POSITIONAL:
            args.append(arg.name)
    return tuple(args), keywords


class Renderer:
    def render_thing(self, value, record):
        return value

    def render_any(self, *args, **kwargs):
        return kwargs

    @classmethod
    def made(cls, record):
        return record

    def __call__(self, table, record=None):
        return record


def plain(value, *, bound_column=None, **rest):
    return value


def test_a_renderers_arguments_are_what_inspect_says_however_it_is_reached():
    renderer, other = Renderer(), Renderer()
    callables = [
        renderer.render_thing,
        other.render_thing,  # the same function bound to another table
        Renderer.render_thing,  # not bound: self is an argument
        renderer.render_any,
        Renderer.made,
        renderer,
        plain,
        lambda record: record,
        functools.partial(plain, 1),
    ]
    for _ in range(2):  # the second time from what was kept
        for fn in callables:
            assert tables.signature(fn) == _arguments(fn), fn


def test_django_tables2_asks_the_kept_signatures():
    assert django_tables2.utils.signature is tables.signature
    assert django_tables2.utils.call_with_appropriate(Renderer().render_thing, {"value": 1, "record": 2}) == 1
