import {post} from "@web/core/network/http_service";
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Records that the resident has seen a page (an announcement, a
 * disclosure...): the page itself (a GET) changes nothing; once it is shown,
 * this posts to its `data-property-read-url` with the page's CSRF token, so
 * that no link or image elsewhere can do it. `data-property-read="1"` then
 * tells it is done.
 */
publicWidget.registry.PropertyMarkRead = publicWidget.Widget.extend({
  selector: "[data-property-read-url]",

  async start() {
    await this._super(...arguments);
    await post(this.el.dataset.propertyReadUrl, {csrf_token: odoo.csrf_token});
    this.el.dataset.propertyRead = "1";
  },
});
