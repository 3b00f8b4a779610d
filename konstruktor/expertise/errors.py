class ExpertiseError(Exception):
    """A rule of expert selection was broken; the message is shown to the user as is."""


class AccessDenied(ExpertiseError):
    pass
