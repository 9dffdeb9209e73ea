// Autocomplete for the municipality search of "New assessment": asks
// GET /api/v1/directory/municipalities?q= while typing and lists the matches as links.
// Without JavaScript the search button submits the form and the server lists them.
(function () {
  "use strict";
  var form = document.querySelector("form.municipality-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var results = document.getElementById("search-results");
  var api = form.getAttribute("data-api");
  var pick = form.getAttribute("data-pick");
  var timer = null;
  var last = "";

  function show(items) {
    var list = document.createElement("ul");
    list.className = "kern-list search-results";
    items.forEach(function (m) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "kern-link";
      link.href = pick + "?ags=" + encodeURIComponent(m.ags);
      link.textContent = m.name;
      item.appendChild(link);
      item.appendChild(document.createTextNode(
        " (" + m.type_label + ", " + (m.kreis_name || m.land_name) + ", " +
        m.population.toLocaleString(document.documentElement.lang) + ")"));
      list.appendChild(item);
    });
    results.replaceChildren(list);
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2 || query === last) { return; }
    last = query;
    fetch(api + "?limit=10&q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (items) {
      if (input.value.trim() === query) { show(items); }
    }).catch(function () { /* the search button still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
}());
