// Proposal pages: co-proposer shares (equal by default, must total 100), one submission per tap, duplicate targets.
(() => {
  const members = () => Array.from(document.querySelectorAll("#zc-members .zc-member"));
  const shareInputs = () => members().map((row) => row.querySelector("input[name=share]"));

  function showTotal() {
    const total = shareInputs().reduce((sum, input) => sum + (parseFloat(input.value) || 0), 0);
    const label = document.getElementById("zc-share-total");
    if (!label) return;
    label.textContent = (Math.round(total * 100) / 100).toString();
    label.classList.toggle("text-danger", Math.abs(total - 100) > 0.001);
  }

  function splitEqually() {
    // Hundredths, the lead (first row) takes the remainder: 3 people → 33.34 / 33.33 / 33.33.
    const inputs = shareInputs();
    if (!inputs.length) return;
    const base = Math.floor(10000 / inputs.length) / 100;
    const lead = Math.round((100 - base * (inputs.length - 1)) * 100) / 100;
    inputs.forEach((input, i) => { input.value = (i === 0 ? lead : base).toFixed(2); });
    showTotal();
    // Let the draft autosave see the change.
    inputs[0].dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-zc-remove-member]");
    if (remove) {
      remove.closest(".zc-member").remove();
      splitEqually();
    }
  });
  document.addEventListener("input", (event) => {
    if (event.target.name === "share") showTotal();
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id === "zc-members") {
      splitEqually();
      const search = document.getElementById("zc-colleague-q");
      search.value = "";
      document.getElementById("zc-colleagues").innerHTML = "";
    }
  });
  document.addEventListener("submit", (event) => {
    // A second tap while the first submission is on its way does nothing (the server also dedupes).
    const button = event.target.querySelector("[data-zc-once]");
    if (!button) return;
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = "1";
    button.classList.add("disabled");
  });
  document.addEventListener("DOMContentLoaded", showTotal);
})();
document.addEventListener("keydown", (event) => {
  // The phone keyboard's Go key in a one-line field must not send the proposal half written.
  if (event.key === "Enter" && event.target.matches("#zc-proposal-form input:not([type=submit])")) event.preventDefault();
});
document.addEventListener("click", (event) => {
  // The similar-proposals panel offers its hits as the target of "mark as duplicate".
  const button = event.target.closest("[data-zc-merge-target]");
  const input = document.querySelector("[data-zc-merge-input]");
  if (button && input) {
    input.value = button.dataset.zcMergeTarget;
    input.focus();
  }
});

// The draft autosaves a second after typing stops (htmx: hx-trigger="zc-autosave delay:1s"). The choice of
// which events count is made here, not in an hx-trigger filter, which htmx would have to eval (the
// Content-Security-Policy allows no eval).
document.addEventListener("input", (event) => {
  const form = event.target.closest("#zc-proposal-form");
  if (form && event.target.name !== "q" && event.target.type !== "file") form.dispatchEvent(new CustomEvent("zc-autosave"));
});
document.addEventListener("change", (event) => {
  const form = event.target.closest("#zc-proposal-form");
  if (form && (event.target.type === "checkbox" || event.target.tagName === "SELECT")) form.dispatchEvent(new CustomEvent("zc-autosave"));
});
// A chosen file is sent at once; the input is then emptied so the same file can be chosen again.
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.elt && event.detail.elt.id === "zc-files") event.detail.elt.value = "";
});
