class TerritoryError(Exception):
    """A rule about territories was broken; the message is for the user."""
