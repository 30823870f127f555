from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class PropertyPortal(CustomerPortal):
    _units_per_page = 20

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
        unit_count = Unit.search_count([])
        pager = portal_pager(
            url="/my/units",
            total=unit_count,
            page=page,
            step=self._units_per_page,
        )
        units = Unit.search([], limit=self._units_per_page, offset=pager["offset"])
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
        try:
            unit_sudo = self._document_check_access(
                "property.unit", unit_id, access_token
            )
        except (AccessError, MissingError) as error:
            # Same answer whether the unit exists or not: nothing to guess.
            raise request.not_found() from error
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
