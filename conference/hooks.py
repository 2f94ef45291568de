"""Extension points: where a conference page shows something an app above it owns.

The conference app never imports the apps above it. Where one of its pages needs
what only they know, it offers a slot here, and ``composition.apps`` fills it with
their function in ``ready()``. Each slot says what it is called with and what it
must return; an empty slot leaves the page as it would be without that app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Slot:
    """One extension point: at most one function, registered at start-up."""

    name: str
    function: Callable | None = None

    def register(self, function: Callable) -> Callable:
        self.function = function
        return function

    @property
    def is_filled(self) -> bool:
        return self.function is not None

    def __call__(self, *args, **kwargs):
        if self.function is None:
            raise LookupError(f"nothing is registered for the {self.name!r} slot")
        return self.function(*args, **kwargs)


#: ``speakers_by_delegation(event, speakers: list[Speaker]) -> list[(heading, [Speaker])]``:
#: the event's speakers cut into their delegations, each in protocol order, with the
#: delegation's name (in the active language) as heading; speakers who are not
#: participants last, A to Z, under the heading ``None``. Filled with
#: ``registrations.selectors.speakers_by_delegation``. Empty: the public speakers page
#: offers alphabetical order only.
speakers_by_delegation = Slot("speakers_by_delegation")
