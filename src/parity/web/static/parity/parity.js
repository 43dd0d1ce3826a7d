// Parity's only script: GOV.UK Frontend's progressive enhancements (menu toggle, error
// summary focus, password reveal ...). Every page works without it. It is an external
// module because the Content Security Policy allows no inline script; modules run after
// the page is parsed, so the classes GOV.UK Frontend expects are set here.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A long list of checkboxes inside [data-parity-filter] gets a search box that hides the
// items whose words do not match; the ticked ones always stay. Without the script, every
// item shows.
for (const wrapper of document.querySelectorAll("[data-parity-filter]")) {
  const items = [...wrapper.querySelectorAll(".govuk-checkboxes__item")];
  const list = wrapper.querySelector(".govuk-checkboxes");
  if (items.length < 8 || !list) continue;
  const id = `${list.id || "list"}-search`;
  const group = document.createElement("div");
  group.className = "govuk-form-group";
  group.innerHTML = `<label class="govuk-label" for="${id}"></label>
    <input class="govuk-input govuk-!-width-two-thirds" id="${id}" type="search" autocomplete="off">
    <p class="govuk-body-s" role="status"></p>`;
  group.querySelector("label").textContent = wrapper.dataset.parityFilter;
  const input = group.querySelector("input");
  const status = group.querySelector("[role=status]");
  list.before(group);
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.textContent.toLowerCase();
      const ticked = item.querySelector("input").checked;
      const keep = ticked || words.every((w) => text.includes(w));
      item.style.display = keep ? "" : "none";
      shown += keep;
    }
    status.textContent = words.length ? `${shown} of ${items.length} shown` : "";
  });
}

// A table wider than its box says so above it ("scroll sideways"), and stops saying so when
// the window grows wide enough to show all of it.
const scrollers = [...document.querySelectorAll(".parity-table-scroll")];
function markScrolling() {
  for (const box of scrollers) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    let hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("parity-table-scroll__hint")) {
      if (!wide) continue;
      hint = document.createElement("p");
      hint.className = "parity-table-scroll__hint";
      hint.textContent = "The table is wider than the screen: scroll it sideways to see all of it.";
      box.before(hint);
    }
    hint.hidden = !wide;
  }
}
markScrolling();
window.addEventListener("resize", markScrolling);
