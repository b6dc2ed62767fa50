"""The project's own import-linter contract type, registered in pyproject.toml and run by `make lint`.

`private_names`: no module uses another module's private name — neither `from govhall.a.x import _name` nor `x._name`
on a module it imported. A name with a leading underscore is its module's own business; what another module needs is
made public and named (issue 10: evaluation reached for `cases.workbench._staff`, supervision for `figures._merge`).
Tests are left out: they may look inside what they test."""

import ast
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class Use:
    module: str
    line: int
    target: str


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(module: str, source: str, modules: set[str]) -> list[Use]:
    """Every private name of another module of the project that `module` imports or reaches through an import."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> the project module it stands for
    found: list[Use] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in modules and node.module != module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in modules:
                    aliases[alias.asname or alias.name] = full
                elif is_private(alias.name):
                    found.append(Use(module, node.lineno, full))
        elif isinstance(node, ast.Import):
            aliases.update({alias.asname: alias.name for alias in node.names if alias.asname})
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and is_private(node.attr):
            target = aliases.get(node.value.id)
            if target in modules and target != module:
                found.append(Use(module, node.lineno, f"{target}.{node.attr}"))
    return found


def source_file(module: str) -> Path | None:
    """The file of a module, found without importing it (importing would need Django set up)."""
    spec = importlib.util.find_spec(module.split(".")[0])
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    parts = module.split(".")[1:]
    for candidate in (base.joinpath(*parts).with_suffix(".py"), base.joinpath(*parts, "__init__.py")):
        if parts and candidate.is_file():
            return candidate
    return None


class PrivateNamesContract(Contract):
    type_name = "private_names"
    root = fields.StringField()

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        modules = set(graph.modules)
        uses: list[Use] = []
        for module in sorted(modules):
            if not module.startswith(f"{self.root}.") or ".tests" in module:
                continue
            path = source_file(module)
            if path is not None:
                uses.extend(private_uses(module, path.read_text(encoding="utf-8"), modules))
        return ContractCheck(kept=not uses, warnings=[], metadata={"uses": uses})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for use in check.metadata["uses"]:
            output.print_error(f"{use.module}:{use.line} uses {use.target}, a private name of another module")
            output.new_line()
