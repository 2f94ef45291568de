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
})();
