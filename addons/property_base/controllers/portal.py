from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class PropertyPortal(CustomerPortal):
    """The residents' portal of the suite: each module's portal controller
    extends this one and uses its helpers."""

    _property_items_per_page = 20

    def _property_record_sudo(self, model, record_id, access_token=None):
        """The record (as superuser) when the user may read it, by the record
        rules or its access token; 404 otherwise, the same whether it exists
        or not, so that nothing can be guessed."""
        try:
            return self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error

    def _property_page(self, model, url, page, domain=(), order=None):
        """One page of the records of ``model`` the user may read, and the
        pager to the others."""
        Model = request.env[model]
        domain = list(domain)
        pager = portal_pager(
            url=url,
            total=Model.search_count(domain),
            page=page,
            step=self._property_items_per_page,
        )
        records = Model.search(
            domain,
            order=order,
            limit=self._property_items_per_page,
            offset=pager["offset"],
        )
        return records, pager

    def _property_pdf(self, report_ref, records, filename, data=None):
        """The PDF of ``report_ref`` on ``records`` as a download. Callers
        check that the user may read the records first."""
        # sudo: callers checked the records are the user's to read; residents
        # have no access to report actions.
        Report = request.env["ir.actions.report"].sudo()
        pdf, _type = Report._render_qweb_pdf(report_ref, records.ids, data=data)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", f'attachment; filename="{filename}.pdf"'),
            ],
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "unit_count" in counters:
            Unit = request.env["property.unit"]
            values["unit_count"] = (
                Unit.search_count([]) if Unit.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/units", "/my/units/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_units(self, page=1, **kw):
        Unit = request.env["property.unit"]
        if not Unit.has_access("read"):
            return request.redirect("/my")
        units, pager = self._property_page("property.unit", "/my/units", page)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "units": units,
                "page_name": "property_unit",
                "pager": pager,
                "default_url": "/my/units",
            }
        )
        return request.render("property_base.portal_my_units", values)

    @http.route("/my/units/<int:unit_id>", type="http", auth="user", website=True)
    def portal_my_unit(self, unit_id, access_token=None, **kw):
        unit_sudo = self._property_record_sudo("property.unit", unit_id, access_token)
        values = self._get_page_view_values(
            unit_sudo,
            access_token,
            {
                "unit": unit_sudo,
                # Access to the unit was checked above; co-occupants' contact
                # records are not readable by residents, their names are shown.
                "occupancies": unit_sudo.current_occupancy_ids,
                "page_name": "property_unit",
            },
            "my_units_history",
            False,
            **kw,
        )
        return request.render("property_base.portal_my_unit", values)
