"""Maintain sezctl's message catalogs with Babel (docs/i18n.md).

    python tools/catalogs.py extract   sezctl/locale/sezctl.pot from the source (_, N_, ngettext)
    python tools/catalogs.py update    the kk and ru .po files follow the .pot
    python tools/catalogs.py compile   the .mo files sezctl reads at run time (kk, ru, qps)
    python tools/catalogs.py check     exit 1 when the .pot, a .po or a .mo is out of date with
                                       the source, or a kk/ru entry is missing or fuzzy (CI)

The compiled ``.mo`` files are committed, so ``pip install .`` needs no Babel and no build
step; ``check`` proves they match the ``.po`` files.  ``qps`` is the pseudo-language of the
tests: every message wrapped in ⟦…⟧, generated from the template, never edited by hand.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sezctl"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "sezctl.pot"
LANGUAGES = ("kk", "ru")
PSEUDO = "qps"
# `M` and `Mn` (sezctl.core.i18n) make messages about the files: stored in English, shown
# translated.  Their first arguments are catalog keys like those of `_` and `ngettext`.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "M": None, "Mn": (1, 2)}
# A {placeholder} of str.format, with its optional !conversion and :format spec.
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z_0-9]*)(?:![rsa])?(?::[^{}]*)?\}")
# Fixed dates keep the files byte-for-byte reproducible, so `check` can compare them.
EPOCH = datetime(2026, 1, 1)
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def _po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "sezctl.po"


def _mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "sezctl.mo"


def extracted() -> Catalog:
    """Every message marked in the source, as a template catalog."""
    catalog = Catalog(
        project="sezctl", version="", creation_date=EPOCH, revision_date=EPOCH, fuzzy=False
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"sezctl/{filename}", lineno)], auto_comments=comments,
                    context=context)  # fmt: skip
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False,
             omit_header=False)  # fmt: skip
    return buffer.getvalue()


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def updated(language: str, template: Catalog) -> Catalog:
    """The language's catalog following ``template``: new messages empty, gone ones dropped."""
    path = _po_path(language)
    if path.exists():
        catalog = read_catalog(path, language)
    else:
        catalog = Catalog(locale=language, project="sezctl", creation_date=EPOCH, fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = catalog.revision_date = EPOCH
    catalog.fuzzy = False
    if language in PLURAL_FORMS:
        catalog._num_plurals, catalog._plural_expr = (  # Babel reads them from the header
            int(PLURAL_FORMS[language].split(";")[0].split("=")[1]),
            PLURAL_FORMS[language].split("plural=")[1].rstrip(";"),
        )
    return catalog


def pseudo(template: Catalog) -> Catalog:
    """⟦every message⟧: a test finds English that bypassed the catalog by its missing brackets."""
    catalog = Catalog(locale="en", project="sezctl", creation_date=EPOCH, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            catalog.add(message.id, tuple(f"⟦{text}⟧" for text in message.id))
        else:
            catalog.add(message.id, f"⟦{message.id}⟧")
    return catalog


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    """A message's key: its text, or a plural message's singular."""
    return message_id if isinstance(message_id, str) else message_id[0]


def problems() -> list[str]:
    """What `check` reports; empty when everything is in step."""
    found = []
    template = extracted()
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != po_bytes(template):
        found.append(
            f"{TEMPLATE.relative_to(ROOT)} is out of date: run `tools/catalogs.py extract`"
        )
    for language in LANGUAGES:
        path = _po_path(language)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing: run `tools/catalogs.py update`")
            continue
        catalog = read_catalog(path, language)
        ids = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in template
            if message.id
        }
        have = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in catalog
            if message.id
        }
        for missing in sorted(ids - have):
            found.append(f"{path.relative_to(ROOT)}: no entry for {missing!r}")
        for extra in sorted(have - ids):
            found.append(f"{path.relative_to(ROOT)}: {extra!r} is no longer in the source")
        for message in catalog:
            if not message.id:
                continue
            strings = (
                message.string if isinstance(message.string, tuple | list) else (message.string,)
            )
            if message.fuzzy:
                found.append(f"{path.relative_to(ROOT)}: fuzzy: {message.id!r}")
            elif not all(strings):
                found.append(f"{path.relative_to(ROOT)}: not translated: {message.id!r}")
            else:
                wanted = set(PLACEHOLDER.findall(" ".join(_ids(message.id))))
                for string in strings:
                    if set(PLACEHOLDER.findall(string)) != wanted:
                        found.append(
                            f"{path.relative_to(ROOT)}: the placeholders of {string!r} are not "
                            f"those of {_key(message.id)!r}: {sorted(wanted)}"
                        )
        mo = _mo_path(language)
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)} is out of date: run `tools/catalogs.py compile`")
    mo = _mo_path(PSEUDO)
    if not mo.exists() or mo.read_bytes() != mo_bytes(pseudo(template)):
        found.append(f"{mo.relative_to(ROOT)} is out of date: run `tools/catalogs.py compile`")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        TEMPLATE.write_bytes(po_bytes(extracted()))
    elif command == "update":
        template = read_catalog(TEMPLATE)
        for language in LANGUAGES:
            _po_path(language).parent.mkdir(parents=True, exist_ok=True)
            _po_path(language).write_bytes(po_bytes(updated(language, template)))
    elif command == "compile":
        for language in LANGUAGES:
            _mo_path(language).write_bytes(mo_bytes(read_catalog(_po_path(language), language)))
        _mo_path(PSEUDO).parent.mkdir(parents=True, exist_ok=True)
        _mo_path(PSEUDO).write_bytes(mo_bytes(pseudo(read_catalog(TEMPLATE))))
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
