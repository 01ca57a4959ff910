"""A tiny hand-written site that follows the log's contract (see test_browser.py), for the
harness's own tests: it must pass every check, and each of its breakages must fail one.

Not actionlog's site: a stand-in small enough to read in one go.
"""

from __future__ import annotations

from pathlib import Path

CSS = """\
body { font-family: sans-serif; color: #1b1b1b; background: #fff; margin: 0 1rem; }
a { color: #1d4f91; }
a:focus, select:focus, input:focus { outline: 3px solid #1b1b1b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { position: static; left: auto; }
[hidden] { display: none !important; }
td, th { padding: .5rem; text-align: left; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus { outline: 3px solid #1b1b1b; }
"""

LOG_JS = """\
(function () {
  var table = document.getElementById('log');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var names = ['lead', 'series', 'status'];
  var form = document.createElement('form');
  form.id = 'log-filters';
  names.forEach(function (name) {
    var label = document.createElement('label');
    label.textContent = name.charAt(0).toUpperCase() + name.slice(1) + ' ';
    var select = document.createElement('select');
    select.name = name;
    select.add(new Option('All', ''));
    var seen = {};
    rows.forEach(function (r) { seen[r.dataset[name]] = true; });
    Object.keys(seen).sort().forEach(function (v) { select.add(new Option(v, v)); });
    label.appendChild(select);
    form.appendChild(label);
  });
  var boxLabel = document.createElement('label');
  var box = document.createElement('input');
  box.type = 'checkbox';
  box.name = 'overdue';
  boxLabel.appendChild(box);
  boxLabel.appendChild(document.createTextNode(' Overdue only'));
  form.appendChild(boxLabel);
  var count = document.getElementById('log-count');
  function apply() {
    var n = 0;
    rows.forEach(function (r) {
      var ok = names.every(function (name) {
        var v = form.elements[name].value;
        return v === '' || r.dataset[name] === v;
      }) && (!box.checked || r.dataset.overdue === 'yes');
      r.hidden = !ok;
      if (ok) n++;
    });
    count.textContent = n + ' of ' + rows.length + ' actions shown';
  }
  form.addEventListener('change', apply);
  table.parentNode.insertBefore(form, table);
})();
"""

ROWS = [  # lead, series, status, overdue, reference
    ("DCC", "Assurance", "open", "yes", "2016-06-28/1"),
    ("DCC", "Assurance", "open", "no", "2016-06-28/2"),
    ("Head of Finance", "Assurance", "closed", "no", "2016-07-26/1"),
    ("Head of Finance", "Audit", "open", "yes", "2016-07-26/2"),
    ("ACC", "Audit", "open", "no", "2016-08-30/1"),
]


def page(title: str, body: str, depth: int = 0, script: str = "") -> str:
    up = "../" * depth
    scripts = f'<script src="{up}{script}" defer></script>' if script else ""
    return f"""<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="{up}site.css">
<link rel="alternate" type="application/atom+xml" href="{up}feed.xml" title="Meetings">
{scripts}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site">
<a href="{up}index.html">Home</a> <a href="{up}log.html">Log</a></nav></header>
<main id="main"><h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def write(root: Path) -> Path:
    """Write the fixture site into `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.css").write_text(CSS)
    (root / "log.js").write_text(LOG_JS)
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Meetings</title>'
        '<id>urn:x</id><updated>2017-09-01T00:00:00Z</updated>'
        '<entry><title>28 June 2016</title><id>urn:x:1</id>'
        '<updated>2016-06-28T00:00:00Z</updated></entry></feed>\n')
    (root / "index.html").write_text(page("Fixture", '<p><a href="log.html">The log</a> and '
                                     '<a href="series/Assurance.html">Assurance</a>.</p>'))
    body = ['<p id="log-count" aria-live="polite"></p>',
            '<div class="table-wrap" tabindex="0" role="region" aria-label="Actions">'
            '<table id="log"><caption>Actions</caption><thead><tr><th scope="col">Action</th>'
            '<th scope="col">Lead</th><th scope="col">Series</th><th scope="col">Status</th>'
            "</tr></thead><tbody>"]
    for lead, series, status, overdue, ref in ROWS:
        body.append(f'<tr data-lead="{lead}" data-series="{series}" data-status="{status}" '
                    f'data-overdue="{overdue}"><td><a href="actions/{ref}.html">{ref}</a></td>'
                    f"<td>{lead}</td><td>{series}</td><td>{status}</td></tr>")
    body.append("</tbody></table></div>")
    (root / "log.html").write_text(page("Action log", "\n".join(body), script="log.js"))
    for lead, series, status, overdue, ref in ROWS:
        meeting = ref.split("/")[0]
        path = root / "actions" / f"{ref}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(f"Action {ref}", f'<p>Raised at <a href="../../meetings/'
                             f'{meeting}.html">{meeting}</a>; lead {lead}.</p>', depth=2))
        (root / "meetings").mkdir(exist_ok=True)
        (root / "meetings" / f"{meeting}.html").write_text(
            page(f"Meeting {meeting}", "<p>Notes.</p>", depth=1))
    (root / "series").mkdir(exist_ok=True)
    (root / "series" / "Assurance.html").write_text(
        page("Assurance", "<p>A series.</p>", depth=1))
    return root
