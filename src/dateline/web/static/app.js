// Clicking an event in the side panel marks its evidence span in the text.
document.addEventListener("click", (ev) => {
  const btn = ev.target.closest(".event-link");
  if (!btn) return;
  document.querySelectorAll(".event.active").forEach((el) => el.classList.remove("active"));
  const spans = document.querySelectorAll("." + CSS.escape(btn.dataset.event));
  spans.forEach((el) => el.classList.add("active"));
  if (spans.length) spans[0].scrollIntoView({ block: "center" });
});
