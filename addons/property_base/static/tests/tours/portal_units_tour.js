import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("property_base_portal_units", {
  url: "/my",
  steps: () => [
    {
      content: "Open My Homes from the portal home",
      trigger: "a[href='/my/units']",
      run: "click",
    },
    {
      content: "Open the resident's unit",
      trigger: "a:contains('A-1-0101')",
      run: "click",
    },
    {
      content: "The unit shows its occupants",
      trigger: "#property_unit_occupants li:contains('resident_a')",
    },
  ],
});
