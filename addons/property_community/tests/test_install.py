from odoo.tests import TransactionCase, tagged


# Post-install: while its own tests run at install, the module is not
# installed yet.
@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_dependencies_installed(self):
        """Community life builds on the estate registry, survey and event."""
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["property_community", "property_base", "survey", "event"],
                ),
                ("state", "=", "installed"),
            ]
        )
        self.assertEqual(len(modules), 4)

    def test_no_sideways_dependency(self):
        """Billing and helpdesk are read where installed, never depended upon."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "property_community")]
        )
        names = set(module.dependencies_id.mapped("name"))
        self.assertFalse(names & {"property_billing", "property_helpdesk"})
