from odoo.tests import TransactionCase

from odoo.addons.sms_cn.tools import SmsCnApi, SmsCnGatewayError


class FakeGatewayApi(SmsCnApi):
    """An in-memory Chinese gateway: what it sent, and scripted answers."""

    gateway = "fake_cn"
    RETRY_CODES = frozenset({"Busy"})
    FAILURE_TYPES = {"BadTemplate": "sms_registration_needed"}

    calls = []
    # Scripted answers, one per call: None (accepted), an error code for every
    # message, or an exception to raise.
    answers = []
    reports = []
    configuration_problem = None

    def _check_configuration(self):
        return self.configuration_problem

    def _send_sms_batch(self, messages):
        type(self).calls.append(messages)
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, Exception):
            raise answer
        if answer:
            return [
                {"uuid": m["uuid"], "state": "error", "code": answer, "message": "no"}
                for m in messages
            ]
        return [
            {"uuid": m["uuid"], "state": "success", "msgid": f"MSG-{m['uuid'][:8]}"}
            for m in messages
        ]

    def _fetch_delivery_reports(self, sms_records):
        return list(self.reports)


class SmsCnCase(TransactionCase):
    """A company on the fake Chinese gateway, with one approved template and a
    resident; the main company stays on Odoo IAP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The messages checked are the English ones, whatever languages are loaded.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        Company = type(cls.env["res.company"])
        # The fake gateway joins the selection, as a gateway module's does.
        selection = [("iap", "Odoo IAP"), ("fake_cn", "Fake Gateway")]
        for model in ("res.company", "res.config.settings"):
            field = cls.env[model]._fields["sms_cn_gateway"]
            cls.classPatch(field, "selection", selection)
            cls.classPatch(field, "_selection", dict(selection))
        cls.classPatch(
            Company,
            "_sms_cn_gateway_selection",
            lambda self: [("fake_cn", "Fake Gateway")],
        )
        original = Company._sms_cn_get_api_of

        def _sms_cn_get_api_of(self, gateway):
            if gateway == "fake_cn":
                return FakeGatewayApi(self)
            return original(self, gateway)

        cls.classPatch(Company, "_sms_cn_get_api_of", _sms_cn_get_api_of)
        cls.company = cls.env["res.company"].create(
            {
                "name": "Green Estate Services",
                "sms_cn_gateway": "fake_cn",
                "sms_cn_sign_name": "绿城物业",
            }
        )
        cls.template = cls.env["sms.cn.template"].create(
            {
                "name": "Reminder before the due date",
                "company_id": cls.company.id,
                "gateway": "fake_cn",
                "message_type": "property.reminder.pre_due",
                "template_code": "T-1",
                "param_names": "name, amount,due_date",
            }
        )
        cls.resident = cls.env["res.partner"].create(
            {
                "name": "王芳",
                "company_id": cls.company.id,
                "mobile": "+8613800138000",
            }
        )
        cls.params = {"due_date": "2026-12-31", "name": "王芳", "amount": 356.8}

    def setUp(self):
        super().setUp()
        FakeGatewayApi.calls = []
        FakeGatewayApi.answers = []
        FakeGatewayApi.reports = []
        FakeGatewayApi.configuration_problem = None

    def _send_reminder(self, message_type="property.reminder.pre_due", params=None):
        self.resident._message_sms(
            "尊敬的王芳，您的物业费356.8元将于2026-12-31到期。",
            partner_ids=self.resident.ids,
            sms_cn_message_type=message_type,
            sms_cn_params=self.params if params is None else params,
        )
        return self.env["sms.sms"].search(
            [("partner_id", "=", self.resident.id)], order="id desc", limit=1
        )

    def _api(self):
        return FakeGatewayApi(self.company)


__all__ = ["FakeGatewayApi", "SmsCnCase", "SmsCnGatewayError"]
