from odoo import http
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_event import EventCase
from .test_survey import SurveyCase


@tagged("post_install", "-at_install")
@freeze_time("2026-09-01 08:00:00")
class TestPortalSecurity(SurveyCase, EventCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.notice = cls._announcement(name="Lift stops", is_important=True)
        cls.notice_y = cls._announcement(
            name="Y only", community_id=cls.community_y.id, is_important=True
        )
        cls.owners_notice = cls._announcement(
            name="Owners only", occupant_scope="owner", is_important=True
        )
        (cls.notice | cls.notice_y | cls.owners_notice).action_publish()
        cls.event_x = cls._event()
        cls.event_y = cls._event(community=cls.community_y, name="Y Sports Day")
        cls.meeting = cls._event(name="Owners only", property_kind="meeting")
        cls.registration_y = cls.event_y._property_register(cls.resident_y.partner_id)
        cls.survey_y = cls._satisfaction_survey(cls.community_y)
        building_x2 = cls._create_building(cls.community_x, "B")
        cls.survey_x2 = cls._satisfaction_survey(
            cls.community_x, property_building_ids=[building_x2.id]
        )

    def _post(self, url, csrf=True, **data):
        # Always some data, so that the request is a POST.
        data.setdefault("from", "portal")
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False)

    def _receipt(self, announcement, user):
        return announcement.recipient_ids.filtered(
            lambda r: r.partner_id == user.partner_id
        )

    def _registrations(self, event, user):
        return event.registration_ids.filtered(
            lambda r: r.partner_id == user.partner_id and r.state == "open"
        )

    def _answers(self, survey):
        return self.env["survey.user_input"].search([("survey_id", "=", survey.id)])

    # State changes by POST only -------------------------------------------------

    def test_get_changes_nothing(self):
        self.authenticate("resident_a", "resident_a")
        receipt = self._receipt(self.notice, self.resident_a)
        for url in (
            f"/my/announcements/{self.notice.id}/read",
            f"/my/announcements/{self.notice.id}/acknowledge",
            f"/my/events/{self.event_x.id}/register",
            f"/my/events/{self.event_x.id}/cancel",
            f"/my/surveys/{self.survey.id}/start",
        ):
            self.assertEqual(
                self.url_open(url, allow_redirects=False).status_code, 405, url
            )
        # The reading pages only show.
        page = self.url_open(f"/my/announcements/{self.notice.id}")
        self.assertEqual(page.status_code, 200)
        page = self.url_open(f"/my/surveys/{self.survey.id}")
        self.assertEqual(page.status_code, 200)
        page = self.url_open(
            f"/my/suggestions/new?community_id={self.community_x.id}"
            "&name=By+GET&description=By+GET"
        )
        self.assertEqual(page.status_code, 200)
        self.assertFalse(receipt.read_at or receipt.acknowledged_at)
        self.assertFalse(self._registrations(self.event_x, self.resident_a))
        self.assertFalse(self._answers(self.survey))
        self.assertFalse(
            self.env["property.suggestion"].search([("name", "=", "By GET")])
        )

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self.authenticate("resident_a", "resident_a")
        receipt = self._receipt(self.notice, self.resident_a)
        for url, data in (
            (f"/my/announcements/{self.notice.id}/read", {}),
            (f"/my/announcements/{self.notice.id}/acknowledge", {}),
            (f"/my/events/{self.event_x.id}/register", {}),
            (f"/my/surveys/{self.survey.id}/start", {}),
            (
                "/my/suggestions/new",
                {
                    "community_id": self.community_x.id,
                    "name": "Forged",
                    "description": "Forged",
                },
            ),
        ):
            response = self._post(url, csrf=False, **data)
            self.assertEqual(response.status_code, 400, url)
        self.assertFalse(receipt.read_at or receipt.acknowledged_at)
        self.assertFalse(self._registrations(self.event_x, self.resident_a))
        self.assertFalse(self._answers(self.survey))
        self.assertFalse(
            self.env["property.suggestion"].search([("name", "=", "Forged")])
        )
        # Registered, the resident cannot be unregistered by a forged form.
        self.event_x._property_register(self.resident_a.partner_id)
        response = self._post(f"/my/events/{self.event_x.id}/cancel", csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(self._registrations(self.event_x, self.resident_a))

    def test_post_with_csrf_token_acts(self):
        self.authenticate("resident_a", "resident_a")
        receipt = self._receipt(self.notice, self.resident_a)
        self._post(f"/my/announcements/{self.notice.id}/read")
        self.assertTrue(receipt.read_at)
        self.assertFalse(receipt.acknowledged_at)
        response = self._post(f"/my/announcements/{self.notice.id}/acknowledge")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(receipt.acknowledged_at)
        self._post(f"/my/events/{self.event_x.id}/register")
        self.assertTrue(self._registrations(self.event_x, self.resident_a))
        self._post(f"/my/events/{self.event_x.id}/cancel")
        self.assertFalse(self._registrations(self.event_x, self.resident_a))
        response = self._post(f"/my/surveys/{self.survey.id}/start")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._answers(self.survey)), 1)
        # Back on the survey's page: the answer under way, not a new one.
        response = self.url_open(f"/my/surveys/{self.survey.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._answers(self.survey)), 1)

    # Someone else's ids ----------------------------------------------------------

    def _assert_not_found(self, url, post=False, text=None):
        response = self._post(url) if post else self.url_open(url)
        self.assertEqual(response.status_code, 404, url)
        if text:
            self.assertNotIn(text, response.text)

    def test_announcements_of_others_are_not_found(self):
        self.authenticate("tenant_a", "tenant_a")
        for notice in (self.notice_y, self.owners_notice):
            url = f"/my/announcements/{notice.id}"
            self._assert_not_found(url, text=notice.name)
            self._assert_not_found(f"{url}/read", post=True)
            self._assert_not_found(f"{url}/acknowledge", post=True)
            self.assertFalse(notice.recipient_ids.filtered("read_at"))
        self.assertNotIn("Owners only", self.url_open("/my/announcements").text)

    def test_events_of_others_are_not_found(self):
        self.authenticate("tenant_a", "tenant_a")
        for event in (self.event_y, self.meeting):
            url = f"/my/events/{event.id}"
            self._assert_not_found(url, text=event.name)
            self._assert_not_found(f"{url}/register", post=True)
            self._assert_not_found(f"{url}/cancel", post=True)
        self.assertFalse(self._registrations(self.meeting, self.tenant_a))
        self.assertEqual(self.registration_y.state, "open")
        self.assertNotIn("Owners only", self.url_open("/my/events").text)

    def test_surveys_not_addressed_to_the_resident_are_not_found(self):
        self.authenticate("resident_a", "resident_a")
        for survey in (self.survey_y, self.survey_x2):
            self._assert_not_found(f"/my/surveys/{survey.id}")
            self._assert_not_found(f"/my/surveys/{survey.id}/start", post=True)
            self.assertFalse(self._answers(survey))
        self._assert_not_found("/my/surveys/999999")
        # Staff answer no survey from the portal either.
        self.authenticate("pm_staff_x", "pm_staff_x")
        self._assert_not_found(f"/my/surveys/{self.survey.id}/start", post=True)
        self.assertFalse(self._answers(self.survey))

    def test_suggestion_of_another_resident_is_not_found(self):
        theirs = self.env["property.suggestion"]._portal_submit(
            self.resident_b.partner_id,
            self.community_x,
            {"name": "B's idea", "description": "Secret idea"},
        )
        self.authenticate("resident_a", "resident_a")
        self._assert_not_found(f"/my/suggestions/{theirs.id}", text="Secret idea")
        self.assertNotIn("B's idea", self.url_open("/my/suggestions").text)

    # JSON-RPC ------------------------------------------------------------------

    def _call(self, model, method, *args, context=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": {"context": context or {}},
            },
        )

    def test_json_rpc_cannot_change_what_residents_rely_on(self):
        receipt = self._receipt(self.notice, self.resident_a)
        suggestion = self.env["property.suggestion"]._portal_submit(
            self.resident_a.partner_id,
            self.community_x,
            {"name": "Anonymous idea", "description": "x"},
            anonymous=True,
        )
        answer = self._answer(self.survey, self.resident_a, "Satisfied")
        registration = self.event_x._property_register(self.resident_a.partner_id)
        # Whatever the client puts in the context.
        context = {"property_community_server_write": True, "active_test": False}
        everyone = {"resident_a", "pm_staff_x", "pm_manager"}
        calls = [
            (
                everyone,
                "property.announcement.recipient",
                "write",
                [receipt.id],
                {"read_at": "2026-09-01 08:00:00"},
            ),
            (
                everyone,
                "property.announcement.recipient",
                "create",
                {"announcement_id": self.notice.id, "partner_id": 1},
            ),
            (
                everyone,
                "property.announcement",
                "write",
                [self.notice.id],
                {"state": "draft"},
            ),
            (
                everyone,
                "property.suggestion",
                "write",
                [suggestion.id],
                {"is_anonymous": False},
            ),
            (
                everyone,
                "property.suggestion",
                "write",
                [suggestion.id],
                {"state": "closed"},
            ),
            (
                everyone,
                "survey.user_input",
                "write",
                [answer.id],
                {"property_building_id": self.building_y.id},
            ),
            # Staff and managers handle the registrations of their events.
            (
                {"resident_a"},
                "event.registration",
                "write",
                [registration.id],
                {"state": "cancel"},
            ),
            (
                {"resident_a", "pm_staff_x"},
                "event.registration",
                "create",
                {"event_id": self.event_y.id, "name": "Intruder"},
            ),
        ]
        for login in sorted(everyone):
            self.authenticate(login, login)
            for logins, model, method, *args in calls:
                if login not in logins:
                    continue
                with (
                    self.assertRaises(JsonRpcException, msg=f"{login} {model}"),
                    mute_logger("odoo.http"),
                ):
                    self._call(model, method, *args, context=context)
        self.assertFalse(receipt.read_at)
        self.assertEqual(self.notice.state, "published")
        self.assertTrue(suggestion.is_anonymous)
        self.assertEqual(suggestion.state, "new")
        self.assertEqual(registration.state, "open")
        self.assertFalse(
            self.event_y.registration_ids.filtered(lambda r: r.name == "Intruder")
        )
        self.assertEqual(answer.property_building_id, self.building_x)
