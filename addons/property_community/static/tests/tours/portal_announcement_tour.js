import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("property_community_portal_announcement", {
  url: "/my",
  steps: () => [
    {
      content: "Open the announcements from the portal home",
      trigger: "a[href='/my/announcements']",
      run: "click",
    },
    {
      content: "Open the water outage notice",
      trigger: "#property_announcements a:contains('Water outage')",
      run: "click",
    },
    {
      content: "The outage window is shown",
      trigger: "#property_outage",
    },
    {
      content: "Confirm having read it",
      trigger: "#property_acknowledge",
      run: "click",
    },
    {
      content: "The confirmation is recorded",
      trigger: "#property_acknowledged",
    },
  ],
});

registry.category("web_tour.tours").add("property_community_portal_announcement_read", {
  url: "/my/announcements",
  steps: () => [
    {
      content: "Open the notice",
      trigger: "#property_announcements a:contains('Lawn mowing')",
      run: "click",
    },
    {
      content: "The page has posted the read receipt",
      trigger: "#property_announcement[data-property-read='1']",
    },
  ],
});
