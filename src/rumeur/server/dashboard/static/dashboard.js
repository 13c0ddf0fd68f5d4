// Rumeur dashboard: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // the alert rule form: show the fields of the chosen type only
  var type = document.getElementById("r-type");
  if (type) {
    var sync = function () {
      document.querySelectorAll(".rule-form [data-for]").forEach(function (el) {
        var on = el.getAttribute("data-for") === type.value;
        el.hidden = !on;
        el.querySelectorAll("input, select").forEach(function (i) { i.disabled = !on; });
      });
    };
    type.addEventListener("change", sync);
    sync();
  }
  // deleting a rule asks first
  document.querySelectorAll("button.danger").forEach(function (b) {
    b.addEventListener("click", function (e) {
      var msg = document.documentElement.lang === "en" ? "Delete this rule?" : "Supprimer cette règle ?";
      if (!window.confirm(msg)) { e.preventDefault(); }
    });
  });
})();
