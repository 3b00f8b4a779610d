class ReplicationError(Exception):
    """A rule of matching or transfer was broken; the message is shown to the user as is."""


class AccessDenied(ReplicationError):
    pass
