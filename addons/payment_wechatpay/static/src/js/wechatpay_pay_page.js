/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import {rpc} from "@web/core/network/rpc";

/**
 * The payer's page of WeChat Pay: polls the transaction's state and goes on to
 * /payment/status once it is final; in WeChat's browser (JSAPI), opens the
 * WeChat Pay sheet with the parameters the server signed.
 */
publicWidget.registry.WeChatPayPayPage = publicWidget.Widget.extend({
  selector: ".o_wechatpay_pay_page",
  events: {
    "click .o_wechatpay_jsapi_button": "_onClickPay",
  },

  start() {
    this.pollCount = 0;
    if (this.el.dataset.jsapiParams) {
      this._invokeJsapi();
    }
    this._schedulePoll();
    return this._super(...arguments);
  },

  destroy() {
    clearTimeout(this.pollTimeout);
    this._super(...arguments);
  },

  _schedulePoll() {
    // Every 3 seconds for 5 minutes, then every 15 seconds.
    const delay = this.pollCount < 100 ? 3000 : 15000;
    this.pollTimeout = setTimeout(() => this._poll(), delay);
  },

  async _poll() {
    this.pollCount++;
    try {
      const result = await rpc("/payment/wechatpay/poll", {
        reference: this.el.dataset.reference,
        access_token: this.el.dataset.accessToken,
      });
      if (result.final) {
        window.location = "/payment/status";
        return;
      }
    } catch {
      // Network hiccup: try again at the next tick.
    }
    this._schedulePoll();
  },

  _invokeJsapi() {
    const params = JSON.parse(this.el.dataset.jsapiParams);
    const invoke = () => {
      window.WeixinJSBridge.invoke("getBrandWCPayRequest", params, (res) => {
        if (res.err_msg === "get_brand_wcpay_request:ok") {
          window.location = this.el.dataset.returnUrl;
        } else {
          this.el
            .querySelector(".o_wechatpay_jsapi_cancelled")
            ?.classList.remove("d-none");
        }
      });
    };
    if (window.WeixinJSBridge) {
      invoke();
    } else {
      document.addEventListener("WeixinJSBridgeReady", invoke, {once: true});
    }
  },

  _onClickPay(ev) {
    ev.preventDefault();
    this._invokeJsapi();
  },
});

export default publicWidget.registry.WeChatPayPayPage;
