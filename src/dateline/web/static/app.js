// Article page: clicking an event (side panel or its highlighted evidence) marks its evidence span
// in the text and shows its card. No innerHTML anywhere: article text is never turned into markup.
(function () {
  "use strict";

  function select(id) {
    document.querySelectorAll(".event.active").forEach((el) => el.classList.remove("active"));
    document.querySelectorAll(".event-link.active").forEach((el) => el.classList.remove("active"));
    document.querySelectorAll(".evidence-card").forEach((el) => { el.hidden = true; });
    const spans = document.querySelectorAll("#text ." + CSS.escape(id));
    spans.forEach((el) => el.classList.add("active"));
    const button = document.querySelector('.event-link[data-event="' + CSS.escape(id) + '"]');
    if (button) button.classList.add("active");
    const card = document.getElementById("card-" + id);
    const panel = document.getElementById("evidence-panel");
    if (card && panel) { panel.hidden = false; card.hidden = false; }
    if (spans.length) spans[0].scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", (ev) => {
    const btn = ev.target.closest(".event-link");
    if (btn) { select(btn.dataset.event); history.replaceState(null, "", "#" + btn.dataset.event); return; }
    const span = ev.target.closest("#text [data-events]");
    if (span) select(span.dataset.events.split(" ")[0]);
  });

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (/^ev-[\w.-]+$/.test(id)) select(id);
  }
  window.addEventListener("hashchange", fromHash);
  if (document.getElementById("text")) fromHash();
})();
