// babelwire: the little the pages need from JavaScript; every page works without it.
(function () {
  "use strict";
  // Checkboxes marked data-remember keep their state between pages (the debris toggle).
  function remember(box) {
    var key = "babelwire:" + box.id;
    try { box.checked = window.localStorage.getItem(key) === "1"; } catch (e) { /* storage disabled */ }
    box.addEventListener("change", function () {
      try { window.localStorage.setItem(key, box.checked ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }
  // Picking another derived article compares at once (the Compare button stays for keyboards).
  function autoSubmit(select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-remember]"), remember);
    Array.prototype.forEach.call(document.querySelectorAll("form.pick-pair select"), autoSubmit);
  });
})();
