class IncubatorError(Exception):
    """An incubator rule was broken; the message is shown to the user as is."""


class AccessDenied(IncubatorError):
    pass
