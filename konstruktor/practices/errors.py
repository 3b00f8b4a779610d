class PracticeError(Exception):
    """A rule of the practice passport was broken; the message is shown to the user as is."""


class AccessDenied(PracticeError):
    pass


class TransitionNotAllowed(PracticeError):
    pass
