import json

from odoo import http
from odoo.tests import HttpCase, freeze_time, tagged

from .test_event import EventCase
from .test_survey import SurveyCase


@tagged("post_install", "-at_install")
class TestPortal(SurveyCase, EventCase, HttpCase):
    def _post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}
        )

    # Announcements --------------------------------------------------------------

    def test_announcements_list_and_detail_with_read_receipt(self):
        mine = self._announcement(name="Water cut in building A", is_important=True)
        other = self._announcement(
            name="Lawn mowing in Y", community_id=self.community_y.id
        )
        attachment = self.env["ir.attachment"].create(
            {"name": "schedule.pdf", "raw": b"%PDF-1.4", "mimetype": "application/pdf"}
        )
        mine.attachment_ids = attachment
        (mine | other).action_publish()
        self.authenticate("resident_a", "resident_a")
        page = self.url_open("/my/announcements")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Water cut in building A", page.text)
        self.assertNotIn("Lawn mowing in Y", page.text)
        receipt = mine.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_a.partner_id
        )
        self.assertFalse(receipt.read_at)
        mine.date_publish = "2026-01-05 08:15:37"
        page = self.url_open(f"/my/announcements/{mine.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("The lift stops on Monday.", page.text)
        self.assertNotIn(":37", page.text, "times are shown to the minute")
        self.assertIn('id="property_acknowledge"', page.text)
        self.assertIn("schedule.pdf", page.text)
        # Showing the page changes nothing: the page posts the receipt.
        self.assertFalse(receipt.read_at)
        self.assertIn(
            f'data-property-read-url="/my/announcements/{mine.id}/read"', page.text
        )
        self.assertEqual(
            self._post(f"/my/announcements/{mine.id}/read").json(), {"read": True}
        )
        self.assertTrue(receipt.read_at)
        self.assertFalse(receipt.acknowledged_at)
        page = self._post(f"/my/announcements/{mine.id}/acknowledge")
        self.assertEqual(page.status_code, 200)
        self.assertTrue(receipt.acknowledged_at)
        self.assertIn('id="property_acknowledged"', page.text)
        # The attachment downloads with the link of the page.
        link = page.text.split('href="/web/content/')[1].split('"')[0]
        download = self.url_open("/web/content/" + link.replace("&amp;", "&"))
        self.assertEqual(download.status_code, 200)

    def test_another_communitys_announcement_is_not_found(self):
        other = self._announcement(name="Y only", community_id=self.community_y.id)
        other.action_publish()
        draft = self._announcement(name="Draft notice")
        self.authenticate("resident_a", "resident_a")
        for announcement in (other, draft):
            response = self.url_open(f"/my/announcements/{announcement.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(announcement.name, response.text)
            response = self._post(f"/my/announcements/{announcement.id}/acknowledge")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open("/my/announcements/999999").status_code, 404)
        self.assertFalse(other.recipient_ids.filtered("read_at"))

    def test_expired_announcement_disappears(self):
        with freeze_time("2026-06-01 08:00:00"):
            announcement = self._announcement(date_expire="2026-06-02 00:00:00")
            announcement.action_publish()
        self.authenticate("resident_a", "resident_a")
        with freeze_time("2026-06-03 08:00:00"):
            response = self.url_open(f"/my/announcements/{announcement.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(
                "Lift maintenance", self.url_open("/my/announcements").text
            )

    def test_portal_home_counters(self):
        self._announcement().action_publish()
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(
            "/my/counters",
            data=json.dumps(
                {
                    "params": {
                        "counters": [
                            "announcement_count",
                            "suggestion_count",
                            "property_survey_count",
                        ]
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        result = response.json()["result"]
        self.assertEqual(result["announcement_count"], 1)
        self.assertEqual(result["suggestion_count"], 0)
        self.assertEqual(result["property_survey_count"], 1)

    def test_portal_tour(self):
        outage = self._announcement(
            name="Water outage",
            audience="building",
            building_ids=[self.building_x.id],
            kind="outage",
            outage_type="water",
            outage_start="2030-06-05 01:00:00",
            outage_end="2030-06-05 07:00:00",
            is_important=True,
        )
        outage.action_publish()
        self.start_tour(
            "/my", "property_community_portal_announcement", login="resident_a"
        )
        receipt = outage.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_a.partner_id
        )
        self.assertTrue(receipt.acknowledged_at)

    def test_portal_tour_records_the_read_receipt(self):
        notice = self._announcement(name="Lawn mowing on Friday")
        notice.action_publish()
        receipt = notice.recipient_ids.filtered(
            lambda r: r.partner_id == self.resident_a.partner_id
        )
        self.start_tour(
            "/my/announcements",
            "property_community_portal_announcement_read",
            login="resident_a",
        )
        self.assertTrue(receipt.read_at)
        self.assertFalse(receipt.acknowledged_at)

    # Suggestions ----------------------------------------------------------------

    def test_resident_submits_an_anonymous_suggestion(self):
        self.authenticate("resident_a", "resident_a")
        # The box is on the portal's home before the resident's first one.
        self.assertIn('href="/my/suggestions"', self.url_open("/my/home").text)
        form = self.url_open("/my/suggestions/new")
        self.assertEqual(form.status_code, 200)
        # A text box the browser shows: an element of its own, not a
        # self-closed tag that would swallow the rest of the form.
        self.assertRegex(
            form.text, r'<textarea[^>]*name="description"[^>]*></textarea>'
        )
        self.assertIn('name="anonymous"', form.text.split("</textarea>", 1)[1])
        self.assertIn(f'value="{self.community_x.id}"', form.text)
        self.assertNotIn(f'value="{self.community_y.id}"', form.text)
        response = self._post(
            "/my/suggestions/new",
            community_id=self.community_x.id,
            category="security",
            name="Light the back gate",
            description="It is dark at night.",
            anonymous="1",
        )
        self.assertEqual(response.status_code, 200)
        suggestion = self.env["property.suggestion"].search(
            [("name", "=", "Light the back gate")]
        )
        self.assertTrue(suggestion.is_anonymous)
        self.assertFalse(suggestion.partner_id)
        self.assertEqual(suggestion.author_id, self.resident_a.partner_id)
        self.assertNotIn(self.resident_a, suggestion.create_uid | suggestion.write_uid)
        self.assertFalse(suggestion.message_follower_ids)
        self.assertIn(f"/my/suggestions/{suggestion.id}", response.url)
        suggestion.write({"answer": "A lamp will be installed.", "state": "answered"})
        page = self.url_open(f"/my/suggestions/{suggestion.id}")
        self.assertIn("A lamp will be installed.", page.text)
        self.assertIn("Light the back gate", self.url_open("/my/suggestions").text)

    def test_bad_suggestion_is_refused_with_the_reason(self):
        self.authenticate("resident_a", "resident_a")
        response = self._post(
            "/my/suggestions/new",
            community_id=self.community_y.id,
            name="Not my community",
            description="x",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose the community", response.text)
        response = self._post(
            "/my/suggestions/new",
            community_id=self.community_x.id,
            name="",
            description="No subject",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("subject and describe", response.text)
        self.assertFalse(
            self.env["property.suggestion"].search(
                [("description", "in", ("x", "No subject"))]
            )
        )

    def test_another_residents_suggestion_is_not_found(self):
        theirs = self.env["property.suggestion"]._portal_submit(
            self.resident_b.partner_id,
            self.community_x,
            {"name": "B's idea", "description": "Secret idea"},
        )
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(f"/my/suggestions/{theirs.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Secret idea", response.text)
        self.assertNotIn("B's idea", self.url_open("/my/suggestions").text)

    # Events ----------------------------------------------------------------------

    @freeze_time("2026-09-01 08:00:00")
    def test_register_from_the_portal_within_capacity(self):
        event = self._event(seats_limited=True, seats_max=1)
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/events/{event.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="property_event_register"', page.text)
        page = self._post(f"/my/events/{event.id}/register")
        self.assertIn('id="property_event_registered"', page.text)
        self.assertEqual(event.registration_ids.partner_id, self.resident_a.partner_id)
        self.authenticate("resident_b", "resident_b")
        response = self._post(f"/my/events/{event.id}/register")
        self.assertEqual(response.status_code, 409)
        self.assertIn("is full", response.text)
        self.assertEqual(len(event.registration_ids), 1)
        self.authenticate("resident_a", "resident_a")
        self._post(f"/my/events/{event.id}/cancel")
        self.assertEqual(event.registration_ids.state, "cancel")

    @freeze_time("2026-09-01 08:00:00")
    def test_another_communitys_event_is_not_found(self):
        event_y = self._event(community=self.community_y, name="Y Sports Day")
        meeting = self._event(name="Owners only", property_kind="meeting")
        self.authenticate("tenant_a", "tenant_a")
        for event in (event_y, meeting):
            response = self.url_open(f"/my/events/{event.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(event.name, response.text)
            response = self._post(f"/my/events/{event.id}/register")
            self.assertEqual(response.status_code, 404)
        self.assertFalse(event_y.registration_ids | meeting.registration_ids)
        self.assertNotIn("Y Sports Day", self.url_open("/my/events").text)

    # Surveys ----------------------------------------------------------------------

    def test_anonymous_survey_through_the_portal(self):
        self.authenticate("resident_a", "resident_a")
        page = self.url_open("/my/surveys")
        self.assertIn("Satisfaction 2026", page.text)
        page = self.url_open(f"/my/surveys/{self.survey.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="property_survey_start"', page.text)
        self.assertFalse(self.survey.user_input_ids)
        response = self.url_open(
            f"/my/surveys/{self.survey.id}/start",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        answer = self.env["survey.user_input"].search(
            [("survey_id", "=", self.survey.id)]
        )
        self.assertEqual(len(answer), 1)
        self.assertFalse(answer.partner_id)
        self.assertIn(answer.access_token, response.headers["Location"])
        # Survey's own pages accept the resident on the anonymous answer.
        start = self.url_open(response.headers["Location"])
        self.assertEqual(start.status_code, 200)
        self.assertNotIn("survey_auth", start.url)
        choice = self.question.suggested_answer_ids[0]
        token = self.survey.access_token
        self.url_open(
            f"/survey/begin/{token}/{answer.access_token}",
            data=json.dumps({"params": {}}),
            headers={"Content-Type": "application/json"},
        )
        result = self.url_open(
            f"/survey/submit/{token}/{answer.access_token}",
            data=json.dumps({"params": {str(self.question.id): str(choice.id)}}),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertNotIn("error", result)
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.scoring_percentage, 100.0)
        self.assertNotEqual(answer.write_uid, self.resident_a)
        lines = answer.user_input_line_ids
        self.assertNotIn(self.resident_a, lines.create_uid | lines.write_uid)
        self.assertNotIn(self.resident_a.partner_id, answer.message_ids.author_id)
        self.assertIn("Answered, thank you", self.url_open("/my/surveys").text)

    def test_survey_of_another_community_is_not_found(self):
        survey_y = self._satisfaction_survey(self.community_y)
        self.authenticate("resident_a", "resident_a")
        self.assertEqual(self.url_open(f"/my/surveys/{survey_y.id}").status_code, 404)
        self.assertNotIn(survey_y.title + "Y", self.url_open("/my/surveys").text)
        self.assertFalse(survey_y.user_input_ids)
