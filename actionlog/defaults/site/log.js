// The action log's filters: by lead, series, status and overdue. The page works without
// this script (the whole table shows); with it, a form above the table hides the rows that
// do not match and says how many are shown.
(function () {
  "use strict";
  var table = document.getElementById("log");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("log-count");
  var form = document.createElement("form");
  form.id = "log-filters";
  form.setAttribute("aria-label", "Filter the actions");

  function values(key) {
    var seen = {};
    rows.forEach(function (row) { seen[row.getAttribute("data-" + key)] = true; });
    return Object.keys(seen).filter(function (v) { return v !== ""; }).sort(function (a, b) {
      return a.localeCompare(b, "en-GB");
    });
  }

  function select(key, label, all) {
    var options = values(key);
    var wrap = document.createElement("div");
    var id = "filter-" + key;
    var lab = document.createElement("label");
    lab.htmlFor = id;
    lab.textContent = label;
    var sel = document.createElement("select");
    sel.id = id;
    sel.name = key;
    sel.add(new Option(all, ""));
    options.forEach(function (v) { sel.add(new Option(v, v)); });
    wrap.appendChild(lab);
    wrap.appendChild(sel);
    form.appendChild(wrap);
    return sel;
  }

  var controls = [select("lead", "Lead", "All leads"), select("series", "Series", "All series"),
                  select("status", "Status", "All statuses")].filter(Boolean);
  var check = document.createElement("div");
  check.className = "check";
  var box = document.createElement("input");
  box.type = "checkbox";
  box.id = "filter-overdue";
  box.name = "overdue";
  var boxLabel = document.createElement("label");
  boxLabel.htmlFor = box.id;
  boxLabel.textContent = "Overdue only";
  check.appendChild(box);
  check.appendChild(boxLabel);
  form.appendChild(check);

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var match = controls.every(function (sel) {
        return sel.value === "" || row.getAttribute("data-" + sel.name) === sel.value;
      }) && (!box.checked || row.getAttribute("data-overdue") === "yes");
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    if (count) {
      count.textContent = shown + " of " + rows.length + " actions shown.";
    }
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var anchor = count || table.parentNode;
  anchor.parentNode.insertBefore(form, anchor);
  apply();
}());
