// The words bootstrap-daterangepicker 1.3 (bundled with Flask-Admin 2.2.1) keeps in English
// whatever moment's locale: it takes them only from each call's options, and Flask-Admin's
// form.js passes none. So every call gets Indonesian labels by default. The day and month names
// come from moment's `id` locale (vendor/moment-2.29.4/locale/id.js, loaded just before).
(function ($) {
  "use strict";
  if (!$ || !window.moment) { return; }
  window.moment.locale("id");
  var LABELS = {
    applyLabel: "Terapkan", cancelLabel: "Batal", fromLabel: "Dari", toLabel: "Sampai",
    weekLabel: "Mg", customRangeLabel: "Rentang lain"
  };

  function localise() {
    var original = $.fn.daterangepicker;
    if (!original || original.kinerjaLocalised) { return; }
    var localised = function (options, callback) {
      options = $.extend({}, options);
      options.locale = $.extend({}, LABELS, options.locale);
      return original.call(this, options, callback);
    };
    localised.kinerjaLocalised = true;
    $.fn.daterangepicker = localised;
  }

  // The picker's script comes later in the page (the form templates' tail): wrap it once the
  // page is parsed, before Flask-Admin's own ready handler turns the fields into pickers.
  localise();
  $(localise);
})(window.jQuery);
