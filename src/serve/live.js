// nota serve: live reload. Served only by the preview server at
// /__nota/live.js and loaded only by pages built in serve mode; it is never
// part of a real build.
(function () {
  "use strict";
  var script = document.currentScript;
  var eventsUrl = (script && script.getAttribute("data-events")) || "/__nota/events";
  var scrollKey = "nota-live-scroll:" + location.pathname;
  var overlay = null;
  var focusBefore = null;

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (!saved) {
      return;
    }
    var position = saved.split(",");
    var x = Number(position[0]) || 0;
    var y = Number(position[1]) || 0;
    var apply = function () { window.scrollTo(x, y); };
    if (document.readyState === "complete") {
      apply();
    } else {
      window.addEventListener("load", apply);
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    } catch (e) {
      // Without sessionStorage the page still reloads, at the top.
    }
    location.reload();
  }

  function hideOverlay() {
    if (!overlay) {
      return;
    }
    overlay.remove();
    overlay = null;
    if (focusBefore && typeof focusBefore.focus === "function") {
      focusBefore.focus();
    }
    focusBefore = null;
  }

  function showOverlay(text) {
    if (overlay) {
      overlay.querySelector("pre").textContent = text;
      return;
    }
    focusBefore = document.activeElement;
    overlay = document.createElement("div");
    overlay.id = "nota-live-error";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "nota-live-error-title");
    overlay.style.cssText = "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;" +
      "background:#fff;color:#000;border:4px solid #b00020;padding:1rem;" +
      "font:1rem/1.5 system-ui,sans-serif;box-shadow:0 0 0 100vmax rgba(0,0,0,.5)";
    var title = document.createElement("h2");
    title.id = "nota-live-error-title";
    title.textContent = "De site kon niet opnieuw worden gebouwd";
    var hint = document.createElement("p");
    hint.textContent = "U ziet de laatste versie die wel lukte. Herstel de fout; " +
      "de pagina laadt dan vanzelf opnieuw. Sluiten kan met Escape.";
    var details = document.createElement("pre");
    details.style.cssText = "white-space:pre-wrap;font:0.9rem/1.4 ui-monospace,monospace;" +
      "background:#f4f4f4;padding:.5rem";
    details.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Sluiten";
    close.addEventListener("click", hideOverlay);
    overlay.appendChild(title);
    overlay.appendChild(hint);
    overlay.appendChild(details);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    close.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && overlay) {
      event.preventDefault();
      hideOverlay();
    }
  });

  restoreScroll();
  if (typeof EventSource !== "function") {
    return;
  }
  var source = new EventSource(eventsUrl);
  source.addEventListener("reload", reload);
  // A build error arrives as an event named "error" with the findings as
  // data; EventSource also fires a plain "error" (without data) when the
  // connection drops, which it retries on its own.
  source.addEventListener("error", function (event) {
    if (typeof event.data === "string") {
      showOverlay(event.data);
    }
  });
}());
