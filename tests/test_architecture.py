"""The layering rules that imports alone don't show (the import contracts themselves run in `make lint`).

- An app's template tags are loaded only by its own templates or by a surface's: a domain template that loads another
  domain app's tags depends on that app without any import saying so.
- The private-names contract (lint/govhall_contracts.py) finds what it is meant to find."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "govhall"
SURFACES = {"portal", "workbench", "api", "templates"}  # "templates": the project's base layout and shared pieces
LOAD = re.compile(r"\{%\s*load\s+([\w\s]+?)\s*%\}")


def tag_libraries() -> dict[str, str]:
    """Template tag library name → the app that defines it."""
    return {
        library.stem: library.parent.parent.name
        for library in SOURCE.glob("*/templatetags/*.py")
        if library.stem != "__init__"
    }


def owner(template: Path) -> str:
    """The app a template belongs to: templates/<app>/… or <app>/templates/…; templates/*.html is the project's."""
    relative = template.relative_to(SOURCE)
    if relative.parts[0] == "templates":
        return relative.parts[1] if len(relative.parts) > 2 else "templates"
    return relative.parts[0]


def test_template_tags_are_loaded_by_their_app_or_a_surface() -> None:
    libraries = tag_libraries()
    assert libraries, "no template tag libraries found: the check would prove nothing"
    wrong = []
    for template in sorted(SOURCE.glob("**/templates/**/*.html")):
        app = owner(template)
        for names in LOAD.findall(template.read_text(encoding="utf-8")):
            for name in names.split():
                library_app = libraries.get(name)  # None: Django's own (static, i18n, …)
                if library_app and library_app != app and app not in SURFACES:
                    wrong.append(f"{template.relative_to(ROOT)} loads {name} (of {library_app})")
    assert wrong == []


@pytest.fixture
def contracts():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "lint"))
    try:
        import govhall_contracts

        yield govhall_contracts
    finally:
        sys.path.remove(str(ROOT / "lint"))


def test_private_names_of_other_modules_are_found(contracts) -> None:  # type: ignore[no-untyped-def]
    modules = {"govhall", "govhall.a", "govhall.a.m", "govhall.b"}
    source = (
        "from govhall.a.m import _hidden, public\n"
        "from govhall.a import m\n"
        "m._reached()\n"
        "import govhall.a.m as alias\n"
        "alias._also\n"
        "m.__doc__\n"
    )
    found = {use.target for use in contracts.private_uses("govhall.b", source, modules)}
    assert found == {"govhall.a.m._hidden", "govhall.a.m._reached", "govhall.a.m._also"}
    assert contracts.private_uses("govhall.a.m", "from govhall.a.m import _own\n", modules) == []
