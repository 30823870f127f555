import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

APPID = "wx0123456789abcdef"
APPSECRET = "s3cr3t-app-secret-0123456789abcd"


class FakeWechat:
    """A local WeChat API: token, template send and snsapi_base OAuth, with
    WeChat's documented success and error bodies."""

    def __init__(self):
        self.reset()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/cgi-bin/token":
                    self._answer(fake.token(query))
                elif url.path == "/sns/oauth2/access_token":
                    self._answer(fake.oauth(query))
                else:
                    self._answer({"errcode": 40066, "errmsg": "invalid url"})

            def do_POST(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if url.path == "/cgi-bin/message/template/send":
                    self._answer(fake.send(query, body))
                else:
                    self._answer({"errcode": 40066, "errmsg": "invalid url"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self):
        self.token_count = 0
        self.tokens = set()
        self.sent = []
        self.codes = {}
        self.unsubscribed = set()
        self.invalid = set()
        self.busy = False

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def token(self, query):
        if query.get("appid") != APPID or query.get("secret") != APPSECRET:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        self.token_count += 1
        token = f"ACCESS_TOKEN_{self.token_count}"
        self.tokens.add(token)
        return {"access_token": token, "expires_in": 7200}

    def expire_tokens(self):
        self.tokens.clear()

    def oauth(self, query):
        if query.get("appid") != APPID or query.get("secret") != APPSECRET:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        openid = self.codes.pop(query.get("code"), None)
        if not openid or query.get("grant_type") != "authorization_code":
            return {"errcode": 40029, "errmsg": "invalid code"}
        return {
            "access_token": "OAUTH_TOKEN",
            "expires_in": 7200,
            "refresh_token": "REFRESH",
            "openid": openid,
            "scope": "snsapi_base",
        }

    def send(self, query, body):
        if query.get("access_token") not in self.tokens:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        if body.get("touser") in self.unsubscribed:
            return {"errcode": 43004, "errmsg": "require subscribe"}
        if body.get("touser") in self.invalid:
            return {"errcode": 40003, "errmsg": "invalid openid"}
        if self.busy:
            return {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
        self.sent.append(body)
        return {"errcode": 0, "errmsg": "ok", "msgid": 200228332 + len(self.sent)}


class WechatCaseMixin:
    @classmethod
    def _setup_wechat(cls, company):
        cls.fake = FakeWechat()
        cls.addClassCleanup(cls.fake.stop)
        company.write(
            {
                "wechat_appid": APPID,
                "wechat_appsecret": APPSECRET,
                "wechat_api_url": cls.fake.url,
            }
        )
