"""Messages in the headquarters' languages: Kazakh (``kk``), Russian (``ru``) and English (``en``).

Every string sezctl shows a person goes through :func:`_` (or :func:`ngettext` for counts), which
looks it up in the GNU gettext catalog of the chosen language: ``sezctl/locale/<lang>/LC_MESSAGES/
sezctl.mo``, compiled from the ``.po`` files beside it with Babel (docs/i18n.md).  English is the
source language: its catalog is the identity.  Machine output never goes through here: JSON keys,
CSV headers, problem codes, exit codes and the ``path:line:col: severity[code]:`` prefix stay the
same in every language.

The language is chosen once per run, before anything is printed (:func:`choose_language`):
``--lang``, then ``SEZCTL_LANG``, then ``language`` in ``sezctl.toml``, then the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as git and coreutils read it), then English.

``qps`` is a pseudo-language for tests: every translation is the English text wrapped in
``⟦…⟧``, so a test can find any human-visible English that did not pass through the catalog.
"""

from __future__ import annotations

import gettext
import struct
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import IO

from sezctl.core.problems import SezctlError

DOMAIN = "sezctl"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = {"kk": "қазақша", "ru": "русский", "en": "English"}
PSEUDO = "qps"
DEFAULT = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT
_date_format: str | None = None


def _(message: str) -> str:
    """``message`` (English, the catalog key) in the language of this run."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase for ``count``: Russian has three forms (1 день, 2 дня,
    5 дней), Kazakh keeps the noun singular after a number (5 күн), English two."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (module-level tables that
    are translated where they are shown)."""
    return message


class Message(str):
    """A message about the files that is shown in the language of the run but stored in English.

    Its value as a string is the English text, so JSON, SARIF, sorting and every comparison see
    the same bytes in every language; :func:`localize` writes it in the language of the run from
    the catalog entry ``template`` and the same arguments.  Arguments that are messages themselves
    (a status explained in words, a hint) are localized too.  Made by :func:`M` and :func:`Mn`.
    """

    template: str
    plural: str | None
    number: int  # picks the plural form (`count` would hide str.count)
    args: dict[str, object]

    def __new__(
        cls, template: str, plural: str | None, number: int, args: dict[str, object]
    ) -> Message:
        text = (template if plural is None or number == 1 else plural).format(**args)
        self = super().__new__(cls, text)
        self.template, self.plural, self.number, self.args = template, plural, number, args
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Message, (self.template, self.plural, self.number, self.args))


def M(template: str, /, **args: object) -> Message:
    """A message kept in English and shown translated: ``M("unknown owner {owner!r}",
    owner=name)``.  ``template`` is a :meth:`str.format` pattern and the catalog key."""
    return Message(template, None, 1, args)


def Mn(singular: str, plural: str, count: int, /, **args: object) -> Message:
    """A counted :func:`M`: ``count`` picks the plural form and is ``{count}`` in the text."""
    return Message(singular, plural, count, {"count": count, **args})


def localize(text: str) -> str:
    """``text`` in the language of the run: a :class:`Message` from the catalog, anything else
    (a name from a file, a path) as it is.  A translation whose placeholders do not match its
    English (which `tools/catalogs.py check` refuses) falls back to the English text."""
    if not isinstance(text, Message) or _language == DEFAULT:
        return str(text)
    args = {
        name: localize(value) if isinstance(value, Message) else value
        for name, value in text.args.items()
    }
    if text.plural is None:
        pattern = _translation.gettext(text.template)
    else:
        pattern = _translation.ngettext(text.template, text.plural, text.number)
    try:
        return pattern.format(**args)
    except (KeyError, IndexError, ValueError):
        return str(text)


def language() -> str:
    """The language of this run: ``kk``, ``ru``, ``en`` (or ``qps`` in tests)."""
    return _language


class LazyCatalog(gettext.GNUTranslations):
    """Python's GNU gettext catalog, reading each message from the ``.mo`` file when it is asked
    for instead of decoding all of them at the start.

    ``GNUTranslations`` decodes every entry into a dict when the file is opened: 9 M
    instructions for the 600 messages of kk, about 1.5% of a whole ``status`` run
    (docs/performance.md), of which a run uses a few dozen.  A ``.mo`` file keeps its original
    strings sorted (Babel writes them so, and `tools/catalogs.py check` proves our files are
    Babel's), so a message is found by binary search; ``gettext``, ``ngettext`` and the plural
    rule from the header are the standard library's own.
    """

    def _parse(self, fp: IO[bytes]) -> None:  # type: ignore[override]  # typeshed: _parse(fp)
        data = fp.read()
        magic = struct.unpack_from("<I", data)[0] if len(data) >= 28 else None
        if magic == self.LE_MAGIC:
            order = "<"
        elif magic == struct.unpack("<I", struct.pack(">I", self.LE_MAGIC))[0]:
            order = ">"
        else:
            raise OSError(0, "Bad magic number", getattr(fp, "name", ""))
        _, count, keys_at, values_at = struct.unpack_from(order + "4I", data, 4)
        entries = _MoEntries(data, order, count, keys_at, values_at)
        self._catalog = entries
        self._charset = "utf-8"
        try:
            header = entries[""]
        except KeyError:
            header = ""
        for line in header.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "plural-forms":
                self.plural = gettext.c2py(value.split(";")[1].split("plural=")[1])
            elif name.strip().lower() == "content-type" and "charset=" in value:
                self._charset = value.split("charset=")[1].strip()


