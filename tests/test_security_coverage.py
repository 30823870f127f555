"""Classes of security holes closed for the whole suite, not one model at a time.

- Every model that holds a community's data, directly or through a relation, has
  record rules for staff (their communities) and managers, and one for residents
  where residents may read it.
- Every ``sudo()`` of the suite says which check was made before it.
"""

import ast
import io
import tempfile
import tokenize
from pathlib import Path

from suite import (
    ADDONS,
    NO_COMMUNITY_DATA,
    SHARED_MODELS,
    SUITE,
    community_path,
    suite_models,
    suite_test,
)

from odoo.tests import TransactionCase


@suite_test
class TestRecordRuleCoverage(TransactionCase):
    def _rules(self, model_name):
        return (
            self.env["ir.rule"]
            .sudo()
            .search([("model_id.model", "=", model_name), ("active", "=", True)])
        )

    def test_every_community_model_has_staff_manager_and_portal_rules(self):
        staff = self.env.ref("property_base.group_property_user")
        manager = self.env.ref("property_base.group_property_manager")
        portal = self.env.ref("base.group_portal")
        models = set(suite_models(self.env))
        problems = []
        checked = []
        for name in sorted(models - SHARED_MODELS - set(NO_COMMUNITY_DATA)):
            path = community_path(self.env, name, models)
            if not path:
                continue
            checked.append(name)
            rules = self._rules(name)
            global_rules = rules.filtered(lambda r: not r.groups)
            by_community = rules.filtered(
                lambda r: "property_community_ids" in (r.domain_force or "")
            )
            if not by_community.filtered(
                lambda r, staff=staff: staff in r.groups or not r.groups
            ):
                problems.append(
                    f"{name} (community through {path}): no staff rule "
                    "limiting it to user.property_community_ids"
                )
            elif not (global_rules & by_community) and not rules.filtered(
                lambda r, manager=manager: manager in r.groups
            ):
                problems.append(f"{name}: a staff rule but no manager rule")
            readable = (
                self.env["ir.model.access"]
                .sudo()
                .search(
                    [
                        ("model_id.model", "=", name),
                        ("group_id", "=", portal.id),
                        ("perm_read", "=", True),
                    ]
                )
            )
            if readable and not rules.filtered(
                lambda r, portal=portal: portal in r.groups
            ):
                problems.append(f"{name}: residents may read it, but no portal rule")
        self.assertIn("property.unit", checked)
        self.assertIn("account.move", checked)
        self.assertFalse(
            problems,
            "Models holding a community's data without their record rules:\n"
            + "\n".join(problems),
        )


def _uncommented_sudo_calls(path, name):
    """Calls of ``sudo()`` in ``path`` with no comment from the line before
    their statement down to the call itself."""
    source = path.read_text()
    comments = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    spans = [
        (node.lineno, node.end_lineno)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.stmt)
    ]
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "sudo"
        ):
            continue
        if node.args and getattr(node.args[0], "value", True) is False:
            continue  # sudo(False) drops privileges: nothing to justify
        line = node.func.end_lineno
        start = max(first for first, last in spans if first <= line <= last)
        if not comments & set(range(start - 1, line + 1)):
            found.append((line, source.splitlines()[line - 1].strip()))
    return [f"{name}:{line}: {text}" for line, text in sorted(found)]


@suite_test
class TestSudoComments(TransactionCase):
    def test_every_sudo_names_the_check_made_before_it(self):
        found = []
        for module in SUITE:
            for path in sorted((ADDONS / module).rglob("*.py")):
                if "tests" in path.relative_to(ADDONS).parts:
                    continue
                found += _uncommented_sudo_calls(path, path.relative_to(ADDONS))
        self.assertFalse(
            found,
            "sudo() without a comment naming the check made before it:\n"
            + "\n".join(found),
        )

    def test_the_check_sees_a_bare_sudo(self):
        with tempfile.TemporaryDirectory() as directory:
            sample = Path(directory) / "sample.py"
            sample.write_text(
                "records = records.sudo()\n"
                "# The owner was checked above.\n"
                "records.sudo().write(values)\n"
                "partner.sudo()  # read by the portal rule\n"
                "# Only the resident's own units were searched.\n"
                "units = (\n"
                "    env['property.unit']\n"
                "    .sudo()\n"
                ")\n"
                "for unit in units.sudo():\n"
                "    unit.sudo(False)\n"
            )
            found = _uncommented_sudo_calls(sample, "sample.py")
        self.assertEqual(
            found,
            [
                "sample.py:1: records = records.sudo()",
                "sample.py:10: for unit in units.sudo():",
            ],
        )
