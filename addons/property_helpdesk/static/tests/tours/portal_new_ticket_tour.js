import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("property_helpdesk_portal_new_ticket", {
  url: "/my/tickets",
  steps: () => [
    {
      content: "Start a new ticket",
      trigger: "button[name='create_new_ticket']",
      run: "click",
    },
    {
      content: "It is a complaint",
      trigger: "select[name='property_kind']",
      run: "select complaint",
    },
    {
      content: "About a public area of the community",
      trigger: "select[name='property_location']",
      run: "selectByIndex 2",
    },
    {
      content: "Choose the category",
      trigger: "select[name='category']",
      run: "selectByIndex 1",
    },
    {
      content: "Say what it is about",
      trigger: "input[name='subject']",
      run: "edit Dogs off the leash in the garden",
    },
    {
      content: "Describe it",
      trigger: "textarea[name='description']",
      run: "edit Every evening near the playground.",
    },
    {
      content: "Send it",
      trigger: "button[type='submit']",
      run: "click",
    },
    {
      content: "The ticket page shows a public area complaint",
      trigger: "#card_body:contains('Public area of')",
    },
  ],
});
