import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Records that the resident opened the disclosure: the page itself (a GET)
 * changes nothing, this posts its hidden form with the CSRF token.
 */
publicWidget.registry.PropertyDisclosureRead = publicWidget.Widget.extend({
  selector: "form.o_property_disclosure_read",

  start() {
    fetch(this.el.action, {method: "POST", body: new FormData(this.el)}).then(
      (response) => {
        if (response.ok) {
          this.el.dataset.recorded = "1";
        }
      }
    );
    return this._super(...arguments);
  },
});
