// Index page: draw each chart from its Plotly figure (data and layout as JSON
// beside it) once the page has laid out, so each plot takes its box's width.
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("div.plot").forEach(function (box) {
      var figure = JSON.parse(document.getElementById(box.id + "-figure").textContent);
      Plotly.newPlot(box, figure.data, figure.layout, { displaylogo: false, responsive: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
