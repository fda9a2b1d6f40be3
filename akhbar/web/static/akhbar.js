// akhbar: optional enhancements.  The pages are complete without this file (search is a plain
// form, charts are server-drawn SVG with <title> tooltips); here the chart bars get a styled
// tooltip on hover and keyboard focus, and "/" focuses the search box.  No inline script, no
// eval, no network request.
"use strict";

(function () {
  function setupChart(figure) {
    var tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.hidden = true;
    tip.setAttribute("role", "status");
    figure.appendChild(tip);
    var bars = figure.querySelectorAll(".bar[data-tip]");

    function show(bar) {
      var box = figure.getBoundingClientRect();
      var fill = bar.querySelector(".fill") || bar;
      var r = fill.getBoundingClientRect();
      tip.textContent = bar.getAttribute("data-tip");
      tip.hidden = false;
      // Centred over the bar, kept inside the chart.
      var half = tip.offsetWidth / 2;
      var x = r.left + r.width / 2 - box.left;
      tip.style.left = Math.max(half, Math.min(box.width - half, x)) + "px";
      tip.style.top = (Math.min(r.top, box.bottom - 30) - box.top) + "px";
      for (var i = 0; i < bars.length; i++) bars[i].classList.remove("active");
      bar.classList.add("active");
    }

    function hide(bar) {
      tip.hidden = true;
      bar.classList.remove("active");
    }

    Array.prototype.forEach.call(bars, function (bar) {
      // The native <title> would show on top of the styled tip: keep its text for screen
      // readers through aria-label on the link, drop the element.
      var title = bar.querySelector("title");
      if (title) title.remove();
      bar.addEventListener("pointerenter", function () { show(bar); });
      bar.addEventListener("pointerleave", function () { hide(bar); });
      bar.addEventListener("focusin", function () { show(bar); });
      bar.addEventListener("focusout", function () { hide(bar); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), setupChart);
    var box = document.getElementById("q");
    document.addEventListener("keydown", function (e) {
      var target = e.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
        target.tagName === "SELECT" || target.isContentEditable);
      if (e.key === "/" && box && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        box.focus();
        box.select();
      }
    });
    document.documentElement.classList.add("js");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
