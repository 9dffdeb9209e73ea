/* KlimaOrg advice wizard: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // Move focus to the error summary, so screen readers and keyboard users start there.
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // Suggestions for the municipality name from the imported directory (datalist); picking a
  // suggestion fills the key, kind and population where they are still empty.
  function autocomplete() {
    var input = document.getElementById("f-municipality-name");
    var list = document.getElementById("municipality-suggestions");
    if (!input || !list || !window.fetch) {
      return;
    }
    var results = [];
    var timer = null;
    var fields = {
      ags: document.getElementById("f-municipality-ags"),
      kind: document.getElementById("f-municipality-kind"),
      population: document.getElementById("f-municipality-population")
    };

    // A Gemeinde whose administration an association runs is advised as that association:
    // its own kind and population are not filled in (the server takes the association's).
    function fill(hit) {
      if (fields.ags) {
        fields.ags.value = hit.key;
      }
      if (hit.administration) {
        if (fields.kind) { fields.kind.value = ""; }
        if (fields.population) { fields.population.value = ""; }
        return;
      }
      if (fields.kind && !fields.kind.value && fields.kind.querySelector('option[value="' + hit.kind + '"]')) {
        fields.kind.value = hit.kind;
      }
      if (fields.population && !fields.population.value && hit.population) {
        fields.population.value = String(hit.population);
      }
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) {
        return;
      }
      fetch("/api/v1/municipalities?limit=8&q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          results = data.results || [];
          while (list.firstChild) {
            list.removeChild(list.firstChild);
          }
          results.forEach(function (hit) {
            var option = document.createElement("option");
            option.value = hit.label;
            option.label = hit.type + ", " + hit.key +
              (hit.administration ? " – " + hit.administration.name : "");
            list.appendChild(option);
          });
        })
        .catch(function () {
          results = [];
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("change", function () {
      var hits = results.filter(function (hit) {
        return hit.label === input.value;
      });
      if (hits.length === 1) {
        fill(hits[0]);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    autocomplete();
  });
})();
