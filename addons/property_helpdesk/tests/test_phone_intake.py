from lxml import etree

from odoo.tests import Form, new_test_user

from .common import HelpdeskCase


class TestPhoneIntake(HelpdeskCase):
    """The desk logs a resident's call: the caller's number finds the
    resident and their home, the description is on the form's sheet, and a
    ticket not saved yet has no made-up name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident_a.partner_id.phone = "+86 138-0013 8000"
        cls.resident_b.partner_id.mobile = "139 1234 5678"
        cls.owner_two_homes = cls.env["res.partner"].create(
            {"name": "Two Homes", "phone": "021-6688 7799"}
        )
        cls.unit_x3 = cls._create_unit(cls.building_x, "0103", 90.0)
        cls.unit_x4 = cls._create_unit(cls.building_x, "0104", 90.0)
        cls._occupy(cls.unit_x3, cls.owner_two_homes, "owner", 100)
        cls._occupy(cls.unit_x4, cls.owner_two_homes, "owner", 100)

    def _form(self):
        return Form(self.env["helpdesk.ticket"].with_user(self.staff_x))

    def test_the_callers_number_finds_the_resident_and_their_home(self):
        for typed in ("13800138000", "+8613800138000", "0086 138 0013 8000", "8000"):
            with self.subTest(typed=typed):
                form = self._form()
                form.property_caller_phone = typed
                self.assertEqual(form.partner_id, self.resident_a.partner_id)
                self.assertEqual(form.property_unit_id, self.unit_x1)
                self.assertEqual(form.property_community_id, self.community_x)
        form = self._form()
        # The mobile number counts as well, typed with other separators.
        form.property_caller_phone = "139.1234.5678"
        self.assertEqual(form.partner_id, self.resident_b.partner_id)
        self.assertEqual(form.property_unit_id, self.unit_x2)

    def test_a_resident_with_two_homes_gets_both_listed(self):
        form = self._form()
        form.property_unit_id = self.unit_x1
        form.property_caller_phone = "66887799"
        self.assertEqual(form.partner_id, self.owner_two_homes)
        # Not unit_x1, which is another resident's: the desk asks which home.
        self.assertFalse(form.property_unit_id)
        self.assertEqual(
            set(form.property_partner_unit_ids.ids), {self.unit_x3.id, self.unit_x4.id}
        )

    def test_too_few_or_ambiguous_digits_fill_nothing(self):
        form = self._form()
        form.property_caller_phone = "800"
        self.assertFalse(form.partner_id)
        self.resident_b.partner_id.phone = "138 0013 8001"
        form = self._form()
        # Both numbers contain these digits: the desk is told, nobody is picked.
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.property_caller_phone = "1380013800"
        self.assertIn("2 residents", logs.output[0])
        self.assertFalse(form.partner_id)
        form.property_caller_phone = "13800138001"
        self.assertEqual(form.partner_id, self.resident_b.partner_id)

    def test_helpdesk_users_without_property_rights_find_the_caller(self):
        agent = new_test_user(
            self.env,
            login="hd_agent_only",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        form = Form(self.env["helpdesk.ticket"].with_user(agent))
        form.property_caller_phone = "13800138000"
        self.assertEqual(form.partner_id, self.resident_a.partner_id)

    def test_phone_call_saved_from_the_form(self):
        form = self._form()
        form.property_caller_phone = "138 0013 8000"
        form.name = "Water leak in the kitchen"
        form.description = "<p>Under the sink, since this morning.</p>"
        ticket = form.save()
        self.assertEqual(ticket.property_intake, "phone")
        self.assertEqual(ticket.property_caller_phone, "138 0013 8000")
        self.assertEqual(ticket.partner_id, self.resident_a.partner_id)
        self.assertEqual(ticket.property_unit_id, self.unit_x1)
        self.assertEqual(ticket.display_name, f"{ticket.number} - {ticket.name}")

    def test_the_description_is_on_the_sheet_not_in_a_tab(self):
        arch = (
            self.env["helpdesk.ticket"]
            .with_user(self.staff_x)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        descriptions = etree.fromstring(arch).xpath("//field[@name='description']")
        self.assertEqual(len(descriptions), 1)
        self.assertFalse(descriptions[0].xpath("ancestor::page | ancestor::notebook"))
        self.assertFalse(descriptions[0].get("invisible"))
        self.assertTrue(self.env["helpdesk.ticket"]._fields["description"].required)

    def test_a_new_ticket_has_no_false_name(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.staff_x)
        self.assertEqual(Ticket.new({}).display_name, "")
        self.assertEqual(Ticket.new({"name": "Lift"}).display_name, "Lift")
