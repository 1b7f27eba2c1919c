"""Errors with stable codes. Messages are Indonesian (translated when English is chosen)
and say what to do; the command line turns ``exit_status`` into its exit code."""

from __future__ import annotations


class NetralError(Exception):
    """An error the user can act on."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message


class UsageError(NetralError):
    code = "usage"
    exit_status = 2


class ValidationError(NetralError):
    code = "invalid"


class NotFoundError(NetralError):
    code = "not_found"


class ConflictError(NetralError):
    code = "conflict"


class PermissionDenied(NetralError):
    code = "forbidden"


class AuthenticationError(NetralError):
    code = "auth_failed"


class AccountLocked(AuthenticationError):
    code = "auth_locked"


class StoreError(NetralError):
    code = "store"


class NewerDatabaseError(StoreError):
    code = "store_newer"


class NotInitialisedError(StoreError):
    code = "not_initialised"


class KeyStoreError(NetralError):
    code = "keystore"


class KeyStoreUnavailable(KeyStoreError):
    code = "keystore_unavailable"


class VerificationFailed(NetralError):
    """A check of stored or received data failed: nothing is written."""

    code = "verification_failed"
    exit_status = 3


class SpreadsheetError(NetralError):
    """A file offered for import that cannot be read as a roster: nothing is imported."""

    code = "spreadsheet"


class FileTooLarge(SpreadsheetError):
    code = "file_too_large"


class NotASpreadsheet(SpreadsheetError):
    code = "not_spreadsheet"


class PasswordProtected(SpreadsheetError):
    code = "password_protected"


class EmptySheet(SpreadsheetError):
    code = "sheet_empty"


class NoNameColumn(SpreadsheetError):
    code = "no_name_column"


class MappingError(SpreadsheetError):
    code = "mapping_invalid"
