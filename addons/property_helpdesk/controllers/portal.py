from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class PropertyPortalHelpdesk(CustomerPortalHelpdesk):
    def _property_ticket_sudo(self, ticket_id, access_token=None):
        # The ticket in sudo once the user's rights or the token are checked.
        try:
            return self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            # Same answer whether the ticket exists or not: nothing to guess.
            raise request.not_found() from error

    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        self._property_ticket_sudo(ticket_id, access_token)
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["property_can_confirm"] = self._property_is_resident(ticket) and bool(
            ticket.closed_date and not ticket.property_confirmed_at
        )
        return values

    def _property_is_resident(self, ticket):
        return ticket._property_is_resident(request.env.user)

    def _property_resident_ticket_sudo(self, ticket_id):
        ticket_sudo = self._property_ticket_sudo(ticket_id)
        if not self._property_is_resident(ticket_sudo):
            raise request.not_found()
        return ticket_sudo

    @http.route(
        "/my/ticket/<int:ticket_id>/confirm",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_confirm(self, ticket_id, rating=None, comment=None, **kw):
        ticket_sudo = self._property_resident_ticket_sudo(ticket_id)
        # Access was checked above; residents may not write tickets themselves.
        ticket_sudo.action_property_confirm(rating, (comment or "").strip())
        return request.redirect(f"/my/ticket/{ticket_id}")

    @http.route(
        "/my/ticket/<int:ticket_id>/reopen",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_reopen(self, ticket_id, reason=None, **kw):
        ticket_sudo = self._property_resident_ticket_sudo(ticket_id)
        # Access was checked above: the resident reopens their own ticket.
        ticket_sudo.action_property_reopen((reason or "").strip())
        return request.redirect(f"/my/ticket/{ticket_id}")
