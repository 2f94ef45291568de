/* Progressive enhancements only: every page works without this file. */
(function () {
  "use strict";
  // Contact addresses are printed as "name [at] example.org" with the parts
  // reversed in data attributes, so that bots do not find them in the HTML.
  document.querySelectorAll(".js-email").forEach(function (node) {
    var reverse = function (text) { return text.split("").reverse().join(""); };
    var address = reverse(node.dataset.user || "") + "@" + reverse(node.dataset.domain || "");
    var link = document.createElement("a");
    link.href = "mailto:" + address;
    link.textContent = address;
    node.replaceWith(link);
  });

  // The error summary (GOV.UK's pattern): a link to a field focuses the field, with its
  // label (or the legend of its group) in view above it; a bare #fragment only scrolls.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    if (document.activeElement !== summary) { summary.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var group = field.closest("fieldset");
      var label = (field.type === "checkbox" || field.type === "radio") && group
        ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({preventScroll: true});
    });
  }
})();
