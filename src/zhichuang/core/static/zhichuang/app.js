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
