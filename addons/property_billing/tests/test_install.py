from odoo.tests import TransactionCase


class TestInstall(TransactionCase):
    def test_dependencies_installed(self):
        """Fees are billed through native accounting, which is installed."""
        modules = self.env["ir.module.module"].search(
            [
                ("name", "in", ["property_billing", "account"]),
                ("state", "=", "installed"),
            ]
        )
        self.assertEqual(len(modules), 2)
