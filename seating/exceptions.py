"""What the seating services refuse; views turn each into a message."""


class SeatingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PlanChanged(SeatingError):
    """The form was drawn from an older version of the plan (someone else changed it)."""


class SeatConflict(SeatingError):
    """One seat per person per plan, one person per seat, only those confirmed for it."""
