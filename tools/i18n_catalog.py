"""Keep the English catalogue in step with the code: ``python -m tools.i18n_catalog``.

Extracts every ``_()``, ``N_()``, ``ngettext()`` and ``pgettext()`` string from the package
with Babel, and every text a user reads from the shipped procedure rulesets
(resources/rulesets/*.yaml: their titles, status, step, origin, route and deadline labels, date
names; translated where they are shown, core/procedure.py); adds the new ones to
``resources/locale/en/LC_MESSAGES/netral.po`` (keeping existing translations, dropping strings no
longer used) and prints how many still lack an English text. Also compiles the Indonesian for
argparse's own words (``resources/locale/id/LC_MESSAGES/argparse.po``) into the .mo the program
reads.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import netral_desktop
from netral_desktop.config import resources_dir
from netral_desktop.core.procedure import RULESET_DIR, load_ruleset_file

# The installed package's strings only: benchmarks/ and tools/ print untranslated English.
PACKAGE = Path(netral_desktop.__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def catalog_path(language: str = "en") -> Path:
    return resources_dir() / "locale" / language / "LC_MESSAGES" / "netral.po"


def extract() -> Catalog:
    template = Catalog(project="Netral Desktop", locale="id")
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(message, locations=[(f"netral_desktop/{filename}", lineno)], context=context)
    for path in ruleset_files():
        for text in load_ruleset_file(path).display_texts():
            template.add(text, locations=[(f"resources/rulesets/{path.name}", 0)])
    return template


def ruleset_files() -> list[Path]:
    return sorted((resources_dir() / RULESET_DIR).glob("*.yaml"))


def load(language: str = "en") -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, project="Netral Desktop")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def untranslated(catalog: Catalog) -> list[str]:
    return [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]


def save(catalog: Catalog, language: str = "en") -> None:
    """Write the catalogue sorted, without source locations or a creation date, so that two
    branches adding strings rarely touch the same lines (fewer merge conflicts)."""
    catalog.creation_date = catalog.revision_date = datetime(2024, 1, 1, tzinfo=UTC)
    path = catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, no_location=True, omit_header=False)


def update(language: str = "en") -> Catalog:
    catalog = load(language)
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    save(catalog, language)
    return catalog


def argparse_catalog_paths() -> tuple[Path, Path]:
    """Indonesian for argparse's own words: the .po kept by hand, the .mo the program reads."""
    folder = resources_dir() / "locale" / "id" / "LC_MESSAGES"
    return folder / "argparse.po", folder / "argparse.mo"


def compile_argparse_catalog(target: Path | None = None) -> Path:
    """Compile argparse.po into argparse.mo (to ``target``, else beside it)."""
    source, shipped = argparse_catalog_paths()
    with source.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    target = target or shipped
    with target.open("wb") as handle:
        write_mo(handle, catalog)
    return target


def main() -> int:
    compile_argparse_catalog()
    catalog = update()
    missing = untranslated(catalog)
    print(f"{catalog_path()}: {len(catalog)} messages, {len(missing)} without English")
    for message in missing[:20]:
        print("  -", message[:90])
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
