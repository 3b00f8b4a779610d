class KnowledgeError(Exception):
    """A handbook rule was broken; the message is shown to the user as is."""


class AccessDenied(KnowledgeError):
    pass


class AttachmentRejected(KnowledgeError):
    pass
