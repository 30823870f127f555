/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import {ConnectionLostError, rpc} from "@web/core/network/rpc";

/**
 * The QR code page of an Alipay transaction: ask for its state every few seconds
 * and move on to the payment status page once it is final.
 */
publicWidget.registry.AlipayQrCode = publicWidget.Widget.extend({
  selector: 'div[name="o_alipay_qr"]',
  pollInterval: 3000,

  async start() {
    this._schedulePoll();
    return this._super(...arguments);
  },

  _schedulePoll() {
    this._timeout = setTimeout(() => this._poll(), this.pollInterval);
  },

  async _poll() {
    try {
      const result = await rpc("/payment/alipay/qr/status", {
        tx_id: parseInt(this.el.dataset.txId),
        access_token: this.el.dataset.accessToken,
      });
      if (result.redirect_url) {
        if (result.state === "done") {
          this.el.querySelector(".o_alipay_qr_waiting").classList.add("d-none");
          this.el.querySelector(".o_alipay_qr_paid").classList.remove("d-none");
        }
        window.location = result.redirect_url;
        return;
      }
    } catch (error) {
      if (!(error instanceof ConnectionLostError)) {
        throw error;
      }
    }
    this._schedulePoll();
  },

  destroy() {
    clearTimeout(this._timeout);
    this._super(...arguments);
  },
});

export default publicWidget.registry.AlipayQrCode;
