import hashlib
import json
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.property_base.tools import (
    check_action_fields,
    has_server_flag,
    with_server_flag,
)

from ..tools import DISCLOSURE_ACTION, TECHNICAL_FIELDS, public_html

PERIOD_TYPES = [
    ("quarter", "Quarter"),
    ("half", "Half-year"),
    ("year", "Year"),
]

DISCLOSURE_STATES = [
    ("draft", "Draft"),
    ("published", "Published"),
    ("superseded", "Superseded"),
]

PERIOD_MONTHS = {"quarter": 3, "half": 6, "year": 12}

# Written by Publish and Correct only, under the DISCLOSURE_ACTION server flag.
# Once published, nothing else changes either: a correction is a new version.
ACTION_FIELDS = {
    "state",
    "version",
    "previous_id",
    "body",
    "published_at",
    "published_by_id",
    "content_digest",
}

# The fields the content digest covers, in the canonical serialization.
DIGEST_FIELDS = (
    "community_id",
    "name",
    "period_type",
    "year",
    "period_number",
    "date_from",
    "date_to",
    "version",
    "previous_id",
    "correction_reason",
    "intro",
    "body",
    "publish_from",
    "publish_to",
    "published_at",
    "published_by_id",
)


class PropertyDisclosure(models.Model):
    _name = "property.disclosure"
    _description = "Disclosure Report"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date_from desc, community_id, version desc, id desc"
    _check_company_auto = True

    # Not translated: every reader sees the one text that was published.
    name = fields.Char(string="Title", required=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        PERIOD_TYPES, string="Period", required=True, default="quarter"
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    period_number = fields.Integer(
        string="Quarter or Half",
        default=1,
        help="1 to 4 for a quarter, 1 or 2 for a half-year; ignored for a year.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        DISCLOSURE_STATES, required=True, default="draft", tracking=True, copy=False
    )
    previous_id = fields.Many2one(
        "property.disclosure",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The earlier version this one corrects.",
    )
    superseded_by_id = fields.Many2one(
        "property.disclosure",
        compute="_compute_superseded_by_id",
    )
    correction_reason = fields.Text(
        copy=False, help="What this version corrects in the previous one, and why."
    )
    intro = fields.Html(
        string="Introduction",
        sanitize=True,
        sanitize_style=False,
        strip_style=True,
        help="Shown above the figures, e.g. a word to owners.",
    )
    publish_from = fields.Date(
        string="Shown From",
        default=fields.Date.context_today,
        tracking=True,
        copy=False,
    )
    publish_to = fields.Date(
        string="Shown Until",
        tracking=True,
        help="Last day the disclosure is shown on the portal and the public page; "
        "empty to keep it shown.",
    )
    published_at = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    body = fields.Html(
        string="Published Content",
        readonly=True,
        copy=False,
        sanitize=True,
        sanitize_style=False,
        strip_style=True,
        help="The figures as published, frozen at publication.",
    )
    content_digest = fields.Char(
        string="Content Fingerprint (SHA-256)",
        readonly=True,
        copy=False,
        help="Computed at publication over the published content and publish "
        "window, and shown with them: the same fingerprint means the same "
        "content.",
    )
    is_visible = fields.Boolean(
        string="Shown Now",
        compute="_compute_is_visible",
        search="_search_is_visible",
        help="Published (or superseded) and inside its publish window today.",
    )
    read_ids = fields.One2many("property.disclosure.read", "disclosure_id")
    read_count = fields.Integer(string="Readers", compute="_compute_read_counts")
    ack_count = fields.Integer(
        string="Acknowledgements", compute="_compute_read_counts"
    )

    _sql_constraints = [
        (
            "version_uniq",
            "unique(community_id, period_type, year, period_number, version)",
            "This version of the disclosure already exists for the period.",
        ),
    ]

    @api.depends("period_type", "year", "period_number")
    def _compute_dates(self):
        for disclosure in self:
            months = PERIOD_MONTHS[disclosure.period_type]
            number = 1 if disclosure.period_type == "year" else disclosure.period_number
            if not 2000 <= disclosure.year <= 2100 or not (1 <= number <= 12 // months):
                disclosure.date_from = disclosure.date_to = False
                continue
            start = date(disclosure.year, 1, 1) + relativedelta(
                months=months * (number - 1)
            )
            disclosure.date_from = start
            disclosure.date_to = start + relativedelta(months=months, days=-1)

    def _compute_superseded_by_id(self):
        corrections = self.search(
            [("previous_id", "in", self.ids), ("state", "!=", "draft")]
        )
        by_previous = {c.previous_id: c for c in corrections}
        for disclosure in self:
            disclosure.superseded_by_id = by_previous.get(disclosure, self.browse())

    @api.depends("state", "publish_from", "publish_to")
    def _compute_is_visible(self):
        today = fields.Date.context_today(self)
        for disclosure in self:
            disclosure.is_visible = (
                disclosure.state in ("published", "superseded")
                and disclosure.publish_from
                and disclosure.publish_from <= today
                and (not disclosure.publish_to or disclosure.publish_to >= today)
            )

    def _search_is_visible(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        # Evaluated at each search, so record rules using it follow the date.
        today = fields.Date.context_today(self)
        domain = [
            ("state", "in", ("published", "superseded")),
            ("publish_from", "<=", today),
            "|",
            ("publish_to", "=", False),
            ("publish_to", ">=", today),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_read_counts(self):
        self.check_access("read")
        groups = (
            self.env["property.disclosure.read"]
            # Read access to the disclosures checked above: counts only.
            .sudo()
            ._read_group(
                [("disclosure_id", "in", self.ids)],
                ["disclosure_id"],
                ["__count", "acknowledged_at:count"],
            )
        )
        counts = {disclosure: (count, ack) for disclosure, count, ack in groups}
        for disclosure in self:
            disclosure.read_count, disclosure.ack_count = counts.get(disclosure, (0, 0))

    def _compute_access_url(self):
        for disclosure in self:
            disclosure.access_url = f"/my/disclosures/{disclosure.id}"

    @api.constrains("period_type", "year", "period_number")
    def _check_period(self):
        for disclosure in self:
            if not disclosure.date_from:
                raise ValidationError(
                    self.env._(
                        "%(name)s: choose a year between 2000 and 2100 and a "
                        "quarter from 1 to 4 or a half-year 1 or 2.",
                        name=disclosure.name,
                    )
                )

    @api.constrains("publish_from", "publish_to")
    def _check_window(self):
        for disclosure in self:
            if (
                disclosure.publish_from
                and disclosure.publish_to
                and disclosure.publish_to < disclosure.publish_from
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: it cannot be shown until %(to)s if it is only "
                        "shown from %(from)s. Correct the publish window.",
                        name=disclosure.name,
                        to=disclosure.publish_to,
                        **{"from": disclosure.publish_from},
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_action_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        # Rights first: the checks below are no one else's business.
        self.check_access("write")
        if not has_server_flag(self, DISCLOSURE_ACTION):
            self._check_action_fields(vals)
            if set(vals) - TECHNICAL_FIELDS and self.filtered(
                lambda d: d.state != "draft"
            ):
                raise UserError(
                    self.env._(
                        "A published disclosure is frozen. To correct it, use "
                        "Correct: it makes a new version, and this one stays "
                        "visible as superseded."
                    )
                )
        return super().write(vals)

    def _check_action_fields(self, vals):
        check_action_fields(
            self,
            vals,
            ACTION_FIELDS,
            DISCLOSURE_ACTION,
            lambda fields: self.env._(
                "The status, version and published content of a disclosure "
                "are set by Publish and Correct only; they cannot be written "
                "directly: %(fields)s.",
                fields=fields,
            ),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(
                self.env._(
                    "A published disclosure is proof of what owners were shown "
                    "and cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Actions (staff of the community, by the record rules)
    # ------------------------------------------------------------------
    def action_publish(self):
        """Freeze the figures and the publish window, and fingerprint them."""
        self.check_access("write")
        for disclosure in self:
            if disclosure.state != "draft":
                raise UserError(
                    self.env._("%(name)s is already published.", name=disclosure.name)
                )
            if not disclosure.publish_from:
                raise UserError(
                    self.env._(
                        "%(name)s: set the first day it is shown before publishing.",
                        name=disclosure.name,
                    )
                )
            previous = disclosure.previous_id
            if previous:
                if previous.state != "published":
                    raise UserError(
                        self.env._(
                            "%(name)s corrects version %(version)s, which is no "
                            "longer the current one. Correct the current version "
                            "instead.",
                            name=disclosure.name,
                            version=previous.version,
                        )
                    )
                if not (disclosure.correction_reason or "").strip():
                    raise UserError(
                        self.env._(
                            "%(name)s corrects version %(version)s: say what it "
                            "corrects and why in the correction reason.",
                            name=disclosure.name,
                            version=previous.version,
                        )
                    )
            frozen = with_server_flag(disclosure, DISCLOSURE_ACTION)
            frozen.write(
                {
                    "intro": public_html(disclosure.intro) or False,
                    "body": disclosure._render_body(),
                    "state": "published",
                    "published_at": fields.Datetime.now(),
                    "published_by_id": self.env.user.id,
                }
            )
            # Over the stored (sanitized) values, once they are written.
            frozen.content_digest = disclosure._content_digest()
            if previous:
                with_server_flag(previous, DISCLOSURE_ACTION).state = "superseded"
                previous.message_post(
                    body=self.env._(
                        "Superseded by version %(version)s: %(reason)s",
                        version=disclosure.version,
                        reason=disclosure.correction_reason,
                    )
                )
        return True

    def action_correct(self):
        """Open the draft correcting this version, or ask why to start one."""
        self.ensure_one()
        self._check_correctable()
        draft = self.search(
            [("previous_id", "=", self.id), ("state", "=", "draft")], limit=1
        )
        if draft:
            return draft._get_form_action()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct %(name)s", name=self.name),
            "res_model": "property.disclosure.correct",
            "view_mode": "form",
            "target": "new",
            "context": {"default_disclosure_id": self.id},
        }

    def _check_correctable(self):
        if self.state != "published":
            raise UserError(
                self.env._("Only the current published version can be corrected.")
            )

    def _create_correction(self, reason):
        """A draft of the next version of this published disclosure; it stays
        visible as superseded once the correction is published."""
        self.ensure_one()
        self.check_access("write")
        self._check_correctable()
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Say what the new version corrects and why: the owners see "
                    "the reason with both versions."
                )
            )
        if self.search_count(
            [("previous_id", "=", self.id), ("state", "=", "draft")], limit=1
        ):
            raise UserError(
                self.env._(
                    "A correction of %(name)s is already being prepared: open "
                    "it with Correct.",
                    name=self.name,
                )
            )
        today = fields.Date.context_today(self)
        correction = with_server_flag(self, DISCLOSURE_ACTION).copy(
            {
                "previous_id": self.id,
                "version": self.version + 1,
                "correction_reason": reason,
                "publish_from": today,
                "publish_to": self.publish_to
                if self.publish_to and self.publish_to >= today
                else False,
            }
        )
        # Without the flag: the caller edits the draft under the usual checks.
        return self.browse(correction.id)

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------
    def _canonical_content(self):
        """The canonical serialization of the published content, which the
        content digest (SHA-256, hexadecimal) is taken over.

        A JSON object whose keys are the fields of ``DIGEST_FIELDS``: the
        community (its id), title, period (type, year, number, first and last
        day), version, the version it corrects (id) and why, the introduction,
        the body (the frozen figures: every line of the service standards,
        fee composition, budget and actuals, maintenance fund and common-area
        income tables, as published), the publish window (first and last day
        shown), when and by whom (user id) it was published. Relations are
        ids, dates ``YYYY-MM-DD``, the publication time ``YYYY-MM-DD
        HH:MM:SS`` in UTC, empty values ``null``; keys sorted, no whitespace
        (separators ``,`` and ``:``), non-ASCII characters as they are,
        encoded in UTF-8.
        """
        self.ensure_one()
        content = {}
        for name in DIGEST_FIELDS:
            field = self._fields[name]
            value = self[name]
            if field.type == "many2one":
                value = value.id or None
            elif field.type == "date":
                value = fields.Date.to_string(value) or None
            elif field.type == "datetime":
                value = fields.Datetime.to_string(value) or None
            elif field.type in ("char", "text", "html", "selection"):
                value = str(value) if value else None
            content[name] = value
        return json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    def _content_digest(self):
        self.ensure_one()
        return hashlib.sha256(self._canonical_content()).hexdigest()

    def _public_html(self, field_name):
        """The HTML of ``field_name`` as shown to residents and the public,
        sanitized again when rendered (it may have been stored under laxer
        rules)."""
        self.ensure_one()
        return public_html(self[field_name])

    def _render_body(self):
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "property_disclosure.disclosure_body", self._prepare_body_values()
        )

    def _prepare_body_values(self):
        """What the disclosure shows, as of the end of its period."""
        self.ensure_one()
        community = self.community_id
        period = [
            ("community_id", "=", community.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        composition = self.env["property.fee.composition"].search(
            [("community_id", "=", community.id), ("year", "=", self.year)], limit=1
        )
        budget = self.env["property.budget"].search(
            [("community_id", "=", community.id), ("year", "=", self.year)], limit=1
        )
        budget_actuals = budget._get_actuals(self.date_to) if budget else {}
        fund_balances = community._fund_balances(self.date_to)
        income = self.env["property.common.income"].search(period, order="date, id")
        return {
            "disclosure": self,
            "community": community,
            "currency": self.currency_id,
            "standards": self.env["property.service.standard"].search(
                [("community_id", "=", community.id)]
            ),
            "composition": composition,
            "budget": budget,
            "budget_actuals": budget_actuals,
            "fund_balances": sorted(
                fund_balances.items(), key=lambda item: item[0].sequence or 0
            ),
            "fund_total": sum(fund_balances.values()),
            "fund_moves": self.env["property.fund.move"].search(
                [*period, ("state", "=", "posted")], order="date, id"
            ),
            "income_entries": income,
            "income_total": sum(
                income.filtered(lambda e: e.kind == "income").mapped("amount")
            ),
            "income_used": sum(
                income.filtered(lambda e: e.kind == "use").mapped("amount")
            ),
        }

    def _mark_read(self, partner, acknowledge=False):
        """Record that ``partner`` read (and maybe acknowledged) the disclosures."""
        Read = self.env["property.disclosure.read"]
        existing = Read.search(
            [("disclosure_id", "in", self.ids), ("partner_id", "=", partner.id)]
        ).grouped("disclosure_id")
        now = fields.Datetime.now()
        for disclosure in self:
            read = existing.get(disclosure)
            if not read:
                read = Read.create(
                    {
                        "disclosure_id": disclosure.id,
                        "partner_id": partner.id,
                        "first_read_at": now,
                    }
                )
            if acknowledge and not read.acknowledged_at:
                read.acknowledged_at = now
        return True
