"""The one error type of the ingest stage."""


class IngestError(Exception):
    """A document that cannot be read: ``code`` is short and stable for batch reports."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
