"""Errors a user can act on. Only `cli.py` turns them into a message and an exit code."""

from __future__ import annotations


class KboError(Exception):
    """Base of every error kbo reports to a user: one line saying what is wrong and what to do,
    in English (`str(error)`) and in Thai (`error.thai`), which the command line shows by
    default."""

    def __init__(self, message: str, thai: str | None = None) -> None:
        super().__init__(message)
        self.thai = thai or message

    def text(self, lang: str) -> str:
        """The message in a language: `th` or `en`."""
        return self.thai if lang == "th" else str(self)


class UnreadableFileError(KboError):
    """The file cannot be opened as a registry (missing, not a spreadsheet, protected...)."""


class NoRegistryError(KboError):
    """A file opens, but no sheet in it holds a recognisable registry header."""


class MissingColumnsError(KboError):
    """A registry's header lacks fields the rules need."""


class UnknownSheetError(KboError):
    """--sheet names a sheet the file does not have."""


class NoValueError(KboError):
    """A rule column holds formulas never calculated, or error values: nothing in it can be read."""


class RulesError(KboError):
    """The rules file is missing a key or has a value of the wrong form."""


class OutputExistsError(KboError):
    """The output folder already holds workbooks and --force was not given."""


class OutputError(KboError):
    """The output cannot be written (the folder is a file, no permission, ...)."""


class OutputLockedError(OutputError):
    """Workbooks could not be replaced because another program holds them open."""

    def __init__(self, paths) -> None:
        self.paths = tuple(paths)
        first = str(self.paths[0])
        more = len(self.paths) - 1
        names_en = first + (f" and {more} more" if more else "")
        names_th = first + (f" และอีก {more} ไฟล์" if more else "")
        super().__init__(
            f"{names_en}: open in another program (Excel?), so it was not replaced. "
            "Close it and run again with --force; every other workbook was written.",
            f"{names_th}: เปิดค้างอยู่ในโปรแกรมอื่น (เช่น Excel) จึงเขียนทับไม่ได้ "
            "ปิดไฟล์แล้วรันใหม่พร้อม --force ไฟล์อื่นเขียนเรียบร้อยแล้ว",
        )
