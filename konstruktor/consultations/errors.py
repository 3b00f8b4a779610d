"""Domain errors of the consultation line; the message is shown to the user as is."""


class ConsultationError(Exception):
    """A rule of the consultation line was broken."""


class AccessDenied(ConsultationError):
    pass


class IllegalTransition(ConsultationError):
    pass


class ConsentRequired(ConsultationError):
    pass


class RateLimited(ConsultationError):
    pass


class RatingUnavailable(ConsultationError):
    pass
