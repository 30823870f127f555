from odoo.exceptions import AccessError

from .common import BillingCase


class TestBillingSecurity(BillingCase):
    def test_resident_reads_only_own_contracts(self):
        resident_a = self._portal_user("billing_resident_a")
        resident_b = self._portal_user("billing_resident_b")
        contract_a = self._create_contract(
            unit=self._create_unit("0701", 80.0, resident_a.partner_id)
        )
        contract_b = self._create_contract(
            unit=self._create_unit("0702", 80.0, resident_b.partner_id)
        )
        Contract = self.env["property.fee.contract"].with_user(resident_a)
        self.assertEqual(Contract.search([]), contract_a)
        contract_a.with_user(resident_a).read(["name", "line_ids"])
        with self.assertRaises(AccessError):
            contract_b.with_user(resident_a).read(["name"])
        with self.assertRaises(AccessError):
            contract_b.line_ids.with_user(resident_a).read(["discount"])
        with self.assertRaises(AccessError):
            contract_a.with_user(resident_a).write({"due_days": 60})

    def test_staff_see_contracts_of_their_communities(self):
        other = self.env["property.community"].create(
            {"name": "Osmanthus Court", "code": "OSC", "company_id": self.company.id}
        )
        other_unit = self.env["property.unit"].create(
            {
                "community_id": other.id,
                "number": "P-1",
                "unit_type": "parking",
                "area": 12.0,
            }
        )
        mine = self._create_contract()
        self.env["property.occupancy"].create(
            {
                "unit_id": other_unit.id,
                "partner_id": self.owner.id,
                "role": "tenant",
                "date_start": "2025-01-01",
            }
        )
        theirs = self._create_contract(
            unit=other_unit, activate=False, partner_id=self.owner.id
        )
        staff = self.env["res.users"].create(
            {
                "name": "收费员",
                "login": "billing_staff",
                "company_id": self.company.id,
                "company_ids": [(6, 0, [self.company.id])],
                "groups_id": [
                    (6, 0, [self.env.ref("property_base.group_property_user").id])
                ],
                "property_community_ids": [(6, 0, [self.community.id])],
            }
        )
        self.assertEqual(
            self.env["property.fee.contract"].with_user(staff).search([]), mine
        )
        with self.assertRaises(AccessError):
            theirs.with_user(staff).read(["name"])
