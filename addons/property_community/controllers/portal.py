from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.property_base.controllers.portal import PropertyPortal


class PropertyCommunityPortal(PropertyPortal):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _announcement_domain(self):
        now = fields.Datetime.now()
        return ["|", ("date_expire", "=", False), ("date_expire", ">", now)]

    def _property_event_domain(self):
        return [("date_end", ">=", fields.Datetime.now())]

    def _property_surveys_sudo(self):
        """The active surveys addressed to the resident today."""
        partner = request.env.user.partner_id
        communities = request.env["property.community"].search([])
        surveys = (
            request.env["survey.survey"]
            # sudo: residents have no access to surveys; the audience of each
            # one is checked just below.
            .sudo()
            .search([("property_community_id", "in", communities.ids)])
        )
        return surveys.filtered(lambda s: s._property_is_for(partner))

    def _attachment_links(self, attachments):
        """Download links with access tokens; the caller checked access to
        the record the attachments belong to."""
        return [
            (
                attachment,
                (
                    f"/web/content/{attachment.id}?download=true&access_token="
                    # sudo: the caller checked read access to the record, and
                    # who links a file to it may read it (tools.py).
                    f"{attachment.sudo().generate_access_token()[0]}"
                ),
            )
            for attachment in attachments
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        if "announcement_count" in counters:
            Announcement = env["property.announcement"]
            values["announcement_count"] = (
                Announcement.search_count(self._announcement_domain())
                if Announcement.has_access("read")
                else 0
            )
        if "suggestion_count" in counters:
            Suggestion = env["property.suggestion"]
            values["suggestion_count"] = (
                Suggestion.search_count([]) if Suggestion.has_access("read") else 0
            )
        if "property_event_count" in counters:
            Event = env["event.event"]
            values["property_event_count"] = (
                Event.search_count(self._property_event_domain())
                if Event.has_access("read")
                else 0
            )
        if "property_survey_count" in counters:
            values["property_survey_count"] = (
                len(self._property_surveys_sudo()) if env.user.share else 0
            )
        return values

    # ------------------------------------------------------------------
    # Announcements
    # ------------------------------------------------------------------

    @http.route(
        ["/my/announcements", "/my/announcements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_announcements(self, page=1, **kw):
        Announcement = request.env["property.announcement"]
        if not Announcement.has_access("read"):
            return request.redirect("/my")
        announcements, pager = self._property_page(
            "property.announcement",
            "/my/announcements",
            page,
            self._announcement_domain(),
        )
        receipts = (
            request.env["property.announcement.recipient"]
            # sudo: the resident's own receipts, to mark what is new.
            .sudo()
            .search(
                [
                    ("announcement_id", "in", announcements.ids),
                    ("partner_id", "=", request.env.user.partner_id.id),
                ]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "announcements": announcements,
                "community_names": {
                    # sudo: the announcements were searched with the user's
                    # rights; a proxy may not read the parent's community.
                    announcement.id: announcement.sudo().community_id.name
                    for announcement in announcements
                },
                "read_ids": set(receipts.filtered("read_at").announcement_id.ids),
                "page_name": "property_announcement",
                "pager": pager,
                "default_url": "/my/announcements",
            }
        )
        return request.render("property_community.portal_my_announcements", values)

    def _announcement_receipt(self, announcement_sudo):
        return (
            request.env["property.announcement.recipient"]
            # sudo: the user's own receipt of an announcement they may read.
            .sudo()
            .search(
                [
                    ("announcement_id", "=", announcement_sudo.id),
                    ("partner_id", "=", request.env.user.partner_id.id),
                ],
                limit=1,
            )
        )

    def _announcement_sudo(self, announcement_id):
        """The announcement if the user may read it and it has not expired."""
        announcement_sudo = self._property_record_sudo(
            "property.announcement", announcement_id
        )
        if (
            announcement_sudo.date_expire
            and announcement_sudo.date_expire <= fields.Datetime.now()
        ):
            raise request.not_found()
        return announcement_sudo

    @http.route(
        "/my/announcements/<int:announcement_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_announcement(self, announcement_id, **kw):
        announcement_sudo = self._announcement_sudo(announcement_id)
        receipt = self._announcement_receipt(announcement_sudo)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "announcement": announcement_sudo,
                "receipt": receipt,
                "attachments": self._attachment_links(announcement_sudo.attachment_ids),
                "page_name": "property_announcement",
            }
        )
        return request.render("property_community.portal_my_announcement", values)

    @http.route(
        "/my/announcements/<int:announcement_id>/read",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_announcement_read(self, announcement_id, **kw):
        """Posted by the page once it is shown: the read receipt."""
        announcement_sudo = self._announcement_sudo(announcement_id)
        receipt = self._announcement_receipt(announcement_sudo)
        receipt._mark_read()
        return request.make_json_response({"read": bool(receipt)})

    @http.route(
        "/my/announcements/<int:announcement_id>/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_announcement_acknowledge(self, announcement_id, **kw):
        announcement_sudo = self._announcement_sudo(announcement_id)
        if announcement_sudo.is_important:
            receipt = self._announcement_receipt(announcement_sudo)
            receipt._mark_read(acknowledge=True)
        return request.redirect(f"/my/announcements/{announcement_id}")

    # ------------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------------

    @http.route(
        ["/my/suggestions", "/my/suggestions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_suggestions(self, page=1, **kw):
        Suggestion = request.env["property.suggestion"]
        if not Suggestion.has_access("read"):
            return request.redirect("/my")
        suggestions, pager = self._property_page(
            "property.suggestion", "/my/suggestions", page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "suggestions": suggestions,
                "page_name": "property_suggestion",
                "pager": pager,
                "default_url": "/my/suggestions",
            }
        )
        return request.render("property_community.portal_my_suggestions", values)

    def _render_suggestion_form(self, error=None, values=None, status=200):
        page = self._prepare_portal_layout_values()
        page.update(
            {
                "communities": request.env["property.community"].search([]),
                "categories": request.env["property.suggestion"]
                ._fields["category"]
                ._description_selection(request.env),
                "error": error,
                "form": values or {},
                "page_name": "property_suggestion",
            }
        )
        return request.render(
            "property_community.portal_suggestion_new", page, status=status
        )

    @http.route(
        "/my/suggestions/new",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_suggestion_new(self, **kw):
        if not request.env.user.share:
            return request.redirect("/my")
        return self._render_suggestion_form()

    @http.route(
        "/my/suggestions/new",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_suggestion_submit(self, community_id=None, **post):
        if not request.env.user.share:
            return request.redirect("/my")
        # The rule on communities lets residents read only those they live in.
        community = request.env["property.community"].search(
            [("id", "=", int(community_id) if str(community_id).isdigit() else 0)]
        )
        if not community:
            return self._render_suggestion_form(
                request.env._("Choose the community your suggestion is about."),
                post,
                status=400,
            )
        try:
            suggestion = request.env["property.suggestion"]._portal_submit(
                request.env.user.partner_id,
                community,
                post,
                anonymous=bool(post.get("anonymous")),
            )
        except UserError as error:
            return self._render_suggestion_form(error.args[0], post, status=400)
        return request.redirect(f"/my/suggestions/{suggestion.id}")

    @http.route(
        "/my/suggestions/<int:suggestion_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_suggestion(self, suggestion_id, **kw):
        suggestion_sudo = self._property_record_sudo(
            "property.suggestion", suggestion_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"suggestion": suggestion_sudo, "page_name": "property_suggestion"}
        )
        return request.render("property_community.portal_my_suggestion", values)

    # ------------------------------------------------------------------
    # Events and owners' meetings
    # ------------------------------------------------------------------

    @http.route(
        ["/my/events", "/my/events/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_events(self, page=1, **kw):
        Event = request.env["event.event"]
        if not Event.has_access("read"):
            return request.redirect("/my")
        events, pager = self._property_page(
            "event.event",
            "/my/events",
            page,
            self._property_event_domain(),
            order="date_begin, id",
        )
        registered = (
            request.env["event.registration"]
            # sudo: the resident's own registrations to the events found.
            .sudo()
            .search(
                [
                    ("event_id", "in", events.ids),
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("state", "in", ("open", "done")),
                ]
            )
            .event_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: access to the events was checked by the search above.
                "events": events.sudo(),
                "registered_ids": set(registered.ids),
                "page_name": "property_event",
                "pager": pager,
                "default_url": "/my/events",
            }
        )
        return request.render("property_community.portal_my_events", values)

    def _render_event(self, event_sudo, error=None, status=200):
        registration = (
            request.env["event.registration"]
            # sudo: the user's own registration to an event they may read.
            .sudo()
            .search(
                [
                    ("event_id", "=", event_sudo.id),
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("state", "in", ("open", "done")),
                ],
                limit=1,
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "event": event_sudo,
                "registration": registration,
                "error": error,
                "attachments": self._attachment_links(
                    event_sudo.property_attachment_ids
                ),
                "page_name": "property_event",
            }
        )
        return request.render(
            "property_community.portal_my_event", values, status=status
        )

    @http.route(
        "/my/events/<int:event_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_event(self, event_id, **kw):
        return self._render_event(self._property_record_sudo("event.event", event_id))

    @http.route(
        "/my/events/<int:event_id>/register",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_event_register(self, event_id, **kw):
        event_sudo = self._property_record_sudo("event.event", event_id)
        try:
            event_sudo._property_register(request.env.user.partner_id)
        except UserError as error:
            return self._render_event(event_sudo, error.args[0], status=409)
        return request.redirect(f"/my/events/{event_id}")

    @http.route(
        "/my/events/<int:event_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_event_cancel(self, event_id, **kw):
        event_sudo = self._property_record_sudo("event.event", event_id)
        event_sudo._property_unregister(request.env.user.partner_id)
        return request.redirect(f"/my/events/{event_id}")

    # ------------------------------------------------------------------
    # Surveys
    # ------------------------------------------------------------------

    @http.route("/my/surveys", type="http", auth="user", website=True)
    def portal_my_surveys(self, **kw):
        if not request.env.user.share:
            return request.redirect("/my")
        surveys = self._property_surveys_sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "surveys": surveys,
                "states": self._property_answer_states(surveys),
                "page_name": "property_survey",
            }
        )
        return request.render("property_community.portal_my_surveys", values)

    def _property_answer_states(self, surveys_sudo):
        """``{survey id: state}`` of the resident's answers."""
        answers = (
            request.env["survey.user_input"]
            # sudo: the resident's own answers to surveys addressed to them.
            .sudo()
            .search(
                [
                    ("survey_id", "in", surveys_sudo.ids),
                    ("property_respondent_id", "=", request.env.user.partner_id.id),
                    ("test_entry", "=", False),
                ]
            )
        )
        return {answer.survey_id.id: answer.state for answer in answers}

    def _property_survey_sudo(self, survey_id):
        """The active survey if it is addressed to the resident today."""
        survey_sudo = (
            request.env["survey.survey"]
            # sudo: residents have no access to surveys; the audience is
            # checked just below.
            .sudo()
            .browse(survey_id)
            .exists()
        )
        if (
            not request.env.user.share
            or not survey_sudo
            or not survey_sudo.active
            or not survey_sudo._property_is_for(request.env.user.partner_id)
        ):
            raise request.not_found()
        return survey_sudo

    @http.route(
        "/my/surveys/<int:survey_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_survey(self, survey_id, **kw):
        """The survey's page: back to the answer under way, or a button that
        starts one (a link opened from an email changes nothing)."""
        survey_sudo = self._property_survey_sudo(survey_id)
        state = self._property_answer_states(survey_sudo).get(survey_sudo.id)
        if state == "done":
            return request.redirect("/my/surveys")
        if state:
            return self._property_survey_start(survey_sudo)
        values = self._prepare_portal_layout_values()
        values.update({"survey": survey_sudo, "page_name": "property_survey"})
        return request.render("property_community.portal_survey_start", values)

    @http.route(
        "/my/surveys/<int:survey_id>/start",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_survey_start(self, survey_id, **kw):
        return self._property_survey_start(self._property_survey_sudo(survey_id))

    def _property_survey_start(self, survey_sudo):
        answer_sudo = survey_sudo._property_answer_for(request.env.user.partner_id)
        if answer_sudo.state == "done":
            return request.redirect("/my/surveys")
        return request.redirect(answer_sudo.get_start_url())
