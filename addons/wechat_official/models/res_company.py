import logging
from datetime import timedelta

import requests

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.weixin.qq.com"
# Refresh the token this long before WeChat says it expires.
TOKEN_MARGIN = timedelta(minutes=5)
# errcode of an access token WeChat no longer accepts.
TOKEN_ERRCODES = {40001, 40014, 42001}
TIMEOUT = 10


class ResCompany(models.Model):
    _inherit = "res.company"

    wechat_appid = fields.Char(
        string="WeChat AppID", help="The official account's AppID (开发者ID)."
    )
    wechat_appsecret = fields.Char(
        string="WeChat AppSecret",
        groups="base.group_system",
        copy=False,
        help="The official account's AppSecret (开发者密码).",
    )
    wechat_api_url = fields.Char(
        string="WeChat API URL",
        default=DEFAULT_API_URL,
        help="Base URL of the WeChat API; only changed for tests.",
    )
    wechat_access_token = fields.Char(
        groups="base.group_system", copy=False, readonly=True
    )
    wechat_token_expiry = fields.Datetime(
        groups="base.group_system", copy=False, readonly=True
    )

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------
    def _wechat_api_url(self, path):
        self.ensure_one()
        return (self.wechat_api_url or DEFAULT_API_URL).rstrip("/") + path

    def _wechat_credentials(self):
        """The AppID and AppSecret, or a UserError when they are not set."""
        self.ensure_one()
        # sudo: the secret is read by the server only, to call WeChat; it is
        # never returned to the caller's browser nor logged.
        company = self.sudo()
        if not (company.wechat_appid and company.wechat_appsecret):
            raise UserError(
                self.env._(
                    "The WeChat official account of %(company)s is not configured "
                    "(AppID and AppSecret).",
                    company=self.name,
                )
            )
        return company.wechat_appid, company.wechat_appsecret

    def _wechat_request(self, method, path, params=None, json=None):
        """Call WeChat and return its JSON answer; errors raise UserError.
        ``params`` may hold secrets: they are never logged."""
        self.ensure_one()
        try:
            response = requests.request(
                method,
                self._wechat_api_url(path),
                params=params,
                json=json,
                timeout=TIMEOUT,
            )
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            _logger.info("WeChat API %s unreachable: %s", path, type(error).__name__)
            raise UserError(
                self.env._("WeChat could not be reached (%(path)s).", path=path)
            ) from None

    @staticmethod
    def _wechat_error(result):
        return result.get("errcode") or 0

    def _wechat_get_access_token(self, force=False):
        """The account's access token, cached in the database for all workers;
        fetched once when missing or about to expire (the company's row is
        locked so that two workers do not both fetch it)."""
        self.ensure_one()
        now = fields.Datetime.now()
        # sudo: the token is a secret used by the server only.
        company = self.sudo()
        if (
            not force
            and company.wechat_access_token
            and company.wechat_token_expiry
            and company.wechat_token_expiry - TOKEN_MARGIN > now
        ):
            return company.wechat_access_token
        company.flush_recordset(["wechat_access_token", "wechat_token_expiry"])
        self.env.cr.execute(
            SQL(
                "SELECT wechat_access_token, wechat_token_expiry FROM res_company "
                "WHERE id = %s FOR UPDATE",
                self.id,
            )
        )
        token, expiry = self.env.cr.fetchone()
        stale = company.wechat_access_token if force else None
        if token and expiry and expiry - TOKEN_MARGIN > now and token != stale:
            # Another worker refreshed it while we waited for the lock.
            company.invalidate_recordset(["wechat_access_token", "wechat_token_expiry"])
            return token
        appid, secret = self._wechat_credentials()
        result = self._wechat_request(
            "GET",
            "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": appid,
                "secret": secret,
            },
        )
        if self._wechat_error(result) or not result.get("access_token"):
            _logger.info(
                "WeChat token refused for company %s: %s %s",
                self.id,
                result.get("errcode"),
                result.get("errmsg"),
            )
            raise UserError(
                self.env._(
                    "WeChat refused the access token: %(errcode)s %(errmsg)s",
                    errcode=result.get("errcode"),
                    errmsg=result.get("errmsg"),
                )
            )
        company.write(
            {
                "wechat_access_token": result["access_token"],
                "wechat_token_expiry": now
                + timedelta(seconds=int(result.get("expires_in") or 7200)),
            }
        )
        _logger.info("WeChat access token refreshed for company %s", self.id)
        return result["access_token"]

    def _wechat_call_with_token(self, path, payload):
        """POST ``payload`` to ``path`` with the access token; refresh the
        token once and retry once when WeChat says it is invalid or expired."""
        self.ensure_one()
        token = self._wechat_get_access_token()
        result = self._wechat_request(
            "POST", path, params={"access_token": token}, json=payload
        )
        if self._wechat_error(result) in TOKEN_ERRCODES:
            token = self._wechat_get_access_token(force=True)
            result = self._wechat_request(
                "POST", path, params={"access_token": token}, json=payload
            )
        return result

    def _wechat_oauth_openid(self, code):
        """Exchange a snsapi_base authorization code for the user's openid."""
        self.ensure_one()
        appid, secret = self._wechat_credentials()
        result = self._wechat_request(
            "GET",
            "/sns/oauth2/access_token",
            params={
                "appid": appid,
                "secret": secret,
                "code": code,
                "grant_type": "authorization_code",
            },
        )
        if self._wechat_error(result) or not result.get("openid"):
            _logger.info(
                "WeChat authorization code refused: %s %s",
                result.get("errcode"),
                result.get("errmsg"),
            )
            raise UserError(
                self.env._(
                    "WeChat refused the authorization: %(errcode)s %(errmsg)s",
                    errcode=result.get("errcode"),
                    errmsg=result.get("errmsg"),
                )
            )
        return result["openid"]
