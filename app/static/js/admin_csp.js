// The back office's click handlers, bound here rather than written inline in the templates:
// the Content-Security-Policy runs no inline handler (app/core/csp.py).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    // Flask-Admin's "javascript:void(0)" links only carry a handler: never follow them.
    var voidLink = target.closest('a[href^="javascript:"]');
    if (voidLink) { event.preventDefault(); }
    var action = target.closest("[data-model-action]");
    if (action && window.modelActions) {
      event.preventDefault();
      window.modelActions.execute(action.getAttribute("data-model-action"));
      return;
    }
    var confirmed = target.closest("[data-confirm]");
    if (confirmed && !window.confirm(confirmed.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (target.closest('[data-action="print"]')) {
      window.print();
      return;
    }
    var inline = target.closest("[data-add-inline]");
    if (inline && window.faForm) {
      event.preventDefault();
      window.faForm.addInlineField(inline, inline.getAttribute("data-field"));
    }
  }, true);
})();
