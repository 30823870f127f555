"""Every role opens every list and form it reaches, without an access error.

Internal roles (accounting, helpdesk, events, surveys, property staff and
managers) walk the menus they see as the web client does: ``get_views`` of the
action's views, ``web_search_read`` of its list and kanban with the fields of
their arch, ``web_read`` of a record with the form's own fields (x2many fields
with the fields of their list), the search panel and the grouped views.
Portal roles (a resident, a proxy payer who pays for a parent) walk the portal
from ``/my`` through every link it shows, and every suite route of the portal
with the ids of their own records.

A field of a model a role may not read is hidden from it with ``groups``; a
menu is shown only to the roles that may use it.
"""

import logging
import re
import warnings
from datetime import date
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta
from lxml import etree, html
from suite import SUITE, suite_test

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user
from odoo.tools.safe_eval import datetime, safe_eval, time

_logger = logging.getLogger(__name__)

# Roles without a Property group, by the groups Odoo gives them.
CORE_ROLES = {
    "invoicing": "account.group_account_invoice",
    "accountant": "account.group_account_user",
    "adviser": "account.group_account_manager",
    "adviser_full": "account.group_account_manager,account.group_account_user",
    "helpdesk_user": "helpdesk_mgmt.group_helpdesk_user",
    "helpdesk_own": "helpdesk_mgmt.group_helpdesk_user_own",
    "helpdesk_team": "helpdesk_mgmt.group_helpdesk_user_team",
    "event_user": "base.group_user,event.group_event_user",
    "survey_user": "base.group_user,survey.group_survey_user",
}
# Property roles, alone and with the rights staff usually get beside them.
PROPERTY_ROLES = {
    "staff": "property_base.group_property_user",
    "staff_invoicing": "property_base.group_property_user,"
    "account.group_account_invoice",
    "staff_helpdesk": "property_base.group_property_user,"
    "helpdesk_mgmt.group_helpdesk_user_team",
    "manager": "property_base.group_property_manager",
    "manager_accountant": "property_base.group_property_manager,"
    "account.group_account_user",
}
VIEW_TYPES = ("list", "kanban", "form", "pivot", "graph")
LIST_LIMIT = 5
X2MANY_LIMIT = 40
# Widgets of relational fields that show the comodel's records to pick from.
PICKER_WIDGETS = {"statusbar", "selection", "radio", "many2many_checkboxes"}
# Pages of the portal the walk leaves alone: downloads, logging out, answering
# a survey (core starts an answer on GET).
PORTAL_SKIP = re.compile(r"report_type=pdf|download=|^/web/|^/survey/|logout")
PORTAL_PREFIXES = ("/my",)
# The model behind each integer argument of a portal route.
ROUTE_ARGUMENTS = {
    "announcement_id": "property.announcement",
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
NOT_RECORDS = {"page"}
# Defects of Odoo itself, not of the suite: the action is left alone for
# users without the group that makes it work.
CORE_DEFECTS = {
    # Odoo 18.0 shows Invoicing > Configuration > Payment Methods to
    # accounting administrators, but its default filter and its form read the
    # payment providers, which only Settings may read.
    "payment.action_payment_method": "base.group_system",
}


class _NeedsActiveRecord(Exception):
    """The action is opened from a record (its context names active_id)."""


@suite_test
class TestMenuAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        community = cls.env.ref(
            "property_base.demo_community_jlg", raise_if_not_found=False
        )
        # The demo community gives every list records to read; without the
        # demo data, a community of the test's own.
        cls.community = community or cls.env["property.community"].create(
            {"name": "Menu Garden", "code": "MNG", "company_id": cls.company.id}
        )
        building = cls.env["property.building"].create(
            {"name": "Menu M", "code": "M", "community_id": cls.community.id}
        )
        cls.unit = cls.env["property.unit"].create(
            {
                "building_id": building.id,
                "entrance": "1",
                "number": "0909",
                "area": 88.0,
                "unit_type": "residential",
            }
        )
        cls.resident = new_test_user(
            cls.env, login="menu_resident", groups="base.group_portal"
        )
        cls.proxy = new_test_user(
            cls.env, login="menu_proxy_payer", groups="base.group_portal"
        )
        parent = cls.resident.partner_id
        cls.env["property.occupancy"].create(
            {
                "unit_id": cls.unit.id,
                "partner_id": parent.id,
                "role": "owner",
                "share": 100,
                "date_start": "2020-01-01",
            }
        )
        parent.write(
            {
                "property_is_elderly": True,
                "property_contact_channel": "paper",
                "property_proxy_payer_id": cls.proxy.partner_id.id,
            }
        )
        cls._billing(parent)
        cls._ticket(parent)
        cls._community_life(parent)
        cls.users = {}
        for role, groups in CORE_ROLES.items():
            cls.users[role] = cls._user(role, groups)
        for role, groups in PROPERTY_ROLES.items():
            user = cls._user(role, groups)
            user.property_community_ids = cls.community
            cls.users[role] = user

    @classmethod
    def _user(cls, role, groups):
        return new_test_user(
            cls.env,
            login=f"menu_{role}",
            groups=groups,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _billing(cls, partner):
        """A contract, bills (one overdue, one due soon), a payment, a charge,
        a meter reading, a billing run, a dunning case with its notice, a
        reminder and an installment agreement: every billing list has a
        record of the test's own."""
        today = date.today()
        product = cls.env["product.product"].create(
            {"name": "Menu fee", "type": "service"}
        )
        fee_type = cls.env["property.fee.type"].create(
            {
                "name": "Menu fee",
                "basis": "area",
                "product_id": product.id,
                "rate_ids": [Command.create({"date_from": "2020-01-01", "rate": 2})],
            }
        )
        contract = cls.env["property.fee.contract"].create(
            {
                "unit_id": cls.unit.id,
                "partner_id": partner.id,
                "date_start": today.replace(day=1) - relativedelta(months=2),
                "line_ids": [Command.create({"fee_type_id": fee_type.id})],
            }
        )
        contract.action_activate()
        run = cls.env["property.billing.run"].create(
            {"date": today.replace(day=1), "company_id": cls.company.id}
        )
        run.action_run()
        overdue = cls._bill(partner, today - relativedelta(days=60), 176.0)
        cls._bill(partner, today - relativedelta(days=28), 88.0)
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": 50.0,
                "property_unit_id": cls.unit.id,
            }
        )
        payment.action_post()
        cls.env["property.billing.charge"].create(
            {
                "name": "New access card",
                "unit_id": cls.unit.id,
                "partner_id": partner.id,
                "product_id": product.id,
                "amount": 20.0,
            }
        )
        cls.env["property.meter.reading"].create(
            {"unit_id": cls.unit.id, "meter_type": "water", "value": 12.5}
        )
        cls.env["property.dunning.run"]._for_date(cls.company, today).action_run()
        cls.env["property.reminder"].create(
            {
                "key": f"menu-access-{overdue.id}",
                "stage": "due",
                "move_id": overdue.id,
                "unit_id": cls.unit.id,
                "company_id": cls.company.id,
                "partner_id": partner.id,
                "channel": "paper",
                "date_due": overdue.invoice_date_due,
                "amount": overdue.amount_total,
                "state": "failed",
                "last_error": "The notice printer is out of paper.",
            }
        )
        cls.env["property.installment.agreement"].create(
            {
                "partner_id": partner.id,
                "community_id": cls.community.id,
                "reason": "illness",
                "move_ids": [Command.set(overdue.ids)],
                "installment_count": 3,
                "first_date": today + relativedelta(days=10),
            }
        )

    @classmethod
    def _bill(cls, partner, invoice_date, amount):
        """A posted bill of the unit, due 30 days after ``invoice_date``."""
        bill = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": invoice_date + relativedelta(days=30),
                "property_unit_id": cls.unit.id,
                "invoice_line_ids": [
                    Command.create({"name": "Property fee", "price_unit": amount})
                ],
            }
        )
        bill.action_post()
        return bill

    @classmethod
    def _ticket(cls, partner):
        """A complaint of the resident, with its work and its return visit."""
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "The hall light flickers",
                "description": "<p>Since Monday.</p>",
                "partner_id": partner.id,
                "property_unit_id": cls.unit.id,
                "property_kind": "complaint",
            }
        )
        cls.env["property.helpdesk.work"].create(
            {"ticket_id": ticket.id, "name": "Changed the bulb", "hours": 0.5}
        )
        cls.env["property.helpdesk.visit"].create(
            {
                "ticket_id": ticket.id,
                "channel": "phone",
                "result": "satisfied",
                "note": "All fine now.",
            }
        )

    @classmethod
    def _community_life(cls, partner):
        """A notice, a suggestion and a survey for the resident."""
        announcement = cls.env["property.announcement"].create(
            {
                "name": "Lift maintenance",
                "community_id": cls.community.id,
                "audience": "community",
                "body": "<p>The lift of building M stops on Friday morning.</p>",
            }
        )
        announcement.action_publish()
        cls.env["property.suggestion"].create(
            {
                "name": "More bicycle racks",
                "community_id": cls.community.id,
                "category": "parking",
                "author_id": partner.id,
                "description": "The racks by the gate are always full.",
            }
        )
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Menu Garden satisfaction",
                "property_community_id": cls.community.id,
                "property_is_satisfaction": True,
                "access_mode": "token",
            }
        )

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------
    def _eval_context(self, user, context=None):
        today = date.today()
        values = {
            "uid": user.id,
            "allowed_company_ids": user.company_ids.ids,
            "lang": user.lang,
            "tz": user.tz,
            "context_today": lambda: today,
            "current_date": today.strftime("%Y-%m-%d"),
            "today": today.strftime("%Y-%m-%d"),
            "datetime": datetime,
            "time": time,
            "relativedelta": relativedelta,
        }
        values.update(context or {})
        return values

    def _evaluate(self, expression, user, context=None, default=None):
        if not expression:
            return default
        if not isinstance(expression, str):
            return expression
        try:
            return safe_eval(expression, self._eval_context(user, context))
        except (NameError, KeyError) as error:
            raise _NeedsActiveRecord(str(error)) from error

    def _top_fields(self, node):
        """The ``<field>`` nodes under ``node`` that belong to its own view,
        not to the subview of an x2many field or a list's group header."""
        found = []
        for child in node.iterchildren(tag=etree.Element):
            if child.tag == "field":
                found.append(child)
            elif child.tag not in ("groupby", "searchpanel"):
                found += self._top_fields(child)
        return found

    def _spec(self, Model, node, form=False):
        """The field specification the web client sends for the view ``node``
        of ``Model``: x2many fields with the fields of their own list in a
        form, with their names under a tags widget, as ids otherwise."""
        spec = {}
        for field_node in self._top_fields(node):
            name = field_node.get("name")
            field = Model._fields.get(name)
            if field is None:
                continue
            invisible = field_node.get("invisible") in ("1", "True")
            spec[name] = entry = {}
            if field.type in ("many2one", "reference"):
                entry["fields"] = {} if invisible else {"display_name": {}}
            elif field.type in ("one2many", "many2many") and not invisible:
                fields = self._x2many_spec(Model, field, field_node, form)
                if fields is not None:
                    entry.update(fields=fields, limit=X2MANY_LIMIT)
        return spec

    def _x2many_spec(self, Model, field, field_node, form):
        Comodel = Model.env[field.comodel_name]
        mode = (field_node.get("mode") or "list").split(",")[0]
        subviews = {
            child.tag: child
            for child in field_node.iterchildren(tag=etree.Element)
            if child.tag in ("list", "kanban")
        }
        subview = subviews.get(mode, next(iter(subviews.values()), None))
        if subview is not None:
            return self._spec(Comodel, subview)
        if field_node.get("widget"):
            # Tags, checkboxes, avatars: the names of the records.
            return {"display_name": {}}
        if not form:
            return None
        # A form shows the comodel's default list where it has none of its own.
        views = Comodel.get_views([(False, mode)])
        arch = etree.fromstring(views["views"][mode]["arch"])
        return self._spec(Comodel, arch)

    def _pickers(self, Model, node):
        """Read the records that relational widgets offer to pick from."""
        for field_node in self._top_fields(node):
            field = Model._fields.get(field_node.get("name"))
            if (
                field is not None
                and field.relational
                and field_node.get("widget") in PICKER_WIDGETS
                and field_node.get("invisible") not in ("1", "True")
            ):
                Model.env[field.comodel_name].web_search_read(
                    [], {"display_name": {}}, limit=LIST_LIMIT
                )

    def _search_domain(self, search_arch, context, user):
        """The domain of the filters the action switches on by default."""
        domain = []
        for filter_node in search_arch.iter("filter"):
            name = filter_node.get("name")
            if not name or not context.get(f"search_default_{name}"):
                continue
            filter_domain = filter_node.get("domain")
            if filter_domain:
                domain += self._evaluate(filter_domain, user, context, [])
        return domain

    def _search_panel(self, Model, search_arch, domain):
        for panel in search_arch.iter("searchpanel"):
            for field_node in panel.iter("field"):
                name = field_node.get("name")
                if field_node.get("select") == "multi":
                    Model.search_panel_select_multi_range(name, search_domain=domain)
                else:
                    Model.search_panel_select_range(name, search_domain=domain)

    def _open_action(self, user, action, active=None):
        """Open ``action`` as ``user`` (from the record ``active``, if any):
        return the records it shows and the window actions its Action menus
        offer on them, or raise."""
        values = {}
        if active:
            values = {
                "active_id": active.id,
                "active_ids": active.ids,
                "active_model": active._name,
            }
        context = self._evaluate(action.context, user, values, {})
        context = {**self._eval_context(user), **values, **context}
        context = {
            key: value
            for key, value in context.items()
            if not callable(value) and key not in ("datetime", "time", "relativedelta")
        }
        domain = self._evaluate(action.domain, user, context, [])
        Model = self.env[action.res_model].with_user(user).with_context(**context)
        views = [
            (view_id, view_type)
            for view_id, view_type in action.views
            if view_type in VIEW_TYPES
        ]
        search_view = action.search_view_id.id or False
        result = Model.get_views(
            [*views, (search_view, "search")],
            {"action_id": action.id, "load_filters": True, "toolbar": True},
        )["views"]
        archs = {
            view_type: etree.fromstring(result[view_type]["arch"])
            for view_type in [*(view_type for _id, view_type in views), "search"]
            if view_type in result
        }
        domain = domain + self._search_domain(archs["search"], context, user)
        self._search_panel(Model, archs["search"], domain)
        records = self._read_lists(Model, archs, domain, context)
        bindings = {}
        form = archs.get("form")
        if form is not None:
            spec = dict(self._spec(Model, form, form=True), display_name={})
            self._pickers(Model, form)
            if action.res_id:
                Model.browse(action.res_id).web_read(spec)
            elif views[0][1] != "form":
                # A form opened from the list: the first record it shows.
                records = records or Model.search(domain, limit=1)
                if records:
                    Model.browse(records[:1].ids).web_read(spec)
            if form.get("create") not in ("0", "false") and Model.browse().has_access(
                "create"
            ):
                # New, or a wizard: the defaults of a new record.
                Model.onchange({}, [], spec)
        if records:
            for view_type in ("list", "form"):
                for binding in (
                    result.get(view_type, {}).get("toolbar", {}).get("action", [])
                ):
                    kind = self.env["ir.actions.actions"].browse(binding["id"]).type
                    found = self.env[kind].browse(binding["id"])
                    shown = (binding.get("binding_view_types") or "").split(",")
                    if (
                        kind == "ir.actions.act_window"
                        and view_type in shown
                        and found.get_external_id()[found.id].split(".")[0] in SUITE
                    ):
                        bindings[binding["id"]] = binding["name"]
        return records, bindings

    def _read_lists(self, Model, archs, domain, context):
        """What the list, kanban, pivot and graph views read; the records of
        the first list or kanban page."""
        group_by = context.get("group_by")
        if isinstance(group_by, str):
            group_by = [group_by]
        records = Model.browse()
        for view_type in ("list", "kanban"):
            arch = archs.get(view_type)
            if arch is None:
                continue
            spec = self._spec(Model, arch)
            default_group_by = arch.get("default_group_by")
            groups = group_by or ([default_group_by] if default_group_by else [])
            if groups:
                Model.web_read_group(domain, [], groups[:1], limit=LIST_LIMIT)
            found = Model.web_search_read(domain, spec, limit=LIST_LIMIT)
            records |= Model.browse([values["id"] for values in found["records"]])
        for view_type in ("pivot", "graph"):
            arch = archs.get(view_type)
            if arch is None:
                continue
            rows = [
                node.get("name")
                for node in arch.iter("field")
                if node.get("type") != "measure"
                and node.get("invisible") not in ("1", "True")
            ]
            measures = [
                node.get("name")
                for node in arch.iter("field")
                if node.get("type") == "measure"
            ]
            Model.read_group(domain, measures or ["__count"], rows[:1], lazy=False)
        return records

    def _menus(self, user):
        """The menus ``user`` reaches from the apps, as the web client loads
        them: ``{complete name: action}``."""
        loaded = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        menus = {}
        for menu_id, values in loaded.items():
            if menu_id == "root" or not values["action"]:
                continue
            model, action_id = values["action"].split(",")
            if model == "ir.actions.act_window":
                menu = self.env["ir.ui.menu"].browse(menu_id)
                menus[menu.complete_name] = self.env[model].browse(int(action_id))
        return menus

    def _try(self, user, name, action, active, problems, skipped):
        """Open ``action``; note an access error in ``problems``."""
        try:
            return self._open_action(user, action, active)
        except _NeedsActiveRecord as error:
            skipped.append(f"{name}: needs {error}")
        except AccessError as error:
            problems.append(
                f"{name} ({action.res_model}, action "
                f"{action.xml_id or action.id}): {str(error).splitlines()[0]}"
            )
        except UserError as error:
            # A wizard that refuses this record: not a matter of access.
            skipped.append(f"{name}: {str(error).splitlines()[0]}")
        finally:
            self.env.invalidate_all()
        return self.env[action.res_model], {}

    def _walk_menus(self, user):
        """``(walked actions, problems, skipped)`` for every window action of
        the menus ``user`` sees, and of the Action menus of their records."""
        walked, problems, skipped = set(), [], []
        Action = self.env["ir.actions.act_window"]
        for name, action in sorted(self._menus(user).items()):
            if action.id in walked:
                continue
            walked.add(action.id)
            needed = CORE_DEFECTS.get(action.xml_id)
            if needed and not user.has_group(needed):
                skipped.append(f"{name}: a defect of Odoo without {needed}")
                continue
            records, bindings = self._try(user, name, action, None, problems, skipped)
            for binding_id, binding_name in bindings.items():
                key = (binding_id, records._name)
                if key in walked:
                    continue
                walked.add(key)
                self._try(
                    user,
                    f"{name} > Action > {binding_name}",
                    Action.browse(binding_id),
                    records[:1],
                    problems,
                    skipped,
                )
        return walked, problems, skipped

    def test_every_role_opens_every_menu(self):
        total = 0
        for role, user in self.users.items():
            with self.subTest(role=role), warnings.catch_warnings():
                # Odoo renders the descriptions of Apps with a docutils call
                # that docutils deprecates: not the suite's to fix.
                warnings.filterwarnings(
                    "ignore",
                    category=PendingDeprecationWarning,
                    module="odoo.addons.base.models.ir_module",
                )
                walked, problems, skipped = self._walk_menus(user)
                total += len(walked)
                for note in skipped:
                    _logger.info("%s: skipped %s", role, note)
                self.assertTrue(walked, f"{role} sees no menu")
                self.assertFalse(
                    problems,
                    f"{role} cannot open these menus:\n" + "\n".join(problems),
                )
        _logger.info(
            "Menu walk: %s window actions over %s roles", total, len(self.users)
        )

    def test_staff_and_managers_see_the_property_menus(self):
        root = self.env.ref("property_base.property_root_menu")
        for role, user in self.users.items():
            loaded = self.env["ir.ui.menu"].with_user(user).load_menus(False)
            if role in PROPERTY_ROLES:
                self.assertIn(root.id, loaded, role)
            else:
                self.assertNotIn(root.id, loaded, role)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _portal_rules(self):
        """Routes of the suite a portal user opens with GET."""
        rules = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = rule.endpoint
            function = getattr(endpoint, "original_endpoint", endpoint)
            routing = getattr(endpoint, "routing", {})
            if not getattr(function, "__module__", "").startswith(
                "odoo.addons.property_"
            ):
                continue
            if routing.get("auth") != "user" or routing.get("type") != "http":
                continue
            if rule.methods and "GET" not in rule.methods:
                continue
            rules.append(rule)
        return rules

    @staticmethod
    def _pattern(path):
        return re.sub(r"/\d+", "/<id>", path)

    def _open_page(self, url, problems):
        response = self.url_open(url, allow_redirects=True)
        body = (
            response.text if "html" in response.headers.get("Content-Type", "") else ""
        )
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        elif "Traceback" in body or "o_error_detail" in body:
            problems.append(f"{url}: an error page")
        return response, body

    def _crawl(self, user):
        """Open every page under /my that ``user`` reaches by following links,
        one page per route pattern; return ``(opened patterns, problems)``."""
        self.authenticate(user.login, user.login)
        queue, seen, problems = ["/my"], set(), []
        while queue:
            url = queue.pop(0)
            pattern = self._pattern(urlsplit(url).path)
            if pattern in seen:
                continue
            seen.add(pattern)
            response, body = self._open_page(url, problems)
            if not body:
                continue
            for link in html.fromstring(body).iterlinks():
                element, attribute, target, _pos = link
                if element.tag != "a" or attribute != "href":
                    continue
                parts = urlsplit(target)
                if parts.netloc and parts.netloc != urlsplit(response.url).netloc:
                    continue
                path = parts.path
                if not path.startswith(PORTAL_PREFIXES) or PORTAL_SKIP.search(target):
                    continue
                if self._pattern(path) not in seen:
                    queue.append(f"{path}?{parts.query}" if parts.query else path)
        return seen, problems

    def _walk_portal(self, user):
        """``(opened patterns, problems, routes without a record)`` for the
        pages of the portal ``user`` reaches, then for every suite route of
        the portal with the ids of their own records."""
        seen, problems = self._crawl(user)
        not_reached = []
        for rule in self._portal_rules():
            if rule.arguments & NOT_RECORDS:
                continue  # further pages of a list: shown only when it is long
            pattern = re.sub(r"<[^>]+>", "<id>", rule.rule)
            if pattern in seen:
                continue
            url = rule.rule
            for argument in sorted(rule.arguments):
                model = ROUTE_ARGUMENTS.get(argument)
                record = self._own_record(user, model) if model else None
                if not record:
                    not_reached.append(rule.rule)
                    break
                url = re.sub(rf"<(\w+:)?{argument}>", str(record.id), url)
            else:
                seen.add(pattern)
                self._open_page(url, problems)
        return seen, problems, not_reached

    def _own_record(self, user, model):
        """A record of ``model`` that ``user`` may read, or that is addressed
        to them (a survey, which residents answer but may not read)."""
        if model == "survey.survey" and user == self.resident:
            return self.survey
        try:
            return self.env[model].with_user(user).search([], limit=1)
        except AccessError:
            return None

    def test_resident_and_proxy_payer_open_every_portal_page(self):
        expected = {
            "resident": {"/my/units/<id>", "/my/bills", "/my/ticket/<id>"},
            "proxy": {"/my/bills", "/my/invoices/<id>"},
        }
        for role, user in (("resident", self.resident), ("proxy", self.proxy)):
            with self.subTest(role=role):
                seen, problems, not_reached = self._walk_portal(user)
                for route in not_reached:
                    _logger.info("%s: no record of their own for %s", role, route)
                self.assertFalse(
                    problems,
                    f"The {role} cannot open these pages:\n" + "\n".join(problems),
                )
                self.assertFalse(expected[role] - seen, f"{role} walked {seen}")
