from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.property_base.tests.common import PropertyCase


class HelpdeskCase(PropertyCase):
    """PropertyCase plus two SLA calendars in UTC (24/7 and office hours
    Monday to Friday 09:00-12:00 and 13:00-18:00), an emergency and a repair
    policy, property categories and a maintenance team of two technicians
    for community X."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The policies shipped with the module would match the tickets too.
        cls.env["property.helpdesk.sla"].search([]).action_archive()
        Calendar = cls.env["resource.calendar"]
        cls.calendar_24x7 = Calendar.create(
            {
                "name": "Test 24/7",
                "tz": "UTC",
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0,
                            "hour_to": 24,
                            "day_period": "morning",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.calendar_office = Calendar.create(
            {
                "name": "Test office hours",
                "tz": "UTC",
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, start, end in (
                        ("morning", 9, 12),
                        ("afternoon", 13, 18),
                    )
                ],
            }
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.cat_plumbing = Category.create(
            {"name": "Test Plumbing", "company_id": False}
        )
        cls.cat_noise = Category.create({"name": "Test Noise", "company_id": False})
        SLA = cls.env["property.helpdesk.sla"]
        cls.sla_emergency = SLA.create(
            {
                "name": "Emergency",
                "sequence": 1,
                "priority": "4",
                "calendar_id": cls.calendar_24x7.id,
                "response_hours": 0.25,
                "arrival_hours": 0.5,
                "resolution_hours": 4,
            }
        )
        cls.sla_repair = SLA.create(
            {
                "name": "Repair",
                "sequence": 2,
                "property_kind": "repair",
                "calendar_id": cls.calendar_office.id,
                "response_hours": 1,
                "arrival_hours": 4,
                "resolution_hours": 16,
                "alert_percent": 75,
            }
        )
        cls.lead = cls._staff("hd_lead", cls.community_x)
        cls.tech_1 = cls._staff("hd_tech_1", cls.community_x)
        cls.tech_2 = cls._staff("hd_tech_2", cls.community_x)
        cls.community_x.manager_id = cls.manager
        cls.team_x = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Maintenance X",
                "company_id": cls.company.id,
                "property_community_id": cls.community_x.id,
                "category_ids": [Command.set(cls.cat_plumbing.ids)],
                "user_id": cls.lead.id,
                "user_ids": [Command.set((cls.tech_1 | cls.tech_2).ids)],
            }
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    @classmethod
    def _staff(cls, login, communities):
        user = new_test_user(
            cls.env,
            login=login,
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        user.property_community_ids = communities
        return user

    @classmethod
    def _ticket(cls, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Tap is leaking",
                "description": "<p>Water under the sink</p>",
                **values,
            }
        )