class _MoEntries:
    """The ``_catalog`` of :class:`LazyCatalog`: the lookups ``GNUTranslations`` makes (``get``
    and ``[]``, by msgid or by ``(msgid, plural form)``), answered by binary search."""

    __slots__ = ("count", "data", "found", "keys_at", "order", "values_at")

    def __init__(self, data: bytes, order: str, count: int, keys_at: int, values_at: int) -> None:
        self.data, self.order, self.count = data, order, count
        self.keys_at, self.values_at = keys_at, values_at
        # Each message once: a table of 10,000 rows asks for the same few thousands of times.
        self.found: dict[str | tuple[str, int], str | None] = {}

    def _find(self, key: bytes, prefix: bool) -> str | None:
        data, entry = self.data, self.order + "2I"
        low, high = 0, self.count
        while low < high:
            middle = (low + high) // 2
            length, start = struct.unpack_from(entry, data, self.keys_at + 8 * middle)
            if data[start : start + length] < key:
                low = middle + 1
            else:
                high = middle
        if low == self.count:
            return None
        length, start = struct.unpack_from(entry, data, self.keys_at + 8 * low)
        found = data[start : start + length]
        if found != key and not (prefix and found.startswith(key)):
            return None
        length, start = struct.unpack_from(entry, data, self.values_at + 8 * low)
        return data[start : start + length].decode("utf-8")

    def get(self, key: str | tuple[str, int], default: object = None) -> object:
        try:
            return self[key]
        except KeyError:
            return default

    def __getitem__(self, key: str | tuple[str, int]) -> str:
        try:
            found = self.found[key]
        except KeyError:
            found = self.found[key] = self._lookup(key)
        if found is None:
            raise KeyError(key)
        return found

    def _lookup(self, key: str | tuple[str, int]) -> str | None:
        if isinstance(key, tuple):  # a plural form: the entry "singular\0plural"
            found = self._find(key[0].encode("utf-8") + b"\0", prefix=True)
            forms = None if found is None else found.split("\0")
            if forms is None or not 0 <= key[1] < len(forms):
                return None
            return forms[key[1]]
        return self._find(key.encode("utf-8"), prefix=False)


def use_language(code: str, date_format: str | None = None) -> None:
    """Switch every later message to ``code`` (English needs no catalog), with dates written
    as ``date_format`` says (``"dmy"``, ``"iso"``, or None: as the language writes them)."""
    global _translation, _language, _date_format
    _date_format = date_format
    if code == DEFAULT:
        _translation = gettext.NullTranslations()
    else:
        with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as catalog:
            _translation = LazyCatalog(catalog)
    _language = code


def _from_locale(value: str) -> str | None:
    """``ru_RU.UTF-8`` -> ``ru``; ``kk_KZ`` -> ``kk``; ``C``, ``POSIX`` or another language ->
    None (the next source decides, then English)."""
    code = value.split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(
    option: str | None, environ: Mapping[str, str], configured: str | None = None
) -> str:
    """The language of this run, from the first source that names one (module docstring).

    A language named on purpose (``--lang``, ``SEZCTL_LANG``, ``language =``) must be one sezctl
    speaks: anything else is an error listing the choices.  The locale is a preference of the
    whole machine, so a locale sezctl does not speak (``de_DE``) just falls through to English.
    """
    for source, value in (
        ("--lang", option),
        ("SEZCTL_LANG", environ.get("SEZCTL_LANG")),
        ("language in sezctl.toml", configured),
    ):
        if value:
            if value in LANGUAGES or value == PSEUDO:
                return value
            choices = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
            raise SezctlError(f"{source}: unknown language {value!r}; choose one of {choices}")
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:  # the first one set wins, as in POSIX, even when it names no language we speak
            return _from_locale(value) or DEFAULT
    return DEFAULT


def format_day(day: date) -> str:
    """A date for people: ``26.11.2026`` in Kazakh and Russian, ``2026-11-26`` in English, or
    as ``date_format`` in sezctl.toml says.  Machine output (JSON, CSV, ICS) stays ISO."""
    chosen = _date_format or ("iso" if _language == DEFAULT else "dmy")
    return day.isoformat() if chosen == "iso" else f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
