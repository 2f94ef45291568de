/* The plan page's drag and drop: press on a seat, release on another, and the two
   seats are swapped (the page's own "Swap" form, posted with the plan's version).
   An enhancement only: without it every seat is a link and the forms do it all. */
(function () {
  "use strict";
  var form = document.getElementById("seating-drag-form");
  if (!form) { return; }
  var from = null;
  var seatOf = function (node) {
    var link = node && node.closest ? node.closest("a.seating-seat-link") : null;
    return link ? link.getAttribute("data-seat") : null;
  };
  document.querySelectorAll("a.seating-seat-link").forEach(function (link) {
    link.addEventListener("pointerdown", function (event) {
      if (event.button === 0) { from = seatOf(link); }
    });
  });
  document.addEventListener("pointerup", function (event) {
    var to = seatOf(document.elementFromPoint(event.clientX, event.clientY));
    if (from && to && to !== from) {
      form.elements.seat.value = from;
      form.elements.other_seat.value = to;
      form.submit();
    }
    from = null;
  });
  // Dragging a link would start the browser's own drag of its address.
  document.querySelectorAll("a.seating-seat-link").forEach(function (link) {
    link.addEventListener("dragstart", function (event) { event.preventDefault(); });
  });
})();
