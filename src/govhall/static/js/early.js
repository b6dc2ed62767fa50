// Runs before the page is drawn (in <head>, not deferred): marks that scripts run, so the phone menu starts folded
// instead of unfolding and then folding. Without scripts the menu simply stays open. See docs/phone.md.
document.documentElement.classList.add("js");
