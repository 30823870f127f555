from odoo.tests import TransactionCase, tagged


# Post-install: while its own tests run at install, the module is not
# installed yet.
@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_dependencies_installed(self):
        """Tickets live in OCA helpdesk_mgmt, which is installed."""
        modules = self.env["ir.module.module"].search(
            [
                ("name", "in", ["property_helpdesk", "helpdesk_mgmt"]),
                ("state", "=", "installed"),
            ]
        )
        self.assertEqual(len(modules), 2)
