from datetime import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import CommunityCase


class TestAnnouncement(CommunityCase):
    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def _sms_to(self, partner):
        return self.env["sms.sms"].search([("partner_id", "=", partner.id)])

    # Audience -------------------------------------------------------------

    def test_community_audience_is_its_current_residents(self):
        former = self.env["res.partner"].create({"name": "Former Tenant"})
        self._occupy(
            self.unit_x2,
            former,
            "tenant",
            date_start="2020-01-01",
            date_end="2021-01-01",
        )
        payer = self.env["res.partner"].create({"name": "Paying Employer"})
        self._occupy(self.unit_x2, payer, "payer")
        announcement = self._announcement(audience="community")
        self.assertEqual(
            set(announcement._get_audience_partners()),
            {
                self.resident_a.partner_id,
                self.resident_b.partner_id,
                self.tenant_a.partner_id,
            },
        )

    def test_owner_and_tenant_scopes(self):
        owners = self._announcement(occupant_scope="owner")
        self.assertEqual(
            set(owners._get_audience_partners()),
            {self.resident_a.partner_id, self.resident_b.partner_id},
        )
        tenants = self._announcement(occupant_scope="tenant")
        self.assertEqual(
            set(tenants._get_audience_partners()), {self.tenant_a.partner_id}
        )

    def test_building_and_unit_audiences(self):
        building_x2 = self._create_building(self.community_x, "B")
        unit = self._create_unit(building_x2, "0201", 80)
        neighbour = self.env["res.partner"].create({"name": "Neighbour"})
        self._occupy(unit, neighbour, "owner", 100)
        by_building = self._announcement(
            audience="building", building_ids=[building_x2.id]
        )
        self.assertEqual(set(by_building._get_audience_partners()), {neighbour})
        by_unit = self._announcement(audience="unit", unit_ids=[self.unit_x2.id])
        self.assertEqual(
            by_unit._get_audience_partners(),
            {self.resident_b.partner_id: self.unit_x2},
        )

    def test_company_audience_stays_in_the_company(self):
        outsider = self.env["res.partner"].create({"name": "Other Company Owner"})
        self._occupy(self.unit_z1, outsider, "owner", 100)
        announcement = self._announcement(audience="company", community_id=False)
        partners = set(announcement._get_audience_partners())
        self.assertIn(self.resident_y.partner_id, partners)
        self.assertIn(self.resident_a.partner_id, partners)
        self.assertNotIn(outsider, partners)

    def test_resident_of_two_units_is_told_once(self):
        self._occupy(self.unit_x2, self.resident_a.partner_id, "resident")
        announcement = self._announcement()
        announcement.action_publish()
        self.assertEqual(
            len(
                announcement.recipient_ids.filtered(
                    lambda r: r.partner_id == self.resident_a.partner_id
                )
            ),
            1,
        )

    # Bad input --------------------------------------------------------------

    def test_incomplete_audience_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "choose the buildings"):
            self._announcement(audience="building")
        with self.assertRaisesRegex(ValidationError, "list the units"):
            self._announcement(audience="unit")
        with self.assertRaisesRegex(ValidationError, "choose the community"):
            self._announcement(audience="community", community_id=False)
        with self.assertRaisesRegex(ValidationError, "must belong to"):
            self._announcement(audience="unit", unit_ids=[self.unit_y1.id])
        self.assertFalse(
            self.env["property.announcement"].search(
                [("community_id", "=", self.community_x.id)]
            )
        )

    def test_outage_needs_a_window_that_ends_after_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "from when until when"):
            self._announcement(kind="outage", outage_type="water")
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            self._announcement(
                kind="outage",
                outage_type="water",
                outage_start="2026-06-05 09:00:00",
                outage_end="2026-06-05 08:00:00",
            )

    def test_outage_affects_the_audience_buildings(self):
        outage = self._announcement(
            audience="building",
            building_ids=[self.building_x.id],
            kind="outage",
            outage_type="water",
            outage_start="2026-06-05 01:00:00",
            outage_end="2026-06-05 07:00:00",
        )
        self.assertEqual(outage.outage_building_ids, self.building_x)

    def test_community_outage_names_the_affected_buildings(self):
        outage = self._announcement(
            kind="outage",
            outage_type="power",
            outage_start="2026-06-05 01:00:00",
            outage_end="2026-06-05 03:00:00",
            outage_building_ids=[self.building_x.id],
        )
        self.assertEqual(outage.outage_building_ids, self.building_x)
        self.assertEqual(len(outage._get_audience_partners()), 3)

    def test_expiry_before_publication_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "must expire after"):
            self._announcement(
                date_publish="2026-06-05 09:00:00", date_expire="2026-06-04 09:00:00"
            )

    # Publishing and channels ----------------------------------------------

    def test_publish_tells_each_resident_once_by_one_channel(self):
        announcement = self._announcement(channel_email=True, channel_sms=True)
        announcement.action_publish()
        self.assertEqual(announcement.state, "published")
        self.assertTrue(announcement.date_publish)
        channels = {r.partner_id: r.channel for r in announcement.recipient_ids}
        self.assertEqual(
            channels,
            {
                self.resident_a.partner_id: "email",
                self.resident_b.partner_id: "sms",
                self.tenant_a.partner_id: "portal",
            },
        )
        mail = self._mails_to(self.resident_a.partner_id)
        self.assertEqual(len(mail), 1)
        self.assertIn("Lift maintenance", mail.subject)
        self.assertIn("/my/announcements/", mail.body_html)
        self.assertFalse(self._mails_to(self.resident_b.partner_id))
        sms = self._sms_to(self.resident_b.partner_id)
        self.assertEqual(len(sms), 1)
        self.assertTrue(sms.body.startswith("[Jade Lake Garden] Lift maintenance"))
        self.assertFalse(self._sms_to(self.resident_a.partner_id))

    def test_channel_falls_back_when_the_preferred_one_is_off(self):
        announcement = self._announcement(channel_email=True, channel_sms=False)
        announcement.action_publish()
        receipt = announcement.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_b.partner_id
        )
        self.assertEqual(receipt.channel, "email")

    def test_long_sms_is_cut(self):
        announcement = self._announcement(body="<p>%s</p>" % ("x" * 500))
        self.assertLessEqual(len(announcement._sms_body()), 140)

    def test_published_announcement_cannot_be_deleted_or_republished(self):
        announcement = self._announcement()
        announcement.action_publish()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            announcement.unlink()
        with self.assertRaisesRegex(UserError, "Only draft or scheduled"):
            announcement.action_publish()
        with self.assertRaisesRegex(UserError, "already reached residents"):
            announcement.action_draft()

    def test_already_expired_announcement_is_not_published(self):
        with freeze_time("2026-06-05 10:00:00"):
            announcement = self._announcement(date_expire="2026-06-05 09:00:00")
            with self.assertRaisesRegex(UserError, "already be expired"):
                announcement.action_publish()
            self.assertEqual(announcement.state, "draft")
            self.assertFalse(announcement.recipient_ids)

    # Scheduling, expiry, idempotence ---------------------------------------

    def test_scheduled_publication_and_expiry_by_the_cron(self):
        Announcement = self.env["property.announcement"]
        with freeze_time("2026-06-01 08:00:00"):
            announcement = self._announcement(
                date_publish="2026-06-03 00:00:00", date_expire="2026-06-10 00:00:00"
            )
            announcement.action_publish()
            self.assertEqual(announcement.state, "scheduled")
            self.assertFalse(announcement.recipient_ids)
            Announcement._cron_publish()
            self.assertEqual(announcement.state, "scheduled")
        with freeze_time("2026-06-03 00:15:00"):
            Announcement._cron_publish()
            self.assertEqual(announcement.state, "published")
            self.assertEqual(announcement.recipient_count, 3)
            self.assertEqual(announcement.date_publish, datetime(2026, 6, 3, 0, 0, 0))
            mails = self._mails_to(self.resident_a.partner_id)
            # A second run, or the daily refresh, tells nobody twice.
            Announcement._cron_publish()
            Announcement._cron_refresh_audience()
            self.assertEqual(announcement.recipient_count, 3)
            self.assertEqual(self._mails_to(self.resident_a.partner_id), mails)
            self.assertEqual(len(self._sms_to(self.resident_b.partner_id)), 0)
        with freeze_time("2026-06-10 00:15:00"):
            Announcement._cron_publish()
            self.assertEqual(announcement.state, "expired")

    def test_scheduled_announcement_goes_back_to_draft(self):
        with freeze_time("2026-06-01 08:00:00"):
            announcement = self._announcement(date_publish="2026-06-03 00:00:00")
            announcement.action_publish()
            announcement.action_draft()
            self.assertEqual(announcement.state, "draft")
        with freeze_time("2026-06-04 08:00:00"):
            self.env["property.announcement"]._cron_publish()
            self.assertEqual(announcement.state, "draft")

    def test_cron_publishes_in_batches(self):
        with freeze_time("2026-06-01 08:00:00"):
            announcements = self.env["property.announcement"]
            for i in range(3):
                announcements |= self._announcement(
                    name=f"Notice {i}", date_publish="2026-06-02 00:00:00"
                )
            announcements.action_publish()
        with freeze_time("2026-06-02 08:00:00"):
            self.env["property.announcement"]._cron_publish(batch_size=2)
            self.assertEqual(set(announcements.mapped("state")), {"published"})

    def test_newcomers_receive_running_announcements(self):
        announcement = self._announcement()
        announcement.action_publish()
        newcomer = self.env["res.partner"].create(
            {"name": "New Tenant", "email": "new@example.com"}
        )
        self._occupy(self.unit_x2, newcomer, "tenant", date_start="2024-01-01")
        self.env["property.announcement"]._cron_refresh_audience()
        self.assertIn(newcomer, announcement.recipient_ids.partner_id)
        self.assertEqual(len(self._mails_to(newcomer)), 1)
        announcement.action_expire()
        late = self.env["res.partner"].create({"name": "Late Tenant"})
        self._occupy(self.unit_x2, late, "resident", date_start="2024-01-01")
        self.env["property.announcement"]._cron_refresh_audience()
        self.assertNotIn(late, announcement.recipient_ids.partner_id)

    # Read receipts ------------------------------------------------------------

    def test_read_receipts_and_follow_up_list(self):
        announcement = self._announcement(is_important=True)
        announcement.action_publish()
        receipt_a = announcement.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_a.partner_id
        )
        receipt_b = announcement.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_b.partner_id
        )
        receipt_a._mark_read()
        receipt_b._mark_read(acknowledge=True)
        self.assertEqual(announcement.read_count, 2)
        self.assertEqual(announcement.unread_count, 1)
        self.assertEqual(announcement.acknowledged_count, 1)
        self.assertAlmostEqual(announcement.read_rate, 66.7, places=1)
        action = announcement.action_view_follow_up()
        follow_up = self.env[action["res_model"]].search(action["domain"])
        # Important: whoever has not acknowledged it, read or not.
        self.assertEqual(
            follow_up.partner_id, self.resident_a.partner_id | self.tenant_a.partner_id
        )
        announcement.is_important = False
        action = announcement.action_view_follow_up()
        follow_up = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(follow_up.partner_id, self.tenant_a.partner_id)

    def test_reading_twice_keeps_the_first_time(self):
        announcement = self._announcement()
        announcement.action_publish()
        receipt = announcement.recipient_ids[:1]
        with freeze_time("2026-06-01 08:00:00"):
            receipt._mark_read()
        with freeze_time("2026-06-02 08:00:00"):
            receipt._mark_read()
        self.assertEqual(receipt.read_at, datetime(2026, 6, 1, 8, 0, 0))

    # Access ---------------------------------------------------------------------

    def test_residents_see_only_announcements_addressed_to_them(self):
        for_x = self._announcement(name="For X")
        for_y = self._announcement(name="For Y", community_id=self.community_y.id)
        for_unit_x2 = self._announcement(
            name="For X2", audience="unit", unit_ids=[self.unit_x2.id]
        )
        draft = self._announcement(name="Draft")
        (for_x | for_y | for_unit_x2).action_publish()
        Announcement = self.env["property.announcement"].with_user(self.resident_a)
        self.assertEqual(Announcement.search([]), for_x)
        for record in (for_y, for_unit_x2, draft):
            with self.assertRaises(AccessError):
                record.with_user(self.resident_a).read(["name"])
        self.assertEqual(
            self.env["property.announcement"].with_user(self.resident_y).search([]),
            for_y,
        )
        with self.assertRaises(AccessError):
            self.env["property.announcement.recipient"].with_user(
                self.resident_a
            ).search([])
        for_x.action_expire()
        self.assertFalse(Announcement.search([]))

    def test_staff_see_their_communities_and_company_notices(self):
        for_x = self._announcement(name="For X")
        for_y = self._announcement(name="For Y", community_id=self.community_y.id)
        company_wide = self._announcement(
            name="For all", audience="company", community_id=False
        )
        (for_x | for_y | company_wide).action_publish()
        env = self.env(user=self.staff_x)
        self.assertEqual(env["property.announcement"].search([]), for_x | company_wide)
        with self.assertRaises(AccessError):
            for_y.with_user(self.staff_x).read(["name"])
        with self.assertRaises(AccessError):
            company_wide.with_user(self.staff_x).write({"pinned": True})
        with self.assertRaises(AccessError):
            env["property.announcement"].create(
                {
                    "name": "Not mine",
                    "body": "<p>x</p>",
                    "company_id": self.company.id,
                    "community_id": self.community_y.id,
                }
            )
        # The company-wide notice's receipts: staff follow up their residents.
        self.assertEqual(
            env["property.announcement.recipient"]
            .search([("announcement_id", "=", company_wide.id)])
            .community_id,
            self.community_x,
        )

    def test_staff_publish_their_notice_to_every_resident(self):
        announcement = (
            self.env["property.announcement"]
            .with_user(self.staff_x)
            .create(
                {
                    "name": "Staff notice",
                    "body": "<p>Hello</p>",
                    "company_id": self.company.id,
                    "community_id": self.community_x.id,
                }
            )
        )
        announcement.action_publish()
        self.assertEqual(announcement.sudo().recipient_count, 3)
