from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from ..models.property_helpdesk_sla import PROPERTY_KINDS

# What residents may report from the portal (praise included, no internal kinds).
PORTAL_KINDS = [kind for kind, _label in PROPERTY_KINDS]


class PropertyHelpdeskTicketController(HelpdeskTicketController):
    @http.route()
    def support_ticket_close(self, **kw):
        # helpdesk_mgmt closes the ticket with sudo: check first that the user
        # may see it, so that nobody closes another resident's ticket.
        try:
            ticket = request.env["helpdesk.ticket"].browse(
                int(kw.get("ticket_id") or 0)
            )
            ticket.check_access("read")
        except (AccessError, MissingError, ValueError) as error:
            raise request.not_found() from error
        return super().support_ticket_close(**kw)

    def _get_categories(self, **kw):
        # Residents always pick what the issue is about: plumbing, lift...
        return request.env["helpdesk.ticket.category"].search(
            [("active", "=", True), ("show_in_portal", "=", True)]
        )

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        # Record rules limit both to the resident's current homes.
        units = request.env["property.unit"].search([])
        kinds = dict(
            request.env["helpdesk.ticket"]
            ._fields["property_kind"]
            ._description_selection(request.env)
        )
        values.update(
            {
                "property_units": units,
                "property_communities": units.community_id,
                "property_kinds": [(kind, kinds[kind]) for kind in PORTAL_KINDS],
            }
        )
        return values

    @http.route()
    def submit_ticket(self, **kw):
        try:
            self._prepare_submit_ticket_vals(**kw)
        except UserError as error:
            # Show the form again with what to correct instead of an error page.
            values = self._get_create_new_ticket_values(**kw)
            values["property_error"] = error.args[0]
            return request.render(
                "helpdesk_mgmt.portal_create_ticket", values, status=400
            )
        return super().submit_ticket(**kw)

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        kind = kw.get("property_kind") or "repair"
        if kind not in PORTAL_KINDS:
            raise UserError(request.env._("Choose what kind of request this is."))
        vals.update(property_kind=kind, property_intake="portal")
        if kw.get("property_emergency"):
            vals["priority"] = "4"
        location = kw.get("property_location") or ""
        model, _sep, record_id = location.partition("-")
        if model not in ("unit", "community") or not record_id.isdigit():
            if request.env["property.unit"].search_count([], limit=1):
                raise UserError(
                    request.env._(
                        "Choose where the problem is: one of your homes or a "
                        "public area of your community."
                    )
                )
            return vals
        # Searched with the resident's rights: only their own homes and
        # communities are found, anything else is answered as not found.
        record = request.env[f"property.{model}"].search([("id", "=", int(record_id))])
        if not record:
            raise request.not_found()
        community = record if model == "community" else record.community_id
        vals.update(
            property_unit_id=record.id if model == "unit" else False,
            property_community_id=community.id,
            company_id=community.company_id.id,
        )
        return vals
