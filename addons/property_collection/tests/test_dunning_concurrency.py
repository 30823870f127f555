import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


# Its workers commit through cursors of their own: on a fully installed
# database only, not in the middle of the module's installation.
@tagged("post_install", "-at_install")
class TestConcurrentDunning(TransactionCase):
    """Two workers run the dunning of the same day at the same time on real,
    committed data: each payer gets one case and one step."""

    def _env(self, cr):
        # The registry is given, not looked up by name: Odoo's test runner
        # holds the registries' lock while it runs the tests, and a worker
        # looking the registry up would wait for it forever.
        cr.transaction = cr.transaction or api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _seed(self, env, count):
        company = env.company
        account = env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", company.id)],
            limit=1,
        )
        product = env["product.product"].create(
            {
                "name": "Dunning Concurrency Fee",
                "type": "service",
                "taxes_id": [Command.clear()],
                "property_account_income_id": account.id,
            }
        )
        community = env["property.community"].create(
            {"name": "Dunning Court", "code": "DUNNING-CONCURRENCY"}
        )
        unit = env["property.unit"].create(
            {"community_id": community.id, "number": "1", "area": 50}
        )
        partners = env["res.partner"].create(
            [{"name": f"催缴并发 {n}"} for n in range(count)]
        )
        journal = env["account.journal"].create(
            {
                "name": "Dunning Concurrency",
                "code": "DCON",
                "type": "sale",
                "company_id": company.id,
            }
        )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": partner.id,
                    "invoice_date": "2026-01-01",
                    "invoice_date_due": "2026-01-16",
                    "property_unit_id": unit.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": 100})
                    ],
                }
                for partner in partners
            ]
        )
        moves.action_post()
        return community, unit, partners, journal, moves, product

    def test_two_workers_take_each_step_once(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = self._env(cr)
            community, unit, partners, journal, moves, product = self._seed(env, 12)
            company_id = env.company.id
            ids = (community.id, unit.id, partners.ids, journal.id, moves.ids)
            product_id = product.id
        barrier = threading.Barrier(2)
        errors = []

        def worker():
            try:
                with registry.cursor() as cr:
                    env = self._env(cr)
                    barrier.wait(timeout=30)
                    run = env["property.dunning.run"]._for_date(
                        env["res.company"].browse(company_id), "2026-03-01"
                    )
                    run.action_run()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        try:
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
            self.assertFalse(errors)
            with registry.cursor() as cr:
                env = self._env(cr)
                cases = env["property.dunning.case"].search(
                    [("partner_id", "in", ids[2])]
                )
                self.assertEqual(len(cases), 12)
                self.assertEqual(
                    {
                        len(c.event_ids.filtered(lambda e: e.kind == "level"))
                        for c in cases
                    },
                    {1},
                )
        finally:
            with registry.cursor() as cr:
                env = self._env(cr)
                env["property.dunning.run"].search(
                    [("company_id", "=", company_id), ("date", "=", "2026-03-01")]
                ).unlink()
                cases = env["property.dunning.case"].search(
                    [("partner_id", "in", ids[2])]
                )
                env["mail.activity"].search(
                    [("res_model", "=", cases._name), ("res_id", "in", cases.ids)]
                ).unlink()
                cases.unlink()
                moves = env["account.move"].browse(ids[4])
                moves.button_draft()
                moves.with_context(force_delete=True).unlink()
                env["account.journal"].browse(ids[3]).unlink()
                env["product.product"].browse(product_id).unlink()
                env["property.unit"].browse(ids[1]).unlink()
                env["property.community"].browse(ids[0]).unlink()
                env["res.partner"].browse(ids[2]).unlink()
