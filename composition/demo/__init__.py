"""The demonstration data `make run` loads: ``load_demo()`` creates or restores it."""

from composition.demo.tokyo_2016 import EVENT_SLUG, NEXT_EDITION_SLUG, load_demo

__all__ = ["EVENT_SLUG", "NEXT_EDITION_SLUG", "load_demo"]
