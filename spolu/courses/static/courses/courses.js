// The attendance screen: "All present" marks everyone present without submitting, and the
// summary counts marks as the teacher taps. Without this file the button saves everyone present.
(function () {
  "use strict";
  var form = document.querySelector(".attendance-form");
  if (!form) { return; }
  var summary = form.querySelector("[data-attendance-summary]");
  var labels = {};
  form.querySelectorAll(".attendance-choices label").forEach(function (label) {
    var input = document.getElementById(label.getAttribute("for"));
    if (input) { labels[input.value] = label.textContent.trim(); }
  });

  function update() {
    if (!summary) { return; }
    var counts = {};
    var rows = form.querySelectorAll(".attendance-row");
    var unmarked = 0;
    rows.forEach(function (row) {
      var checked = row.querySelector("input[type=radio]:checked");
      if (checked) { counts[checked.value] = (counts[checked.value] || 0) + 1; } else { unmarked += 1; }
    });
    var parts = Object.keys(labels).map(function (value) {
      return labels[value] + ": " + (counts[value] || 0);
    });
    if (unmarked) { parts.push("? " + unmarked); }
    summary.textContent = parts.join(" · ");
  }

  var allPresent = form.querySelector("[data-all-present]");
  if (allPresent) {
    allPresent.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelectorAll("input[type=radio][value=present]").forEach(function (input) {
        input.checked = true;
      });
      update();
    });
  }
  form.addEventListener("change", update);
})();
