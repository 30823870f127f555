import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


# Its workers commit through cursors of their own: on a fully installed
# database only, not in the middle of the module's installation.
@tagged("post_install", "-at_install")
class TestConcurrentRuns(TransactionCase):
    """Two workers run two billing runs at the same time on real, committed
    data: each contract ends up with exactly one invoice for the period."""

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
                "name": "Concurrency Fee",
                "type": "service",
                "taxes_id": [Command.clear()],
                "property_account_income_id": account.id,
            }
        )
        fee = env["property.fee.type"].create(
            {
                "name": "Concurrency Fee",
                "basis": "fixed",
                "product_id": product.id,
                "rate_ids": [Command.create({"date_from": "2020-01-01", "rate": 100})],
            }
        )
        community = env["property.community"].create(
            {"name": "Concurrency Court", "code": "CONCURRENCY"}
        )
        owner = env["res.partner"].create({"name": "并发测试"})
        units = env["property.unit"].create(
            [
                {"community_id": community.id, "number": str(n), "area": 50}
                for n in range(count)
            ]
        )
        env["property.occupancy"].create(
            [
                {
                    "unit_id": u.id,
                    "partner_id": owner.id,
                    "role": "owner",
                    "share": 100,
                    "date_start": "2020-01-01",
                }
                for u in units
            ]
        )
        contracts = env["property.fee.contract"].create(
            [
                {
                    "unit_id": u.id,
                    "date_start": "2026-01-01",
                    "line_ids": [Command.create({"fee_type_id": fee.id})],
                }
                for u in units
            ]
        )
        contracts.action_activate()
        return community, contracts, owner, fee

    def test_two_workers_bill_each_contract_once(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = self._env(cr)
            auto_post = env.company.property_billing_auto_post
            # Drafts: posting would also compete for the journal's numbering.
            env.company.property_billing_auto_post = False
            community, contracts, partners, fee = self._seed(env, 40)
            ids = (community.id, contracts.ids, fee.id, partners.ids)
        barrier = threading.Barrier(2)
        errors = []

        def worker():
            try:
                with registry.cursor() as cr:
                    env = self._env(cr)
                    run = env["property.billing.run"].create(
                        {"date": "2026-01-01", "community_ids": [(6, 0, [ids[0]])]}
                    )
                    barrier.wait(timeout=30)
                    run._start()
                    while run._process_batch(batch_size=7):
                        cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        try:
            # The loser's refused insert is expected: keep it out of the log.
            # (Muting is process-wide, so mute here rather than in each thread.)
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
            self.assertFalse(errors)
            with registry.cursor() as cr:
                env = self._env(cr)
                invoices = env["account.move"].search(
                    [("property_contract_id", "in", ids[1])]
                )
                counts = {cid: 0 for cid in ids[1]}
                for invoice in invoices:
                    counts[invoice.property_contract_id.id] += 1
                self.assertEqual(set(counts.values()), {1})
        finally:
            with registry.cursor() as cr:
                env = self._env(cr)
                env["account.move"].search(
                    [("property_contract_id", "in", ids[1])]
                ).unlink()
                env["property.billing.run"].search(
                    [("community_ids", "in", ids[0])]
                ).unlink()
                contracts = env["property.fee.contract"].browse(ids[1])
                units = contracts.unit_id
                contracts.unlink()
                env["property.fee.type"].browse(ids[2]).unlink()
                units.unlink()
                env["property.community"].browse(ids[0]).unlink()
                env.company.property_billing_auto_post = auto_post
