from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.property_base.controllers.portal import PropertyPortal


class PropertyDisclosurePortal(PropertyPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("property_disclosure_count", "property.disclosure"),
            ("property_vote_count", "property.vote"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count([]) if Model.has_access("read") else 0
                )
        return values

    # ------------------------------------------------------------------
    # Disclosures
    # ------------------------------------------------------------------
    @http.route(
        ["/my/disclosures", "/my/disclosures/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_disclosures(self, page=1, **kw):
        Disclosure = request.env["property.disclosure"]
        if not Disclosure.has_access("read"):
            return request.redirect("/my")
        disclosures, pager = self._property_page(
            "property.disclosure", "/my/disclosures", page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "disclosures": disclosures,
                "page_name": "property_disclosure",
                "pager": pager,
                "default_url": "/my/disclosures",
            }
        )
        return request.render("property_disclosure.portal_my_disclosures", values)

    @http.route(
        "/my/disclosures/<int:disclosure_id>", type="http", auth="user", website=True
    )
    def portal_my_disclosure(self, disclosure_id, **kw):
        disclosure_sudo = self._property_record_sudo(
            "property.disclosure", disclosure_id
        )
        partner = request.env.user.partner_id
        # Reading the page changes nothing: the page posts to .../read.
        read = disclosure_sudo.read_ids.filtered(lambda r: r.partner_id == partner)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "disclosure": disclosure_sudo,
                "read": bool(read),
                "acknowledged": bool(read.acknowledged_at),
                "fund_shares": request.env["property.unit"].search(
                    [("community_id", "=", disclosure_sudo.community_id.id)]
                ),
                "page_name": "property_disclosure",
            }
        )
        return request.render("property_disclosure.portal_my_disclosure", values)

    @http.route(
        "/my/disclosures/<int:disclosure_id>/read",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_disclosure_read(self, disclosure_id, **kw):
        disclosure_sudo = self._property_record_sudo(
            "property.disclosure", disclosure_id
        )
        # Access was checked above; residents may not write the read log.
        disclosure_sudo._mark_read(request.env.user.partner_id)
        return request.make_json_response({"read": True})

    @http.route(
        "/my/disclosures/<int:disclosure_id>/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_disclosure_acknowledge(self, disclosure_id, **kw):
        disclosure_sudo = self._property_record_sudo(
            "property.disclosure", disclosure_id
        )
        # Access was checked above; residents may not write the read log.
        disclosure_sudo._mark_read(request.env.user.partner_id, acknowledge=True)
        return request.redirect(f"/my/disclosures/{disclosure_id}")

    @http.route(
        "/my/disclosures/<int:disclosure_id>/pdf",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_disclosure_pdf(self, disclosure_id, **kw):
        disclosure_sudo = self._property_record_sudo(
            "property.disclosure", disclosure_id
        )
        return self._property_pdf(
            "property_disclosure.action_report_property_disclosure",
            disclosure_sudo,
            f"disclosure-{disclosure_sudo.id}-v{disclosure_sudo.version}",
        )

    # ------------------------------------------------------------------
    # The community's public page
    # ------------------------------------------------------------------
    @http.route(
        "/disclosure/<int:community_id>/<string:token>",
        type="http",
        auth="public",
        website=True,
    )
    def public_disclosures(self, community_id, token, **kw):
        community_sudo = (
            # Looked up to compare its page key, the access check made below.
            request.env["property.community"].sudo().browse(community_id).exists()
        )
        if not (
            community_sudo
            and community_sudo.active
            and community_sudo.disclosure_token
            and consteq(community_sudo.disclosure_token, token)
        ):
            raise request.not_found()
        disclosures = (
            request.env["property.disclosure"]
            # The page key matched (checked above): its shown disclosures only.
            .sudo()
            .search(
                [("community_id", "=", community_sudo.id), ("is_visible", "=", True)]
            )
        )
        return request.render(
            "property_disclosure.public_disclosures",
            {"community": community_sudo, "disclosures": disclosures},
        )

    # ------------------------------------------------------------------
    # Votes
    # ------------------------------------------------------------------
    @http.route(
        ["/my/votes", "/my/votes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_votes(self, page=1, **kw):
        Vote = request.env["property.vote"]
        if not Vote.has_access("read"):
            return request.redirect("/my")
        votes, pager = self._property_page("property.vote", "/my/votes", page)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "votes": votes,
                "page_name": "property_vote",
                "pager": pager,
                "default_url": "/my/votes",
            }
        )
        return request.render("property_disclosure.portal_my_votes", values)

    @http.route("/my/votes/<int:vote_id>", type="http", auth="user", website=True)
    def portal_my_vote(self, vote_id, **kw):
        vote_sudo = self._property_record_sudo("property.vote", vote_id)
        today = fields.Date.context_today(vote_sudo)
        # Record rules give the resident the ballots of their units.
        ballots = request.env["property.vote.ballot"].search(
            [("vote_id", "=", vote_sudo.id)]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "vote": vote_sudo,
                "ballots": ballots,
                # The ballots were searched under the resident's record rules;
                # co-owners may not read each other's contacts, only the name.
                "voter_names": {b.id: b.sudo().voter_id.name for b in ballots},
                "partner": request.env.user.partner_id,
                "can_vote": vote_sudo.state == "open"
                and vote_sudo.date_start <= today <= vote_sudo.date_end,
                "page_name": "property_vote",
            }
        )
        return request.render("property_disclosure.portal_my_vote", values)

    @http.route(
        "/my/votes/<int:vote_id>/cast",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_vote_cast(self, vote_id, ballot_id=None, choice=None, **kw):
        vote_sudo = self._property_record_sudo("property.vote", vote_id)
        try:
            ballot_id = int(ballot_id or 0)
        except ValueError as error:
            raise request.not_found() from error
        ballot = request.env["property.vote.ballot"].browse(ballot_id).exists()
        # Checked first: reading a ballot the resident may not see would fail.
        if not ballot or not ballot.has_access("read"):
            raise request.not_found()
        if ballot.vote_id != vote_sudo:
            raise request.not_found()
        try:
            ballot._cast_by_voter(choice)
        except AccessError as error:
            # A co-owner who is not the designated voter: not theirs to cast.
            raise request.not_found() from error
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update({"error_message": str(error), "vote": vote_sudo})
            return request.render("property_disclosure.portal_vote_error", values)
        return request.redirect(f"/my/votes/{vote_id}")
