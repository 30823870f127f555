from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestPortalBills(BillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident_a = cls._portal_user("bills_resident_a")
        cls.resident_b = cls._portal_user("bills_resident_b")
        cls.child = cls._portal_user("bills_child")
        cls.unit_a = cls._create_unit("0801", 80.0, cls.resident_a.partner_id)
        cls.unit_b = cls._create_unit("0802", 120.0, cls.resident_b.partner_id)
        # The child pays for resident B, an elderly parent.
        # sudo: set as staff would, the portal flows are tested here.
        cls.resident_b.partner_id.sudo().property_proxy_payer_id = cls.child.partner_id
        cls._create_contract(unit=cls.unit_a)
        cls._create_contract(unit=cls.unit_b)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        cls.bill_a = run.move_ids.filtered(lambda m: m.property_unit_id == cls.unit_a)
        cls.bill_b = run.move_ids.filtered(lambda m: m.property_unit_id == cls.unit_b)

    def _bills(self):
        return self.bill_a, self.bill_b

    def test_orm_access_to_bills(self):
        bill_a, bill_b = self._bills()
        Move = self.env["account.move"]
        self.assertEqual(Move.with_user(self.resident_a).search([]), bill_a)
        with self.assertRaises(AccessError):
            bill_b.with_user(self.resident_a).read(["amount_total"])
        # The proxy payer sees the parent's bill, not the neighbour's.
        self.assertEqual(Move.with_user(self.child).search([]), bill_b)
        bill_b.with_user(self.child).read(["amount_total", "invoice_line_ids"])
        with self.assertRaises(AccessError):
            bill_a.with_user(self.child).read(["amount_total"])

    def test_my_bills_page(self):
        bill_a, bill_b = self._bills()
        self.authenticate("bills_resident_a", "bills_resident_a")
        page = self.url_open("/my/bills")
        self.assertEqual(page.status_code, 200)
        self.assertIn(bill_a.name, page.text)
        self.assertIn("A-1-0801".replace("A", "1"), page.text)
        self.assertNotIn(bill_b.name, page.text)
        self.assertIn("days overdue", page.text)  # due 2026-01-16, today is later
        counters = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["property_bill_count"]}}',
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        self.assertEqual(counters["property_bill_count"], 1)

    def test_guessed_bill_url_shows_nothing(self):
        bill_a, bill_b = self._bills()
        self.authenticate("bills_resident_a", "bills_resident_a")
        response = self.url_open(f"/my/invoices/{bill_b.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(bill_b.name, response.text)
        own = self.url_open(f"/my/invoices/{bill_a.id}")
        self.assertEqual(own.status_code, 200)

    def test_proxy_payer_sees_parent_bills_page(self):
        bill_a, bill_b = self._bills()
        self.authenticate("bills_child", "bills_child")
        page = self.url_open("/my/bills")
        self.assertIn(bill_b.name, page.text)
        self.assertNotIn(bill_a.name, page.text)
        self.assertEqual(self.url_open(f"/my/invoices/{bill_b.id}").status_code, 200)
