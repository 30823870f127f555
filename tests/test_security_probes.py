"""Every role against every suite route and model, with someone else's ids.

A resident of a new community A, the public, and a staff member of A with Odoo's
default Invoicing right probe the portal routes of every suite module and the
suite's models through JSON-RPC, with the ids of records of other communities
and residents. They never get those records: routes answer 403 or 404 (or send
them elsewhere), the ORM refuses or returns nothing.
"""

import threading
from urllib.parse import urlsplit

from suite import (
    NO_COMMUNITY_DATA,
    SHARED_MODELS,
    SUITE,
    community_path,
    suite_models,
    suite_test,
)

from odoo import Command
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# The model behind each integer argument of a suite route.
ROUTE_ARGUMENTS = {
    "announcement_id": "property.announcement",
    "community_id": "property.community",
    "disclosure_id": "property.disclosure",
    "event_id": "event.event",
    "invoice_id": "account.move",
    "payment_id": "account.payment",
    "suggestion_id": "property.suggestion",
    "survey_id": "survey.survey",
    "ticket_id": "helpdesk.ticket",
    "unit_id": "property.unit",
    "vote_id": "property.vote",
}
# Integer arguments that name no record.
NOT_RECORDS = {"page"}
# Core routes that show suite records to residents.
CORE_ROUTES = {"/my/invoices/<int:invoice_id>"}
# Refused, missing, or a request the server turned down: never the record.
REFUSED = {400, 403, 404}
# A period for the reports that need one (the statement of account).
REPORT_OPTIONS = '{"date_from": "2000-01-01", "date_to": "2100-12-31"}'


