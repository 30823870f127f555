import {post} from "@web/core/network/http_service";
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Records the read receipt once the announcement is shown: a POST with the
 * CSRF token of the page, so that no link or image elsewhere can do it.
 */
publicWidget.registry.PropertyAnnouncementRead = publicWidget.Widget.extend({
  selector: "#property_announcement[data-read-url]",

  async start() {
    await this._super(...arguments);
    await post(this.el.dataset.readUrl, {csrf_token: odoo.csrf_token});
    this.el.dataset.read = "1";
  },
});
