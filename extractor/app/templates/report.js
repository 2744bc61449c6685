// Click a header to sort the table by that column; cells carry a data-sort key (numbers sort numerically).
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th.sortable").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      table.querySelectorAll("th.sortable").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col], raw = cell.getAttribute("data-sort");
        var v = raw === null ? cell.textContent : raw;
        var n = parseFloat(v);
        return v !== "" && !isNaN(n) && isFinite(v) ? n : v;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        // Empty keys (no commitment) go last in both directions.
        if (x === "" || y === "") { return x === "" ? (y === "" ? 0 : 1) : -1; }
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
