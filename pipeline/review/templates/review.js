// Review page: a click on an item of the side panel scrolls the text to its
// highlight and flashes it; a click on a highlight shows its panel entry.
(function () {
  "use strict";
  function flash(el) {
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }
  document.querySelectorAll("#panel a.item[data-target]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.dataset.target);
      if (!target) { return; }
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      flash(target);
      history.replaceState(null, "", "#" + link.dataset.target);
    });
  });
  var text = document.getElementById("text");
  if (text) {
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark");
      if (!mark) { return; }
      var key = mark.id || mark.dataset.cont;
      var entry = document.querySelector('#panel a.item[data-target="' + key + '"]');
      if (entry) { entry.scrollIntoView({ block: "nearest" }); flash(entry); }
    });
  }
  var header = document.querySelector("header.top");
  if (header) {
    document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
  }
})();
