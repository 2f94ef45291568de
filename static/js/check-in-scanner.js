/* The door's QR scanner: scan a delegate's code in the page, without leaving it.
 *
 * Progressive enhancement: the check-in page works without this file, and the scan
 * button appears only where the browser has BarcodeDetector (Chrome on Android,
 * Safari and Chrome on macOS…) and a camera. No library, nothing sent anywhere: the
 * code is read in the browser and, when it is a check-in card of this event, the
 * card opens as if the address had been typed. The phone's own camera app still
 * works as before (the code holds the card's address).
 */
(function () {
  "use strict";
  var box = document.querySelector(".check-in-scanner");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) {
    return;
  }
  // /staff/<event>/check-in/<reference>/, with or without a language prefix before it.
  var CARD = /\/staff\/([^/]+)\/check-in\/([A-Za-z0-9-]+)\/?$/;
  var REFERENCE = /^([A-Za-z0-9]{4})-?([A-Za-z0-9]{4})$/;
  var status = box.querySelector(".check-in-scan-status");
  var camera = box.querySelector(".check-in-camera");
  var video = box.querySelector(".check-in-video");
  var start = box.querySelector(".js-scan-start");
  var stop = box.querySelector(".js-scan-stop");
  var stream = null;
  var timer = null;
  var detector = null;

  function say(text) {
    status.textContent = text || "";
  }

  // Where a scanned text leads: a card of this event, "other" (another event's card),
  // or null (not a check-in code at all).
  function destination(text) {
    var value = (text || "").trim();
    var reference = REFERENCE.exec(value);
    if (reference) {
      return box.dataset.cardBase + (reference[1] + "-" + reference[2]).toUpperCase() + "/";
    }
    var url;
    try {
      url = new URL(value, window.location.href);
    } catch (error) {
      return null;
    }
    var card = CARD.exec(url.pathname);
    if (!card) {
      return null;
    }
    if (card[1] !== box.dataset.eventSlug) {
      return "other";
    }
    return box.dataset.cardBase + encodeURIComponent(card[2]) + "/";
  }

  function halt() {
    clearTimeout(timer);
    timer = null;
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.srcObject = null;
    camera.hidden = true;
    start.hidden = false;
  }

  function scan() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      for (var i = 0; i < codes.length; i += 1) {
        var target = destination(codes[i].rawValue);
        if (target === "other") {
          say(box.dataset.otherEvent);
        } else if (target) {
          halt();
          say(box.dataset.opening);
          window.location.assign(target);
          return;
        } else {
          say(box.dataset.notACard);
        }
      }
      timer = setTimeout(scan, 200);
    }, function () {
      timer = setTimeout(scan, 500);
    });
  }

  start.addEventListener("click", function () {
    detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (opened) {
        stream = opened;
        video.srcObject = opened;
        camera.hidden = false;
        start.hidden = true;
        say(box.dataset.pointAt);
        return video.play();
      })
      .then(scan)
      .catch(function () {
        halt();
        say(box.dataset.noCamera);
      });
  });
  stop.addEventListener("click", function () {
    halt();
    say("");
  });
  // Leaving the page (or the phone locking it) lets the camera go.
  window.addEventListener("pagehide", halt);

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") !== -1) {
      box.hidden = false;
    }
  }, function () {});
})();