@suite_test
class TestSecurityProbes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.company
        Community = cls.env["property.community"]
        cls.community_a = Community.create(
            {"name": "Probe Garden A", "code": "PGA", "company_id": company.id}
        )
        cls.community_b = Community.create(
            {"name": "Probe Garden B", "code": "PGB", "company_id": company.id}
        )
        cls.unit_a = cls._unit(cls.community_a)
        cls.unit_b = cls._unit(cls.community_b)
        cls.resident_a = new_test_user(
            cls.env, login="probe_resident_a", groups="base.group_portal"
        )
        cls.resident_b = new_test_user(
            cls.env, login="probe_resident_b", groups="base.group_portal"
        )
        cls._own(cls.unit_a, cls.resident_a.partner_id)
        cls._own(cls.unit_b, cls.resident_b.partner_id)
        cls.staff_a = new_test_user(
            cls.env,
            login="probe_staff_a",
            groups="property_base.group_property_user,account.group_account_invoice",
        )
        cls.staff_a.property_community_ids = cls.community_a
        cls.contract_b = cls._contract(cls.unit_b, cls.resident_b.partner_id)
        cls.invoice_b = cls._invoice(cls.unit_b, cls.resident_b.partner_id)
        cls.payment_b = cls._payment(cls.unit_b, cls.resident_b.partner_id)

    @classmethod
    def _unit(cls, community):
        building = cls.env["property.building"].create(
            {"name": f"{community.code} 1", "code": "1", "community_id": community.id}
        )
        return cls.env["property.unit"].create(
            {
                "building_id": building.id,
                "entrance": "1",
                "number": "0101",
                "area": 90.0,
                "unit_type": "residential",
            }
        )

    @classmethod
    def _own(cls, unit, partner):
        cls.env["property.occupancy"].create(
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": "owner",
                "share": 100,
                "date_start": "2020-01-01",
            }
        )

    @classmethod
    def _contract(cls, unit, partner):
        product = cls.env["product.product"].create(
            {"name": "Probe fee", "type": "service"}
        )
        fee_type = cls.env["property.fee.type"].create(
            {
                "name": "Probe fee",
                "basis": "area",
                "product_id": product.id,
                "rate_ids": [Command.create({"date_from": "2020-01-01", "rate": 2})],
            }
        )
        contract = cls.env["property.fee.contract"].create(
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "date_start": "2026-01-01",
                "line_ids": [Command.create({"fee_type_id": fee_type.id})],
            }
        )
        contract.action_activate()
        return contract

    @classmethod
    def _invoice(cls, unit, partner):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "property_unit_id": unit.id,
                "invoice_line_ids": [
                    Command.create({"name": "Property fee", "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _payment(cls, unit, partner):
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": 30.0,
                "property_unit_id": unit.id,
            }
        )
        payment.action_post()
        return payment

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    def _suite_rules(self):
        rules = []
        # The routing map is built for the database of the current thread.
        threading.current_thread().dbname = self.env.cr.dbname
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = rule.endpoint
            function = getattr(endpoint, "original_endpoint", endpoint)
            module = getattr(function, "__module__", "")
            if module.startswith("odoo.addons.property_") or rule.rule in CORE_ROUTES:
                rules.append(rule)
        return rules

    def _foreign_ids(self, model_name, user):
        """Records of ``model_name`` that ``user`` may not see, and an id that
        does not exist."""
        Model = self.env[model_name]
        try:
            visible = Model.with_user(user).search([]).ids
        except AccessError:
            visible = []
        # sudo: the test looks for records the user must not reach.
        foreign = Model.sudo().search([("id", "not in", visible)], limit=3)
        last = Model.sudo().search([], order="id desc", limit=1).id or 0
        return [*foreign.ids, last + 100000]

    def _probe_urls(self, user):
        """``(rule, method, url, model, id)`` for every suite route with ids."""
        probes, unknown = [], []
        for rule in self._suite_rules():
            arguments = sorted(rule.arguments - NOT_RECORDS)
            if not arguments:
                continue
            method = "GET" if not rule.methods or "GET" in rule.methods else "POST"
            for argument in arguments:
                converter = rule._converters[argument]
                if not type(converter).__name__.endswith("IntConverter"):
                    continue
                if argument not in ROUTE_ARGUMENTS:
                    unknown.append(f"{rule.rule}: {argument}")
                    continue
                model = ROUTE_ARGUMENTS[argument]
                for record_id in self._foreign_ids(model, user):
                    values = dict.fromkeys(rule.arguments, 1)
                    values.update({argument: record_id, "token": "not-the-token"})
                    url = rule.rule
                    for name, value in values.items():
                        url = url.replace(f"<int:{name}>", str(value))
                        url = url.replace(f"<string:{name}>", str(value))
                        url = url.replace(f"<{name}>", str(value))
                    probes.append((rule.rule, method, url, model, record_id))
        self.assertFalse(
            unknown,
            "Suite routes with an id this test cannot probe; add them to "
            f"ROUTE_ARGUMENTS: {unknown}",
        )
        return probes

    def _report_probes(self, user):
        """``(rule, "GET", url, model, id)`` for every suite report, with
        records ``user`` may not see."""
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", "ir.actions.report")]
        )
        probes = []
        for report in self.env["ir.actions.report"].browse(data.mapped("res_id")):
            for record_id in self._foreign_ids(report.model, user):
                url = (
                    f"/report/html/{report.report_name}/{record_id}"
                    f"?options={REPORT_OPTIONS}"
                )
                probes.append((report.report_name, "GET", url, report.model, record_id))
        return probes

    def _answer(self, method, url):
        if method == "GET":
            return self.url_open(url, allow_redirects=False)
        return self.url_open(
            url, data={"csrf_token": Request.csrf_token(self)}, allow_redirects=False
        )

    def _assert_refused(self, probes, who):
        leaks = []
        for rule, method, url, model, record_id in probes:
            before = self._stamp(model, record_id)
            with mute_logger("odoo.http"):
                response = self._answer(method, url)
            # Sent elsewhere (the login page, /my): refused too.
            target = urlsplit(response.headers.get("Location", "")).path
            refused = response.status_code in REFUSED or (
                response.is_redirect and target != urlsplit(url).path
            )
            if not refused:
                leaks.append(f"{method} {url} ({rule}): {response.status_code}")
            if self._stamp(model, record_id) != before:
                leaks.append(f"{method} {url} ({rule}) changed {model}({record_id})")
        self.assertTrue(probes)
        report = "\n".join(leaks)
        self.assertFalse(leaks, f"{who} reached someone else's records:\n{report}")

    def _stamp(self, model, record_id):
        self.env.invalidate_all()
        # sudo: the test reads the record to see whether a probe changed it.
        record = self.env[model].sudo().browse(record_id).exists()
        return record.write_date if record else None

    def test_resident_gets_no_other_record_through_any_route(self):
        self.authenticate(self.resident_a.login, self.resident_a.login)
        self._assert_refused(self._probe_urls(self.resident_a), "A resident of A")

    def test_no_one_prints_a_report_of_someone_else(self):
        for user in (self.resident_a, self.staff_a):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self._assert_refused(self._report_probes(user), user.login)

    def test_public_gets_no_record_through_any_route(self):
        public = self.env.ref("base.public_user")
        self.authenticate(None, None)
        probes = self._probe_urls(public)
        self._assert_refused(probes, "The public")

    # ------------------------------------------------------------------
    # JSON-RPC
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": {"context": {"active_test": False}, **kwargs},
            },
        )

    def _assert_rpc_confined(self, user, allowed):
        """Through JSON-RPC, ``user`` finds, reads and may write no record of a
        community outside ``allowed``, in any suite model."""
        self.authenticate(user.login, user.login)
        models = suite_models(self.env)
        leaks, checked = [], []
        for model in models:
            path = community_path(self.env, model, set(models))
            if not path or model in SHARED_MODELS or model in NO_COMMUNITY_DATA:
                continue
            checked.append(model)
            # sudo: the test looks for records of other communities.
            Model = self.env[model].sudo().with_context(active_test=False)
            try:
                found = Model.browse(self._call(model, "search", []))
            except JsonRpcException:
                found = Model
            communities = found if path == "id" else found.mapped(path)
            outside = communities - allowed
            if outside:
                leaks.append(f"{model}: search finds records of {outside.ids}")
            others = [(path, "not in", allowed.ids), (path, "!=", False)]
            for record in Model.search(others, limit=2):
                try:
                    self._call(model, "read", [record.id], ["display_name"])
                    leaks.append(f"{model}: read of {record.id}")
                except JsonRpcException:
                    pass
                if self._call(model, "has_access", [record.id], "write"):
                    leaks.append(f"{model}: may write {record.id}")
        self.assertIn("property.fee.contract.line", checked)
        self.assertTrue(self.contract_b.line_ids)
        report = "\n".join(leaks)
        self.assertFalse(leaks, f"{user.login} reached other communities:\n{report}")

    def test_staff_reach_no_other_community_through_json_rpc(self):
        self._assert_rpc_confined(self.staff_a, self.community_a)

    def test_resident_reaches_no_other_community_through_json_rpc(self):
        self._assert_rpc_confined(self.resident_a, self.community_a)

    def test_staff_with_invoicing_reads_no_other_community_bill_or_payment(self):
        self.authenticate(self.staff_a.login, self.staff_a.login)
        for model, record in (
            ("account.move", self.invoice_b),
            ("account.payment", self.payment_b),
            ("account.move.line", self.invoice_b.line_ids[:1]),
        ):
            found = self._call(model, "search", [("id", "=", record.id)])
            self.assertEqual(found, [], f"{model} of B is visible to staff of A")
            with self.assertRaises(JsonRpcException, msg=model):
                self._call(model, "read", [record.id], ["display_name"])
