// zhichuang: the little behaviour htmx and Bootstrap do not cover.
document.addEventListener("click", (event) => {
  // Organisation tree: + opens a level (htmx loads it the first time), − closes it again.
  const toggle = event.target.closest("[data-zc-toggle]");
  if (!toggle) return;
  const children = toggle.closest("li").querySelector(".zc-children");
  const open = toggle.getAttribute("aria-expanded") === "true";
  children.hidden = open;
  toggle.setAttribute("aria-expanded", String(!open));
  toggle.querySelector("i").className = open ? "bi bi-plus" : "bi bi-dash";
});

document.addEventListener("submit", (event) => {
  // Forms that undo something ask first.
  const question = event.target.dataset.zcConfirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Form errors come back as 400 (or 409, 422) with the form and its messages: swap them in like a
// success. htmx 2 swaps only 2xx answers by default; 5xx and other errors are still not swapped.
if (window.htmx) {
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "^4(00|09|22)$", swap: true },
    { code: "[45]..", swap: false, error: true },
  ];
}

// Sizes that come from the data (progress bars, chart heights) are set here through the CSSOM, which the
// Content-Security-Policy allows, instead of style="" attributes, which it refuses.
function zcApplySizes(root) {
  root.querySelectorAll("[data-zc-width]").forEach((element) => { element.style.width = `${Number(element.dataset.zcWidth) || 0}%`; });
  root.querySelectorAll("[data-zc-height]").forEach((element) => { element.style.height = `${Number(element.dataset.zcHeight) || 0}px`; });
}
document.addEventListener("DOMContentLoaded", () => zcApplySizes(document));
document.addEventListener("htmx:load", (event) => zcApplySizes(event.detail.elt.parentNode || document));

// "Choose all" in a batch list: ticks or clears every row's box of its form.
document.addEventListener("change", (event) => {
  if (!event.target.matches("[data-zc-select-all]")) return;
  event.target.form.querySelectorAll("input[name=ids]").forEach((box) => { box.checked = event.target.checked; });
});

// A field marked wrong by the server (is-invalid, its message beside it) stops looking wrong once it is
// filled in, and looks wrong again if it is emptied: the server checks again on submit. A group of
// checkboxes counts as filled when one is ticked.
function zcFilled(field) {
  if (field.type === "checkbox" || field.type === "radio") {
    const group = field.form && field.name ? field.form.querySelectorAll(`[name="${CSS.escape(field.name)}"]`) : [field];
    return Array.from(group).some((box) => box.checked);
  }
  return field.value.trim() !== "";
}
function zcRecheck(event) {
  const field = event.target;
  if (!field.matches || !field.matches(".is-invalid, [data-zc-was-invalid]")) return;
  const filled = zcFilled(field);
  field.dataset.zcWasInvalid = "1";
  field.classList.toggle("is-invalid", !filled);
  field.setAttribute("aria-invalid", String(!filled));
  const holder = field.closest(".mb-3, fieldset") || field.parentElement;
  holder.querySelectorAll(".invalid-feedback, [data-error-for]").forEach((message) => message.classList.toggle("d-none", filled));
}
document.addEventListener("input", zcRecheck);
document.addEventListener("change", zcRecheck);
