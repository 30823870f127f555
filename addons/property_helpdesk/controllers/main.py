from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.mail.controllers.attachment import AttachmentController
from odoo.addons.property_base.tools import check_uploads
from odoo.addons.property_base.tools.uploads import get_upload_limits

from ..models.property_helpdesk_sla import PROPERTY_KINDS

# What residents may report from the portal (praise included, no internal kinds).
PORTAL_KINDS = [kind for kind, _label in PROPERTY_KINDS]


def read_uploads(files):
    """``(filename, data)`` of uploaded files for ``check_uploads``, reading no
    more than one byte over the size cap, the streams rewound for the caller."""
    max_size_mb, _max_count = get_upload_limits(request.env)
    uploads = []
    for file in files:
        uploads.append((file.filename, file.read(max_size_mb * 1024 * 1024 + 1)))
        file.seek(0)
    return uploads


class PropertyHelpdeskTicketController(HelpdeskTicketController):
    # helpdesk_mgmt answers GET here and closes the ticket with sudo: a link on
    # another site could close a resident's ticket. POST only, with the CSRF
    # token, by the ticket's resident or by staff who may edit the ticket.
    @http.route(methods=["POST"])
    def support_ticket_close(self, **kw):
        user = request.env.user
        try:
            ticket = request.env["helpdesk.ticket"].browse(
                int(kw.get("ticket_id") or 0)
            )
            int(kw.get("stage_id") or 0)
            ticket.check_access("read" if user.share else "write")
        except (AccessError, MissingError, ValueError) as error:
            raise request.not_found() from error
        if user.share and not ticket._property_is_resident(user):
            raise request.not_found()  # a follower reads it, the resident closes it
        return super().support_ticket_close(**kw)

    def _get_categories(self, **kw):
        # Residents always pick what the issue is about: plumbing, lift...
        return request.env["helpdesk.ticket.category"].search(
            [("active", "=", True), ("show_in_portal", "=", True)]
        )

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        # Record rules limit both to the resident's current homes; users with
        # no access to units at all (no Property role) report without a place.
        Unit = request.env["property.unit"]
        units = Unit.search([]) if Unit.has_access("read") else Unit
        kinds = dict(
            request.env["helpdesk.ticket"]
            ._fields["property_kind"]
            ._description_selection(request.env)
        )
        max_size_mb, max_count = get_upload_limits(request.env)
        values.update(
            {
                "property_units": units,
                "property_proxy_units": self._property_proxy_units().filtered(
                    lambda unit: unit.id not in units.ids
                ),
                "property_communities": units.community_id,
                "property_kinds": [(kind, kinds[kind]) for kind in PORTAL_KINDS],
                "property_upload_hint": request.env._(
                    "Photos of the problem help the technician: up to %(count)s "
                    "photos (JPEG, PNG, GIF, WebP) or PDF files, %(size)s MB at "
                    "most each.",
                    count=max_count,
                    size=max_size_mb,
                ),
            }
        )
        return values

    def _property_proxy_units(self):
        """The homes of the people the resident pays for (a daughter paying
        for her mother), as superuser records: a resident reports a repair
        there too, but reads nothing else of them."""
        user = request.env.user
        if not user.share:
            return request.env["property.unit"]
        return user.partner_id._property_units_paid_for()

    # helpdesk_mgmt answers GET too: a link on another site would open a
    # ticket in the resident's name.
    @http.route(methods=["POST"])
    def submit_ticket(self, **kw):
        try:
            self._prepare_submit_ticket_vals(**kw)
            files = request.httprequest.files.getlist("attachment")
            check_uploads(request.env, read_uploads([f for f in files if f.filename]))
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
        Unit = request.env["property.unit"]
        if model not in ("unit", "community") or not record_id.isdigit():
            if (
                Unit.has_access("read") and Unit.search_count([], limit=1)
            ) or self._property_proxy_units():
                raise UserError(
                    request.env._(
                        "Choose where the problem is: one of your homes or a "
                        "public area of your community."
                    )
                )
            return vals
        # Searched with the resident's rights: only their own homes and
        # communities are found, anything else is answered as not found.
        Model = request.env[f"property.{model}"]
        record = Model.has_access("read") and Model.search(
            [("id", "=", int(record_id))]
        )
        if not record and model == "unit":
            # Or the home of someone the resident pays for, nothing else.
            record = self._property_proxy_units().filtered(
                lambda unit: unit.id == int(record_id)
            )
        if not record:
            raise request.not_found()
        community = record if model == "community" else record.community_id
        vals.update(
            property_unit_id=record.id if model == "unit" else False,
            property_community_id=community.id,
            company_id=community.company_id.id,
        )
        return vals


class PropertyHelpdeskAttachmentController(AttachmentController):
    @http.route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        # Residents' files on a ticket (the chatter of the portal ticket page):
        # photos and PDF only, within the caps. Staff attach what they need.
        if thread_model == "helpdesk.ticket" and not request.env.user._is_internal():
            Ticket = request.env["helpdesk.ticket"]
            ticket = Ticket.browse(int(thread_id)).exists()
            # Only whether the ticket has a token at all is read: core compares
            # a token with an empty one and fails with an error, not a 404.
            if not ticket or (kwargs.get("token") and not ticket.sudo().access_token):
                raise NotFound()
            if not Ticket._get_thread_with_access(
                ticket.id, mode=Ticket._mail_post_access, **kwargs
            ):
                raise NotFound()
            try:
                check_uploads(request.env, read_uploads([ufile]))
            except UserError as error:
                return request.make_json_response({"error": error.args[0]})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )
