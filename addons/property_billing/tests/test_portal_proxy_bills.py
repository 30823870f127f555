import re

from odoo.tests import HttpCase, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestPortalProxyBills(BillingCase, HttpCase):
    """A daughter with no home of her own pays for her mother (two flats)
    and her father; My Bills shows them by person and by unit, and paying
    all overdue bills lists what it settles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daughter = cls._portal_user("proxy_daughter")
        cls.mother = cls._portal_user("proxy_mother")
        cls.father = cls._portal_user("proxy_father")
        cls.neighbour = cls._portal_user("proxy_neighbour")
        cls.mother.partner_id.name = "Mother Wang"
        cls.father.partner_id.name = "Father Li"
        cls.unit_m1 = cls._create_unit("1101", 80.0, cls.mother.partner_id)
        cls.unit_m2 = cls._create_unit("1102", 60.0, cls.mother.partner_id)
        cls.unit_f = cls._create_unit("1201", 100.0, cls.father.partner_id)
        cls.unit_n = cls._create_unit("1301", 90.0, cls.neighbour.partner_id)
        for partner in (cls.mother.partner_id, cls.father.partner_id):
            # sudo: set as staff would, the portal flows are tested here.
            partner.sudo().property_proxy_payer_id = cls.daughter.partner_id
        for unit in (cls.unit_m1, cls.unit_m2, cls.unit_f, cls.unit_n):
            cls._create_contract(unit=unit)
        for date in ("2026-01-01", "2026-02-01"):
            cls.env["property.billing.run"].create(
                {"date": date, "company_id": cls.company.id}
            ).action_run()
        Move = cls.env["account.move"]
        cls.bills = {
            unit: Move.search([("property_unit_id", "=", unit.id)], order="id")
            for unit in (cls.unit_m1, cls.unit_m2, cls.unit_f, cls.unit_n)
        }

    def test_my_bills_grouped_by_person_then_unit(self):
        self.authenticate("proxy_daughter", "proxy_daughter")
        page = self.url_open("/my/bills").text
        headings = [
            " ".join(re.sub(r"<[^>]+>", " ", heading).split())
            for heading in re.findall(
                r'<h5 class="d-flex[^"]*">\s*<span>(.*?)</span>', page, re.DOTALL
            )
        ]
        self.assertEqual(
            headings,
            [
                f"Father Li · {self.unit_f.code}",
                f"Mother Wang · {self.unit_m1.code}",
                f"Mother Wang · {self.unit_m2.code}",
            ],
        )
        # Each group holds the bills of its unit, nobody else's.
        groups = page.split('class="property_bill_group')[1:]
        for group, unit in zip(
            groups, (self.unit_f, self.unit_m1, self.unit_m2), strict=True
        ):
            for bill in self.bills[unit]:
                self.assertIn(bill.name, group)
        for bill in self.bills[self.unit_n]:
            self.assertNotIn(bill.name, page)

    def test_own_bills_need_no_person_heading(self):
        self.authenticate("proxy_mother", "proxy_mother")
        page = self.url_open("/my/bills").text
        self.assertNotIn("Mother Wang ·", page)
        self.assertIn(self.unit_m1.code, page)
        self.assertIn(self.unit_m2.code, page)
        self.assertNotIn(self.unit_f.code, page)

    def test_pay_all_overdue_lists_each_bill(self):
        self.authenticate("proxy_neighbour", "proxy_neighbour")
        response = self.url_open("/my/invoices/overdue")
        self.assertEqual(response.status_code, 200)
        block = response.text.split('id="property_overdue_bills"')[1]
        block = block.split("</table>")[0]
        rows = re.findall(r"<tr>(.*?)</tr>", block, re.DOTALL)[1:]
        self.assertEqual(len(rows), 2)
        for row, bill in zip(rows, self.bills[self.unit_n], strict=True):
            self.assertIn(bill.name, row)
            self.assertIn(self.unit_n.code, row)
            self.assertIn(bill.property_period_start.strftime("%m/%d/%Y"), row)
            self.assertIn(f"{bill.amount_residual:,.2f}", row)
        for unit in (self.unit_m1, self.unit_f):
            for bill in self.bills[unit]:
                self.assertNotIn(bill.name, response.text)
