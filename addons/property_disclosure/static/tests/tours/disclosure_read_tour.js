import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("property_disclosure_read", {
  url: "/my/disclosures",
  steps: () => [
    {
      content: "Open the disclosure from the list",
      trigger: "a:contains('Report read in the browser')",
      run: "click",
    },
    {
      content: "Opening the page recorded the reading",
      trigger: ".o_property_disclosure_read[data-property-read='1']:not(:visible)",
    },
  ],
});
